/**
 * Sessions with thousands of instances, so the dashboard shows what large sessions look like:
 * diary studies, where one participant registers once (the questionnaire workflow, run through
 * the engine by a story) and then sends one diary entry (`pageReceived`) a few times a day for
 * weeks. Each entry makes a t_importResponses instance (`andEvery`), which runs at once because
 * the subject is already imported.
 *
 * Running thousands of entries through the engine would take minutes, so the entries are
 * written with set-based SQL (lib/db/queries/diary-entries.ts), shaped exactly as the engine
 * writes them (kwargs, actualKwargs, result, timestamps, failure metadata from the real handler,
 * replay clones with their next sequence numbers), and every counter is then derived from the rows.
 */
import type { Database } from '@/lib/db';
import { insertDiaryEntries } from '@/lib/db/queries/diary-entries';
import { refreshSessionCounters } from '@/lib/db/maintenance';
import type { Kwargs, TaskContext, TriggerManager } from '@/lib/triggers';
import { importResponses } from '@/lib/tasks/questionnaire';
import { DAY, HOUR, MINUTE, type DemoSession } from './script';

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

/** The failure metadata the real handler produces for an entry whose page is text. */
function malformedPageFailure(manager: TriggerManager): { type: string; message: string; info: string; context: string } {
  const ctx: TaskContext = {
    instanceName: 't_importResponses#0',
    triggerKwargs: { pageReceived: { page: '{{page}}', answers: {} }, t_importSubject: { subjectId: 1 } },
    input: undefined,
    retries: 0,
    manager,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    skip: () => {
      throw new Error('unexpected skip');
    },
    retry: () => {
      throw new Error('unexpected retry');
    },
  };
  try {
    importResponses(ctx);
  } catch (error) {
    const e = error as Error & { context?: Kwargs };
    // The handler's own frames only: the rest of this stack is the seeding, not a task run.
    const stack = (e.stack ?? e.message).split('\n');
    const info = [stack[0], ...stack.slice(1).filter((line) => line.includes('lib/tasks/'))].join('\n');
    return { type: e.name, message: e.message, info, context: JSON.stringify(e.context ?? {}) };
  }
  throw new Error('importResponses accepted a page given as text; the demo expects it to fail.');
}

/** Adds the diary entries of a study whose registration is already seeded (the counters come after: refreshCounters). */
export async function addDiaryEntries(db: Database, study: DiaryStudy, session: DemoSession): Promise<void> {
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
    failure: malformedPageFailure(session.manager),
  });
}

/** Derives every counter from the rows just written (shared with the benchmark's loader). */
export async function refreshCounters(db: Database, uids: readonly string[]): Promise<void> {
  await refreshSessionCounters(db, { uids });
}
