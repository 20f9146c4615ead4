/**
 * Seeds a database with ~35 trigger sessions in varied states, THROUGH THE ENGINE
 * (TriggerManager + PostgresStore + InlineRunner), for the dashboard's query-layer tests.
 *
 * Sessions are written one after the other with a short pause in between, so their last
 * activity (sessions.updated_at) is strictly ordered, except for the `qa-tie-*` sessions,
 * which are written inside one database transaction and so share the same `now()`.
 * The `qa-clock-*` sessions use a fixed engine clock, so their failed instances share an
 * exact failure time (ties in the failed inbox) at known instants (since/until boundaries).
 */
import { PostgresStore, type Database } from '@/lib/db';
import {
  InlineRunner,
  TaskRegistry,
  TriggerManager,
  type Configuration,
  type Kwargs,
  type TaskContext,
} from '@/lib/triggers';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A custom error class, as an application would throw. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  readonly context = { field: 'email' };
}

type FailureKind = 'TypeError' | 'Error' | 'ValidationError';

function makeError(kind: FailureKind, message: string): Error {
  switch (kind) {
    case 'TypeError':
      return new TypeError(message);
    case 'ValidationError':
      return new ValidationError(message);
    case 'Error':
      return new Error(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `work`: fails when any trigger's kwargs carry `failAt: { <its task>: <error kind> }`, else
 * finishes and passes `failAt` on, so a failure can be planted anywhere down a chain.
 * `flaky`: retries itself (ctx.retry) until its replay depth reaches 2, then finishes.
 * `alwaysRetry`: retries until MaxRetriesExceeded (maxRetries 1). `selfSkip`: ctx.skip().
 */
export function seedRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('work', (ctx: TaskContext) => {
      const task = ctx.instanceName.slice(0, ctx.instanceName.lastIndexOf('#'));
      const failAt: Record<string, unknown> = {};
      for (const kwargs of Object.values(ctx.triggerKwargs)) {
        if (isRecord(kwargs.failAt)) Object.assign(failAt, kwargs.failAt);
      }
      const kind = failAt[task];
      if (typeof kind === 'string') throw makeError(kind as FailureKind, `${task} failed (${ctx.instanceName})`);
      return { failAt, from: ctx.instanceName };
    })
    .register(
      'flaky',
      (ctx: TaskContext) => {
        if (ctx.retries < 2) ctx.retry({ cause: new Error(`transient failure #${ctx.retries}`) });
        return { attempts: ctx.retries + 1 };
      },
      { maxRetries: 5 },
    )
    .register('alwaysRetry', (ctx: TaskContext) => ctx.retry(), { maxRetries: 1 })
    .register('selfSkip', (ctx: TaskContext) => ctx.skip({ reason: 'nothing to do' }));
}

/** Three chained tasks, deliberately not in alphabetical order. */
export const CHAIN: Configuration = {
  t_zeta_import: { after: ['start'], run: 'work' },
  t_alpha_process: { after: ['t_zeta_import'], run: 'work' },
  t_mid_notify: { after: ['t_alpha_process'], run: 'work' },
};
export const CHAIN_ORDER = ['t_zeta_import', 't_alpha_process', 't_mid_notify'];

/** Two parallel tasks joined by a third. */
export const FORK: Configuration = {
  t_right: { after: ['start'], run: 'work' },
  t_left: { after: ['start'], run: 'work' },
  t_join: { after: ['t_left', 't_right'], run: 'work' },
};

/** Two parallel tasks, nothing after. */
export const PAIR: Configuration = {
  t_b: { after: ['start'], run: 'work' },
  t_a: { after: ['start'], run: 'work' },
};

/** A gate that waits for two triggers and is abandoned by a third. */
export const GATE: Configuration = {
  t_gate: { after: ['opened', 'approved'], unless: ['cancelled'], run: 'work' },
};

export const PAGE_COUNT = 120;
/** Pages whose instance fails, and how. */
export const FAILING_PAGES: Record<number, FailureKind> = { 13: 'Error', 53: 'TypeError', 93: 'Error' };

/** Instants of the fixed engine clocks (ISO, millisecond precision as the engine writes them). */
export const CLOCK_T0 = '2021-06-01T12:00:00.000Z';
export const CLOCK_T1 = '2021-06-01T12:00:00.001Z';

export interface ReplayChain {
  uid: string;
  /** Oldest first: the original, then each clone. */
  names: [string, string, string];
}

export interface SeededWorld {
  uids: string[];
  /** A failed chain of depth 2 whose leaf is still failed. */
  chainFailed: ReplayChain;
  /** A failed chain of depth 2 whose leaf finished (replayed with corrected kwargs). */
  chainRecovered: ReplayChain;
  /** A depth-2 chain made by the handler retrying itself. */
  chainRetried: ReplayChain;
  pagesUid: string;
  pageTask: string;
  tieUids: string[];
  /** Sessions whose tasks were configured in two calls (a task appended later). */
  reconfiguredUid: string;
}

interface Ctx {
  db: Database;
  registry: TaskRegistry;
  uids: string[];
}

async function session(
  c: Ctx,
  uid: string,
  script: (manager: TriggerManager, runner: InlineRunner) => Promise<void>,
  options: { clock?: () => Date } = {},
): Promise<void> {
  const runner = new InlineRunner();
  const manager = new TriggerManager(new PostgresStore(c.db, uid), {
    registry: c.registry,
    runner,
    clock: options.clock,
  });
  await script(manager, runner);
  await runner.drain();
  c.uids.push(uid);
  // Strictly increasing last activity from one session to the next.
  await sleep(6);
}

const failAt = (task: string, kind: FailureKind): Kwargs => ({ failAt: { [task]: kind } });

/** Seeds every session; returns what the tests need to find their way. */
export async function seedSessions(db: Database): Promise<SeededWorld> {
  const c: Ctx = { db, registry: seedRegistry(), uids: [] };

  const chain = async (uid: string, kwargs: Kwargs = {}) =>
    session(c, uid, async (m) => {
      await m.updateConfiguration(CHAIN);
      await m.fire('start', kwargs);
    });

  // Healthy sessions.
  for (let n = 1; n <= 5; n += 1) await chain(`qa-ok-0${n}`, { n });

  // Failed instances, three exception types, at different depths of the chain.
  await chain('qa-fail-type', failAt('t_zeta_import', 'TypeError'));
  await chain('qa-fail-error', failAt('t_alpha_process', 'Error'));
  await chain('qa-fail-validation', failAt('t_mid_notify', 'ValidationError'));
  await session(c, 'qa-fail-multi', async (m) => {
    await m.updateConfiguration(FORK);
    await m.fire('start', { failAt: { t_left: 'TypeError', t_right: 'ValidationError' } });
  });

  // Replay chains of depth 2.
  const chainFailed: ReplayChain = {
    uid: 'qa-replay-d2-failed',
    names: ['t_zeta_import#0', 't_zeta_import#1', 't_zeta_import#2'],
  };
  await session(c, chainFailed.uid, async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_zeta_import', 'Error'));
    await runner.drain();
    await m.replayFailedInstance('t_zeta_import#0'); // same kwargs: fails again
    await runner.drain();
    await m.replayFailedInstance('t_zeta_import#1'); // and again
  });
  const chainRecovered: ReplayChain = {
    uid: 'qa-replay-d2-ok',
    names: ['t_alpha_process#0', 't_alpha_process#1', 't_alpha_process#2'],
  };
  await session(c, chainRecovered.uid, async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_alpha_process', 'TypeError'));
    await runner.drain();
    await m.replayFailedInstance('t_alpha_process#0');
    await runner.drain();
    await m.replayFailedInstance('t_alpha_process#1', { t_zeta_import: { corrected: true } });
  });
  await session(c, 'qa-replay-d1', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_zeta_import', 'ValidationError'));
    await runner.drain();
    await m.replayFailedInstance('t_zeta_import#0', { start: { corrected: true } });
  });
  const chainRetried: ReplayChain = { uid: 'qa-retry', names: ['t_flaky#0', 't_flaky#1', 't_flaky#2'] };
  await session(c, chainRetried.uid, async (m) => {
    await m.updateConfiguration({ t_flaky: { after: ['start'], run: 'flaky' } });
    await m.fire('start');
  });

  await session(c, 'qa-retry-exhausted', async (m) => {
    await m.updateConfiguration({ t_stubborn: { after: ['start'], run: 'alwaysRetry' } });
    await m.fire('start');
  });

  // A join fed by two parallel tasks (the second cascade applies to an existing instance).
  await session(c, 'qa-fork-ok', async (m) => {
    await m.updateConfiguration(FORK);
    await m.fire('start');
  });

  // Skips: by the handler itself, and by an operator with and without cascade.
  await session(c, 'qa-self-skip', async (m) => {
    await m.updateConfiguration({
      t_skipper: { after: ['start'], run: 'selfSkip' },
      t_after_skip: { after: ['t_skipper'], run: 'work' },
    });
    await m.fire('start');
  });
  await session(c, 'qa-skip-plain', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_zeta_import', 'TypeError'));
    await runner.drain();
    await m.skipFailedInstance('t_zeta_import#0');
  });
  await session(c, 'qa-skip-cascade', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_zeta_import', 'Error'));
    await runner.drain();
    await m.skipFailedInstance('t_zeta_import#0', { cascade: true, result: { skipped: true } });
  });
  await session(c, 'qa-skip-cascade-fail', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start', failAt('t_zeta_import', 'Error'));
    await runner.drain();
    await m.skipFailedInstance('t_zeta_import#0', {
      cascade: true,
      result: failAt('t_alpha_process', 'ValidationError'),
    });
  });

  // Abandonment (an existing unstarted instance, and one created and abandoned at once), waiting.
  await session(c, 'qa-abandoned', async (m) => {
    await m.updateConfiguration(GATE);
    await m.fire('opened');
    await m.fire('cancelled');
  });
  await session(c, 'qa-abandoned-at-once', async (m) => {
    await m.updateConfiguration(GATE);
    await m.fire('cancelled');
  });
  await session(c, 'qa-waiting', async (m) => {
    await m.updateConfiguration(GATE);
    await m.fire('opened', { door: 1 });
  });

  // A task never triggered (configured in a second call), and a session never fired.
  const reconfiguredUid = 'qa-never';
  await session(c, reconfiguredUid, async (m) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start');
    await m.updateConfiguration({
      t_never: { after: ['neverFired'], run: 'work' },
      t_zeta_import: { after: ['start'], run: 'work', withParams: { start: { replaced: true } } },
    });
  });
  await session(c, 'qa-config-only', async (m) => {
    await m.updateConfiguration(CHAIN);
  });
  // A trigger fired in a session without any task.
  await session(c, 'qa-empty-fired', async (m) => {
    await m.fire('orphan', { lonely: true });
  });

  // andEvery: 120 pages (three of them fail, one failed page is replayed and finishes).
  const pagesUid = 'qa-every-pages';
  await session(c, pagesUid, async (m, runner) => {
    await m.updateConfiguration({
      t_begin: { after: ['begin'], run: 'work' },
      t_page: { after: ['begin'], andEvery: 'page', run: 'work' },
    });
    await m.fire('begin', { book: 'b-1' });
    for (let n = 0; n < PAGE_COUNT; n += 1) {
      const kind = FAILING_PAGES[n];
      await m.fire('page', kind ? { n, ...failAt('t_page', kind) } : { n });
      if (n % 20 === 19) await runner.drain();
    }
    await runner.drain();
    await m.replayFailedInstance('t_page#53', { begin: { book: 'b-1' }, page: { n: 53 } });
  });

  // A status set by hand (a worker lost), then an operator note (metadata only).
  await session(c, 'qa-manual-status', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start');
    await runner.drain();
    await m.updateInstanceStatus('t_mid_notify#0', 'failed', {
      metadata: { exceptionType: 'WorkerLost', exceptionMessage: 'worker stopped answering' },
    });
    await m.updateInstanceMetadata('t_mid_notify#0', { ticket: 'SUP-1' });
  });

  // uids with LIKE wildcards and a backslash.
  await chain('qa_u-1');
  await chain('qa_u-2', failAt('t_zeta_import', 'TypeError'));
  await chain('qa%p-1', failAt('t_mid_notify', 'Error'));
  await chain('qa%p-2');
  await chain('qa\\b-1');

  // Another prefix; a handler that is not registered.
  await chain('ops-ok-1');
  await chain('ops-fail-validation', failAt('t_alpha_process', 'ValidationError'));
  await session(c, 'ops-missing-handler', async (m) => {
    await m.updateConfiguration({ t_ghost: { after: ['start'], run: 'notRegistered' } });
    await m.fire('start');
  });
  // Failed by hand without any exception type.
  await session(c, 'ops-manual-failed', async (m, runner) => {
    await m.updateConfiguration(CHAIN);
    await m.fire('start');
    await runner.drain();
    await m.updateInstanceStatus('t_alpha_process#0', 'failed');
  });

  // Fixed clocks: four failures at exactly CLOCK_T0, one at CLOCK_T1.
  const at = (iso: string) => () => new Date(iso);
  for (const uid of ['qa-clock-a', 'qa-clock-b']) {
    await session(
      c,
      uid,
      async (m) => {
        await m.updateConfiguration(PAIR);
        await m.fire('start', { failAt: { t_a: 'Error', t_b: 'Error' } });
      },
      { clock: at(CLOCK_T0) },
    );
  }
  await session(
    c,
    'qa-clock-c',
    async (m) => {
      await m.updateConfiguration(PAIR);
      await m.fire('start', failAt('t_a', 'TypeError'));
    },
    { clock: at(CLOCK_T1) },
  );

  // Three sessions written in one transaction: the same now(), so the same last activity.
  const tieUids = ['qa-tie-a', 'qa-tie-b', 'qa-tie-c'];
  await db.transaction(async (tx) => {
    for (const uid of tieUids) {
      const manager = new TriggerManager(new PostgresStore(tx as unknown as Database, uid), {
        registry: c.registry,
      });
      await manager.updateConfiguration(GATE);
      await manager.fire('opened', { uid });
    }
  });
  c.uids.push(...tieUids);
  await sleep(6);

  // The newest session.
  await chain('qa-ok-last');

  return {
    uids: c.uids,
    chainFailed,
    chainRecovered,
    chainRetried,
    pagesUid,
    pageTask: 't_page',
    tieUids,
    reconfiguredUid,
  };
}
