/**
 * Spreads the demo over time. The engine stamps the real clock, so a freshly seeded session
 * happens within a few milliseconds; each story marks phases (`DemoSession.later`), and here
 * every timestamp of a phase moves back by that phase's shift: the last phase by the story's
 * `ago`, each earlier one by `ago` plus the gaps that follow it. Order within a session is
 * kept, and every copy of a time moves together (row columns, metadata.timestamps, trigger
 * times), so the columns still equal the metadata they were copied from.
 *
 * Phase marks are read from this process's clock, and the store stamps sessions and triggers
 * with the database's `now()`: both are the same clock for PGlite and for a server on this
 * machine (a server with a skewed clock could put those two columns in a neighbouring phase).
 */
import type { Database } from '@/lib/db';
import { shiftSessionTimes, type TimeShift } from '@/lib/db/queries/time-shift';
import type { SeededStory } from './script';

const BEGINNING = '1970-01-01T00:00:00.000Z';

export function breakpoints(stories: readonly SeededStory[]): TimeShift[] {
  return stories.flatMap(({ uid, ago, phases }) => {
    let shift = ago + phases.reduce((total, phase) => total + phase.gapSeconds, 0);
    const points: TimeShift[] = [{ uid, since: BEGINNING, shift }];
    for (const phase of phases) {
      shift -= phase.gapSeconds;
      points.push({ uid, since: phase.at.toISOString(), shift });
    }
    return points;
  });
}

/** Moves each story's phases back in time (see above). */
export async function applyTimeline(db: Database, stories: readonly SeededStory[]): Promise<void> {
  await shiftSessionTimes(db, breakpoints(stories));
}
