import { describe, expect, it } from 'vitest';
import {
  InstanceNotFoundError,
  canAbandon,
  canReplay,
  canRun,
  canSkip,
  isResolved,
  type InstanceStatus,
  type TaskConfig,
  type TaskInstance,
} from '@/lib/triggers';
import { type GetFactory, HoldingRunner, expectRejects, newSession, sleep, statusOf } from '../helpers';

const STATUSES: InstanceStatus[] = [
  'unstarted', 'scheduled', 'running', 'finished', 'failed', 'replayed', 'skipped', 'abandoned',
];
const RESOLVED = new Set<InstanceStatus>(['finished', 'skipped', 'replayed', 'abandoned']);

const config = (over: Partial<TaskConfig> = {}): TaskConfig => ({
  name: 't_x', run: 'devNull', after: ['a', 'b'], unless: [], andEvery: null, using: null,
  withParams: {}, extra: {}, ...over,
});
const instance = (over: Partial<TaskInstance> = {}): TaskInstance => ({
  name: 't_x#0', task: 't_x', status: 'unstarted', kwargs: {}, abandonState: [], metadata: {}, ...over,
});

export function statusSuite(getFactory: GetFactory): void {
  describe('status lifecycle and predicates (sections 8, 9)', () => {
    describe('9: predicates over plain data', () => {
      it('canRun: unstarted with every after trigger applied', () => {
        const cfg = config();
        expect(canRun(instance({ kwargs: { a: {}, b: {} } }), cfg)).toBe(true);
        expect(canRun(instance({ kwargs: { a: {}, b: {}, extra: {} } }), cfg)).toBe(true);
        expect(canRun(instance({ kwargs: { a: {} } }), cfg)).toBe(false);
        expect(canRun(instance({ kwargs: {} }), cfg)).toBe(false);
      });

      it.each(STATUSES.filter((s) => s !== 'unstarted'))('canRun is false for a %s instance', (status) => {
        expect(canRun(instance({ status, kwargs: { a: {}, b: {} } }), config())).toBe(false);
      });

      it('canRun is false when canAbandon also holds (abandonment wins)', () => {
        const cfg = config({ unless: ['u'] });
        const i = instance({ kwargs: { a: {}, b: {} }, abandonState: ['u'] });
        expect(canAbandon(i, cfg)).toBe(true);
        expect(canRun(i, cfg)).toBe(false);
      });

      it('canAbandon: unstarted, non-empty unless, all of it applied', () => {
        expect(canAbandon(instance({ abandonState: ['u', 'v'] }), config({ unless: ['u', 'v'] }))).toBe(true);
        expect(canAbandon(instance({ abandonState: ['u'] }), config({ unless: ['u', 'v'] }))).toBe(false);
        expect(canAbandon(instance({ abandonState: [] }), config({ unless: [] }))).toBe(false);
        expect(canAbandon(instance({ abandonState: ['u'] }), config({ unless: [] }))).toBe(false);
      });

      it.each(STATUSES.filter((s) => s !== 'unstarted'))('canAbandon is false for a %s instance', (status) => {
        expect(canAbandon(instance({ status, abandonState: ['u'] }), config({ unless: ['u'] }))).toBe(false);
      });

      it.each(STATUSES)('canReplay / canSkip / isResolved for %s', (status) => {
        const i = instance({ status });
        expect(canReplay(i)).toBe(status === 'failed');
        expect(canSkip(i)).toBe(status === 'failed');
        expect(isResolved(i)).toBe(RESOLVED.has(status));
      });
    });

    describe('8: updateInstanceStatus, the low-level escape hatch', () => {
      it.each(STATUSES)('accepts %s from any status, without validating transitions', async (status) => {
        const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
        await s.fireDrain('go');
        expect(await statusOf(s.store, 't_x#0')).toBe('finished');
        const updated = await s.manager.updateInstanceStatus('t_x#0', status);
        expect(updated.name).toBe('t_x#0');
        expect(updated.status).toBe(status);
        expect(await statusOf(s.store, 't_x#0')).toBe(status);
        const ts = (await s.store.instance('t_x#0')).metadata.timestamps;
        expect(ts?.[status]).toBe(ts?.lastModified);
      });

      it('rejects a value that is not one of the eight statuses and changes nothing (port decision 13)', async () => {
        const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
        await s.fireDrain('go');
        const before = await s.store.debugRepr();
        await expect(
          s.manager.updateInstanceStatus('t_x#0', 'done' as unknown as InstanceStatus),
        ).rejects.toThrow();
        expect(await s.store.debugRepr()).toEqual(before);
      });

      it('rejects an unknown instance name with InstanceNotFoundError', async () => {
        const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
        await s.fireDrain('go');
        await expectRejects(s.manager.updateInstanceStatus('t_x#7', 'failed'), InstanceNotFoundError, 't_x#7');
        await expectRejects(s.manager.updateInstanceStatus('t_x', 'failed'), InstanceNotFoundError, 't_x');
      });

      it('merges the given metadata shallowly and stamps the status', async () => {
        const s = await newSession(getFactory, {
          wrapRunner: () => new HoldingRunner(),
          config: { t_x: { after: ['go'], run: 'passThru' } },
        });
        await s.manager.fire('go');
        await s.manager.updateInstanceMetadata('t_x#0', { info: { a: 1, b: 2 }, keep: 'me' });
        await sleep(3);
        const updated = await s.manager.updateInstanceStatus('t_x#0', 'failed', {
          metadata: { info: { c: 3 }, exceptionType: 'WorkerLost', exceptionMessage: 'worker lost t_x#0' },
        });
        expect(updated.status).toBe('failed');
        expect(updated.metadata).toMatchObject({
          info: { c: 3 }, keep: 'me', exceptionType: 'WorkerLost', exceptionMessage: 'worker lost t_x#0',
        });
        expect(updated.metadata.timestamps?.failed).toBe(updated.metadata.timestamps?.lastModified);
        expect(await s.store.instance('t_x#0')).toEqual(updated);
      });
    });

    it('8: an instance moves unstarted → scheduled → running → finished, observable along the way', async () => {
      const seen: string[] = [];
      const s = await newSession(getFactory, {
        handlers: {
          observe: async (ctx) => {
            seen.push((await ctx.manager.store.instance(ctx.instanceName)).status);
            return {};
          },
        },
        config: { t_x: { after: ['a', 'b'], run: 'observe' } },
      });
      await s.manager.fire('a');
      expect(await statusOf(s.store, 't_x#0')).toBe('unstarted');
      const [scheduled] = await s.manager.fire('b');
      expect(scheduled?.status).toBe('scheduled');
      await s.drain();
      expect(seen).toEqual(['running']);
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
    });
  });
}
