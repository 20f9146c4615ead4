import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError, type InstanceMetadata } from '@/lib/triggers';
import {
  type GetFactory,
  HoldingRunner,
  expectIsoTimestamps,
  expectRejects,
  logsResolved,
  metaOf,
  newSession,
  sleep,
  statusOf,
} from '../helpers';

export function metadataSuite(getFactory: GetFactory): void {
  describe('metadata, timestamps and logs (sections 15, 18)', () => {
    it('15: an instance is timestamped at creation: created === lastModified, ISO 8601 UTC', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'passThru' } } });
      await s.manager.fire('a');
      const i = await s.store.instance('t_x#0');
      expectIsoTimestamps(i);
      const ts = i.metadata.timestamps ?? { created: '', lastModified: '' };
      // creation enters `unstarted`; a stamp for it is allowed (section 15), but nothing else
      expect(Object.keys(ts).filter((k) => k !== 'unstarted').sort()).toEqual(['created', 'lastModified']);
      expect(ts.created).toBe(ts.lastModified);
      if (ts.unstarted !== undefined) expect(ts.unstarted).toBe(ts.created);
    });

    it('15: each status entered is stamped; created never changes; one change, one clock reading', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'passThru' } } });
      await s.manager.fire('a');
      const created = (await metaOf(s.store, 't_x#0')).timestamps?.created;
      await sleep(3);
      await s.fireDrain('b');
      const i = await s.store.instance('t_x#0');
      expectIsoTimestamps(i);
      const ts = i.metadata.timestamps;
      expect(ts?.created).toBe(created);
      expect(Object.keys(ts ?? {}).filter((k) => k !== 'unstarted').sort()).toEqual([
        'created', 'finished', 'lastModified', 'running', 'scheduled',
      ]);
      expect(ts?.finished).toBe(ts?.lastModified);
      const order = [ts?.created, ts?.scheduled, ts?.running, ts?.finished] as string[];
      expect([...order].sort()).toEqual(order);
      expect(ts?.created).not.toBe(ts?.scheduled);
    });

    it('15: a scheduled instance has scheduled === lastModified', async () => {
      const s = await newSession(getFactory, {
        wrapRunner: () => new HoldingRunner(),
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      const [scheduled] = await s.manager.fire('go');
      const ts = scheduled?.metadata.timestamps;
      expect(ts?.scheduled).toBe(ts?.lastModified);
      expect(await s.store.instance('t_x#0')).toEqual(scheduled);
    });

    it('15: abandoned, failed, replayed and skipped are stamped with lastModified', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_gone: { after: ['go'], run: 'passThru', unless: ['stop'] },
          t_fail: { after: ['go'], run: 'failing' },
          t_skip: { after: ['go'], run: 'failing' },
        },
      });
      await s.fireDrain('stop');
      await s.fireDrain('go');
      const gone = await metaOf(s.store, 't_gone#0');
      expect(gone.timestamps?.abandoned).toBe(gone.timestamps?.lastModified);
      const failed = await metaOf(s.store, 't_fail#0');
      expect(failed.timestamps?.failed).toBe(failed.timestamps?.lastModified);
      await sleep(3);
      await s.manager.replayFailedInstance('t_fail#0');
      await s.manager.skipFailedInstance('t_skip#0');
      await s.drain();
      const replayed = await metaOf(s.store, 't_fail#0');
      expect(replayed.timestamps?.replayed).toBe(replayed.timestamps?.lastModified);
      expect(replayed.timestamps?.failed).toBe(failed.timestamps?.failed);
      expect(replayed.timestamps?.failed).not.toBe(replayed.timestamps?.replayed);
      const skipped = await metaOf(s.store, 't_skip#0');
      expect(skipped.timestamps?.skipped).toBe(skipped.timestamps?.lastModified);
      for (const name of ['t_gone#0', 't_fail#0', 't_fail#1', 't_skip#0']) expectIsoTimestamps(await s.store.instance(name));
    });

    it('15: entering a status again overwrites its stamp', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      const first = (await metaOf(s.store, 't_x#0')).timestamps?.failed;
      await sleep(5);
      await s.manager.updateInstanceStatus('t_x#0', 'running');
      await sleep(5);
      await s.manager.updateInstanceStatus('t_x#0', 'failed');
      const ts = (await metaOf(s.store, 't_x#0')).timestamps;
      expect(ts?.failed).not.toBe(first);
      expect(ts?.failed).toBe(ts?.lastModified);
      expect((ts?.failed ?? '') > (first ?? '')).toBe(true);
    });

    it('edge 29: updateInstanceMetadata on a finished instance adds keys; status and other stamps unchanged', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('go', { v: 1 });
      const before = await s.store.instance('t_x#0');
      await sleep(3);
      const updated = await s.manager.updateInstanceMetadata('t_x#0', { reviewedBy: 'sam', notes: { ok: true } });
      expect(updated.status).toBe('finished');
      expect(updated.metadata.reviewedBy).toBe('sam');
      expect(updated.metadata.notes).toEqual({ ok: true });
      expect(updated.metadata.result).toEqual(before.metadata.result);
      const { lastModified: beforeLm, ...beforeStamps } = before.metadata.timestamps ?? { lastModified: '' };
      const { lastModified: afterLm, ...afterStamps } = updated.metadata.timestamps ?? { lastModified: '' };
      expect(afterStamps).toEqual(beforeStamps);
      expect(afterLm > beforeLm).toBe(true);
      expect(await s.store.instance('t_x#0')).toEqual(updated);
    });

    it('15: metadata updates are shallow: a top-level key replaces the stored one', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('go');
      await s.manager.updateInstanceMetadata('t_x#0', { info: { a: 1, b: 2 }, other: 1 });
      await s.manager.updateInstanceMetadata('t_x#0', { info: { c: 3 } });
      const m = await metaOf(s.store, 't_x#0');
      expect(m.info).toEqual({ c: 3 });
      expect(m.other).toBe(1);
    });

    it('15: replacing timestamps through updateInstanceMetadata re-stamps lastModified and re-creates created', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('go');
      await s.manager.updateInstanceMetadata('t_x#0', {
        timestamps: { custom: '2020-01-01T00:00:00.000Z' },
      } as unknown as InstanceMetadata);
      const ts = (await metaOf(s.store, 't_x#0')).timestamps;
      expect(ts?.custom).toBe('2020-01-01T00:00:00.000Z');
      expect(ts?.finished).toBeUndefined();
      expect(ts?.lastModified).toBeDefined();
      expect(ts?.created).toBeDefined();
    });

    it('15: updateInstanceMetadata works on any status (unstarted, failed) and never changes the status', async () => {
      const s = await newSession(getFactory, {
        config: { t_wait: { after: ['a', 'b'], run: 'passThru' }, t_fail: { after: ['a'], run: 'failing' } },
      });
      await s.fireDrain('a');
      await s.manager.updateInstanceMetadata('t_wait#0', { note: 'waiting' });
      await s.manager.updateInstanceMetadata('t_fail#0', { note: 'broken' });
      expect(await statusOf(s.store, 't_wait#0')).toBe('unstarted');
      expect(await statusOf(s.store, 't_fail#0')).toBe('failed');
      expect((await metaOf(s.store, 't_wait#0')).note).toBe('waiting');
      expect((await metaOf(s.store, 't_fail#0')).note).toBe('broken');
      // the waiting instance still runs normally afterwards
      await s.fireDrain('b');
      expect(await statusOf(s.store, 't_wait#0')).toBe('finished');
      expect((await metaOf(s.store, 't_wait#0')).note).toBe('waiting');
    });

    it('22: updateInstanceMetadata / markInstanceLogsResolved on unknown names reject with InstanceNotFoundError', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('go');
      await expectRejects(s.manager.updateInstanceMetadata('t_x', { a: 1 }), InstanceNotFoundError, 't_x');
      await expectRejects(s.manager.markInstanceLogsResolved('t_y#0'), InstanceNotFoundError, 't_y#0');
    });

    it.each([
      [['debug'], 10],
      [['info'], 20],
      [['warn'], 30],
      [['error'], 40],
      [['info', 'warn', 'debug'], 30],
      [['error', 'info'], 40],
    ])('18: logging %j records logLevel %i when the run ends', async (levels, expected) => {
      const s = await newSession(getFactory, { config: { t_log: { after: ['logs'], run: 'logLevels' } } });
      await s.fireDrain('logs', { levels });
      const m = await metaOf(s.store, 't_log#0');
      expect(await statusOf(s.store, 't_log#0')).toBe('finished');
      expect(m.logLevel).toBe(expected);
    });

    it('18: a run that logged nothing records level 0 (or nothing)', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'devNull' } } });
      await s.fireDrain('go');
      expect((await metaOf(s.store, 't_x#0')).logLevel ?? 0).toBe(0);
    });

    it('18: warnings never need resolving; an error log on a finished instance does until marked', async () => {
      const s = await newSession(getFactory, {
        config: { t_warn: { after: ['warnLogs'], run: 'warns' }, t_err: { after: ['errLogs'], run: 'errs' } },
        handlers: {
          warns: (ctx) => { ctx.logger.warn('careful', { k: 1 }); return {}; },
          errs: (ctx) => { ctx.logger.error('bad thing', { k: 2 }); return {}; },
        },
      });
      await s.fireDrain('warnLogs');
      await s.fireDrain('errLogs');
      expect(logsResolved(await s.store.instance('t_warn#0'))).toBe(true);
      const err = await s.store.instance('t_err#0');
      expect(err.status).toBe('finished');
      expect(err.metadata.logLevel).toBe(40);
      expect(logsResolved(err)).toBe(false);
      await sleep(3);
      const marked = await s.manager.markInstanceLogsResolved('t_err#0');
      expect(marked.status).toBe('finished');
      expect(marked.metadata.logsResolved).toBe(true);
      expect(marked.metadata.timestamps?.lastModified).not.toBe(err.metadata.timestamps?.lastModified);
      expect(marked.metadata.timestamps?.finished).toBe(err.metadata.timestamps?.finished);
      expect(logsResolved(await s.store.instance('t_err#0'))).toBe(true);
    });

    it('edge 30: markInstanceLogsResolved on an instance that logged nothing sets the flag anyway; no status change', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'devNull' } } });
      await s.fireDrain('a');
      const before = await s.store.instance('t_x#0');
      await sleep(3);
      const marked = await s.manager.markInstanceLogsResolved('t_x#0');
      expect(marked.status).toBe('unstarted');
      expect(marked.metadata.logsResolved).toBe(true);
      expect(marked.metadata.timestamps?.created).toBe(before.metadata.timestamps?.created);
      expect((marked.metadata.timestamps?.lastModified ?? '') > (before.metadata.timestamps?.lastModified ?? '')).toBe(true);
      expect(await s.store.instance('t_x#0')).toEqual(marked);
    });

    it('18: a failed instance stays failed when its logs are marked resolved', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'failing' } } });
      await s.fireDrain('go');
      const marked = await s.manager.markInstanceLogsResolved('t_x#0');
      expect(marked.status).toBe('failed');
      expect(logsResolved(marked)).toBe(true);
    });
  });
}
