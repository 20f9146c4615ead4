/**
 * What the engine offers beyond engine-api.md, for the dashboard and the workers: previews,
 * audit metadata on replays and skips, compare-and-set status changes, run metadata and
 * re-dispatch. Run against every store like the rest of the suite.
 */
import { describe, expect, it } from 'vitest';
import { InvalidStatusError, type DispatchContext, type TaskInstance, type TaskRunner, type TriggerManager } from '@/lib/triggers';
import { type GetFactory, HoldingRunner, newSession } from '../helpers';

export function extensionsSuite(getFactory: GetFactory): void {
  describe('extensions used by the dashboard and workers', () => {
    const pipeline = {
      t_alpha: { after: ['formReceived'], run: 'failing' },
      t_bravo: { after: ['t_alpha', 'paymentCleared'], run: 'passThru' },
      t_charlie: { after: ['t_alpha'], run: 'passThru' },
      t_delta: { after: ['t_alpha'], unless: ['t_alpha'], run: 'passThru' },
      t_every: { after: [], andEvery: 't_alpha', run: 'passThru' },
    };

    it('previewFire tells exactly what fire will do, and writes nothing', async () => {
      const s = await newSession(getFactory, { config: pipeline });
      await s.fireDrain('formReceived', { f: 1 });
      await s.fireDrain('paymentCleared');
      const before = await s.store.debugRepr();

      const preview = await s.manager.previewFire('t_alpha', { simulated: true });
      expect(preview).toEqual({
        trigger: 't_alpha',
        tasks: ['t_bravo', 't_charlie', 't_delta', 't_every'],
        created: ['t_charlie#0', 't_delta#0', 't_every#0'],
        applied: ['t_bravo#0'],
        abandoned: ['t_delta#0'],
        ready: ['t_bravo#0', 't_charlie#0', 't_every#0'],
        receives: expect.any(Object),
      });
      expect(Object.keys(preview.receives)).toEqual(preview.ready);
      expect(await s.store.debugRepr()).toEqual(before);

      const scheduled = await s.manager.fire('t_alpha', { simulated: true });
      expect(scheduled.map((i) => i.name)).toEqual(preview.ready);
      await s.drain();
      expect((await s.store.instance('t_delta#0')).status).toBe('abandoned');
      // What the preview said each would receive is what each handler got.
      for (const name of preview.ready) expect((await s.store.instance(name)).metadata.actualKwargs).toEqual(preview.receives[name]);
    });

    it('previewFire on a session that does not exist creates nothing', async () => {
      const s = await newSession(getFactory);
      expect(await s.manager.previewFire('anything')).toEqual({
        trigger: 'anything', tasks: [], created: [], applied: [], abandoned: [], ready: [], receives: {},
      });
      expect(await s.store.debugRepr()).toEqual({ tasks: {}, instances: {}, metas: { latestKwargs: {} } });
    });

    it('replay and skip record the metadata they are given; lineage cannot be overwritten', async () => {
      const s = await newSession(getFactory, { config: pipeline });
      await s.fireDrain('formReceived');
      const clone = await s.manager.replayFailedInstance('t_alpha#0', null, {
        metadata: { replay: { reason: 'fixed upstream', by: 'ada@example.com' }, parent: 'forged', depth: 99 },
      });
      expect(clone.metadata).toMatchObject({ replay: { reason: 'fixed upstream', by: 'ada@example.com' }, parent: 't_alpha#0', depth: 1 });
      await s.drain();
      const skipped = await s.manager.skipFailedInstance('t_alpha#1', {
        cascade: true,
        result: { grade: 'B' },
        metadata: { skip: { reason: 'customer withdrew' } },
      });
      expect(skipped.metadata).toMatchObject({ skip: { reason: 'customer withdrew' }, cascade: true, skippedResult: { grade: 'B' } });
      expect((await s.store.instance('t_alpha#1')).metadata.skip).toEqual({ reason: 'customer withdrew' });
    });

    it('updateInstanceStatus with expectedStatus is a compare-and-set', async () => {
      const s = await newSession(getFactory, { config: pipeline });
      await s.fireDrain('formReceived');
      const before = await s.store.instance('t_alpha#0');
      await expect(
        s.manager.updateInstanceStatus('t_alpha#0', 'failed', { expectedStatus: 'running', metadata: { x: 1 } }),
      ).rejects.toBeInstanceOf(InvalidStatusError);
      expect(await s.store.instance('t_alpha#0')).toEqual(before);
      const changed = await s.manager.updateInstanceStatus('t_alpha#0', 'skipped', { expectedStatus: 'failed' });
      expect(changed.status).toBe('skipped');
    });

    it('a runner sees the firing already saved, and a runner that throws fails only its instance', async () => {
      const seen: Array<{ name: string; status?: string; latest: unknown }> = [];
      const picky: TaskRunner = {
        name: 'picky',
        async run(_manager: TriggerManager, instance: TaskInstance, context?: DispatchContext) {
          const saved = await context?.transaction.instance(instance.name);
          seen.push({ name: instance.name, status: saved?.status, latest: await context?.transaction.latestKwargsOf(['go']) });
          if (instance.task === 't_refused') throw new Error('queue unavailable');
        },
      };
      const s = await newSession(getFactory, {
        config: { t_refused: { after: ['go'], run: 'passThru' }, t_ok: { after: ['go'], run: 'passThru' } },
        wrapRunner: () => picky,
      });
      const scheduled = await s.manager.fire('go', { n: 1 });
      expect(scheduled.map((i) => i.name)).toEqual(['t_ok#0']);
      expect(seen).toEqual([
        { name: 't_refused#0', status: 'unstarted', latest: { go: { n: 1 } } },
        { name: 't_ok#0', status: 'unstarted', latest: { go: { n: 1 } } },
      ]);
      const refused = await s.store.instance('t_refused#0');
      expect(refused.status).toBe('failed');
      expect(refused.metadata.exceptionMessage).toBe('queue unavailable');
      expect((await s.store.instance('t_ok#0')).status).toBe('scheduled');
      expect(await s.store.latestKwargs()).toEqual({ go: { n: 1 } });
    });

    it('what no store can keep is refused alike everywhere: NUL in kwargs rejects, NUL in a result fails the instance', async () => {
      const s = await newSession(getFactory, {
        config: { t_echo: { after: ['go'], run: 'nul' } },
        handlers: { nul: () => ({ text: 'a\u0000b' }) },
      });
      await expect(s.manager.fire('go', { bad: 'x\u0000y' })).rejects.toBeInstanceOf(TypeError);
      expect(await s.store.latestKwargs()).toEqual({});
      await s.fireDrain('go');
      const failed = await s.store.instance('t_echo#0');
      expect(failed.status).toBe('failed');
      expect(failed.metadata.exceptionType).toBe('TypeError');
      expect(failed.metadata.exceptionMessage).toContain('NUL');
    });

    it('runInstance merges run metadata when the run starts; redispatchInstance hands a scheduled instance over again', async () => {
      let holding: HoldingRunner | undefined;
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'passThru' } },
        wrapRunner: () => (holding = new HoldingRunner()),
      });
      await s.manager.fire('go', { n: 1 });
      expect(holding?.held.map((h) => h.instance.name)).toEqual(['t_x#0']);
      expect(await s.manager.redispatchInstance('t_x#0')).toBe(true);
      expect(holding?.held.map((h) => h.instance.name)).toEqual(['t_x#0', 't_x#0']);
      await s.manager.runInstance('t_x#0', { metadata: { worker: { id: 'w-1' } } });
      const done = await s.store.instance('t_x#0');
      expect(done.status).toBe('finished');
      expect(done.metadata.worker).toEqual({ id: 'w-1' });
      // A second delivery of the same run does nothing.
      await s.manager.runInstance('t_x#0');
      expect(await s.store.instance('t_x#0')).toEqual(done);
      expect(await s.manager.redispatchInstance('t_x#0')).toBe(false);
    });
  });
}
