import { applicant, firstPage, USER_AGENTS } from '../people';
import { DAY, HOUR, MINUTE } from '../script';
import { type AddStory, applicantUid, crmParams, fillIn, questionnaireUid, reminderDue } from './kit';

/** Sessions that finished: the flaky CRM retried, partner-portal applications, a long outage. */
export function finishedStories(add: AddStory): void {
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
}
