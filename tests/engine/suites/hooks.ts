import { describe, expect, it } from 'vitest';
import { TriggerManager, type TaskInstance } from '@/lib/triggers';
import {
  type GetFactory,
  HoldingRunner,
  RecordingManager,
  names,
  newSession,
  resultOf,
  sleep,
  statusOf,
  table,
} from '../helpers';

class HookError extends Error {
  override name = 'HookError';
}

/** Throws from the hook named in `throwOn` (postFire: for that trigger). */
class ThrowingManager extends TriggerManager {
  throwOnFire: string | null = null;
  throwOnReplay = false;
  throwOnSkip = false;
  protected override async postFire(trigger: string, scheduled: TaskInstance[]): Promise<void> {
    await super.postFire(trigger, scheduled);
    if (trigger === this.throwOnFire) throw new HookError(`postFire failed for ${trigger}`);
  }
  protected override async postReplay(clone: TaskInstance): Promise<void> {
    await super.postReplay(clone);
    if (this.throwOnReplay) throw new HookError(`postReplay failed for ${clone.name}`);
  }
  protected override async postSkip(instance: TaskInstance, cascade: boolean): Promise<void> {
    await super.postSkip(instance, cascade);
    if (this.throwOnSkip) throw new HookError(`postSkip failed for ${instance.name}`);
  }
}

/** Section 21 recipe. */
class FinalizingManager extends TriggerManager {
  protected override async postFire(trigger: string): Promise<void> {
    if (trigger === 'sessionFinalized') return;
    await this.finalizeIfDone();
  }
  protected override async postSkip(): Promise<void> {
    await this.finalizeIfDone();
  }
  private async finalizeIfDone(): Promise<void> {
    if ('sessionFinalized' in (await this.store.latestKwargs())) return;
    for (const task of await this.store.unresolvedTasks()) {
      if (!task.after.includes('sessionFinalized')) return;
    }
    await this.fire('sessionFinalized');
  }
}

export function hooksSuite(getFactory: GetFactory): void {
  describe('hooks (section 17)', () => {
    it('17: acceptance ordering — postFire of a firing precedes the postFire of the cascades it causes', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: {
          t_alpha: { after: ['orderPlaced'], run: 'devNull' },
          t_bravo: { after: ['orderPlaced', 't_alpha'], run: 'devNull' },
        },
      });
      await s.fireDrain('orderPlaced');
      expect(s.manager.events).toEqual([
        'postFire orderPlaced [t_alpha#0]',
        'postFire t_alpha [t_bravo#0]',
        'postFire t_bravo []',
      ]);
      for (const call of s.manager.fired) {
        for (const instance of call.scheduled) expect(instance.status).toBe('scheduled');
      }
    });

    it('17 / edge 1 / edge 2: postFire(t, []) for a trigger nobody uses, before and after configuration', async () => {
      const s = await newSession(getFactory, { manager: RecordingManager });
      await s.manager.fire('early');
      await s.manager.updateConfiguration({ t_x: { after: ['used'], run: 'devNull' } });
      await s.manager.fire('unused', { a: 1 });
      expect(s.manager.events).toEqual(['postFire early []', 'postFire unused []']);
    });

    it('17: the manager awaits the hook before fire resolves', async () => {
      class SlowHookManager extends TriggerManager {
        done: string[] = [];
        protected override async postFire(trigger: string): Promise<void> {
          await sleep(20);
          this.done.push(trigger);
        }
      }
      const s = await newSession(getFactory, { manager: SlowHookManager });
      await s.manager.fire('go');
      expect(s.manager.done).toEqual(['go']);
    });

    it('17: a hook runs after the lock is released: it may read, fire, and update instances', async () => {
      class ChattyManager extends TriggerManager {
        protected override async postFire(trigger: string, scheduled: TaskInstance[]): Promise<void> {
          if (trigger !== 'first') return;
          await this.store.instances();
          await this.updateInstanceMetadata(scheduled[0]?.name ?? '', { touchedByHook: true });
          await this.fire('second', { from: 'hook' });
        }
      }
      const s = await newSession(getFactory, {
        manager: ChattyManager,
        wrapRunner: (inline) => new HoldingRunner(inline, ['t_first']),
        config: {
          t_first: { after: ['first'], run: 'devNull' },
          t_second: { after: ['second'], run: 'passThru' },
        },
      });
      await s.fireDrain('first');
      expect((await s.store.instance('t_first#0')).metadata.touchedByHook).toBe(true);
      expect(await resultOf(s.store, 't_second#0')).toEqual({ kwargs: { second: { from: 'hook' } } });
    });

    it('17: replay calls postReplay(clone) once and no postFire; the clone\'s cascade is a fire', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: { t_x: { after: ['go'], run: 'failIfAsked' } },
      });
      await s.fireDrain('go', { fail: true });
      s.manager.events.length = 0;
      const clone = await s.manager.replayFailedInstance('t_x#0', { go: {} });
      expect(s.manager.events).toEqual(['postReplay t_x#1']);
      expect(s.manager.replayed[0]?.name).toBe(clone.name);
      expect(s.manager.replayed[0]?.metadata.parent).toBe('t_x#0');
      expect(s.manager.replayed[0]?.status).toBe('scheduled');
      await s.drain();
      expect(s.manager.events).toEqual(['postReplay t_x#1', 'postFire t_x []']);
    });

    it('17: ctx.retry() calls postReplay(clone) once per retry and no postFire until the success', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: { t_x: { after: ['go'], run: 'selfRetrying', withParams: { retries: { max: 2 } } } },
      });
      await s.fireDrain('go');
      expect(s.manager.events).toEqual([
        'postFire go [t_x#0]',
        'postReplay t_x#1',
        'postReplay t_x#2',
        'postFire t_x []',
      ]);
      expect(s.manager.replayed.map((c) => c.metadata.parent)).toEqual(['t_x#0', 't_x#1']);
    });

    it('17: skip without cascade calls postSkip(instance, false) only', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: { t_x: { after: ['go'], run: 'failing' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      s.manager.events.length = 0;
      await s.manager.skipFailedInstance('t_x#0');
      await s.drain();
      expect(s.manager.events).toEqual(['postSkip t_x#0 false']);
      expect(s.manager.skipped[0]?.instance.status).toBe('skipped');
      expect(s.manager.skipped[0]?.cascade).toBe(false);
    });

    it('17 / 13.4: skip with cascade calls postFire for the cascade before postSkip(instance, true)', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: { t_x: { after: ['go'], run: 'failing' }, t_next: { after: ['t_x'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      s.manager.events.length = 0;
      await s.manager.skipFailedInstance('t_x#0', { cascade: true, result: { r: 1 } });
      expect(s.manager.events).toEqual(['postFire t_x [t_next#0]', 'postSkip t_x#0 true']);
      expect(s.manager.skipped[0]?.instance.status).toBe('skipped');
      await s.drain();
      expect(s.manager.events).toEqual(['postFire t_x [t_next#0]', 'postSkip t_x#0 true', 'postFire t_next []']);
    });

    it('17: updateInstanceStatus with cascade calls postFire once for the cascade; without cascade no hook', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        wrapRunner: () => new HoldingRunner(),
        config: { t_x: { after: ['go'], run: 'passThru' }, t_y: { after: ['go'], run: 'passThru' } },
      });
      await s.manager.fire('go');
      s.manager.events.length = 0;
      await s.manager.updateInstanceStatus('t_x#0', 'finished', { cascade: true, cascadeKwargs: { k: 1 } });
      await s.manager.updateInstanceStatus('t_y#0', 'finished');
      expect(s.manager.events).toEqual(['postFire t_x []']);
    });

    it('17: no hook for ctx.skip, failures, abandonment, updateConfiguration, metadata updates, logs', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: {
          t_skip: { after: ['go'], run: 'selfSkipping' },
          t_fail: { after: ['go'], run: 'failing' },
          t_gone: { after: ['go', 'x'], run: 'passThru', unless: ['go'] },
        },
      });
      await s.fireDrain('go');
      expect(s.manager.events).toEqual(['postFire go [t_skip#0, t_fail#0]']);
      expect(await table(s.store)).toEqual({
        't_skip#0': 'skipped {go}',
        't_fail#0': 'failed {go}',
        't_gone#0': 'abandoned {go}',
      });
      await s.manager.updateConfiguration({ t_more: { after: ['y'], run: 'devNull' } });
      await s.manager.updateInstanceMetadata('t_fail#0', { note: 1 });
      await s.manager.markInstanceLogsResolved('t_fail#0');
      await s.drain();
      expect(s.manager.events).toEqual(['postFire go [t_skip#0, t_fail#0]']);
    });

    it('17: cascades run through the manager that scheduled the instance (a subclass sees them)', async () => {
      const s = await newSession(getFactory, {
        manager: RecordingManager,
        config: { t_a: { after: ['go'], run: 'devNull' }, t_b: { after: ['t_a'], run: 'devNull' } },
      });
      await s.fireDrain('go');
      expect(s.manager.events).toEqual(['postFire go [t_a#0]', 'postFire t_a [t_b#0]', 'postFire t_b []']);
    });

    it('17: an error thrown by postFire propagates to the caller of fire; the firing is already saved', async () => {
      const s = await newSession(getFactory, {
        manager: ThrowingManager,
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      s.manager.throwOnFire = 'go';
      await expect(s.manager.fire('go', { v: 1 })).rejects.toThrow(HookError);
      expect((await s.store.latestKwargs()).go).toEqual({ v: 1 });
      s.manager.throwOnFire = null;
      await s.drain();
      expect(await statusOf(s.store, 't_x#0')).toBe('finished');
    });

    it('17 / 10.6: a hook throwing during a cascade leaves the instance finished; drain rejects with the error', async () => {
      const s = await newSession(getFactory, {
        manager: ThrowingManager,
        config: { t_x: { after: ['go'], run: 'passThru' } },
      });
      s.manager.throwOnFire = 't_x';
      await s.manager.fire('go', { v: 1 });
      await expect(s.drain()).rejects.toThrow(/postFire failed for t_x/);
      const i = await s.store.instance('t_x#0');
      expect(i.status).toBe('finished');
      expect(i.metadata.result).toEqual({ kwargs: { go: { v: 1 } } });
      expect(i.metadata.exceptionType).toBeUndefined();
      expect((await s.store.latestKwargs()).t_x).toEqual({ kwargs: { go: { v: 1 } } });
    });

    it('17: an error thrown by postReplay or postSkip propagates; the change is saved', async () => {
      const s = await newSession(getFactory, {
        manager: ThrowingManager,
        wrapRunner: () => new HoldingRunner(),
        config: { t_x: { after: ['go'], run: 'failing' }, t_y: { after: ['go'], run: 'failing' } },
      });
      await s.manager.fire('go');
      await s.manager.updateInstanceStatus('t_x#0', 'failed');
      await s.manager.updateInstanceStatus('t_y#0', 'failed');
      s.manager.throwOnReplay = true;
      s.manager.throwOnSkip = true;
      await expect(s.manager.replayFailedInstance('t_x#0')).rejects.toThrow(/postReplay failed for t_x#1/);
      expect(await statusOf(s.store, 't_x#0')).toBe('replayed');
      expect(await statusOf(s.store, 't_x#1')).toBe('scheduled');
      await expect(s.manager.skipFailedInstance('t_y#0')).rejects.toThrow(/postSkip failed for t_y#0/);
      expect(await statusOf(s.store, 't_y#0')).toBe('skipped');
    });

    it('21: recipe — a finalizing manager fires sessionFinalized once, after everything else resolved', async () => {
      const s = await newSession(getFactory, {
        manager: FinalizingManager,
        config: {
          t_one: { after: ['a'], run: 'devNull' },
          t_two: { after: ['b'], run: 'devNull' },
          t_final: { after: ['sessionFinalized'], run: 'passThru' },
        },
      });
      await s.fireDrain('a');
      expect('sessionFinalized' in (await s.store.latestKwargs())).toBe(false);
      await s.fireDrain('b');
      expect(await table(s.store)).toEqual({
        't_one#0': 'finished {a}',
        't_two#0': 'finished {b}',
        't_final#0': 'finished {sessionFinalized}',
      });
      expect(names(await s.store.instancesOfTask('t_final'))).toEqual(['t_final#0']);
    });

    it('21: recipe — a failure blocks finalization until skipped (checked from postSkip)', async () => {
      const s = await newSession(getFactory, {
        manager: FinalizingManager,
        config: {
          t_one: { after: ['a'], run: 'failing' },
          t_final: { after: ['sessionFinalized'], run: 'passThru' },
        },
      });
      await s.fireDrain('a');
      expect(await s.store.instancesOfTask('t_final')).toEqual([]);
      await s.manager.skipFailedInstance('t_one#0');
      await s.drain();
      expect(await statusOf(s.store, 't_final#0')).toBe('finished');
    });

    it('20: runs start after the scheduling operation, including its hook, has completed', async () => {
      const events: string[] = [];
      class MarkingManager extends TriggerManager {
        protected override async postFire(trigger: string): Promise<void> {
          events.push(`postFire ${trigger}`);
        }
      }
      const s = await newSession(getFactory, {
        manager: MarkingManager,
        handlers: { mark: (ctx) => { events.push(`handler ${ctx.instanceName}`); return {}; } },
        config: { t_x: { after: ['go'], run: 'mark' } },
      });
      await s.manager.fire('go');
      events.push('fire resolved');
      await s.drain();
      expect(events).toEqual(['postFire go', 'fire resolved', 'handler t_x#0', 'postFire t_x']);
    });
  });
}
