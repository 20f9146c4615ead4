/**
 * A small vocabulary for writing demo sessions as stories: fire triggers, let the runs finish,
 * then act as support staff would ("later", replay, skip). Every change goes through the
 * engine's manager, exactly as the dashboard and the application would make it.
 *
 * `later(seconds)` marks the start of a new phase of the story. The engine stamps real time;
 * afterwards `applyTimeline` (timeline.ts) moves each phase back so that the story spans
 * minutes, hours or days, and the whole session ends `ago` seconds before the seeding.
 */
import type { Configuration, Kwargs, TaskInstance, TriggerKwargs, TriggerManager } from '@/lib/triggers';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { QUESTIONNAIRE_WORKFLOW } from '@/lib/tasks';

export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A point of real time from which everything happened `gapSeconds` later than it really did. */
export interface PhaseMark {
  at: Date;
  gapSeconds: number;
}

export interface SeededStory {
  uid: string;
  /** Seconds between the session's last activity and the end of seeding. */
  ago: number;
  phases: PhaseMark[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DemoSession {
  readonly phases: PhaseMark[] = [];
  readonly manager: TriggerManager;

  constructor(
    readonly uid: string,
    private readonly runtime: EngineRuntime,
  ) {
    this.manager = runtime.managerFor(uid);
  }

  /** The questionnaire workflow, with per-session overrides of some tasks. */
  configure(overrides: Configuration = {}): Promise<void> {
    return this.manager.updateConfiguration({ ...QUESTIONNAIRE_WORKFLOW, ...overrides });
  }

  fire(trigger: string, kwargs: Kwargs = {}): Promise<TaskInstance[]> {
    return this.manager.fire(trigger, kwargs);
  }

  /** Waits until every run and cascade started so far has ended. */
  settle(): Promise<void> {
    return this.runtime.inline.drain();
  }

  /**
   * Lets the runs end, then starts a new phase: what happens next happened `gapSeconds` after
   * what came before. Real time moves on by a couple of milliseconds so that no timestamp of
   * the previous phase equals the mark.
   */
  async later(gapSeconds: number): Promise<void> {
    await this.settle();
    const at = new Date(Date.now() + 1);
    while (Date.now() <= at.getTime()) await sleep(1);
    this.phases.push({ at, gapSeconds });
  }

  instance(name: string): Promise<TaskInstance> {
    return this.manager.store.instance(name);
  }

  /** Support replays a failed instance, optionally with corrected kwargs (they replace, not merge). */
  async replay(name: string, replacementKwargs?: TriggerKwargs): Promise<TaskInstance> {
    const clone = await this.manager.replayFailedInstance(name, replacementKwargs);
    await this.settle();
    return clone;
  }

  /** Support replays with the failed instance's kwargs, changing only one trigger's. */
  async replayWith(name: string, trigger: string, kwargs: Kwargs): Promise<TaskInstance> {
    const failed = await this.instance(name);
    return this.replay(name, { ...failed.kwargs, [trigger]: kwargs });
  }

  async skip(name: string, options: { cascade?: boolean; result?: Kwargs } = {}): Promise<void> {
    await this.manager.skipFailedInstance(name, options);
    await this.settle();
  }

  async note(name: string, metadata: Kwargs): Promise<void> {
    await this.manager.updateInstanceMetadata(name, metadata);
  }

  async logsRead(name: string): Promise<void> {
    await this.manager.markInstanceLogsResolved(name);
  }
}
