/**
 * The demo's support queue, one story per session, told through the engine. Each story says
 * what the applicant's front end sent, what failed and why (the handlers in
 * lib/tasks/questionnaire.ts reject precisely these inputs), and what support did about it.
 */
import type { Kwargs } from '@/lib/triggers';
import { QUESTIONNAIRE_WORKFLOW } from '@/lib/tasks';
import { applicant, completion, firstPage, named, pageAnswers, USER_AGENTS } from './people';
import { DAY, HOUR, MINUTE, type DemoSession } from './script';

export interface Story {
  uid: string;
  /** Seconds between the session's last activity and now. */
  ago: number;
  tell(s: DemoSession): Promise<void>;
}

const questionnaireUid = (n: number) => `questionnaire-2026-11-${String(n).padStart(4, '0')}`;
const applicantUid = (n: number) => `applicant:${n}`;

interface Questionnaire {
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
async function fillIn(s: DemoSession, q: Questionnaire): Promise<void> {
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
async function reminderDue(s: DemoSession, channel: 'email' | 'sms' = 'email'): Promise<void> {
  await s.later(DAY - 20 * MINUTE);
  await s.fire('reminderDue', { channel, template: 'questionnaire-incomplete-v3' });
  await s.settle();
}

/** The latest failed instance of a task (a story that expects one and finds none is a bug). */
async function failedOf(s: DemoSession, task: string): Promise<string> {
  const failed = (await s.manager.store.instancesOfTask(task)).filter((i) => i.status === 'failed').at(-1);
  if (!failed) throw new Error(`Demo story ${s.uid}: expected a failed instance of ${task}.`);
  return failed.name;
}

const crmParams = (failuresBeforeSuccess: number) => ({
  t_syncCrm: { ...QUESTIONNAIRE_WORKFLOW.t_syncCrm, withParams: { crm: { failuresBeforeSuccess, cooldownSeconds: 30 } } },
});

/**
 * A wrapper object where a number was expected: its serializer leaked a `toString` key, so
 * `Number(pages)` in importSubject cannot convert it and throws a TypeError.
 */
const leakedPages = (pages: number) => ({ completed: pages, total: pages, toString: null });

/** Every story, in no particular order (their `ago` orders the sessions list). */
export function demoStories(): Story[] {
  const stories: Story[] = [];
  const add = (uid: string, ago: number, tell: (s: DemoSession) => Promise<void>) => stories.push({ uid, ago, tell });

  // ---------------------------------------------------------------- all finished
  // The workflow's CRM (t_syncCrm) is flaky: it retries twice, with a cooldown, before it answers.
  const finished: Array<[number, number, number]> = [
    // [session number, pages, days ago]
    [398, 3, 13],
    [401, 2, 12],
    [403, 4, 11],
    [405, 2, 10],
    [406, 3, 9],
    [409, 2, 8],
    [411, 2, 7],
    [412, 3, 6],
    [415, 2, 5],
    [417, 2, 4],
    [420, 3, 3],
    [423, 2, 2],
  ];
  finished.forEach(([n, pages, days], i) =>
    add(questionnaireUid(n), days * DAY + i * 37 * MINUTE, async (s) => {
      // On some days the CRM answered at once (a session-level override of the workflow).
      await s.configure(i % 2 ? crmParams(0) : {});
      await fillIn(s, { n, pages, blankPages: n % 3 === 0 ? [2] : [] });
      // Two of them are too recent for the reminder: t_sendReminder has no instance yet.
      if (n !== 420 && n !== 423) await reminderDue(s, n % 2 ? 'email' : 'sms');
    }),
  );
  // Partner-portal applications: no browser to describe, t_collectBrowserMetadata is abandoned.
  for (const [n, days] of [[1031, 9], [1036, 6], [1042, 2], [1047, 1]] as const) {
    add(applicantUid(n), days * DAY + n * MINUTE, async (s) => {
      await s.configure(n % 2 ? crmParams(0) : {});
      await fillIn(s, { n, pages: 3, embedded: true, first: { ...firstPage(applicant(n)), userAgent: USER_AGENTS.okhttp } });
      await reminderDue(s);
    });
  }
  // The CRM answered at once for this one.
  add(questionnaireUid(426), 30 * HOUR, async (s) => {
    await s.configure(crmParams(0));
    await fillIn(s, { n: 426, pages: 3 });
  });
  // A longer outage: three retries before the CRM answered (a depth-3 chain made by retry()).
  add(questionnaireUid(428), 26 * HOUR, async (s) => {
    await s.configure(crmParams(3));
    await fillIn(s, { n: 428, pages: 3 });
  });

  // ---------------------------------------------------------------- failed, waiting for support
  add(questionnaireUid(431), 3 * HOUR, async (s) => {
    // No top-level domain: ValidationError in t_importSubject, everything downstream waits.
    const a = named(431, 'Maria Gonzalez');
    await s.configure();
    await fillIn(s, { n: 431, pages: 3, first: firstPage(a, { subject: { name: a.name, email: 'maria.gonzalez@example' } }) });
  });
  add(questionnaireUid(433), 5 * HOUR, async (s) => {
    const a = named(433, 'Tom Baker');
    await s.configure();
    await fillIn(s, { n: 433, pages: 3, first: firstPage(a, { subject: { name: a.name, email: 'tom.baker at example.org' } }) });
    await s.later(2 * HOUR);
    const failed = await failedOf(s, 't_importSubject');
    await s.logsRead(failed);
    await s.note(failed, { ticket: 'SUP-2291', note: 'Asked the applicant to confirm their email address.' });
  });
  add(questionnaireUid(436), 7 * HOUR, async (s) => {
    // The front end lost the subject block: "firstPageReceived.subject must be an object".
    const a = applicant(436);
    await s.configure();
    await fillIn(s, { n: 436, pages: 2, first: { userAgent: a.userAgent, locale: a.locale } });
  });
  add(applicantUid(1052), 9 * HOUR, async (s) => {
    const a = applicant(1052);
    await s.configure();
    await fillIn(s, { n: 1052, pages: 3, embedded: true, first: { subject: { email: a.email }, locale: a.locale } });
  });
  add(questionnaireUid(438), 11 * HOUR, async (s) => {
    // Page 3 arrived with its number as a string: t_importResponses#2 fails, the rest finish.
    await s.configure(crmParams(0));
    await fillIn(s, { n: 438, pages: 4, pageOverrides: { 3: { ...pageAnswers(438, 3), page: '3' } } });
  });
  add(questionnaireUid(440), 14 * HOUR, async (s) => {
    // Page 3 without its answers (the browser's autosave sent an empty draft).
    await s.configure(crmParams(0));
    await fillIn(s, { n: 440, pages: 3, pageOverrides: { 3: { page: 3 } } });
  });
  add(questionnaireUid(442), 20 * HOUR, async (s) => {
    // A score typed as a word: t_scoreQuestionnaire fails, t_syncCrm never gets an instance.
    await s.configure();
    await fillIn(s, { n: 442, pages: 3, complete: { scores: { communication: 7, teamwork: 'seven', reliability: 6 } } });
  });
  add(questionnaireUid(444), 27 * HOUR, async (s) => {
    await s.configure();
    await fillIn(s, { n: 444, pages: 3, complete: { scores: { communication: 12, teamwork: 8, reliability: 9 } } });
    await s.later(3 * HOUR);
    await s.logsRead(await failedOf(s, 't_scoreQuestionnaire'));
  });
  add(questionnaireUid(446), 2 * HOUR, async (s) => {
    // TypeError: the handler gets an object where it expects a page count.
    await s.configure();
    await fillIn(s, { n: 446, pages: 3, complete: { pages: leakedPages(3) } });
  });
  add(applicantUid(1058), 31 * HOUR, async (s) => {
    await s.configure();
    await fillIn(s, { n: 1058, pages: 2, complete: { pages: leakedPages(2) } });
    await s.later(40 * MINUTE);
    await s.logsRead(await failedOf(s, 't_importSubject'));
  });
  add(questionnaireUid(448), 4 * HOUR, async (s) => {
    // A script, not a browser: unrecognised user agent. Everything else finishes.
    const a = applicant(448);
    await s.configure(crmParams(0));
    await fillIn(s, { n: 448, pages: 3, first: firstPage(a, { userAgent: USER_AGENTS.curl }) });
  });
  add(applicantUid(1061), 16 * HOUR, async (s) => {
    // A partner app that forgot to flag itself as embedded: no browser user agent at all.
    const a = applicant(1061);
    await s.configure(crmParams(0));
    await fillIn(s, { n: 1061, pages: 3, first: { subject: { name: a.name, email: a.email }, locale: a.locale } });
  });
  add(questionnaireUid(450), 6 * HOUR, async (s) => {
    // CRM down for longer than the retry budget: MaxRetriesExceeded after 4 retries.
    await s.configure(crmParams(6));
    await fillIn(s, { n: 450, pages: 3 });
  });
  add(questionnaireUid(452), 22 * HOUR, async (s) => {
    // Support replayed with a corrected address that is still wrong: the clone failed too.
    const a = named(452, 'Chen Wei');
    await s.configure();
    await fillIn(s, { n: 452, pages: 3, first: firstPage(a, { subject: { name: a.name, email: 'chen.wei@@example.com' } }) });
    await s.later(5 * HOUR);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'firstPageReceived', firstPage(a, { subject: { name: a.name, email: 'chen.wei@example' } }));
  });

  // ---------------------------------------------------------------- replayed until they worked
  add(questionnaireUid(455), 2 * DAY, async (s) => {
    // Depth 2: bad email, replay with a still-bad one, replay again with the right one.
    const a = named(455, 'Priya Nair');
    const withEmail = (email: string) => firstPage(a, { subject: { name: a.name, email } });
    await s.configure();
    await fillIn(s, { n: 455, pages: 3, first: withEmail('priya.nair@examplecom') });
    await s.later(4 * HOUR);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'firstPageReceived', withEmail('priya.nair@example'));
    await s.later(25 * MINUTE);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'firstPageReceived', withEmail(a.email));
  });
  add(questionnaireUid(457), 3 * DAY + 5 * HOUR, async (s) => {
    // Depth 3 on the scoring: "7/10", then 70, then 7.
    const base = completion(457, 3);
    const withTeamwork = (teamwork: unknown) => ({ ...base, scores: { ...(base.scores as Kwargs), teamwork } });
    await s.configure();
    await fillIn(s, { n: 457, pages: 3, complete: withTeamwork('7/10') });
    await s.later(6 * HOUR);
    await s.replayWith(await failedOf(s, 't_scoreQuestionnaire'), 'questionnaireComplete', withTeamwork(70));
    await s.later(15 * MINUTE);
    await s.replayWith(await failedOf(s, 't_scoreQuestionnaire'), 'questionnaireComplete', withTeamwork('7'));
    await s.later(10 * MINUTE);
    await s.replayWith(await failedOf(s, 't_scoreQuestionnaire'), 'questionnaireComplete', withTeamwork(7));
  });
  add(applicantUid(1064), 4 * DAY, async (s) => {
    // The TypeError, fixed by replaying with a plain page count.
    await s.configure();
    await fillIn(s, { n: 1064, pages: 3, complete: { pages: leakedPages(3) } });
    await s.later(9 * HOUR);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'questionnaireComplete', completion(1064, 3));
  });
  add(questionnaireUid(459), 5 * DAY, async (s) => {
    await s.configure(crmParams(0));
    await fillIn(s, { n: 459, pages: 3, pageOverrides: { 2: { ...pageAnswers(459, 2), page: 0 } } });
    await s.later(HOUR);
    const failed = await failedOf(s, 't_importResponses');
    await s.replayWith(failed, 'pageReceived', pageAnswers(459, 2));
  });
  add(applicantUid(1069), 6 * DAY, async (s) => {
    // Missing subject, then a replay with the subject but a mistyped email, then the right one.
    const a = applicant(1069);
    await s.configure();
    await fillIn(s, { n: 1069, pages: 2, first: { userAgent: a.userAgent, locale: a.locale } });
    await s.later(HOUR);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'firstPageReceived', firstPage(a, { subject: { name: a.name, email: a.email.replace('@', '') } }));
    await s.later(30 * MINUTE);
    await s.replayWith(await failedOf(s, 't_importSubject'), 'firstPageReceived', firstPage(a));
  });
  add(questionnaireUid(461), 40 * HOUR, async (s) => {
    // MaxRetriesExceeded during a CRM outage; once it was over, support restored the usual
    // CRM settings and replayed the last attempt.
    await s.configure(crmParams(6));
    await fillIn(s, { n: 461, pages: 3 });
    await s.later(7 * HOUR);
    await s.configure();
    await s.replay(await failedOf(s, 't_syncCrm'));
  });

  // ---------------------------------------------------------------- skipped
  add(questionnaireUid(463), 3 * DAY, async (s) => {
    // Browser metadata of a monitoring script is not worth fixing: skipped, no cascade.
    const a = applicant(463);
    await s.configure(crmParams(0));
    await fillIn(s, { n: 463, pages: 3, first: firstPage(a, { userAgent: USER_AGENTS.curl }) });
    await s.later(2 * HOUR);
    await s.skip(await failedOf(s, 't_collectBrowserMetadata'));
  });
  add(applicantUid(1072), 2 * DAY + 3 * HOUR, async (s) => {
    // The subject was found by hand in the CRM: skipped with cascade and a simulated result.
    const a = applicant(1072);
    await s.configure();
    await fillIn(s, { n: 1072, pages: 3, embedded: true, first: { locale: a.locale } });
    await s.later(3 * HOUR);
    await s.skip(await failedOf(s, 't_importSubject'), {
      cascade: true,
      result: { subjectId: 480_213, name: a.name, email: a.email, pages: 3, source: 'manual CRM lookup' },
    });
  });
  add(questionnaireUid(466), 4 * DAY + 2 * HOUR, async (s) => {
    // A recruiter scored the applicant by hand: skipped with cascade, the CRM sync ran.
    await s.configure();
    await fillIn(s, { n: 466, pages: 3, complete: { scores: { communication: 'N/A', teamwork: 8, reliability: 7 } } });
    await s.later(5 * HOUR);
    await s.skip(await failedOf(s, 't_scoreQuestionnaire'), {
      cascade: true,
      result: { subjectId: null, score: 64, passed: true, model: 'manual-review' },
    });
  });
  add(questionnaireUid(468), 5 * DAY + 7 * HOUR, async (s) => {
    // A duplicate of page 2 sent with a negative page number: skipped, nothing depends on it.
    await s.configure(crmParams(0));
    await fillIn(s, { n: 468, pages: 3, pageOverrides: { 3: { ...pageAnswers(468, 2), page: -2 } } });
    await s.later(HOUR);
    await s.skip(await failedOf(s, 't_importResponses'));
  });

  // ---------------------------------------------------------------- not finished yet
  add(questionnaireUid(470), 4 * MINUTE, async (s) => {
    await s.configure();
    await fillIn(s, { n: 470, pages: 0, complete: false });
  });
  add(questionnaireUid(471), 12 * MINUTE, async (s) => {
    await s.configure();
    await fillIn(s, { n: 471, pages: 2, complete: false });
  });
  add(questionnaireUid(472), 35 * MINUTE, async (s) => {
    await s.configure();
    await fillIn(s, { n: 472, pages: 1, complete: false });
  });
  add(applicantUid(1075), 18 * MINUTE, async (s) => {
    await s.configure();
    await fillIn(s, { n: 1075, pages: 2, embedded: true, complete: false });
  });
  add(questionnaireUid(474), 50 * MINUTE, async (s) => {
    // Stopped after three pages a day ago: the reminder went out (it finished, not skipped).
    await s.configure();
    await fillIn(s, { n: 474, pages: 3, complete: false });
    await reminderDue(s);
  });
  add(applicantUid(1078), 3 * HOUR + 10 * MINUTE, async (s) => {
    await s.configure();
    await fillIn(s, { n: 1078, pages: 1, complete: false });
    await reminderDue(s, 'sms');
  });
  return stories;
}

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
