/**
 * The demo workflow's handlers: a questionnaire import like the one in the support document.
 * Each does real work on its input and fails with a precise error on missing or malformed
 * fields, so that replaying with corrected kwargs succeeds and cascades. Messages name the field
 * (its path) and what is wrong, never the customer's value: that goes in the error's context,
 * which only those allowed to see payloads see.
 */
import type { z } from 'zod';
import { ValidationError, type TaskContext } from '@/lib/triggers';
import * as schemas from './questionnaire-schemas';

/** A failure caused by bad input (the engine's): replay with corrected kwargs, or skip. */
export { ValidationError };

type Input<S extends z.ZodType> = TaskContext<z.output<S>>;

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

/**
 * Creates the subject from the first page's answers (`firstPageReceived.subject.{name,email}`:
 * the schema checks them before the handler runs). `questionnaireComplete.pages` is taken as it
 * comes: a front end that sends an object there makes `Number()` throw a TypeError.
 */
export function importSubject(ctx: Input<typeof schemas.importSubjectKwargs>): z.input<typeof schemas.importSubjectResult> {
  const { name, email } = ctx.input.firstPageReceived.subject;
  const pages = Number(ctx.input.questionnaireComplete?.pages ?? 0);
  ctx.logger.info('subject imported', { email });
  // A stable id from the email, so a replay finds the same subject.
  const subjectId = [...email.toLowerCase()].reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) % 1_000_000, 7);
  return { subjectId, name, email, pages };
}

/** Stores one page of answers (`pageReceived.page`, a positive integer, and `pageReceived.answers`). */
export function importResponses(ctx: Input<typeof schemas.importResponsesKwargs>): z.input<typeof schemas.importResponsesResult> {
  const { page, answers } = ctx.input.pageReceived;
  const blank = Object.entries(answers).filter(([, answer]) => answer === null || answer === '');
  if (blank.length > 0) ctx.logger.warn('unanswered questions', { questions: blank.map(([q]) => q) });
  return { subjectId: ctx.input.t_importSubject.subjectId, page, answered: Object.keys(answers).length - blank.length };
}

/** Parses the browser's user agent (not for embedded applications, which have none). */
export function collectBrowserMetadata(
  ctx: Input<typeof schemas.collectBrowserMetadataKwargs>,
): z.input<typeof schemas.collectBrowserMetadataResult> {
  const { userAgent } = ctx.input.firstPageReceived;
  const browser = /Firefox\/\d+/.exec(userAgent)?.[0] ?? /Chrome\/\d+/.exec(userAgent)?.[0] ?? /Safari\/\d+/.exec(userAgent)?.[0];
  if (!browser) {
    // The schema's pattern already refuses it; kept so the handler never returns without a browser.
    throw new ValidationError(`firstPageReceived.userAgent: ${schemas.NOT_A_BROWSER}`, {
      issues: [{ path: 'firstPageReceived.userAgent', message: schemas.NOT_A_BROWSER }],
    });
  }
  return { browser, mobile: /Mobile/.test(userAgent) };
}

/** Scores the questionnaire with the configured model (`withParams.scoring`). Answers are numbers 0–10. */
export function scoreQuestionnaire(ctx: Input<typeof schemas.scoreQuestionnaireKwargs>): z.input<typeof schemas.scoreQuestionnaireResult> {
  const { scoring, questionnaireComplete, t_importSubject } = ctx.input;
  const values = Object.values(questionnaireComplete.scores);
  const score = Math.round((values.reduce((a, b) => a + b, 0) / (values.length * 10)) * 100);
  return { subjectId: t_importSubject.subjectId, score, passed: score >= scoring.passMark, model: scoring.model };
}

/**
 * Pushes the score to the CRM, which is flaky: it answers only after
 * `withParams.crm.failuresBeforeSuccess` attempts, so the task retries with a cooldown.
 */
export function syncCrm(ctx: Input<typeof schemas.syncCrmKwargs>): z.input<typeof schemas.syncCrmResult> {
  const { failuresBeforeSuccess: failures, cooldownSeconds } = ctx.input.crm;
  if (ctx.retries < failures) {
    ctx.logger.warn('CRM unavailable, retrying later', { attempt: ctx.retries + 1 });
    ctx.retry({
      cooldown: cooldownSeconds,
      cause: new UpstreamUnavailableError(`CRM did not answer (attempt ${ctx.retries + 1})`),
    });
  }
  return { synced: true, attempts: ctx.retries + 1, score: ctx.input.t_scoreQuestionnaire?.score ?? null };
}

/** Sends a reminder unless the subject already finished the questionnaire: then it skips itself. */
export async function sendReminder(ctx: Input<typeof schemas.sendReminderKwargs>): Promise<z.input<typeof schemas.sendReminderResult>> {
  const latest = await ctx.manager.store.latestKwargs();
  if ('questionnaireComplete' in latest) {
    ctx.skip({ reason: 'questionnaire already complete: no reminder needed' });
  }
  return { reminded: true, channel: ctx.input.reminderDue.channel };
}
