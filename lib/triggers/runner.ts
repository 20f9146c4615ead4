import type { TriggerManager } from './manager';
import type { SessionTransaction } from './store';
import type { InstanceMetadata, TaskInstance } from './types';

/** Where a dispatch happens: the session and the transaction it will commit with. */
export interface DispatchContext {
  uid: string;
  /** Work a runner does through it (e.g. enqueueing a job) commits or rolls back with the change. */
  transaction: SessionTransaction;
}

/**
 * Executes scheduled instances. `run()` is called under the session lock, after the state is
 * saved and just before the instance is marked `scheduled`: it must only dispatch (enqueue),
 * never wait for the handler.
 */
export interface TaskRunner {
  readonly name: string;
  /**
   * True when `run()` executes statements in the dispatch transaction (e.g. enqueues a job):
   * each dispatch then runs in a savepoint, so a failing statement fails only that instance.
   * Runners that only touch memory leave it unset and cost no extra round trips.
   */
  readonly writesToTransaction?: boolean;
  run(manager: TriggerManager, instance: TaskInstance, context?: DispatchContext): Promise<void>;
}

interface QueuedRun {
  manager: TriggerManager;
  instanceName: string;
  /** The run starts only after the operation that dispatched it (and its hook) has finished. */
  after: Promise<void>;
}

/**
 * Runs instances in this process, one at a time in FIFO order, each starting in a later
 * macrotask. Ignores `cooldown`. Used by tests, scripts and the embedded demo.
 *
 * @example
 * const runner = new InlineRunner();
 * const manager = new TriggerManager(new MemoryStore('s1'), { registry, runner });
 * await manager.fire('firstPageReceived');
 * await runner.drain(); // every run and cascade has ended
 */
export class InlineRunner implements TaskRunner {
  readonly name: string;
  private readonly queue: QueuedRun[] = [];
  private busy = false;
  private pumpPending = false;
  private idleWaiters: Array<() => void> = [];
  private failure: { error: unknown } | null = null;

  private readonly runMetadata: InstanceMetadata | undefined;

  /** `runMetadata` is merged into each instance's metadata when its run starts (who runs it). */
  constructor(options: { name?: string; runMetadata?: InstanceMetadata } = {}) {
    this.name = options.name ?? 'inline';
    this.runMetadata = options.runMetadata;
  }

  async run(manager: TriggerManager, instance: TaskInstance): Promise<void> {
    this.queue.push({
      manager,
      instanceName: instance.name,
      after: manager.currentOperationSettled(),
    });
    this.schedulePump();
  }

  /**
   * Resolves when nothing is queued or running, including runs queued meanwhile by cascades,
   * replays and retries. Rejects with the first engine error (not handler error) seen since
   * the last drain.
   */
  async drain(): Promise<void> {
    while (this.busy || this.pumpPending || this.queue.length > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      throw error;
    }
  }

  /** Number of runs waiting or in progress. */
  get pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  private schedulePump(): void {
    if (this.busy || this.pumpPending) return;
    this.pumpPending = true;
    setImmediate(() => {
      this.pumpPending = false;
      void this.runNext();
    });
  }

  private async runNext(): Promise<void> {
    const next = this.queue.shift();
    if (!next) {
      this.notifyIdle();
      return;
    }
    this.busy = true;
    try {
      await next.after;
      await next.manager.runInstance(next.instanceName, { metadata: this.runMetadata });
    } catch (error) {
      this.failure ??= { error };
    } finally {
      this.busy = false;
    }
    if (this.queue.length > 0) this.schedulePump();
    else this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.busy || this.pumpPending || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
