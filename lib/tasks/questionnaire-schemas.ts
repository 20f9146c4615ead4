/**
 * The demo workflow's contracts: what each handler needs in its trigger kwargs and what it
 * returns. The engine checks the kwargs before a handler runs (a failure is a ValidationError
 * naming each path, in zod's words, never the customer's value) and the result after.
 */
import { z } from 'zod';

export const NOT_A_BROWSER = 'Not a browser user agent (no Firefox, Chrome or Safari version)';

const subjectRef = z.object({ subjectId: z.number().int() });

export const importSubjectKwargs = z.object({
  firstPageReceived: z.object({
    subject: z.object({ name: z.string().trim().min(1), email: z.email() }),
    userAgent: z.string().optional(),
    locale: z.string().optional(),
  }),
  // Taken as it comes (the handler converts it): see importSubject.
  questionnaireComplete: z.object({ pages: z.unknown() }).partial().optional(),
});
export const importSubjectResult = z.object({
  subjectId: z.number().int(),
  name: z.string().min(1),
  email: z.email(),
  pages: z.number().int().min(0),
});

export const importResponsesKwargs = z.object({
  pageReceived: z.object({ page: z.number().int().positive(), answers: z.record(z.string(), z.unknown()) }),
  t_importSubject: subjectRef,
});
export const importResponsesResult = z.object({
  subjectId: z.number().int(),
  page: z.number().int().positive(),
  answered: z.number().int().min(0),
});

export const collectBrowserMetadataKwargs = z.object({
  firstPageReceived: z.object({
    userAgent: z.string().regex(/(Firefox|Chrome|Safari)\/\d+/, NOT_A_BROWSER),
  }),
});
export const collectBrowserMetadataResult = z.object({ browser: z.string().min(1), mobile: z.boolean() });

export const scoreQuestionnaireKwargs = z.object({
  questionnaireComplete: z.object({
    scores: z
      .record(z.string(), z.number().min(0).max(10))
      .refine((scores) => Object.keys(scores).length > 0, 'At least one score is needed'),
  }),
  t_importSubject: subjectRef,
  // withParams.scoring of the workflow's configuration.
  scoring: z.object({ model: z.string().default('default'), passMark: z.number().min(0).max(100).default(60) }).prefault({}),
});
export const scoreQuestionnaireResult = z.object({
  // null or absent when a recruiter scored by hand (a skip's simulated result).
  subjectId: z.number().int().nullish(),
  score: z.number().int().min(0).max(100),
  passed: z.boolean(),
  model: z.string(),
});

export const syncCrmKwargs = z.object({
  t_scoreQuestionnaire: z.object({ score: z.number().nullable() }).partial().optional(),
  // withParams.crm: the demo CRM answers after this many attempts.
  crm: z
    .object({ failuresBeforeSuccess: z.number().int().min(0).default(0), cooldownSeconds: z.number().positive().default(5) })
    .prefault({}),
});
export const syncCrmResult = z.object({ synced: z.boolean(), attempts: z.number().int().positive(), score: z.number().nullable() });

export const sendReminderKwargs = z.object({ reminderDue: z.object({ channel: z.string().default('email') }).prefault({}) });
export const sendReminderResult = z.object({ reminded: z.boolean(), channel: z.string() });
