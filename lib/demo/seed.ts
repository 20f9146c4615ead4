import 'server-only';
import type { Database } from '@/lib/db';
import { countSessions, countSessionsAndInstances, deleteSessions } from '@/lib/db/queries/sessions';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry } from '@/lib/tasks';
import { addDiaryEntries, DIARY_STUDIES, refreshCounters, registrationAgo } from './scale';
import { DemoSession, type SeededStory } from './script';
import { demoStories, registrationStory } from './stories';
import { applyTimeline } from './timeline';

/**
 * DEMO SEEDING HOOK — called at every boot (from `lib/boot.ts`, via `instrumentation.ts`).
 *
 * When the database has no sessions yet, `seedDemoData` fills it with a support queue to look
 * at: ~50 questionnaire sessions told through the engine (finished, failed in several ways,
 * replayed, skipped, abandoned, not finished yet), spread over the last two weeks, plus three
 * diary-study sessions with thousands of instances each.
 */
export async function seedDemoDataIfEmpty(db: Database): Promise<{ seeded: boolean }> {
  if ((await countSessions(db)) > 0) return { seeded: false };
  return seedDemoData(db);
}

/** Stories told at the same time (a PostgreSQL server runs them in parallel; PGlite in turn). */
const CONCURRENT_STORIES = 4;

async function seedDemoData(db: Database): Promise<{ seeded: boolean }> {
  const started = performance.now();
  // The demo's own handlers, whatever TASKS_MODULE says (lib/boot.ts seeds only with the default module).
  const registry = createTaskRegistry();
  const stories = [
    ...demoStories(),
    ...DIARY_STUDIES.map((study) => registrationStory(study.uid, study.n, registrationAgo(study))),
  ];
  // Each story has its own in-process runtime (the demo's runs must be over when seeding
  // returns, whatever the app's run mode), so several stories can be told at once.
  const told = stories.map((story) => ({ story, session: new DemoSession(story.uid, createEngineRuntime(db, 'inline', { registry })) }));
  try {
    const queue = [...told];
    const teller = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        await next.story.tell(next.session);
        await next.session.settle();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT_STORIES }, teller));
    await applyTimeline(
      db,
      told.map(({ story, session }): SeededStory => ({ uid: story.uid, ago: story.ago, phases: session.phases })),
    );
    for (const study of DIARY_STUDIES) {
      const registration = told.find(({ story }) => story.uid === study.uid);
      if (registration) await addDiaryEntries(db, study);
    }
    await refreshCounters(db, DIARY_STUDIES.map((study) => study.uid));
  } catch (error) {
    // A half-seeded demo would stop the next boot from seeding: remove what was written.
    await Promise.all(told.map(({ session }) => session.settle().catch(() => {})));
    await deleteSessions(
      db,
      stories.map((story) => story.uid),
    ).catch((cleanup: unknown) => console.error('[triggerboard] could not remove the partial demo data:', cleanup));
    throw error;
  }
  const totals = await countSessionsAndInstances(db);
  console.log(
    `[triggerboard] demo data: ${totals.sessions} sessions and ${totals.instances} task instances seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { seeded: true };
}
