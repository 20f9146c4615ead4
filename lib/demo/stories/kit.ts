/** The vocabulary the demo's stories (the files beside this one) are told in: what an applicant sends, and what support does. */
import type { Kwargs } from '@/lib/triggers';
import { QUESTIONNAIRE_WORKFLOW } from '@/lib/tasks';
import { applicant, completion, firstPage, pageAnswers } from '../people';
import { DAY, MINUTE, type DemoSession } from '../script';

export interface Story {
  uid: string;
  /** Seconds between the session's last activity and now. */
  ago: number;
  tell(s: DemoSession): Promise<void>;
}

export const questionnaireUid = (n: number) => `questionnaire-2026-11-${String(n).padStart(4, '0')}`;
export const applicantUid = (n: number) => `applicant:${n}`;

export interface Questionnaire {
  /** Applicant number (fixture data). */
  n: number;
  pages: number;
  /** Replaces the whole `firstPageReceived` kwargs. */
  first?: Kwargs;
  /** Replaces the kwargs of some pages (by page number). */
  pageOverrides?: Record<number, Kwargs>;
  /** Pages with one unanswered question (the handler logs a warning). */
  blankPages?: number[];
  /** `questionnaireComplete` overrides; `false`: the applicant has not finished yet. */
  complete?: Kwargs | false;
  /** Opened inside a partner portal: fires `isEmbeddedApplication` first. */
  embedded?: boolean;
}

/** The applicant fills in the questionnaire, a few minutes per page. */
export async function fillIn(s: DemoSession, q: Questionnaire): Promise<void> {
  const a = applicant(q.n);
  if (q.embedded) await s.fire('isEmbeddedApplication', { portal: 'partner-jobs-embed', partnerId: 40 + (q.n % 7) });
  await s.fire('firstPageReceived', q.first ?? firstPage(a));
  for (let page = 1; page <= q.pages; page += 1) {
    if (page > 1) await s.later(MINUTE * (1 + ((q.n + page) % 4)));
    await s.fire('pageReceived', q.pageOverrides?.[page] ?? pageAnswers(q.n, page, { blank: q.blankPages?.includes(page) }));
  }
  if (q.complete !== false) {
    await s.later(MINUTE * 2);
    await s.fire('questionnaireComplete', completion(q.n, q.pages, q.complete ?? {}));
  }
  await s.settle();
}

/** A day later the reminder scheduler fires `reminderDue` (t_sendReminder skips itself when complete). */
export async function reminderDue(s: DemoSession, channel: 'email' | 'sms' = 'email'): Promise<void> {
  await s.later(DAY - 20 * MINUTE);
  await s.fire('reminderDue', { channel, template: 'questionnaire-incomplete-v3' });
  await s.settle();
}

/** The latest failed instance of a task (a story that expects one and finds none is a bug). */
export async function failedOf(s: DemoSession, task: string): Promise<string> {
  const failed = (await s.manager.store.instancesOfTask(task)).filter((i) => i.status === 'failed').at(-1);
  if (!failed) throw new Error(`Demo story ${s.uid}: expected a failed instance of ${task}.`);
  return failed.name;
}

export const crmParams = (failuresBeforeSuccess: number) => ({
  t_syncCrm: { ...QUESTIONNAIRE_WORKFLOW.t_syncCrm, withParams: { crm: { failuresBeforeSuccess, cooldownSeconds: 30 } } },
});

/**
 * A wrapper object where a number was expected: its serializer leaked a `toString` key, so
 * `Number(pages)` in importSubject cannot convert it and throws a TypeError.
 */
export const leakedPages = (pages: number) => ({ completed: pages, total: pages, toString: null });

/** Adds a story to the list being built. */
export type AddStory = (uid: string, ago: number, tell: (s: DemoSession) => Promise<void>) => void;

/**
 * A diary study's registration: the participant fills in the one-page sign-up questionnaire
 * (the usual workflow, flaky CRM included; no `pageReceived` yet, so the cascade leaves
 * t_importResponses#0 waiting for the first entry). The entries are added in bulk (scale.ts).
 */
export function registrationStory(uid: string, n: number, ago: number): Story {
  return {
    uid,
    ago,
    tell: async (s) => {
      await s.configure();
      await fillIn(s, { n, pages: 0, complete: { pages: 1, study: 'sleep-and-mood-diary' } });
    },
  };
}
