import type { Kwargs } from '@/lib/triggers';
import { applicant, completion, firstPage, named, pageAnswers } from '../people';
import { DAY, HOUR, MINUTE } from '../script';
import { type AddStory, applicantUid, crmParams, failedOf, fillIn, leakedPages, questionnaireUid } from './kit';

/** Failures support replayed until they worked (chains up to depth 3). */
export function replayedStories(add: AddStory): void {
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
}
