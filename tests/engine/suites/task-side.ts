import { describe, expect, it } from 'vitest';
import { MaxRetriesExceeded, type TaskContext } from '@/lib/triggers';
import {
  type GetFactory,
  get,
  metaOf,
  newSession,
  resultOf,
  statusOf,
  table,
  taskRows,
} from '../helpers';

class UpstreamTimeout extends Error {
  override name = 'UpstreamTimeout';
  readonly context = { host: 'upstream.example' };
}

export function taskSideSuite(getFactory: GetFactory): void {
  describe('task-side skip and retry (section 14)', () => {
    it('14.1: ctx.skip(metadata) — example with checkRequested', async () => {
      const s = await newSession(getFactory, {
        config: { t_check: { after: ['checkRequested'], run: 'selfSkipping' }, t_next: { after: ['t_check'], run: 'passThru' } },
      });
      await s.fireDrain('checkRequested', { color: 'teal', size: 'large' });
      const i = await s.store.instance('t_check#0');
      expect(i.status).toBe('skipped');
      expect(i.metadata.kwargs).toEqual({ checkRequested: { color: 'teal', size: 'large' } });
      expect(i.metadata.timestamps?.skipped).toBe(i.metadata.timestamps?.lastModified);
      expect(i.metadata.timestamps?.running).toBeDefined();
      expect(i.metadata.result).toBeUndefined();
      expect(i.metadata.exceptionType).toBeUndefined();
      expect('t_check' in (await s.store.latestKwargs())).toBe(false);
      expect(await s.store.instancesOfTask('t_next')).toEqual([]);
    });

    it('14.1: ctx.skip() ends the run immediately and records the log level', async () => {
      let after = false;
      const s = await newSession(getFactory, {
        handlers: {
          skipsEarly: (ctx) => {
            ctx.logger.warn('nothing to do');
            ctx.skip();
            after = true;
            return { unreachable: true };
          },
        },
        config: { t_x: { after: ['go'], run: 'skipsEarly' } },
      });
      await s.fireDrain('go');
      expect(after).toBe(false);
      const m = await metaOf(s.store, 't_x#0');
      expect(await statusOf(s.store, 't_x#0')).toBe('skipped');
      expect(m.logLevel).toBe(30);
      expect(m.result).toBeUndefined();
    });

    it('14.2: selfRetrying with withParams.retries.max 2 — retried twice, then finished {count: 2}', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'selfRetrying', withParams: { retries: { max: 2 } } } },
      });
      await s.fireDrain('go');
      expect(await taskRows(s.store, 't_x')).toEqual(['replayed {go}', 'replayed {go}', 'finished {go}']);
      expect(await resultOf(s.store, 't_x#2')).toEqual({ count: 2 });
      expect(await metaOf(s.store, 't_x#1')).toMatchObject({ parent: 't_x#0', depth: 1 });
      expect(await metaOf(s.store, 't_x#2')).toMatchObject({ parent: 't_x#1', depth: 2 });
      expect(s.calls.map((c) => [c.instanceName, c.retries])).toEqual([['t_x#0', 0], ['t_x#1', 1], ['t_x#2', 2]]);
    });

    it('14.2: selfRetrying with withParams.retries.max 3 — the third retry fails with MaxRetriesExceeded', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'selfRetrying', withParams: { retries: { max: 3 } } } },
      });
      await s.fireDrain('go');
      expect(await taskRows(s.store, 't_x')).toEqual(['replayed {go}', 'replayed {go}', 'failed {go}']);
      const m = await metaOf(s.store, 't_x#2');
      expect(m.exceptionType).toBe('MaxRetriesExceeded');
      expect(m.exceptionMessage).toContain('t_x#2');
      expect(m.exceptionMessage).toMatch(/\b3\b/);
      expect(m.exceptionMessage).toMatch(/\b2\b/);
      expect(typeof get(m.exceptionContext, 'replayMetadata')).toBe('object');
      expect(m.logLevel ?? 0).toBeGreaterThanOrEqual(40);
      expect(await s.store.instancesOfTask('t_x')).toHaveLength(3);
    });

    it('edge 27: with maxRetries 0 the first retry() fails the instance with MaxRetriesExceeded', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'retryZero' } } });
      await s.fireDrain('go');
      expect(await table(s.store)).toEqual({ 't_x#0': 'failed {go}' });
      const m = await metaOf(s.store, 't_x#0');
      expect(m.exceptionType).toBe('MaxRetriesExceeded');
      expect(m.exceptionMessage).toContain('t_x#0');
    });

    it('14.2 / 22: ctx.retry() throws a MaxRetriesExceeded error (name set, context.replayMetadata) when the budget is spent', async () => {
      const caught: unknown[] = [];
      const s = await newSession(getFactory, {
        handlers: {
          catchesRetry: {
            maxRetries: 0,
            handler: (ctx: TaskContext) => {
              try {
                ctx.retry({ metadata: { why: 'flaky' } });
              } catch (error) {
                caught.push(error);
                throw error;
              }
            },
          },
        },
        config: { t_x: { after: ['go'], run: 'catchesRetry' } },
      });
      await s.fireDrain('go');
      expect(caught).toHaveLength(1);
      const error = caught[0] as MaxRetriesExceeded & { context?: Record<string, unknown> };
      expect(error).toBeInstanceOf(MaxRetriesExceeded);
      expect(error.name).toBe('MaxRetriesExceeded');
      expect(error.message).toContain('t_x#0');
      expect(get(error.context, 'replayMetadata', 'why')).toBe('flaky');
      const m = await metaOf(s.store, 't_x#0');
      expect(m.exceptionType).toBe('MaxRetriesExceeded');
      expect(get(m.exceptionContext, 'replayMetadata', 'why')).toBe('flaky');
    });

    it('14.2: MaxRetriesExceeded keeps in context.replayMetadata the metadata the retry would have written', async () => {
      const caught: unknown[] = [];
      const s = await newSession(getFactory, {
        handlers: {
          retriesWithCause: {
            maxRetries: 0,
            handler: (ctx: TaskContext) => {
              try {
                ctx.retry({ cause: new UpstreamTimeout('upstream timed out'), metadata: { attempt: 'first' }, cooldown: 30 });
              } catch (error) {
                caught.push(error);
                throw error;
              }
            },
          },
          retriesPlain: { maxRetries: 0, handler: (ctx: TaskContext) => ctx.retry({ metadata: { why: 'flaky', cooldown: 5 } }) },
          retriesBare: { maxRetries: 0, handler: (ctx: TaskContext) => ctx.retry() },
        },
        config: {
          t_cause: { after: ['go'], run: 'retriesWithCause' },
          t_plain: { after: ['go'], run: 'retriesPlain' },
          t_bare: { after: ['go'], run: 'retriesBare' },
        },
      });
      await s.fireDrain('go');
      // With a cause: the given metadata, the cooldown and the cause's exception fields (section 10).
      const expected = {
        attempt: 'first',
        cooldown: 30,
        exceptionType: 'UpstreamTimeout',
        exceptionMessage: 'upstream timed out',
        exceptionContext: { host: 'upstream.example' },
      };
      const thrown = (caught[0] as MaxRetriesExceeded).context.replayMetadata as Record<string, unknown>;
      expect(thrown).toMatchObject(expected);
      expect(thrown.exceptionInfo).toEqual(expect.stringContaining('UpstreamTimeout: upstream timed out'));
      expect(Object.keys(thrown).sort()).toEqual([...Object.keys(expected), 'exceptionInfo'].sort());
      const stored = get((await metaOf(s.store, 't_cause#0')).exceptionContext, 'replayMetadata');
      expect(stored).toEqual(thrown);
      // Without a cause: the metadata and the cooldown (a cooldown key inside metadata wins).
      expect(get((await metaOf(s.store, 't_plain#0')).exceptionContext, 'replayMetadata')).toEqual({ why: 'flaky', cooldown: 5 });
      // Nothing given: cooldown null, as the retry would have written.
      expect(get((await metaOf(s.store, 't_bare#0')).exceptionContext, 'replayMetadata')).toEqual({ cooldown: null });
    });

    it('14.2: the default maxRetries is 3', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'alwaysRetrying' } } });
      await s.fireDrain('go');
      expect(await taskRows(s.store, 't_x')).toEqual([
        'replayed {go}', 'replayed {go}', 'replayed {go}', 'failed {go}',
      ]);
      const m = await metaOf(s.store, 't_x#3');
      expect(m.exceptionType).toBe('MaxRetriesExceeded');
      expect(m.exceptionMessage).toContain('t_x#3');
      // a MaxRetriesExceeded failure is an ordinary failure: an operator may skip it
      const skipped = await s.manager.skipFailedInstance('t_x#3');
      expect(skipped.status).toBe('skipped');
    });

    it('14.2: retry({cause, metadata, cooldown}) records a failure then a replay; the clone carries cooldown', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          retryOnce: (ctx: TaskContext) => {
            if (ctx.retries === 0) {
              ctx.logger.info('retrying');
              ctx.retry({
                cause: new UpstreamTimeout('upstream timed out'),
                metadata: { attempt: 'first' },
                cooldown: 30,
              });
            }
            return { retries: ctx.retries };
          },
        },
        config: { t_x: { after: ['go'], run: 'retryOnce' } },
      });
      await s.fireDrain('go', { v: 1 });
      const retried = await s.store.instance('t_x#0');
      expect(retried.status).toBe('replayed');
      expect(retried.metadata).toMatchObject({
        attempt: 'first',
        cooldown: 30,
        exceptionType: 'UpstreamTimeout',
        exceptionMessage: 'upstream timed out',
        exceptionContext: { host: 'upstream.example' },
      });
      expect(retried.metadata.logLevel ?? 0).toBeGreaterThanOrEqual(20);
      expect(typeof retried.metadata.exceptionInfo).toBe('string');
      const ts = retried.metadata.timestamps;
      expect(ts?.failed).toBeDefined();
      expect(ts?.replayed).toBe(ts?.lastModified);
      const clone = await s.store.instance('t_x#1');
      expect(clone.status).toBe('finished');
      expect(clone.kwargs).toEqual({ go: { v: 1 } });
      expect(clone.metadata).toMatchObject({ parent: 't_x#0', depth: 1, cooldown: 30, result: { retries: 1 } });
    });

    it('14.2: retry() without cooldown records cooldown null; a cooldown key inside metadata wins', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          plainRetry: (ctx: TaskContext) => {
            if (ctx.retries === 0) ctx.retry();
            return {};
          },
          metaRetry: (ctx: TaskContext) => {
            if (ctx.retries === 0) ctx.retry({ cooldown: 5, metadata: { cooldown: 9 } });
            return {};
          },
        },
        config: { t_plain: { after: ['go'], run: 'plainRetry' }, t_meta: { after: ['go'], run: 'metaRetry' } },
      });
      await s.fireDrain('go');
      const plain = await metaOf(s.store, 't_plain#0');
      expect('cooldown' in plain).toBe(true);
      expect(plain.cooldown).toBeNull();
      expect((await metaOf(s.store, 't_plain#1')).cooldown ?? null).toBeNull();
      expect(plain.exceptionType).toBeUndefined();
      expect((await metaOf(s.store, 't_meta#0')).cooldown).toBe(9);
      expect((await metaOf(s.store, 't_meta#1')).cooldown).toBe(9);
      expect(await statusOf(s.store, 't_plain#1')).toBe('finished');
    });

    it('14.2: retry replacementKwargs — {} empties the clone kwargs, an object replaces them', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          retryEmpty: (ctx: TaskContext) => {
            if (ctx.retries === 0) ctx.retry({ replacementKwargs: {} });
            return { kwargs: ctx.triggerKwargs };
          },
          retryReplace: (ctx: TaskContext) => {
            if (ctx.retries === 0) ctx.retry({ replacementKwargs: { go: { replaced: true } } });
            return { kwargs: ctx.triggerKwargs };
          },
          retryKeep: (ctx: TaskContext) => {
            if (ctx.retries === 0) ctx.retry({ replacementKwargs: null });
            return { kwargs: ctx.triggerKwargs };
          },
        },
        config: {
          t_empty: { after: ['go'], run: 'retryEmpty', withParams: { p: { q: 1 } } },
          t_replace: { after: ['go'], run: 'retryReplace' },
          t_keep: { after: ['go'], run: 'retryKeep' },
        },
      });
      await s.fireDrain('go', { v: 1 });
      expect((await s.store.instance('t_empty#1')).kwargs).toEqual({});
      expect(await resultOf(s.store, 't_empty#1')).toEqual({ kwargs: { p: { q: 1 } } });
      expect((await s.store.instance('t_replace#1')).kwargs).toEqual({ go: { replaced: true } });
      expect(await resultOf(s.store, 't_replace#1')).toEqual({ kwargs: { go: { replaced: true } } });
      expect(await resultOf(s.store, 't_keep#1')).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('edge 28: a manual replay counts in ctx.retries before a retry()', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          failThenRetry: (ctx: TaskContext) => {
            if (ctx.retries === 0) throw new Error('first attempt fails');
            if (ctx.retries === 1) ctx.retry();
            return { retries: ctx.retries };
          },
        },
        config: { t_x: { after: ['go'], run: 'failThenRetry' } },
      });
      await s.fireDrain('go');
      expect(await statusOf(s.store, 't_x#0')).toBe('failed');
      await s.manager.replayFailedInstance('t_x#0');
      await s.drain();
      expect(await taskRows(s.store, 't_x')).toEqual(['replayed {go}', 'replayed {go}', 'finished {go}']);
      expect(await resultOf(s.store, 't_x#2')).toEqual({ retries: 2 });
      expect(await metaOf(s.store, 't_x#2')).toMatchObject({ parent: 't_x#1', depth: 2 });
    });

    it('14.2: a retry clone that finishes cascades like any success', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_x: { after: ['go'], run: 'selfRetrying', withParams: { retries: { max: 1 } } },
          t_next: { after: ['t_x'], run: 'passThru' },
        },
      });
      await s.fireDrain('go');
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: { count: 1 } } });
    });
  });
}
