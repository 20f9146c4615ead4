import { HOUR, MINUTE } from '../script';
import { type AddStory, applicantUid, fillIn, questionnaireUid, reminderDue } from './kit';

/** Applicants who have not finished yet (reminders included). */
export function unfinishedStories(add: AddStory): void {
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
}
