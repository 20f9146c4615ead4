/**
 * The demo's support queue, one story per session, told through the engine. Each story says
 * what the applicant's front end sent, what failed and why (the handlers in
 * lib/tasks/questionnaire.ts reject precisely these inputs), and what support did about it.
 */
import { failedStories } from './failed';
import { finishedStories } from './finished';
import type { AddStory, Story } from './kit';
import { replayedStories } from './replayed';
import { skippedStories } from './skipped';
import { unfinishedStories } from './unfinished';

export { registrationStory, type Story } from './kit';

/** Every story, in no particular order (their `ago` orders the sessions list). */
export function demoStories(): Story[] {
  const stories: Story[] = [];
  const add: AddStory = (uid, ago, tell) => void stories.push({ uid, ago, tell });
  for (const group of [finishedStories, failedStories, replayedStories, skippedStories, unfinishedStories]) group(add);
  return stories;
}
