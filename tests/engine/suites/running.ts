import { describe, expect, it } from 'vitest';
import { TaskNotFoundError, TaskRegistry, type Kwargs, type TriggerManager } from '@/lib/triggers';
import {
  type GetFactory,
  expectRejects,
  metaOf,
  newSession,
  resultOf,
  statusOf,
  table,
} from '../helpers';

class Money {
  constructor(readonly cents: number) {}
}

const INVALID_RESULTS: Array<[string, unknown]> = [
  ['42', 42],
  ["'x'", 'x'],
  ['[]', []],
  ['true', true],
  ['a Date', new Date(0)],
  ['a Map', new Map([['a', 1]])],
  ['a class instance', new Money(5)],
  ['0 (port decision 7)', 0],
  ["'' (port decision 7)", ''],
  ['false (port decision 7)', false],
];

export function runningSuite(getFactory: GetFactory): void {
  describe('running an instance: results and errors (section 10)', () => {
    it('10: a passThru run records actualKwargs, result, and finishes', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'passThru', withParams: { p: { q: 1 } } } },
      });
      await s.fireDrain('go', { v: 1 });
      const i = await s.store.instance('t_x#0');
      expect(i.status).toBe('finished');
      expect(i.kwargs).toEqual({ go: { v: 1 } });
      expect(i.metadata.actualKwargs).toEqual({ go: { v: 1 }, p: { q: 1 } });
      expect(i.metadata.result).toEqual({ kwargs: { go: { v: 1 }, p: { q: 1 } } });
      expect(s.calls).toEqual([
        { handler: 'passThru', instanceName: 't_x#0', triggerKwargs: { go: { v: 1 }, p: { q: 1 } }, retries: 0 },
      ]);
    });

    it('10.3 / 5.6: the handler sees its own instance running, with actualKwargs, and no logLevel yet', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'inspectsSelf' } } });
      await s.fireDrain('go', { v: 1 });
      expect(await resultOf(s.store, 't_x#0')).toEqual({
        seenStatus: 'running',
        seenActualKwargs: { go: { v: 1 } },
        seenLogLevel: null,
      });
    });

    it('10.4: ctx.manager is the very manager that scheduled the instance; ctx.instanceName and retries', async () => {
      const seen: Array<{ manager: TriggerManager; name: string; retries: number }> = [];
      const s = await newSession(getFactory, {
        handlers: { who: (ctx) => { seen.push({ manager: ctx.manager, name: ctx.instanceName, retries: ctx.retries }); return {}; } },
        config: { t_x: { after: ['go'], run: 'who' } },
      });
      await s.fireDrain('go');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.manager).toBe(s.manager);
      expect(seen[0]?.name).toBe('t_x#0');
      expect(seen[0]?.retries).toBe(0);
    });

    it('edge 15: a handler returning undefined finishes with {} and cascades {}', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'returnsUndefined' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
      expect(await resultOf(s.store, 't_x#0')).toEqual({});
      expect((await s.store.latestKwargs()).t_x).toEqual({});
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: {} } });
    });

    it('edge 15: a handler returning null finishes with {} and cascades {}', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'returnsNull' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
      expect(await resultOf(s.store, 't_x#0')).toEqual({});
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: {} } });
    });

    it.each(INVALID_RESULTS)(
      'edge 16: a handler returning %s fails with TypeError, naming task and instance, and does not cascade',
      async (_label, value) => {
        const s = await newSession(getFactory, {
          handlers: { returnsBad: () => value as Kwargs },
          config: { t_x: { after: ['go'], run: 'returnsBad' }, t_next: { after: ['t_x'], run: 'passThru' } },
        });
        await s.fireDrain('go');
        const i = await s.store.instance('t_x#0');
        expect(i.status).toBe('failed');
        expect(i.metadata.exceptionType).toBe('TypeError');
        expect(i.metadata.exceptionMessage).toContain('t_x');
        expect(i.metadata.exceptionMessage).toContain('t_x#0');
        expect(i.metadata.exceptionMessage).toMatch(/plain object/);
        const context = i.metadata.exceptionContext;
        expect(context).toBeDefined();
        expect(context && 'actualResult' in context).toBe(true);
        expect(JSON.parse(JSON.stringify(context))).toEqual(context);
        expect(i.metadata.result).toBeUndefined();
        expect('t_x' in (await s.store.latestKwargs())).toBe(false);
        expect(await s.store.instancesOfTask('t_next')).toEqual([]);
      },
    );

    it('10.5: a thrown Error fails the instance and records type, message, stack and empty context', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'failing' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      const m = await metaOf(s.store, 't_x#0');
      expect(await statusOf(s.store, 't_x#0')).toBe('failed');
      expect(m.exceptionType).toBe('Error');
      expect(m.exceptionMessage).toBe('intentional failure in t_x#0');
      expect(typeof m.exceptionInfo).toBe('string');
      expect(m.exceptionInfo).toContain('intentional failure in t_x#0');
      expect(m.exceptionInfo).toMatch(/\n\s+at /);
      expect(m.exceptionContext).toEqual({});
      expect(m.logLevel ?? 0).toBeGreaterThanOrEqual(40);
      expect(m.timestamps?.failed).toBe(m.timestamps?.lastModified);
      expect(m.result).toBeUndefined();
      expect('t_x' in (await s.store.latestKwargs())).toBe(false);
      expect(await s.store.instancesOfTask('t_next')).toEqual([]);
    });

    it('10.5: a custom error class records its name and its plain-object context', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'throwsWithContext' } } });
      await s.fireDrain('go');
      const m = await metaOf(s.store, 't_x#0');
      expect(m.exceptionType).toBe('QuotaExceededError');
      expect(m.exceptionMessage).toBe('quota exceeded in t_x#0');
      expect(m.exceptionContext).toEqual({ quota: 5, used: 7 });
    });

    it('10.5: an error context that is not a plain object is recorded as {}', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          badContext: () => {
            throw Object.assign(new Error('with odd context'), { context: 'not an object' });
          },
        },
        config: { t_x: { after: ['go'], run: 'badContext' } },
      });
      await s.fireDrain('go');
      expect((await metaOf(s.store, 't_x#0')).exceptionContext).toEqual({});
    });

    it('10.5: a TypeError thrown by the handler is recorded as TypeError; an async rejection like a throw', async () => {
      const s = await newSession(getFactory, {
        handlers: { rejects: async () => { await Promise.resolve(); throw new RangeError('async range'); } },
        config: { t_x: { after: ['go'], run: 'throwsTypeError' }, t_y: { after: ['go'], run: 'rejects' } },
      });
      await s.fireDrain('go');
      expect(await metaOf(s.store, 't_x#0')).toMatchObject({ exceptionType: 'TypeError', exceptionMessage: 'wrong type in handler' });
      expect(await metaOf(s.store, 't_y#0')).toMatchObject({ exceptionType: 'RangeError', exceptionMessage: 'async range' });
      expect(await statusOf(s.store, 't_y#0')).toBe('failed');
    });

    it('edge 17: a thrown string fails with exceptionType Error and the string as message', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'throwsString' } } });
      await s.fireDrain('go');
      const m = await metaOf(s.store, 't_x#0');
      expect(await statusOf(s.store, 't_x#0')).toBe('failed');
      expect(m.exceptionType).toBe('Error');
      expect(m.exceptionMessage).toBe('plain string failure');
      expect(typeof m.exceptionInfo).toBe('string');
      expect(m.exceptionInfo?.length).toBeGreaterThan(0);
      expect(m.logLevel ?? 0).toBeGreaterThanOrEqual(40);
    });

    it('edge 18: a handler mutating ctx.triggerKwargs changes nothing stored and nothing another instance gets', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_mut: { after: ['go'], run: 'mutatesKwargs', withParams: { p: { q: 1 } } },
          t_pass: { after: ['go'], run: 'passThru' },
        },
      });
      await s.fireDrain('go', { v: 1 });
      const mut = await s.store.instance('t_mut#0');
      expect(mut.status).toBe('finished');
      expect(mut.kwargs).toEqual({ go: { v: 1 } });
      expect(mut.metadata.actualKwargs).toEqual({ go: { v: 1 }, p: { q: 1 } });
      expect((await s.store.tasks()).t_mut?.withParams).toEqual({ p: { q: 1 } });
      expect((await s.store.latestKwargs()).go).toEqual({ v: 1 });
      expect(await resultOf(s.store, 't_pass#0')).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('10.5: the engine stores a copy of the result object', async () => {
      const kept = { v: 1, nested: { list: [1] } };
      const s = await newSession(getFactory, {
        handlers: { keeps: () => kept },
        config: { t_x: { after: ['go'], run: 'keeps' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      kept.v = 2;
      kept.nested.list.push(2);
      expect(await resultOf(s.store, 't_x#0')).toEqual({ v: 1, nested: { list: [1] } });
      expect((await s.store.latestKwargs()).t_x).toEqual({ v: 1, nested: { list: [1] } });
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: { v: 1, nested: { list: [1] } } } });
    });

    it('10.4: a handler may fire more triggers through ctx.manager; drain waits for what they schedule', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_x: { after: ['go'], run: 'firesFollowUp' },
          t_follow: { after: ['followUp'], run: 'passThru' },
        },
      });
      await s.fireDrain('go');
      expect(await table(s.store)).toEqual({ 't_x#0': 'finished {go}', 't_follow#0': 'finished {followUp}' });
      expect(await resultOf(s.store, 't_follow#0')).toEqual({ kwargs: { followUp: { from: 't_x#0' } } });
    });

    it('10.1: an unregistered handler fails the instance with TaskNotFoundError naming the handler; no cascade', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'noSuchHandler' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      expect(await s.fireDrain('go')).toEqual(['t_x#0']);
      const i = await s.store.instance('t_x#0');
      expect(i.status).toBe('failed');
      expect(i.metadata.exceptionType).toBe('TaskNotFoundError');
      expect(i.metadata.exceptionMessage).toContain('noSuchHandler');
      expect(await s.store.instancesOfTask('t_next')).toEqual([]);
      // visible and replayable once the handler exists
      s.registry.register('noSuchHandler', () => ({ fixed: true }));
      await s.manager.replayFailedInstance('t_x#0');
      await s.drain();
      expect(await resultOf(s.store, 't_x#1')).toEqual({ fixed: true });
      expect(await resultOf(s.store, 't_next#0')).toEqual({ kwargs: { t_x: { fixed: true } } });
    });

    it('22: TaskRegistry.get of an unknown name throws TaskNotFoundError naming it; register chains', () => {
      const registry = new TaskRegistry();
      expect(registry.register('a', () => ({}))).toBe(registry);
      expect(() => registry.get('a')).not.toThrow();
      let caught: unknown;
      try {
        registry.get('missingHandler');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TaskNotFoundError);
      expect((caught as Error).message).toContain('missingHandler');
      expect((caught as Error).name).toBe('TaskNotFoundError');
    });

    it('22: error classes set their name', async () => {
      const s = await newSession(getFactory);
      await expectRejects(s.store.instance('nope#0'), Error, 'nope#0').then((e) => {
        expect(e.name).toBe('InstanceNotFoundError');
      });
    });
  });
}
