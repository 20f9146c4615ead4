/** The eight statuses an instance moves through (docs/engine-behaviour.md §8). */
export const INSTANCE_STATUSES = [
  'unstarted',
  'scheduled',
  'running',
  'finished',
  'failed',
  'replayed',
  'skipped',
  'abandoned',
] as const;

export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** One trigger's kwargs, or a task's result. */
export type Kwargs = Record<string, unknown>;
/** Kwargs keyed by trigger name. */
export type TriggerKwargs = Record<string, Kwargs>;

/** One entry of a configuration, as an application writes it. */
export interface TaskConfigInput {
  after: string[];
  run: string;
  andEvery?: string;
  unless?: string[];
  withParams?: TriggerKwargs;
  using?: string;
  [directive: string]: unknown;
}

/** Key = task name. */
export type Configuration = Record<string, TaskConfigInput>;

/** A task definition in its normalised form (docs/engine-behaviour.md §3.1). */
export interface TaskConfig {
  name: string;
  run: string;
  after: string[];
  unless: string[];
  andEvery: string | null;
  using: string | null;
  withParams: TriggerKwargs;
  extra: Record<string, unknown>;
}

export interface InstanceTimestamps {
  created: string;
  lastModified: string;
  [status: string]: string;
}

export interface InstanceMetadata {
  timestamps?: InstanceTimestamps;
  actualKwargs?: TriggerKwargs;
  result?: Kwargs;
  exceptionType?: string;
  exceptionMessage?: string;
  exceptionInfo?: string;
  exceptionContext?: Record<string, unknown>;
  logLevel?: number;
  logsResolved?: boolean;
  parent?: string;
  depth?: number;
  cooldown?: number | null;
  cascade?: boolean;
  skippedResult?: Kwargs;
  [key: string]: unknown;
}

export interface TaskInstance {
  /** `${task}#${n}` */
  name: string;
  task: string;
  status: InstanceStatus;
  kwargs: TriggerKwargs;
  /** `unless` triggers applied so far, sorted. */
  abandonState: string[];
  metadata: InstanceMetadata;
}

/** JSON-safe snapshot of a whole session, for people and support tools. */
export interface DebugRepr {
  tasks: Record<string, unknown>;
  instances: Record<string, unknown>;
  metas: Record<string, unknown>;
}
