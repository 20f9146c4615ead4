import { MaxRetriesExceeded } from './errors';
import { retryMetadata } from './failure';
import type { TriggerManager } from './manager';
import type { InstanceMetadata, Kwargs, TriggerKwargs } from './types';

export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;

export interface LogRecord {
  instanceName: string;
  level: LogLevelName;
  message: string;
  context?: Record<string, unknown>;
  time: string;
}

/** Where log records go; the engine itself only keeps the highest level (§18). */
export type LogSink = (record: LogRecord) => void;

export interface TaskLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

/** A logger for one run that remembers the highest level it saw (0 = nothing logged). */
export class RunLogger implements TaskLogger {
  highestLevel = 0;

  constructor(
    private readonly instanceName: string,
    private readonly sink: LogSink | undefined,
  ) {}

  private log(level: LogLevelName, message: string, context?: Record<string, unknown>): void {
    this.highestLevel = Math.max(this.highestLevel, LOG_LEVELS[level]);
    this.sink?.({
      instanceName: this.instanceName,
      level,
      message,
      context,
      time: new Date().toISOString(),
    });
  }

  debug(message: string, context?: Record<string, unknown>): void {
    this.log('debug', message, context);
  }
  info(message: string, context?: Record<string, unknown>): void {
    this.log('info', message, context);
  }
  warn(message: string, context?: Record<string, unknown>): void {
    this.log('warn', message, context);
  }
  error(message: string, context?: Record<string, unknown>): void {
    this.log('error', message, context);
  }
}

/**
 * What a handler receives. `Input` is the type of `ctx.input`: the kwargs as parsed by the
 * handler's kwargs schema, or `undefined` when it declares none (docs/engine-api.md).
 */
export interface TaskContext<Input = undefined> {
  instanceName: string;
  /** withParams deep-merged with the instance kwargs; a fresh copy. */
  triggerKwargs: TriggerKwargs;
  /** `triggerKwargs` parsed by the kwargs schema (defaults applied); `undefined` without a schema. */
  input: Input;
  /** Replays (manual or by retry()) that separate this instance from the original. */
  retries: number;
  /** The manager that scheduled the instance: a handler may fire more triggers. */
  manager: TriggerManager;
  logger: TaskLogger;
  /** Ends the run as `skipped`, merging `metadata`. */
  skip(metadata?: InstanceMetadata): never;
  /** Ends the run as failed-then-replayed (or fails it with MaxRetriesExceeded). */
  retry(options?: RetryOptions): never;
}

export interface RetryOptions {
  cause?: unknown;
  metadata?: InstanceMetadata;
  replacementKwargs?: TriggerKwargs | null;
  /** Seconds the clone should wait before running (queues honour it; InlineRunner ignores it). */
  cooldown?: number;
}

export type TaskHandler<Input = undefined, Result = Kwargs | void> = (ctx: TaskContext<Input>) => Promise<Result> | Result;

/** Control signals thrown by ctx.skip()/ctx.retry(); handlers must not swallow them. */
export class SkipSignal {
  constructor(readonly metadata: InstanceMetadata) {}
}

export class RetrySignal {
  constructor(readonly options: RetryOptions) {}
}

export function createTaskContext<Input>(input: {
  instanceName: string;
  triggerKwargs: TriggerKwargs;
  input: Input;
  retries: number;
  maxRetries: number;
  manager: TriggerManager;
  logger: TaskLogger;
}): TaskContext<Input> {
  const { instanceName, retries, maxRetries } = input;
  return {
    instanceName,
    triggerKwargs: input.triggerKwargs,
    input: input.input,
    retries,
    manager: input.manager,
    logger: input.logger,
    skip(metadata: InstanceMetadata = {}): never {
      throw new SkipSignal(metadata);
    },
    retry(options: RetryOptions = {}): never {
      if (retries >= maxRetries) {
        throw new MaxRetriesExceeded(
          `Attempting retry number ${retries + 1} of instance '${instanceName}' while maxRetries is ${maxRetries}.`,
          { replayMetadata: retryMetadata(options, input.manager.formatStack) },
        );
      }
      throw new RetrySignal(options);
    },
  };
}
