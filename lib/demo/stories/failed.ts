import { applicant, firstPage, named, pageAnswers, USER_AGENTS } from '../people';
import { HOUR, MINUTE } from '../script';
import { type AddStory, applicantUid, crmParams, failedOf, fillIn, leakedPages, questionnaireUid } from './kit';

/** Failures waiting for support: validation errors, a TypeError, a MaxRetriesExceeded, a replay that failed again. */
export function failedStories(add: AddStory): void {
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
    // The front end lost the subject block: "firstPageReceived.subject: Invalid input: expected object, received undefined".
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
}
