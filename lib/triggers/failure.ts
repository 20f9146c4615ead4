import type { RetryOptions } from './context';
import { isPlainObject, jsonSafe, withoutNul } from './json';
import type { InstanceMetadata } from './types';

/** Any thrown value as an Error (a thrown string becomes `Error(string)`). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/**
 * Renders a failure's stack for `exceptionInfo`. The engine records V8's `error.stack` as it is;
 * an application passes its own (TriggerManagerOptions.formatStack) to point frames at its source.
 */
export type StackFormatter = (error: Error) => string;

export const v8Stack: StackFormatter = (error) => error.stack ?? String(error);

/** The formatter's stack, or V8's when the formatter fails: a failure is never lost to its rendering. */
function stackOf(error: Error, formatStack: StackFormatter): string {
  try {
    return formatStack(error);
  } catch {
    return v8Stack(error);
  }
}

/** The failure fields of §10 step 5 for a thrown value. */
export function failureMetadata(thrown: unknown, formatStack: StackFormatter = v8Stack): InstanceMetadata {
  const error = asError(thrown);
  const context = (error as { context?: unknown }).context;
  return withoutNul({
    exceptionType: error.name,
    exceptionMessage: error.message,
    exceptionInfo: stackOf(error, formatStack),
    exceptionContext: isPlainObject(context) ? (jsonSafe(context) as Record<string, unknown>) : {},
  });
}

/**
 * What `ctx.retry(options)` writes on the retried instance (§14.2 step 1), apart from the run's
 * logLevel: the cooldown (null when none), the cause's failure fields when a cause is given, then
 * the given metadata, whose keys win (a `cooldown` inside it too). MaxRetriesExceeded carries the
 * same as `context.replayMetadata`.
 */
export function retryMetadata(
  options: Pick<RetryOptions, 'cause' | 'metadata' | 'cooldown'>,
  formatStack: StackFormatter = v8Stack,
): InstanceMetadata {
  return withoutNul({
    cooldown: options.cooldown ?? null,
    ...(options.cause === undefined ? {} : failureMetadata(options.cause, formatStack)),
    ...(options.metadata ?? {}),
  });
}
