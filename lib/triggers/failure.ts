import type { RetryOptions } from './context';
import { isPlainObject, jsonSafe, withoutNul } from './json';
import type { InstanceMetadata } from './types';

/** Any thrown value as an Error (a thrown string becomes `Error(string)`). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}

/** The failure fields of §10 step 5 for a thrown value. */
export function failureMetadata(thrown: unknown): InstanceMetadata {
  const error = asError(thrown);
  const context = (error as { context?: unknown }).context;
  return withoutNul({
    exceptionType: error.name,
    exceptionMessage: error.message,
    exceptionInfo: error.stack ?? String(error),
    exceptionContext: isPlainObject(context) ? (jsonSafe(context) as Record<string, unknown>) : {},
  });
}

/**
 * What `ctx.retry(options)` writes on the retried instance (§14.2 step 1), apart from the run's
 * logLevel: the cooldown (null when none), the cause's failure fields when a cause is given, then
 * the given metadata, whose keys win (a `cooldown` inside it too). MaxRetriesExceeded carries the
 * same as `context.replayMetadata`.
 */
export function retryMetadata(options: Pick<RetryOptions, 'cause' | 'metadata' | 'cooldown'>): InstanceMetadata {
  return withoutNul({
    cooldown: options.cooldown ?? null,
    ...(options.cause === undefined ? {} : failureMetadata(options.cause)),
    ...(options.metadata ?? {}),
  });
}
