import { describe, expect, it } from 'vitest';
import { InvalidStatusError, type Configuration } from '@/lib/triggers';
import {
  type GetFactory,
  type StoreCapabilities,
  GateRunner,
  type Session,
  names,
  newSession,
  resultOf,
  sleep,
  statusOf,
  waitFor,
  withTimeout,
} from '../helpers';

const N = 20;

/** Settles both; expects exactly one fulfilled and one InvalidStatusError. */
async function expectOneWinner(results: PromiseSettledResult<unknown>[]): Promise<void> {
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(fulfilled).toHaveLength(1);
  expect(rejected).toHaveLength(1);
  expect(rejected[0]?.reason).toBeInstanceOf(InvalidStatusError);
}

async function failedSession(getFactory: GetFactory, uid?: string): Promise<Session> {
  const s = await newSession(getFactory, {
    uid,
    config: { t_x: { after: ['go'], run: 'failing' }, t_next: { after: ['t_x'], run: 'passThru' } },
  });
  await s.fireDrain('go');
  expect(await statusOf(s.store, 't_x#0')).toBe('failed');
  return s;
}

export function lockingSuite(getFactory: GetFactory, capabilities: StoreCapabilities): void {
  describe('locking and concurrency (section 19)', () => {
    it('19: many concurrent fires of different triggers on one session all take effect', async () => {
      const config: Configuration = {};
      const triggers = Array.from({ length: N }, (_, i) => `trig${i}`);
      for (const [i, trigger] of triggers.entries()) config[`t_${i}`] = { after: [trigger], run: 'passThru' };
      config.t_all = { after: triggers, run: 'devNull' };
      const s = await newSession(getFactory, { config });
      await Promise.all(triggers.map((t, i) => s.manager.fire(t, { i })));
      await s.drain();
      const all = await s.store.instances();
      expect(Object.keys(all).sort()).toEqual([...triggers.map((_, i) => `t_${i}#0`), 't_all#0'].sort());
      for (const [i, trigger] of triggers.entries()) {
        expect(all[`t_${i}#0`]?.status).toBe('finished');
        expect(all[`t_${i}#0`]?.metadata.result).toEqual({ kwargs: { [trigger]: { i } } });
      }
      expect(all['t_all#0']?.status).toBe('finished');
      expect(Object.keys(all['t_all#0']?.kwargs ?? {}).sort()).toEqual([...triggers].sort());
      const latest = await s.store.latestKwargs();
      for (const [i, trigger] of triggers.entries()) expect(latest[trigger]).toEqual({ i });
    });

    it('19: concurrent fires of one andEvery trigger create exactly one instance each, no duplicates', async () => {
      const s = await newSession(getFactory, { config: { t_every: { after: [], andEvery: 'tick', run: 'passThru' } } });
      const results = await Promise.all(Array.from({ length: N }, (_, n) => s.manager.fire('tick', { n })));
      await s.drain();
      const scheduledNames = results.flatMap((r) => names(r));
      expect(new Set(scheduledNames).size).toBe(N);
      const list = await s.store.instancesOfTask('t_every');
      expect(names(list)).toEqual(Array.from({ length: N }, (_, n) => `t_every#${n}`));
      const seen = list.map((i) => (i.kwargs.tick as { n: number }).n).sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: N }, (_, n) => n));
      for (const i of list) expect(i.status).toBe('finished');
    });

    it('19: concurrent fires of all triggers of a one-shot task create exactly one instance', async () => {
      const triggers = ['a', 'b', 'c', 'd', 'e', 'f'];
      const s = await newSession(getFactory, { config: { t_once: { after: triggers, run: 'passThru' } } });
      await Promise.all(triggers.map((t) => s.manager.fire(t, { t })));
      await s.drain();
      const list = await s.store.instancesOfTask('t_once');
      expect(names(list)).toEqual(['t_once#0']);
      expect(list[0]?.status).toBe('finished');
      expect(Object.keys(list[0]?.kwargs ?? {}).sort()).toEqual(triggers);
      expect(s.calls).toHaveLength(1);
    });

    it('19: concurrent andEvery firings while deferred instances wait: one instance per firing', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['gate'], andEvery: 'tick', run: 'passThru' } },
      });
      await Promise.all(Array.from({ length: 10 }, (_, n) => s.manager.fire('tick', { n })));
      const list = await s.store.instancesOfTask('t_x');
      expect(list).toHaveLength(10);
      expect(new Set(list.map((i) => (i.kwargs.tick as { n: number }).n)).size).toBe(10);
      const released = await Promise.all([s.manager.fire('gate'), s.manager.fire('gate')]);
      await s.drain();
      expect(released.flatMap((r) => names(r)).sort()).toEqual(names(list).sort());
      for (const i of await s.store.instancesOfTask('t_x')) expect(i.status).toBe('finished');
    });

    it('19: two concurrent replays of one failed instance give exactly one clone and one InvalidStatusError', async () => {
      const s = await failedSession(getFactory);
      const results = await Promise.allSettled([
        s.manager.replayFailedInstance('t_x#0'),
        s.manager.replayFailedInstance('t_x#0'),
      ]);
      await s.drain();
      await expectOneWinner(results);
      expect(names(await s.store.instancesOfTask('t_x'))).toEqual(['t_x#0', 't_x#1']);
      expect(await statusOf(s.store, 't_x#0')).toBe('replayed');
    });

    it('19: two concurrent skips of one failed instance: one succeeds, one InvalidStatusError; one cascade', async () => {
      const s = await failedSession(getFactory);
      const results = await Promise.allSettled([
        s.manager.skipFailedInstance('t_x#0', { cascade: true, result: { r: 1 } }),
        s.manager.skipFailedInstance('t_x#0', { cascade: true, result: { r: 2 } }),
      ]);
      await s.drain();
      await expectOneWinner(results);
      expect(await statusOf(s.store, 't_x#0')).toBe('skipped');
      expect(names(await s.store.instancesOfTask('t_next'))).toEqual(['t_next#0']);
      const winner = results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ metadata: { skippedResult?: unknown } }>;
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: winner.value.metadata.skippedResult } });
    });

    it('19: a replay racing a skip of the same instance: exactly one of them succeeds', async () => {
      const s = await failedSession(getFactory);
      const results = await Promise.allSettled([
        s.manager.replayFailedInstance('t_x#0'),
        s.manager.skipFailedInstance('t_x#0'),
      ]);
      await s.drain();
      await expectOneWinner(results);
      const status = await statusOf(s.store, 't_x#0');
      expect(['replayed', 'skipped']).toContain(status);
      expect(await s.store.instancesOfTask('t_x')).toHaveLength(status === 'replayed' ? 2 : 1);
    });

    it('19: concurrent metadata updates and configuration updates lose nothing', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'devNull' } } });
      await s.fireDrain('go');
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => s.manager.updateInstanceMetadata('t_x#0', { [`k${i}`]: i })),
        ...Array.from({ length: 10 }, (_, i) =>
          s.manager.updateConfiguration({ [`t_new${i}`]: { after: [`n${i}`], run: 'devNull' } }),
        ),
      ]);
      const m = (await s.store.instance('t_x#0')).metadata;
      for (let i = 0; i < 10; i += 1) expect(m[`k${i}`]).toBe(i);
      expect(Object.keys(await s.store.tasks())).toHaveLength(11);
    });

    if (capabilities.concurrentTransactions) {
      it('19: the lock is per session — while one session\'s lock is held, other uids proceed; reads never wait', async () => {
        let gate: GateRunner | undefined;
        const a = await newSession(getFactory, {
          wrapRunner: (inline) => (gate = new GateRunner(inline)),
          config: { t_x: { after: ['go'], run: 'passThru' }, t_y: { after: ['other'], run: 'passThru' } },
        });
        const b = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
        let firstDone = false;
        let secondDone = false;
        // run() of A's runner is called under A's lock and does not return until the gate opens
        const first = a.manager.fire('go', { v: 1 }).then(() => { firstDone = true; });
        await waitFor(() => (gate?.entered.length ?? 0) === 1);
        const second = a.manager.fire('other', { v: 2 }).then(() => { secondDone = true; });

        try {
          // another session is not blocked
          expect(await withTimeout(b.fireDrain('go', { v: 'b' }), 3000, 'a fire in another session')).toEqual(['t_x#0']);
          expect(await resultOf(b.store, 't_x#0')).toEqual({ kwargs: { go: { v: 'b' } } });
          // reads take no lock
          await withTimeout(a.store.latestKwargs(), 1000, 'latestKwargs() while the lock is held');
          await withTimeout(a.store.instances(), 1000, 'instances() while the lock is held');
          await withTimeout(a.store.debugRepr(), 1000, 'debugRepr() while the lock is held');
          await sleep(30);
          expect(firstDone).toBe(false);
          // the same session waits for the lock
          expect(secondDone).toBe(false);
        } finally {
          gate?.open();
        }
        await Promise.all([first, second]);
        await a.drain();
        expect(await resultOf(a.store, 't_x#0')).toEqual({ kwargs: { go: { v: 1 } } });
        expect(await resultOf(a.store, 't_y#0')).toEqual({ kwargs: { other: { v: 2 } } });
      });
    }

    if (!capabilities.concurrentTransactions) {
      it('19: on a single-connection database other sessions wait for a held lock, then proceed (no deadlock)', async () => {
        let gate: GateRunner | undefined;
        const a = await newSession(getFactory, {
          wrapRunner: (inline) => (gate = new GateRunner(inline)),
          config: { t_x: { after: ['go'], run: 'passThru' } },
        });
        const b = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
        const first = a.manager.fire('go', { v: 1 });
        await waitFor(() => (gate?.entered.length ?? 0) === 1);
        let otherDone = false;
        const other = b.fireDrain('go', { v: 'b' }).then((scheduled) => {
          otherDone = true;
          return scheduled;
        });
        await sleep(50);
        expect(otherDone).toBe(false);
        gate?.open();
        await first;
        expect(await withTimeout(other, 5000, 'the other session after the lock was released')).toEqual(['t_x#0']);
        await a.drain();
        expect(await resultOf(a.store, 't_x#0')).toEqual({ kwargs: { go: { v: 1 } } });
        expect(await resultOf(b.store, 't_x#0')).toEqual({ kwargs: { go: { v: 'b' } } });
      });
    }

    if (!capabilities.sharesStateAcrossObjects) {
      it('§2: two store objects with equal uids never share state', async () => {
        const one = await newSession(getFactory, { config: { t_x: { after: ['a'], run: 'passThru' } } });
        const two = await newSession(getFactory, { uid: one.uid, registry: one.registry });
        await one.fireDrain('a', { from: 'one' });
        expect(await two.store.instances()).toEqual({});
        expect(await two.store.latestKwargs()).toEqual({});
        expect(await two.store.tasks()).toEqual({});
      });
    }

    if (capabilities.sharesStateAcrossObjects) describe('edge 36: two store objects on the same uid (stores that share state)', () => {
      it('each sees the other\'s committed changes', async () => {
        const one = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'passThru' } } });
        const two = await newSession(getFactory, { uid: one.uid, registry: one.registry });
        await one.fireDrain('a', { from: 'one' });
        expect(await two.store.instance('t_x#0')).toEqual(await one.store.instance('t_x#0'));
        await two.fireDrain('b', { from: 'two' });
        expect(await resultOf(one.store, 't_x#0')).toEqual({ kwargs: { a: { from: 'one' }, b: { from: 'two' } } });
      });

      it('concurrent fires through both never lose an update nor duplicate an instance', async () => {
        const triggers = Array.from({ length: 10 }, (_, i) => `trig${i}`);
        const config: Configuration = {
          t_every: { after: [], andEvery: 'tick', run: 'devNull' },
          t_once: { after: triggers, run: 'devNull' },
        };
        const one = await newSession(getFactory, { config });
        const two = await newSession(getFactory, { uid: one.uid, registry: one.registry });
        await Promise.all([
          ...triggers.map((t, i) => (i % 2 ? one : two).manager.fire(t, { i })),
          ...Array.from({ length: 10 }, (_, n) => (n % 2 ? one : two).manager.fire('tick', { n })),
        ]);
        await Promise.all([one.drain(), two.drain()]);
        expect(names(await one.store.instancesOfTask('t_every'))).toEqual(
          Array.from({ length: 10 }, (_, n) => `t_every#${n}`),
        );
        const once = await one.store.instancesOfTask('t_once');
        expect(names(once)).toEqual(['t_once#0']);
        expect(Object.keys(once[0]?.kwargs ?? {}).sort()).toEqual([...triggers].sort());
        expect(Object.keys(await two.store.latestKwargs()).sort()).toEqual(
          [...triggers, 'tick', 't_every', 't_once'].sort(),
        );
      });

      it('concurrent replays through both give exactly one clone', async () => {
        const one = await failedSession(getFactory);
        const two = await newSession(getFactory, { uid: one.uid, registry: one.registry });
        const results = await Promise.allSettled([
          one.manager.replayFailedInstance('t_x#0'),
          two.manager.replayFailedInstance('t_x#0'),
        ]);
        await Promise.all([one.drain(), two.drain()]);
        await expectOneWinner(results);
        expect(names(await one.store.instancesOfTask('t_x'))).toEqual(['t_x#0', 't_x#1']);
      });

      it('concurrent skips through both: exactly one succeeds', async () => {
        const one = await failedSession(getFactory);
        const two = await newSession(getFactory, { uid: one.uid, registry: one.registry });
        const results = await Promise.allSettled([
          one.manager.skipFailedInstance('t_x#0', { cascade: true }),
          two.manager.skipFailedInstance('t_x#0', { cascade: true }),
        ]);
        await Promise.all([one.drain(), two.drain()]);
        await expectOneWinner(results);
        expect(names(await two.store.instancesOfTask('t_next'))).toEqual(['t_next#0']);
      });
    });
  });
}
