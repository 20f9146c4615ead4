/**
 * The demo workflow's handlers: a questionnaire import like the one in the support document.
 * Each does real work on its input and fails with a precise error on missing or malformed
 * fields, so that replaying with corrected kwargs succeeds and cascades. Messages name the field
 * (its path) and what is wrong, never the customer's value: that goes in the error's context,
 * which only those allowed to see payloads see.
 */
import type { Kwargs, TaskContext } from '@/lib/triggers';

/** A failure caused by bad input: replay with corrected kwargs, or skip. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** An outside service that did not answer: retrying later usually works. */
export class UpstreamUnavailableError extends Error {
  override readonly name = 'UpstreamUnavailableError';
  constructor(
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What a wrong value is, without saying what it says. */
function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number out of range';
  if (typeof value === 'boolean') return 'true or false';
  return 'an object';
}

function objectAt(kwargs: Kwargs | undefined, key: string, where: string): Kwargs {
  const value = kwargs?.[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(`${where}.${key} must be an object`, { [key]: value ?? null });
  }
  return value as Kwargs;
}

function stringAt(kwargs: Kwargs, key: string, where: string): string {
  const value = kwargs[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${where}.${key} must be a non-empty string`, { [key]: value ?? null });
  }
  return value.trim();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Creates the subject from the first page's answers. Needs `firstPageReceived.subject.{name,email}`. */
export function importSubject(ctx: TaskContext): Kwargs {
  const subject = objectAt(ctx.triggerKwargs.firstPageReceived, 'subject', 'firstPageReceived');
  const name = stringAt(subject, 'name', 'firstPageReceived.subject');
  const email = stringAt(subject, 'email', 'firstPageReceived.subject');
  if (!EMAIL.test(email)) {
    throw new ValidationError('firstPageReceived.subject.email is not a valid email address', { email });
  }
  const pages = Number(ctx.triggerKwargs.questionnaireComplete?.pages ?? 0);
  ctx.logger.info('subject imported', { email });
  // A stable id from the email, so a replay finds the same subject.
  const subjectId = [...email.toLowerCase()].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 1_000_000, 7);
  return { subjectId, name, email, pages };
}

/** Stores one page of answers. Needs `pageReceived.page` (a positive integer) and `pageReceived.answers`. */
export function importResponses(ctx: TaskContext): Kwargs {
  const page = ctx.triggerKwargs.pageReceived?.page;
  if (!Number.isInteger(page) || (page as number) < 1) {
    throw new ValidationError(`pageReceived.page must be a positive integer (got ${kindOf(page)})`, { page: page ?? null });
  }
  const answers = objectAt(ctx.triggerKwargs.pageReceived, 'answers', 'pageReceived');
  const subjectId = ctx.triggerKwargs.t_importSubject?.subjectId;
  if (typeof subjectId !== 'number') throw new ValidationError('t_importSubject.subjectId is missing', {});
  const blank = Object.entries(answers).filter(([, answer]) => answer === null || answer === '');
  if (blank.length > 0) ctx.logger.warn('unanswered questions', { questions: blank.map(([q]) => q) });
  return { subjectId, page, answered: Object.keys(answers).length - blank.length };
}

/** Parses the browser's user agent (not for embedded applications, which have none). */
export function collectBrowserMetadata(ctx: TaskContext): Kwargs {
  const userAgent = stringAt(ctx.triggerKwargs.firstPageReceived ?? {}, 'userAgent', 'firstPageReceived');
  const browser = /Firefox\/\d+/.exec(userAgent)?.[0] ?? /Chrome\/\d+/.exec(userAgent)?.[0] ?? /Safari\/\d+/.exec(userAgent)?.[0];
  if (!browser) {
    throw new ValidationError('firstPageReceived.userAgent is not a browser user agent (no Firefox, Chrome or Safari version)', { userAgent });
  }
  return { browser, mobile: /Mobile/.test(userAgent) };
}

/** Scores the questionnaire with the configured model (`withParams.scoring`). Answers must be numbers 0–10. */
export function scoreQuestionnaire(ctx: TaskContext): Kwargs {
  const scoring = ctx.triggerKwargs.scoring ?? {};
  const answers = objectAt(ctx.triggerKwargs.questionnaireComplete, 'scores', 'questionnaireComplete');
  const values = Object.entries(answers).map(([question, value]) => {
    if (typeof value !== 'number' || value < 0 || value > 10) {
      throw new ValidationError(`questionnaireComplete.scores.${question} must be a number from 0 to 10 (got ${kindOf(value)})`, {
        question,
        value,
      });
    }
    return value;
  });
  if (values.length === 0) throw new ValidationError('questionnaireComplete.scores is empty', {});
  const score = Math.round((values.reduce((a, b) => a + b, 0) / (values.length * 10)) * 100);
  const passMark = Number(scoring.passMark ?? 60);
  return { subjectId: ctx.triggerKwargs.t_importSubject?.subjectId ?? null, score, passed: score >= passMark, model: scoring.model ?? 'default' };
}

/**
 * Pushes the score to the CRM, which is flaky: it answers only after
 * `withParams.crm.failuresBeforeSuccess` attempts, so the task retries with a cooldown.
 */
export function syncCrm(ctx: TaskContext): Kwargs {
  const failures = Number(ctx.triggerKwargs.crm?.failuresBeforeSuccess ?? 0);
  if (ctx.retries < failures) {
    ctx.logger.warn('CRM unavailable, retrying later', { attempt: ctx.retries + 1 });
    ctx.retry({
      cooldown: Number(ctx.triggerKwargs.crm?.cooldownSeconds ?? 5),
      cause: new UpstreamUnavailableError(`CRM did not answer (attempt ${ctx.retries + 1})`),
    });
  }
  return { synced: true, attempts: ctx.retries + 1, score: ctx.triggerKwargs.t_scoreQuestionnaire?.score ?? null };
}

/** Sends a reminder unless the subject already finished the questionnaire: then it skips itself. */
export async function sendReminder(ctx: TaskContext): Promise<Kwargs> {
  const latest = await ctx.manager.store.latestKwargs();
  if ('questionnaireComplete' in latest) {
    ctx.skip({ reason: 'questionnaire already complete: no reminder needed' });
  }
  return { reminded: true, channel: ctx.triggerKwargs.reminderDue?.channel ?? 'email' };
}
