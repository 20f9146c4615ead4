import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  InlineRunner,
  TriggerManager,
  type TaskInstance,
  type TaskRunner,
} from '@/lib/triggers';
import {
  type GetFactory,
  HoldingRunner,
  NamedRunner,
  metaOf,
  newSession,
  resultOf,
  sleep,
  standardRegistry,
  statusOf,
  table,
  waitFor,
} from '../helpers';

export function runnersSuite(getFactory: GetFactory): void {
  describe('runners (section 20)', () => {
    it('20: a manager constructed without a runner makes its own InlineRunner', async () => {
      const store = await getFactory().create(`test:default-runner:${Math.random()}`);
      const { registry } = standardRegistry();
      const manager = new TriggerManager(store, { registry });
      await manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru' } });
      const [scheduled] = await manager.fire('go', { v: 1 });
      expect(scheduled?.status).toBe('scheduled');
      await waitFor(async () => (await store.instance('t_x#0')).status === 'finished');
      expect((await store.instance('t_x#0')).metadata.result).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('20: a custom runner receives each ready instance, in scheduling order, with the manager', async () => {
      let holding: HoldingRunner | undefined;
      const s = await newSession(getFactory, {
        wrapRunner: () => (holding = new HoldingRunner()),
        config: {
          t_b: { after: ['go'], run: 'devNull' },
          t_a: { after: ['go'], run: 'devNull' },
          t_c: { after: [], andEvery: 'go', run: 'devNull' },
        },
      });
      const scheduled = await s.manager.fire('go', { v: 1 });
      expect(scheduled.map((i) => i.name)).toEqual(['t_b#0', 't_a#0', 't_c#0']);
      expect(holding?.held.map((h) => h.instance.name)).toEqual(['t_b#0', 't_a#0', 't_c#0']);
      for (const h of holding?.held ?? []) {
        expect(h.manager).toBe(s.manager);
        expect(h.instance.kwargs).toEqual({ go: { v: 1 } });
      }
      // nothing runs them: they stay scheduled and unresolved
      await sleep(10);
      expect(await table(s.store)).toEqual({
        't_b#0': 'scheduled {go}',
        't_a#0': 'scheduled {go}',
        't_c#0': 'scheduled {go}',
      });
      expect(s.calls).toEqual([]);
    });

    it('20: `using` the name of the manager\'s runner dispatches through it', async () => {
      let named: NamedRunner | undefined;
      const s = await newSession(getFactory, {
        wrapRunner: (inline) => (named = new NamedRunner('recorder', inline)),
        config: { t_x: { after: ['go'], run: 'passThru', using: 'recorder' }, t_y: { after: ['go'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      expect(named?.seen).toEqual(['t_x#0', 't_y#0']);
      expect(await table(s.store)).toEqual({ 't_x#0': 'finished {go}', 't_y#0': 'finished {go}' });
    });

    it('20: a `using` the manager cannot resolve at scheduling time fails the instance with ConfigurationError; the firing proceeds; replayable once fixed', async () => {
      const shared = standardRegistry();
      const configurer = await newSession(getFactory, {
        registry: shared.registry,
        wrapRunner: (inline) => new NamedRunner('special', inline),
        config: {
          t_special: { after: ['go'], run: 'passThru', using: 'special' },
          t_plain: { after: ['go'], run: 'passThru' },
        },
      });
      // a manager on the same store that knows no runner called 'special'
      const other = await newSession(getFactory, { store: configurer.store, registry: shared.registry });
      const scheduled = await other.manager.fire('go', { v: 1 });
      expect(scheduled.map((i) => i.name)).toEqual(['t_plain#0']);
      await other.drain();
      const failed = await other.store.instance('t_special#0');
      expect(failed.status).toBe('failed');
      expect(failed.kwargs).toEqual({ go: { v: 1 } });
      expect(failed.metadata.exceptionType).toBe('ConfigurationError');
      expect(failed.metadata.exceptionMessage).toContain('special');
      expect(failed.metadata.timestamps?.failed).toBeDefined();
      expect(await statusOf(other.store, 't_plain#0')).toBe('finished');

      await other.manager.updateConfiguration({ t_special: { after: ['go'], run: 'passThru' } });
      const clone = await other.manager.replayFailedInstance('t_special#0');
      await other.drain();
      expect(await resultOf(other.store, clone.name)).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('20: an unknown `using` is a ConfigurationError — at configuration time, or else on the instance at scheduling', async () => {
      const s = await newSession(getFactory, { config: { t_ok: { after: ['go'], run: 'devNull' } } });
      let rejected: unknown = null;
      try {
        await s.manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru', using: 'nowhere' } });
      } catch (error) {
        rejected = error;
      }
      if (rejected) {
        expect(rejected).toBeInstanceOf(ConfigurationError);
        expect((rejected as Error).message).toContain('t_x');
        expect(Object.keys(await s.store.tasks())).toEqual(['t_ok']);
      } else {
        const scheduled = await s.manager.fire('go');
        await s.drain();
        expect(scheduled.map((i) => i.name)).toEqual(['t_ok#0']);
        const m = await metaOf(s.store, 't_x#0');
        expect(await statusOf(s.store, 't_x#0')).toBe('failed');
        expect(m.exceptionType).toBe('ConfigurationError');
        expect(m.exceptionMessage).toContain('nowhere');
      }
    });

    it('20: InlineRunner.drain() resolves at once when idle', async () => {
      const runner = new InlineRunner();
      await runner.drain();
      const s = await newSession(getFactory);
      await s.drain();
    });

    it('20: InlineRunner runs instances one at a time in FIFO order', async () => {
      const events: string[] = [];
      const slow = async (ctx: { instanceName: string }): Promise<Record<string, never>> => {
        events.push(`start ${ctx.instanceName}`);
        await sleep(15);
        events.push(`end ${ctx.instanceName}`);
        return {};
      };
      const s = await newSession(getFactory, {
        handlers: { slow },
        config: { t_a: { after: ['go'], run: 'slow' }, t_b: { after: ['go'], run: 'slow' }, t_c: { after: ['go'], run: 'slow' } },
      });
      await s.fireDrain('go');
      expect(events).toEqual(['start t_a#0', 'end t_a#0', 'start t_b#0', 'end t_b#0', 'start t_c#0', 'end t_c#0']);
    });

    it('20: drain() waits for runs queued by cascades, retries and replays made while draining', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          replaysOther: async (ctx) => {
            await ctx.manager.replayFailedInstance('t_broken#0', { go: { fixed: true } });
            return {};
          },
        },
        config: {
          t_broken: { after: ['go'], run: 'failIfAsked' },
          t_fixer: { after: ['fix'], run: 'replaysOther' },
          t_retry: { after: ['fix'], run: 'selfRetrying', withParams: { retries: { max: 2 } } },
          t_down: { after: ['t_broken'], run: 'passThru' },
        },
      });
      await s.fireDrain('go', { fail: true });
      expect(await statusOf(s.store, 't_broken#0')).toBe('failed');
      await s.fireDrain('fix');
      expect(await table(s.store)).toEqual({
        't_broken#0': 'replayed {go}',
        't_broken#1': 'finished {go}',
        't_fixer#0': 'finished {fix}',
        't_retry#0': 'replayed {fix}',
        't_retry#1': 'replayed {fix}',
        't_retry#2': 'finished {fix}',
        't_down#0': 'finished {t_broken}',
      });
    });

    it('20: InlineRunner.run() never starts the handler synchronously nor in a microtask of the call', async () => {
      const events: string[] = [];
      let holding: HoldingRunner | undefined;
      const s = await newSession(getFactory, {
        handlers: { mark: (ctx) => { events.push(`handler ${ctx.instanceName}`); return {}; } },
        wrapRunner: () => (holding = new HoldingRunner()),
        config: { t_x: { after: ['go'], run: 'mark' } },
      });
      await s.manager.fire('go');
      const held = holding?.held[0];
      expect(held).toBeDefined();
      const runner = new InlineRunner();
      const call = runner.run(s.manager, held?.instance as TaskInstance);
      events.push('run() returned');
      await call;
      for (let i = 0; i < 20; i += 1) await Promise.resolve();
      events.push('microtasks done');
      await runner.drain();
      expect(events).toEqual(['run() returned', 'microtasks done', 'handler t_x#0']);
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
    });

    it('10.3 / port decision 5: a runner ignores an instance that is no longer scheduled', async () => {
      let holding: HoldingRunner | undefined;
      const s = await newSession(getFactory, {
        wrapRunner: () => (holding = new HoldingRunner()),
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      await s.manager.fire('go');
      const held = holding?.held[0]?.instance as TaskInstance;
      await s.manager.updateInstanceStatus('t_x#0', 'skipped');
      const runner = new InlineRunner();
      await runner.run(s.manager, held);
      await runner.drain();
      expect(s.calls).toEqual([]);
      expect(await statusOf(s.store, 't_x#0')).toBe('skipped');
    });

    it('10.3: a job delivered twice runs once', async () => {
      let holding: HoldingRunner | undefined;
      const s = await newSession(getFactory, {
        wrapRunner: () => (holding = new HoldingRunner()),
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      await s.manager.fire('go');
      const held = holding?.held[0]?.instance as TaskInstance;
      const runner = new InlineRunner();
      await runner.run(s.manager, held);
      await runner.run(s.manager, held);
      await runner.drain();
      expect(s.calls.map((c) => c.instanceName)).toEqual(['t_x#0']);
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
    });

    it('20: InlineRunner ignores cooldown', async () => {
      const s = await newSession(getFactory, {
        handlers: {
          coolRetry: (ctx) => {
            if (ctx.retries === 0) ctx.retry({ cooldown: 3600 });
            return { retries: ctx.retries };
          },
        },
        config: { t_x: { after: ['go'], run: 'coolRetry' } },
      });
      const started = Date.now();
      await s.fireDrain('go');
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await metaOf(s.store, 't_x#1')).cooldown).toBe(3600);
      expect(await resultOf(s.store, 't_x#1')).toEqual({ retries: 1 });
    });

    it('20: one InlineRunner may serve a custom TaskRunner wrapper that adds its own behaviour', async () => {
      const dispatched: string[] = [];
      const s = await newSession(getFactory, {
        wrapRunner: (inline): TaskRunner => ({
          name: 'wrapper',
          async run(manager, instance) {
            dispatched.push(`${instance.name}`);
            await inline.run(manager, instance);
          },
        }),
        config: { t_a: { after: ['go'], run: 'devNull' }, t_b: { after: ['t_a'], run: 'devNull' } },
      });
      await s.fireDrain('go');
      expect(dispatched).toEqual(['t_a#0', 't_b#0']);
    });
  });
}
