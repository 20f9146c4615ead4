/**
 * The session journal: an append-only list of what happened to a session, one event per engine
 * step (a configuration change, a firing, a status change, a replay, a skip, a metadata change).
 * Each event carries what the step did in words (`data`) and the state it wrote (`changes`: the
 * full task configurations, instances and latest kwargs it saved), so replaying the journal from
 * the start rebuilds the session exactly (`replayJournal`). Stores write the events of an
 * operation in the operation's own transaction.
 */
import { copyJson } from './json';
import { buildDebugRepr } from './store';
import type { DebugRepr, InstanceMetadata, Kwargs, TaskConfig, TaskInstance, TriggerKwargs } from './types';

export const EVENT_KINDS = [
  'configuration-updated',
  'trigger-fired',
  'instance-status-changed',
  'instance-replayed',
  'instance-skipped',
  'metadata-updated',
  'logs-resolved',
  /** Writes no engine step described (kept so the journal still rebuilds the state). */
  'state-changed',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The state an event wrote: full records, so a replay needs nothing else. */
export interface EventChanges {
  tasks?: TaskConfig[];
  instances?: TaskInstance[];
  latestKwargs?: TriggerKwargs;
}

export interface EngineEventInput {
  kind: EventKind;
  task?: string | null;
  instance?: string | null;
  data?: Record<string, unknown>;
}

export interface EngineEvent {
  /** 1, 2, 3, … per session, in commit order. */
  seq: number;
  /** When the step happened (ISO 8601). */
  at: string;
  kind: EventKind;
  /** Who caused it: a user's email, `system`, or a worker. */
  actor: string;
  task: string | null;
  instance: string | null;
  data: Record<string, unknown>;
  changes: EventChanges;
}

/** An event before the store numbers it and names its actor. */
export type PendingEvent = Omit<EngineEvent, 'seq' | 'actor'>;

export interface EventQuery {
  /** Only events with seq greater than this (paging forward). */
  afterSeq?: number;
  /** Only events with seq less than this (paging backward). */
  beforeSeq?: number;
  /** At most this many (default: all). */
  limit?: number;
  order?: 'asc' | 'desc';
  kinds?: readonly EventKind[];
  task?: string;
  instance?: string;
}

/**
 * Collects one transaction's events. Writes are noted as they happen; `record` closes an event
 * with the writes since the previous one. Savepoints roll both back together.
 */
export class EventRecorder {
  private events: PendingEvent[] = [];
  private tasks = new Map<string, TaskConfig>();
  private instances = new Map<string, TaskInstance>();
  private latest = new Map<string, Kwargs>();

  noteTasks(tasks: readonly TaskConfig[]): void {
    for (const task of tasks) this.tasks.set(task.name, copyJson(task));
  }

  noteInstances(instances: readonly TaskInstance[]): void {
    for (const instance of instances) this.instances.set(instance.name, copyJson(instance));
  }

  noteLatest(trigger: string, kwargs: Kwargs): void {
    this.latest.set(trigger, copyJson(kwargs));
  }

  record(input: EngineEventInput, at: string): void {
    this.events.push({
      at,
      kind: input.kind,
      task: input.task ?? null,
      instance: input.instance ?? null,
      data: copyJson(input.data ?? {}),
      changes: this.takeChanges(),
    });
  }

  /** The transaction's events, in order; writes no event described become a `state-changed`. */
  drain(at: string): PendingEvent[] {
    if (this.tasks.size + this.instances.size + this.latest.size > 0) this.record({ kind: 'state-changed' }, at);
    const events = this.events;
    this.events = [];
    return events;
  }

  /** For savepoints: what to go back to if the work inside fails. */
  mark(): () => void {
    const saved = { events: [...this.events], tasks: new Map(this.tasks), instances: new Map(this.instances), latest: new Map(this.latest) };
    return () => {
      this.events = saved.events;
      this.tasks = saved.tasks;
      this.instances = saved.instances;
      this.latest = saved.latest;
    };
  }

  private takeChanges(): EventChanges {
    const changes: EventChanges = {};
    if (this.tasks.size > 0) changes.tasks = [...this.tasks.values()];
    if (this.instances.size > 0) changes.instances = [...this.instances.values()];
    if (this.latest.size > 0) changes.latestKwargs = Object.fromEntries(this.latest);
    this.tasks = new Map();
    this.instances = new Map();
    this.latest = new Map();
    return changes;
  }
}

/** A session's state as the journal rebuilds it. */
export interface JournalState {
  tasks: Map<string, TaskConfig>;
  instances: Map<string, TaskInstance>;
  latestKwargs: TriggerKwargs;
}

export function emptyJournalState(): JournalState {
  return { tasks: new Map(), instances: new Map(), latestKwargs: {} };
}

/** Applies events in order to `state` (a copy of it is not made: pass a fresh or cloned one). */
export function applyEvents(state: JournalState, events: Iterable<Pick<EngineEvent, 'changes'>>): JournalState {
  for (const { changes } of events) {
    for (const task of changes.tasks ?? []) state.tasks.set(task.name, task);
    for (const instance of changes.instances ?? []) state.instances.set(instance.name, instance);
    Object.assign(state.latestKwargs, changes.latestKwargs ?? {});
  }
  return state;
}

/** Rebuilds the session from its events (oldest first). */
export function replayJournal(events: Iterable<Pick<EngineEvent, 'changes'>>, from: JournalState = emptyJournalState()): JournalState {
  return applyEvents(from, events);
}

/** The rebuilt state as `store.debugRepr()` would show it. */
export function journalDebugRepr(state: JournalState): DebugRepr {
  return buildDebugRepr([...state.tasks.values()], [...state.instances.values()], state.latestKwargs);
}

/** A JSON-safe copy of a state (for checkpoints) and back. */
export function serializeJournalState(state: JournalState): { tasks: TaskConfig[]; instances: TaskInstance[]; latestKwargs: TriggerKwargs } {
  return copyJson({ tasks: [...state.tasks.values()], instances: [...state.instances.values()], latestKwargs: state.latestKwargs });
}

export function deserializeJournalState(value: { tasks: TaskConfig[]; instances: TaskInstance[]; latestKwargs: TriggerKwargs }): JournalState {
  return {
    tasks: new Map(value.tasks.map((t) => [t.name, t])),
    instances: new Map(value.instances.map((i) => [i.name, i])),
    latestKwargs: { ...value.latestKwargs },
  };
}

/** Which metadata keys a change set, changed or removed (shallow), for an event's words. */
export function metadataDelta(before: InstanceMetadata, after: InstanceMetadata): { set: Record<string, unknown>; removed: string[] } {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) set[key] = value;
  }
  const removed = Object.keys(before).filter((key) => !(key in after));
  return { set, removed };
}

/** Filters and orders events as an EventQuery asks (the memory store's reads; SQL elsewhere). */
export function queryEvents(events: readonly EngineEvent[], query: EventQuery = {}): EngineEvent[] {
  let selected = events.filter(
    (e) =>
      (query.afterSeq === undefined || e.seq > query.afterSeq) &&
      (query.beforeSeq === undefined || e.seq < query.beforeSeq) &&
      (!query.kinds || query.kinds.includes(e.kind)) &&
      (query.task === undefined || e.task === query.task) &&
      (query.instance === undefined || e.instance === query.instance),
  );
  if (query.order === 'desc') selected = [...selected].reverse();
  if (query.limit !== undefined) selected = selected.slice(0, query.limit);
  return copyJson(selected);
}
