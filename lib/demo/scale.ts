/**
 * Sessions with thousands of instances, so the dashboard shows what large sessions look like:
 * diary studies, where one participant registers once (the questionnaire workflow, run through
 * the engine by a story) and then sends one diary entry (`pageReceived`) a few times a day for
 * weeks. Each entry makes a t_importResponses instance (`andEvery`), which runs at once because
 * the subject is already imported.
 *
 * Running thousands of entries through the engine would take minutes, so the entries are
 * written with set-based SQL (lib/db/queries/diary-entries.ts), shaped exactly as the engine
 * writes them (kwargs, actualKwargs, result, timestamps, failure metadata from a real run,
 * replay clones with their next sequence numbers), and every counter is then derived from the rows.
 */
import type { Database } from '@/lib/db';
import { insertDiaryEntries } from '@/lib/db/queries/diary-entries';
import { refreshSessionCounters } from '@/lib/db/maintenance';
import { InlineRunner, MemoryStore, TriggerManager } from '@/lib/triggers';
import { createTaskRegistry } from '@/lib/tasks';
import { DAY, HOUR, MINUTE } from './script';

export interface DiaryStudy {
  uid: string;
  /** Applicant fixture number. */
  n: number;
  entries: number;
  /** Seconds between two entries. */
  every: number;
  /** Entries whose page number arrived as text: their instance failed (ValidationError). */
  malformed: number[];
  /** Of `malformed`: replayed by support with the number fixed (the clone finished). */
  replayed: number[];
  /** Of `malformed`: duplicates, skipped by support. */
  skipped: number[];
  /** Seconds after the last entry when support replayed and skipped. */
  supportAfter: number;
  /** Seconds between the session's last activity and now. */
  endAgo: number;
}

export const DIARY_STUDIES: DiaryStudy[] = [
  {
    uid: 'diary-study:2026-q3-p004',
    n: 204,
    entries: 3_400,
    every: 25 * MINUTE,
    malformed: [611, 1_222, 1_833, 2_444, 3_055, 3_166, 3_301, 3_377],
    replayed: [611, 1_222, 1_833, 2_444, 3_055],
    skipped: [],
    supportAfter: 5 * HOUR,
    endAgo: 2 * DAY + 3 * HOUR,
  },
  {
    uid: 'diary-study:2026-q4-p017',
    n: 217,
    entries: 2_400,
    every: 30 * MINUTE,
    malformed: [],
    replayed: [],
    skipped: [],
    supportAfter: 0,
    endAgo: 25 * MINUTE,
  },
  {
    uid: 'diary-study:2026-q4-p023',
    n: 223,
    entries: 2_050,
    every: 35 * MINUTE,
    malformed: [388, 1_500, 2_001],
    replayed: [],
    skipped: [388, 1_500, 2_001],
    supportAfter: 3 * HOUR,
    endAgo: 9 * HOUR,
  },
];

/** Seconds between two replays or skips by support. */
const SUPPORT_PACE = 40;

/** How long ago the registration (the story told through the engine) must end. */
export function registrationAgo(study: DiaryStudy): number {
  const supportActions = study.replayed.length + study.skipped.length;
  return study.entries * study.every + study.supportAfter + supportActions * SUPPORT_PACE + study.endAgo + MINUTE;
}

/**
 * The failure metadata the engine records for an entry whose page is text: one real run of the
 * real handler (and its kwargs schema) on a throwaway in-memory session.
 */
async function malformedPageFailure(): Promise<{ type: string; message: string; info: string; context: string }> {
  const runner = new InlineRunner();
  const manager = new TriggerManager(new MemoryStore('diary-entry-probe'), { registry: createTaskRegistry(), runner });
  await manager.updateConfiguration({ t_importResponses: { after: ['t_importSubject', 'pageReceived'], run: 'importResponses' } });
  await manager.fire('t_importSubject', { subjectId: 1 });
  await manager.fire('pageReceived', { page: '{{page}}', answers: {} });
  await runner.drain();
  const m = (await manager.store.instance('t_importResponses#0')).metadata;
  if (m.exceptionType === undefined) throw new Error('importResponses accepted a page given as text; the demo expects it to fail.');
  // A schema failure's trace names no frames (docs/engine-behaviour.md §10): nothing of this process leaks in.
  const info = String(m.exceptionInfo ?? m.exceptionMessage);
  return { type: m.exceptionType, message: String(m.exceptionMessage), info, context: JSON.stringify(m.exceptionContext ?? {}) };
}

/** Adds the diary entries of a study whose registration is already seeded (the counters come after: refreshCounters). */
export async function addDiaryEntries(db: Database, study: DiaryStudy): Promise<void> {
  const { uid, entries, every } = study;
  // When support acted on each malformed entry: one after the other, after the last entry.
  const supportAt: Record<string, number> = {};
  [...study.replayed, ...study.skipped]
    .sort((a, b) => a - b)
    .forEach((page, i) => (supportAt[String(page)] = entries * every + study.supportAfter + i * SUPPORT_PACE));
  await insertDiaryEntries(db, {
    uid,
    entries,
    every,
    malformed: study.malformed,
    replayed: study.replayed,
    skipped: study.skipped,
    supportAt,
    failure: await malformedPageFailure(),
  });
}

/** Derives every counter from the rows just written (shared with the benchmark's loader). */
export async function refreshCounters(db: Database, uids: readonly string[]): Promise<void> {
  await refreshSessionCounters(db, { uids });
}
