import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError, InvalidStatusError, type InstanceStatus } from '@/lib/triggers';
import {
  type GetFactory,
  HoldingRunner,
  expectRejects,
  logsResolved,
  newSession,
  resultOf,
  sleep,
  statusOf,
  table,
  unresolvedInstanceNames,
  unresolvedTaskNames,
} from '../helpers';

const NOT_FAILED: InstanceStatus[] = ['unstarted', 'scheduled', 'running', 'finished', 'replayed', 'skipped', 'abandoned'];

const chain = {
  t_alpha: { after: ['go'], run: 'failing' },
  t_bravo: { after: ['t_alpha'], run: 'passThru' },
};

export function skipSuite(getFactory: GetFactory): void {
  describe('skipping a failed instance (section 13)', () => {
    it('13: a skip without cascade resolves the task and leaves downstream waiting', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      const failed = await s.store.instance('t_alpha#0');
      await sleep(2);
      const skipped = await s.manager.skipFailedInstance('t_alpha#0');
      await s.drain();
      expect(skipped.name).toBe('t_alpha#0');
      expect(skipped.status).toBe('skipped');
      expect(skipped.metadata.cascade).toBe(false);
      expect(skipped.metadata.skippedResult).toEqual({});
      expect('result' in skipped.metadata).toBe(false);
      expect(skipped.metadata.exceptionType).toBe(failed.metadata.exceptionType);
      expect(skipped.metadata.timestamps?.skipped).toBe(skipped.metadata.timestamps?.lastModified);
      expect(skipped.metadata.timestamps?.created).toBe(failed.metadata.timestamps?.created);
      expect(await s.store.instance('t_alpha#0')).toEqual(skipped);
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_bravo']);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
      expect(await s.store.instancesOfTask('t_bravo')).toEqual([]);
      expect('t_alpha' in (await s.store.latestKwargs())).toBe(false);
    });

    it('13: a skip with cascade and a result runs downstream with the simulated result', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      const result = { grade: 'B', confidence: '0.8' };
      const skipped = await s.manager.skipFailedInstance('t_alpha#0', { cascade: true, result });
      await s.drain();
      expect(skipped.status).toBe('skipped');
      expect(skipped.metadata.cascade).toBe(true);
      expect(skipped.metadata.skippedResult).toEqual(result);
      expect('result' in skipped.metadata).toBe(false);
      expect((await s.store.latestKwargs()).t_alpha).toEqual(result);
      expect(await table(s.store)).toEqual({ 't_alpha#0': 'skipped {go}', 't_bravo#0': 'finished {t_alpha}' });
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({ kwargs: { t_alpha: { grade: 'B', confidence: '0.8' } } });
      expect(await unresolvedTaskNames(s.store)).toEqual([]);
    });

    it('13.2: a result given without cascade is still recorded as skippedResult, and fires nothing', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      const skipped = await s.manager.skipFailedInstance('t_alpha#0', { result: { simulated: 1 } });
      await s.drain();
      expect(skipped.metadata).toMatchObject({ cascade: false, skippedResult: { simulated: 1 } });
      expect(await s.store.instancesOfTask('t_bravo')).toEqual([]);
    });

    it('edge 25: a skip with cascade and no result cascades {}', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      const skipped = await s.manager.skipFailedInstance('t_alpha#0', { cascade: true });
      await s.drain();
      expect(skipped.metadata.skippedResult).toEqual({});
      expect((await s.store.latestKwargs()).t_alpha).toEqual({});
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({ kwargs: { t_alpha: {} } });
    });

    it.each(NOT_FAILED)('edge 25: skipping a %s instance rejects with InvalidStatusError naming it; nothing changes', async (status) => {
      const s = await newSession(getFactory, {
        wrapRunner: () => new HoldingRunner(),
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      await s.manager.fire('go');
      await s.manager.updateInstanceStatus('t_x#0', status);
      const before = await s.store.debugRepr();
      await expectRejects(s.manager.skipFailedInstance('t_x#0', { cascade: true }), InvalidStatusError, 't_x#0', status);
      expect(await s.store.debugRepr()).toEqual(before);
    });

    it('22: skipping an unknown name or a task name rejects with InstanceNotFoundError', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      await expectRejects(s.manager.skipFailedInstance('t_alpha#3'), InstanceNotFoundError, 't_alpha#3');
      await expectRejects(s.manager.skipFailedInstance('t_alpha'), InstanceNotFoundError, 't_alpha');
      expect(await statusOf(s.store, 't_alpha#0')).toBe('failed');
    });

    it('edge 5: a skipped one-shot instance never runs again and cannot be replayed', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      await s.manager.skipFailedInstance('t_x#0');
      expect(await s.fireDrain('go', { again: true })).toEqual([]);
      expect(await table(s.store)).toEqual({ 't_x#0': 'skipped {go}' });
      await expectRejects(s.manager.replayFailedInstance('t_x#0'), InvalidStatusError, 't_x#0', 'skipped');
      expect(await table(s.store)).toEqual({ 't_x#0': 'skipped {go}' });
    });

    it('edge 26: a skip with cascade where the one-shot downstream already ran applies nothing but overwrites latestKwargs', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: [], andEvery: 'go', run: 'failIfAsked' },
          t_bravo: { after: ['t_alpha'], run: 'passThru' },
        },
      });
      await s.fireDrain('go', { n: 1 });
      const bravo = await s.store.instance('t_bravo#0');
      await s.fireDrain('go', { fail: true });
      expect(await statusOf(s.store, 't_alpha#1')).toBe('failed');
      await s.manager.skipFailedInstance('t_alpha#1', { cascade: true, result: { simulated: true } });
      await s.drain();
      expect(await s.store.instancesOfTask('t_bravo')).toEqual([bravo]);
      expect((await s.store.latestKwargs()).t_alpha).toEqual({ simulated: true });
    });

    it('18: skipping resolves the failed instance\'s error logs implicitly', async () => {
      const s = await newSession(getFactory, { config: chain });
      await s.fireDrain('go');
      expect(logsResolved(await s.store.instance('t_alpha#0'))).toBe(false);
      await s.manager.skipFailedInstance('t_alpha#0');
      expect(logsResolved(await s.store.instance('t_alpha#0'))).toBe(true);
    });
  });
}
