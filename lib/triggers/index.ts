/**
 * The trigger engine's public API (see docs/engine-api.md). Import the engine only from here.
 */
export type {
  Configuration,
  DebugRepr,
  InstanceMetadata,
  InstanceStatus,
  InstanceTimestamps,
  Kwargs,
  TaskConfig,
  TaskConfigInput,
  TaskInstance,
  TriggerKwargs,
} from './types';
export { INSTANCE_STATUSES } from './types';
export {
  ConfigurationError,
  InstanceNotFoundError,
  InvalidStatusError,
  MaxRetriesExceeded,
  TaskNotFoundError,
  TriggerEngineError,
  ValidationError,
} from './errors';
export { canAbandon, canReplay, canRun, canSkip, isResolved, logsResolved } from './rules';
export type { SessionStore, SessionTransaction } from './store';
export { MemoryStore } from './memory-store';
export { TriggerManager } from './manager';
export type { FirePreview, TriggerManagerOptions, UpdateStatusOptions } from './manager';
export { TaskRegistry, DEFAULT_MAX_RETRIES } from './registry';
export type { InputOf, KwargsSchema, RegisterOptions, RegisteredTask, ResultOf, ResultSchema } from './registry';
export { MAX_ISSUES, checkSchema, describeIssues, issuesOf, partForTrigger, toJsonSchema, validationIssuesOf } from './schemas';
export type { JsonSchema, SchemaIssue, SchemaKind } from './schemas';
export type { LogRecord, LogSink, RetryOptions, TaskContext, TaskHandler, TaskLogger } from './context';
export { LOG_LEVELS } from './context';
export type { StackFormatter } from './failure';
export { InlineRunner } from './runner';
export type { DispatchContext, TaskRunner } from './runner';
export { parseConfiguration } from './configuration';
export {
  EVENT_KINDS,
  applyEvents,
  deserializeJournalState,
  emptyJournalState,
  journalDebugRepr,
  metadataDelta,
  replayJournal,
  serializeJournalState,
  type EngineEvent,
  type EventChanges,
  type EventKind,
  type EventQuery,
  type JournalState,
} from './journal';

// Building blocks for store adapters outside the engine (the persistence layer's PostgresStore,
// in lib/db/store), the same ones MemoryStore uses: re-entrant transactions, the journal
// recorder, the debug snapshot, instance ordering.
export { buildDebugRepr, ReentrantTransactions } from './store';
export { EventRecorder, type EngineEventInput } from './journal';
export { bySequence, instanceSequence, type TaskFireView } from './rules';
export { copyJson, deepMerge } from './json';
export { failureIdentity, messageTemplate, topInAppFrame, type FailureIdentity } from './fingerprint';
