import { applicant, firstPage, pageAnswers, USER_AGENTS } from '../people';
import { DAY, HOUR } from '../script';
import { type AddStory, applicantUid, crmParams, failedOf, fillIn, questionnaireUid } from './kit';

/** Failures support skipped, with and without a cascade and a simulated result. */
export function skippedStories(add: AddStory): void {
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
}
