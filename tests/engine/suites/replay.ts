import { describe, expect, it } from 'vitest';
import {
  InstanceNotFoundError,
  InvalidStatusError,
  type InstanceStatus,
  type TriggerKwargs,
} from '@/lib/triggers';
import {
  type GetFactory,
  HoldingRunner,
  expectRejects,
  logsResolved,
  names,
  newSession,
  resultOf,
  sleep,
  statusOf,
  table,
} from '../helpers';

const NOT_FAILED: InstanceStatus[] = ['unstarted', 'scheduled', 'running', 'finished', 'replayed', 'skipped', 'abandoned'];

export function replaySuite(getFactory: GetFactory): void {
  describe('replaying a failed instance (section 12)', () => {
    it('12: acceptance example — replacement kwargs replace wholesale; the clone cascades', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived'], run: 'failing' },
          t_bravo: { after: ['t_alpha'], run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived', { stale: 'value' });
      const failed = await s.store.instance('t_alpha#0');
      expect(failed.status).toBe('failed');
      await s.manager.updateConfiguration({ t_alpha: { after: ['formReceived'], run: 'passThru' } });
      await sleep(2);
      const replacement = { formReceived: { name: 'corrected' }, supplement: { unused: true } };
      const clone = await s.manager.replayFailedInstance('t_alpha#0', replacement);
      expect(clone.name).toBe('t_alpha#1');
      expect(clone.task).toBe('t_alpha');
      expect(clone.status).toBe('scheduled');
      expect(clone.kwargs).toEqual(replacement);
      expect(clone.metadata.parent).toBe('t_alpha#0');
      expect(clone.metadata.depth).toBe(1);

      const original = await s.store.instance('t_alpha#0');
      expect(original.status).toBe('replayed');
      expect(original.kwargs).toEqual({ formReceived: { stale: 'value' } });
      const { timestamps: beforeTs, ...beforeRest } = failed.metadata;
      const { timestamps: afterTs, ...afterRest } = original.metadata;
      expect(afterRest).toEqual(beforeRest);
      expect(afterTs?.created).toBe(beforeTs?.created);
      expect(afterTs?.failed).toBe(beforeTs?.failed);
      expect(afterTs?.replayed).toBe(afterTs?.lastModified);

      await s.drain();
      const result = { kwargs: { formReceived: { name: 'corrected' }, supplement: { unused: true } } };
      expect(await resultOf(s.store, 't_alpha#1')).toEqual(result);
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({ kwargs: { t_alpha: result } });
    });

    it('12.3: without replacement the clone copies kwargs and abandon state; metadata is parent/depth/timestamps only', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['a', 'b'], run: 'failing', unless: ['u1', 'u2'] } },
      });
      await s.fireDrain('u1', { why: 1 });
      await s.fireDrain('a', { v: 1 });
      await s.fireDrain('b', { v: 2 });
      const clone = await s.manager.replayFailedInstance('t_x#0');
      expect(clone.kwargs).toEqual({ a: { v: 1 }, b: { v: 2 } });
      expect(clone.abandonState).toEqual(['u1']);
      const { timestamps, ...rest } = clone.metadata;
      expect(rest).toEqual({ parent: 't_x#0', depth: 1 });
      expect(timestamps?.created).toBeDefined();
      expect(timestamps?.scheduled).toBe(timestamps?.lastModified);
      expect(await s.store.instance('t_x#1')).toEqual(clone);
    });

    it('edge 21: replay with null keeps the original kwargs', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go', { v: 1 });
      await s.manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru' } });
      const clone = await s.manager.replayFailedInstance('t_x#0', null);
      expect(clone.kwargs).toEqual({ go: { v: 1 } });
      await s.drain();
      expect(await resultOf(s.store, 't_x#1')).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('edge 21: replay with {} gives the handler only withParams', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'failing', withParams: { static: { s: 1 } } } },
      });
      await s.fireDrain('go', { v: 1 });
      await s.manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru', withParams: { static: { s: 1 } } } });
      const clone = await s.manager.replayFailedInstance('t_x#0', {});
      expect(clone.kwargs).toEqual({});
      await s.drain();
      expect(await resultOf(s.store, 't_x#1')).toEqual({ kwargs: { static: { s: 1 } } });
    });

    it('12.5: a replay always runs, even when its replacement kwargs lack after triggers', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'failing' } } });
      await s.fireDrain('a');
      await s.fireDrain('b');
      await s.manager.updateConfiguration({ t_x: { after: ['a', 'b'], run: 'passThru' } });
      const clone = await s.manager.replayFailedInstance('t_x#0', { a: { only: true } });
      expect(clone.status).toBe('scheduled');
      await s.drain();
      expect(await resultOf(s.store, 't_x#1')).toEqual({ kwargs: { a: { only: true } } });
    });

    it.each([
      ['values that are not objects', { go: 5 }],
      ['an array', [{}]],
      ['a number', 42],
    ])('12.4: replacement kwargs with %s reject with TypeError and change nothing', async (_label, bad) => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      const before = await s.store.debugRepr();
      await expectRejects(s.manager.replayFailedInstance('t_x#0', bad as unknown as TriggerKwargs), TypeError);
      await s.drain();
      expect(await s.store.debugRepr()).toEqual(before);
    });

    it.each(NOT_FAILED)('edge 20: replaying a %s instance rejects with InvalidStatusError naming it; nothing changes', async (status) => {
      const s = await newSession(getFactory, {
        wrapRunner: () => new HoldingRunner(),
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      await s.manager.fire('go');
      await s.manager.updateInstanceStatus('t_x#0', status);
      const before = await s.store.debugRepr();
      await expectRejects(s.manager.replayFailedInstance('t_x#0'), InvalidStatusError, 't_x#0', status);
      expect(await s.store.debugRepr()).toEqual(before);
    });

    it('edge 20: replaying real finished, replayed, skipped, unstarted and abandoned instances is rejected', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_ok: { after: ['go'], run: 'passThru' },
          t_bad: { after: ['go'], run: 'failing' },
          t_skip: { after: ['go'], run: 'failing' },
          t_wait: { after: ['go', 'later'], run: 'passThru' },
          t_gone: { after: ['go'], run: 'passThru', unless: ['go'] },
        },
      });
      await s.fireDrain('go');
      await s.manager.replayFailedInstance('t_bad#0');
      await s.manager.skipFailedInstance('t_skip#0');
      await s.drain();
      const before = await s.store.debugRepr();
      for (const [name, status] of [
        ['t_ok#0', 'finished'],
        ['t_bad#0', 'replayed'],
        ['t_skip#0', 'skipped'],
        ['t_wait#0', 'unstarted'],
        ['t_gone#0', 'abandoned'],
      ] as const) {
        expect(await statusOf(s.store, name)).toBe(status);
        await expectRejects(s.manager.replayFailedInstance(name), InvalidStatusError, name);
      }
      expect(await s.store.debugRepr()).toEqual(before);
    });

    it('edge 20 / edge 33: replaying an unknown name or a task name rejects with InstanceNotFoundError', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      await expectRejects(s.manager.replayFailedInstance('t_x#9'), InstanceNotFoundError, 't_x#9');
      await expectRejects(s.manager.replayFailedInstance('t_x'), InstanceNotFoundError, 't_x');
      expect(await statusOf(s.store, 't_x#0')).toBe('failed');
    });

    it('edge 22: replaying a clone that failed again gives depth 2 and parent the first clone', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'countsOrFails' } }, handlers: {
        countsOrFails: (ctx) => {
          if (ctx.retries < 2) throw new Error(`still failing at ${ctx.instanceName}`);
          return { retries: ctx.retries };
        },
      } });
      await s.fireDrain('go');
      const first = await s.manager.replayFailedInstance('t_x#0');
      expect([first.name, first.metadata.parent, first.metadata.depth]).toEqual(['t_x#1', 't_x#0', 1]);
      await s.drain();
      expect(await statusOf(s.store, 't_x#1')).toBe('failed');
      const second = await s.manager.replayFailedInstance('t_x#1');
      expect([second.name, second.metadata.parent, second.metadata.depth]).toEqual(['t_x#2', 't_x#1', 2]);
      await s.drain();
      expect(await table(s.store)).toEqual({
        't_x#0': 'replayed {go}',
        't_x#1': 'replayed {go}',
        't_x#2': 'finished {go}',
      });
      // ctx.retries counts manual replays (the replay depth)
      expect(await resultOf(s.store, 't_x#2')).toEqual({ retries: 2 });
    });

    it('edge 23: a replay runs even though the unless set has completed since', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'failIfAsked', unless: ['stop'] } },
      });
      await s.fireDrain('go', { fail: true });
      await s.fireDrain('stop');
      expect(await statusOf(s.store, 't_x#0')).toBe('failed');
      const clone = await s.manager.replayFailedInstance('t_x#0', { go: { fail: false } });
      expect(clone.status).toBe('scheduled');
      await s.drain();
      expect(await statusOf(s.store, 't_x#1')).toBe('finished');
    });

    it('edge 24: the clone uses the current run and withParams', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'failing', withParams: { p: { old: true } } } },
      });
      await s.fireDrain('go', { v: 1 });
      await s.manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru', withParams: { p: { new: true } } } });
      await s.manager.replayFailedInstance('t_x#0');
      await s.drain();
      const clone = await s.store.instance('t_x#1');
      expect(clone.metadata.actualKwargs).toEqual({ go: { v: 1 }, p: { new: true } });
      expect(clone.metadata.result).toEqual({ kwargs: { go: { v: 1 }, p: { new: true } } });
    });

    it('6 / 12: a clone takes the next number of its task, even with siblings in between', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: [], andEvery: 'tick', run: 'failIfAsked' } } });
      await s.fireDrain('tick', { fail: true });
      await s.fireDrain('tick', { n: 1 });
      const clone = await s.manager.replayFailedInstance('t_x#0', { tick: { n: 0 } });
      expect(clone.name).toBe('t_x#2');
      await s.drain();
      expect(names(await s.store.instancesOfTask('t_x'))).toEqual(['t_x#0', 't_x#1', 't_x#2']);
    });

    it('12: replay fires no trigger by itself (latest kwargs unchanged until the clone cascades)', async () => {
      const s = await newSession(getFactory, {
        wrapRunner: (inline) => new HoldingRunner(inline, ['t_x']),
        config: { t_x: { after: ['go'], run: 'failing' } },
      });
      await s.manager.fire('go');
      await s.manager.updateInstanceStatus('t_x#0', 'failed');
      const latest = await s.store.latestKwargs();
      await s.manager.replayFailedInstance('t_x#0');
      expect(await s.store.latestKwargs()).toEqual(latest);
    });

    it('18: replaying resolves the failed instance\'s error logs implicitly', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      const failed = await s.store.instance('t_x#0');
      expect(failed.metadata.logLevel ?? 0).toBeGreaterThanOrEqual(40);
      expect(logsResolved(failed)).toBe(false);
      await s.manager.replayFailedInstance('t_x#0');
      await s.drain();
      expect(logsResolved(await s.store.instance('t_x#0'))).toBe(true);
    });
  });
}
