import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError, TriggerManager } from '@/lib/triggers';
import {
  type GetFactory,
  expectRejects,
  names,
  newSession,
  newUid,
  resultOf,
  unresolvedInstanceNames,
  unresolvedTaskNames,
} from '../helpers';

export function inspectionSuite(getFactory: GetFactory): void {
  describe('inspecting a session, debugRepr and copies (sections 2, 16)', () => {
    it('2 / edge 37: a uid never written behaves as an empty session', async () => {
      const store = await getFactory().create(newUid());
      expect(await store.tasks()).toEqual({});
      expect(await store.instances()).toEqual({});
      expect(await store.latestKwargs()).toEqual({});
      expect(await store.unresolvedTasks()).toEqual([]);
      expect(await store.unresolvedInstances()).toEqual([]);
      expect(await store.instancesOfTask('t_x')).toEqual([]);
      expect(await store.debugRepr()).toEqual({ tasks: {}, instances: {}, metas: { latestKwargs: {} } });
      await expectRejects(store.instance('t_x#0'), InstanceNotFoundError, 't_x#0');
    });

    it('2: the store is bound to its uid; manager.store is that store', async () => {
      const s = await newSession(getFactory);
      expect(s.store.uid).toBe(s.uid);
      expect(s.manager.store).toBe(s.store);
    });

    it('16: tasks() in configuration order; instances() keyed by name; instance(name)', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_zulu: { after: ['go'], run: 'devNull' },
          t_alpha: { after: ['go', 'more'], run: 'devNull' },
        },
      });
      await s.manager.updateConfiguration({ t_bravo: { after: ['x'], run: 'devNull' } });
      expect(Object.keys(await s.store.tasks())).toEqual(['t_zulu', 't_alpha', 't_bravo']);
      await s.fireDrain('go');
      const all = await s.store.instances();
      expect(Object.keys(all).sort()).toEqual(['t_alpha#0', 't_zulu#0']);
      for (const [name, instance] of Object.entries(all)) {
        expect(instance.name).toBe(name);
        expect(await s.store.instance(name)).toEqual(instance);
      }
      expect(all['t_alpha#0']).toMatchObject({ task: 't_alpha', status: 'unstarted', kwargs: { go: {} }, abandonState: [] });
    });

    it('6 / edge 33: store.instance(taskName) rejects with InstanceNotFoundError naming it', async () => {
      const s = await newSession(getFactory, { config: { t_alpha: { after: ['go'], run: 'devNull' } } });
      await s.fireDrain('go');
      await expectRejects(s.store.instance('t_alpha'), InstanceNotFoundError, 't_alpha');
      expect((await s.store.instance('t_alpha#0')).name).toBe('t_alpha#0');
      expect(names(await s.store.instancesOfTask('t_alpha'))).toEqual(['t_alpha#0']);
    });

    it('edge 34: instancesOfTask orders 12 instances numerically; [] for a task without instances or a non-task', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: [], andEvery: 'tick', run: 'devNull' }, t_idle: { after: ['never'], run: 'devNull' } },
      });
      for (let n = 0; n < 12; n += 1) await s.manager.fire('tick', { n });
      await s.drain();
      const list = await s.store.instancesOfTask('t_x');
      expect(names(list)).toEqual(Array.from({ length: 12 }, (_, n) => `t_x#${n}`));
      expect(list.map((i) => i.kwargs.tick)).toEqual(Array.from({ length: 12 }, (_, n) => ({ n })));
      expect(await s.store.instancesOfTask('t_idle')).toEqual([]);
      expect(await s.store.instancesOfTask('notATask')).toEqual([]);
      expect(await s.store.instancesOfTask('t_x#0')).toEqual([]);
    });

    it('16: latestKwargs holds the most recent firing of every trigger, used or not, cascades included', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('noise', { n: 1 });
      await s.fireDrain('go', { v: 1 });
      await s.fireDrain('noise', { n: 2 });
      await s.fireDrain('go', { v: 2 });
      expect(await s.store.latestKwargs()).toEqual({
        noise: { n: 2 },
        go: { v: 2 },
        t_x: { kwargs: { go: { v: 1 } } },
      });
    });

    it('16: unresolved tasks vs instances; an andEvery task whose instances are all resolved is resolved', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_every: { after: [], andEvery: 'tick', run: 'devNull' },
          t_never: { after: ['never'], run: 'devNull' },
          t_wait: { after: ['tick', 'other'], run: 'devNull' },
          t_fail: { after: ['tick'], run: 'failing' },
        },
      });
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_every', 't_fail', 't_never', 't_wait']);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
      await s.fireDrain('tick');
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_fail', 't_never', 't_wait']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_fail#0', 't_wait#0']);
      const tasks = await s.store.tasks();
      for (const task of await s.store.unresolvedTasks()) expect(task).toEqual(tasks[task.name]);
      for (const instance of await s.store.unresolvedInstances()) {
        expect(instance).toEqual(await s.store.instance(instance.name));
      }
    });

    it('16: debugRepr is the documented JSON-safe snapshot', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['go'], run: 'passThru', withParams: { p: { q: 1 } }, note: 'x' },
          t_wait: { after: ['go', 'later'], run: 'devNull', unless: ['stop'], andEvery: 'go' },
        },
      });
      await s.fireDrain('go', { v: 1 });
      const repr = await s.store.debugRepr();
      const alpha = await s.store.instance('t_alpha#0');
      const wait = await s.store.instance('t_wait#0');
      expect(repr).toEqual({
        tasks: {
          t_alpha: {
            after: ['go'], andEvery: null, run: 'passThru', unless: [], using: null,
            withParams: { p: { q: 1 } }, extra: { note: 'x' },
          },
          t_wait: {
            after: ['go', 'later'], andEvery: 'go', run: 'devNull', unless: ['stop'], using: null,
            withParams: {}, extra: {},
          },
        },
        instances: {
          't_alpha#0': { task: 't_alpha', status: 'finished', kwargs: { go: { v: 1 } }, abandonState: [], metadata: alpha.metadata },
          't_wait#0': { task: 't_wait', status: 'unstarted', kwargs: { go: { v: 1 } }, abandonState: [], metadata: wait.metadata },
        },
        metas: { latestKwargs: { go: { v: 1 }, t_alpha: { kwargs: { go: { v: 1 }, p: { q: 1 } } } } },
      });
      expect(JSON.parse(JSON.stringify(repr))).toEqual(repr);
    });

    it('2: objects returned by a store are copies; mutating them changes nothing stored', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['go'], run: 'passThru', withParams: { p: { q: 1 } } }, t_w: { after: ['go', 'x'], run: 'devNull' } },
      });
      const scheduled = await s.manager.fire('go', { v: 1 });
      await s.drain();
      const before = await s.store.debugRepr();

      const first = scheduled[0];
      if (first) { first.status = 'failed'; first.kwargs.go = { hacked: true }; }
      const tasks = await s.store.tasks();
      tasks.t_x?.after.push('hacked');
      if (tasks.t_x) tasks.t_x.withParams.p = { hacked: true };
      const instances = await s.store.instances();
      const inst = instances['t_x#0'];
      if (inst) { inst.status = 'failed'; inst.metadata.result = { hacked: true }; }
      const one = await s.store.instance('t_w#0');
      one.kwargs.x = {};
      one.abandonState.push('hacked');
      const list = await s.store.instancesOfTask('t_x');
      if (list[0]) list[0].metadata.timestamps = { created: 'x', lastModified: 'y' };
      const latest = await s.store.latestKwargs();
      latest.go = { hacked: true };
      const unresolved = await s.store.unresolvedInstances();
      if (unresolved[0]) unresolved[0].status = 'finished';
      const unresolvedTasks = await s.store.unresolvedTasks();
      if (unresolvedTasks[0]) unresolvedTasks[0].after.push('hacked');
      const repr = await s.store.debugRepr();
      repr.tasks.hacked = {};
      repr.metas.latestKwargs = {};

      expect(await s.store.debugRepr()).toEqual(before);
    });

    it('2: inputs are copied in: mutating a configuration, metadata, replacement or skip result afterwards changes nothing', async () => {
      const config = {
        t_x: { after: ['go'], run: 'failing', withParams: { p: { q: 1 } } },
        t_y: { after: ['go'], run: 'failing' },
        t_z: { after: ['t_y'], run: 'passThru' },
      };
      const s = await newSession(getFactory, { config });
      config.t_x.after.push('hacked');
      config.t_x.withParams.p.q = 99;
      expect((await s.store.tasks()).t_x).toMatchObject({ after: ['go'], withParams: { p: { q: 1 } } });

      await s.fireDrain('go');
      const metadata = { note: { text: 'original' } };
      await s.manager.updateInstanceMetadata('t_x#0', metadata);
      metadata.note.text = 'hacked';
      expect((await s.store.instance('t_x#0')).metadata.note).toEqual({ text: 'original' });

      await s.manager.updateConfiguration({ t_x: { after: ['go'], run: 'passThru' } });
      const replacement = { go: { v: 'original' } };
      await s.manager.replayFailedInstance('t_x#0', replacement);
      replacement.go.v = 'hacked';
      const result = { r: 'original' };
      await s.manager.skipFailedInstance('t_y#0', { cascade: true, result });
      result.r = 'hacked';
      await s.drain();
      expect(await resultOf(s.store, 't_x#1')).toEqual({ kwargs: { go: { v: 'original' } } });
      expect((await s.store.instance('t_y#0')).metadata.skippedResult).toEqual({ r: 'original' });
      expect(await resultOf(s.store, 't_z#0')).toEqual({ kwargs: { t_y: { r: 'original' } } });
    });

    it('2: inspection needs only a store; when stores share state, a second store object reads it; otherwise it is separate', async () => {
      const factory = getFactory();
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.fireDrain('go', { v: 1 });
      const other = await factory.create(s.uid);
      expect(other.uid).toBe(s.uid);
      if (factory.sharesStateAcrossObjects) {
        expect(await other.debugRepr()).toEqual(await s.store.debugRepr());
        expect(await unresolvedTaskNames(other)).toEqual([]);
      } else {
        // two MemoryStore objects never share state, even with equal uids
        expect(await other.debugRepr()).toEqual({ tasks: {}, instances: {}, metas: { latestKwargs: {} } });
        // and writing through one leaves the other untouched
        const m2 = new TriggerManager(other, { registry: s.registry });
        await m2.fire('elsewhere', { w: 1 });
        expect('elsewhere' in (await s.store.latestKwargs())).toBe(false);
      }
    });
  });
}
