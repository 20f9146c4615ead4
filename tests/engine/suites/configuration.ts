import { describe, expect, it } from 'vitest';
import { ConfigurationError, type Configuration } from '@/lib/triggers';
import {
  type GetFactory,
  expectRejects,
  newSession,
  resultOf,
  table,
  taskRows,
  unresolvedTaskNames,
} from '../helpers';

/** [label, definition of `t_bad`, directive the message must name] */
const INVALID: Array<[string, unknown, RegExp | null]> = [
  ['definition is null', null, null],
  ['definition is a string', 'run me', null],
  ['definition is a number', 42, null],
  ['run is missing', { after: ['a'] }, /run/],
  ['run is not a string', { after: ['a'], run: 42 }, /run/],
  ['run is empty', { after: ['a'], run: '' }, /run/],
  ['after is missing', { run: 'devNull' }, /after/],
  ['after is a string', { after: 'a', run: 'devNull' }, /after/],
  ['after holds a non-string', { after: ['a', 3], run: 'devNull' }, /after/],
  ['after holds an empty string', { after: ['a', ''], run: 'devNull' }, /after/],
  ['after is empty and there is no andEvery', { after: [], run: 'devNull' }, /after|andEvery/],
  ['andEvery is empty', { after: ['a'], andEvery: '', run: 'devNull' }, /andEvery/],
  ['andEvery is not a string', { after: ['a'], andEvery: ['b'], run: 'devNull' }, /andEvery/],
  ['using is empty', { after: ['a'], using: '', run: 'devNull' }, /using/],
  ['using is not a string', { after: ['a'], using: 3, run: 'devNull' }, /using/],
  ['unless is a string', { after: ['a'], unless: 'b', run: 'devNull' }, /unless/],
  ['unless holds an empty string', { after: ['a'], unless: [''], run: 'devNull' }, /unless/],
  ['unless holds a non-string', { after: ['a'], unless: [false], run: 'devNull' }, /unless/],
  ['withParams is a string', { after: ['a'], withParams: 'x', run: 'devNull' }, /withParams/],
  ['withParams has a scalar value', { after: ['a'], withParams: { a: 1 }, run: 'devNull' }, /withParams/],
  ['withParams has an array value', { after: ['a'], withParams: { a: [1] }, run: 'devNull' }, /withParams/],
  ['withParams has a null value', { after: ['a'], withParams: { a: null }, run: 'devNull' }, /withParams/],
];

export function configurationSuite(getFactory: GetFactory): void {
  describe('configuration and validation (sections 3, 4)', () => {
    it('3.1: stores the documented example in normalised form', async () => {
      const s = await newSession(getFactory);
      await s.manager.updateConfiguration({
        t_importResponses: {
          after: ['t_importSubject'],
          andEvery: 'pageReceived',
          run: 'importResponses',
          unless: ['isEmbedded', 'isEmbedded'],
          withParams: { scoring: { model: 'baseline-v2' } },
          finalizes: true,
        },
      });
      expect((await s.store.tasks()).t_importResponses).toEqual({
        name: 't_importResponses',
        run: 'importResponses',
        after: ['pageReceived', 't_importSubject'],
        unless: ['isEmbedded'],
        andEvery: 'pageReceived',
        using: null,
        withParams: { scoring: { model: 'baseline-v2' } },
        extra: { finalizes: true },
      });
    });

    it('3.1: defaults; after and unless de-duplicated and sorted; andEvery joins after once', async () => {
      const s = await newSession(getFactory);
      await s.manager.updateConfiguration({
        t_plain: { after: ['zeta', 'alpha', 'zeta', 'mid'], run: 'devNull' },
        t_every: { after: ['b', 'tick'], andEvery: 'tick', run: 'devNull', unless: ['y', 'x', 'y'] },
        t_everyOnly: { after: [], andEvery: 'tick', run: 'devNull' },
      });
      const tasks = await s.store.tasks();
      expect(tasks.t_plain).toEqual({
        name: 't_plain',
        run: 'devNull',
        after: ['alpha', 'mid', 'zeta'],
        unless: [],
        andEvery: null,
        using: null,
        withParams: {},
        extra: {},
      });
      expect(tasks.t_every?.after).toEqual(['b', 'tick']);
      expect(tasks.t_every?.unless).toEqual(['x', 'y']);
      expect(tasks.t_everyOnly?.after).toEqual(['tick']);
      expect(tasks.t_everyOnly?.andEvery).toBe('tick');
    });

    it('3: custom directives are kept verbatim in extra and ignored by the engine', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: {
            after: ['go'],
            run: 'passThru',
            finalizes: true,
            labels: { team: 'intake', tags: ['a', 'b'] },
            priority: 3,
          },
        },
      });
      expect((await s.store.tasks()).t_alpha?.extra).toEqual({
        finalizes: true,
        labels: { team: 'intake', tags: ['a', 'b'] },
        priority: 3,
      });
      await s.fireDrain('go', { v: 1 });
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({ kwargs: { go: { v: 1 } } });
    });

    describe('3.2: invalid definitions reject with ConfigurationError and change nothing', () => {
      it.each(INVALID)('%s', async (_label, definition, directive) => {
        const s = await newSession(getFactory, {
          config: { t_keep: { after: ['a'], run: 'devNull', withParams: { p: { q: 1 } } } },
        });
        const before = await s.store.debugRepr();
        const config = {
          t_valid: { after: ['a'], run: 'devNull' },
          t_bad: definition,
          t_keep: { after: ['other'], run: 'passThru' },
        } as unknown as Configuration;
        const error = await expectRejects(s.manager.updateConfiguration(config), ConfigurationError, 't_bad');
        if (directive) expect(error.message).toMatch(directive);
        expect(await s.store.debugRepr()).toEqual(before);
        expect(Object.keys(await s.store.tasks())).toEqual(['t_keep']);
      });
    });

    it('3.2: `run` is not checked against the registry at configuration time', async () => {
      const s = await newSession(getFactory);
      await s.manager.updateConfiguration({ t_x: { after: ['a'], run: 'notRegisteredAnywhere' } });
      expect((await s.store.tasks()).t_x?.run).toBe('notRegisteredAnywhere');
    });

    it('edge 31: an invalid task among valid ones saves none of them (first configuration)', async () => {
      const s = await newSession(getFactory);
      await expectRejects(
        s.manager.updateConfiguration({
          t_one: { after: ['a'], run: 'devNull' },
          t_two: { after: [], run: 'devNull' },
          t_three: { after: ['b'], run: 'devNull' },
        }),
        ConfigurationError,
        't_two',
      );
      expect(await s.store.tasks()).toEqual({});
      expect(await s.store.debugRepr()).toEqual({ tasks: {}, instances: {}, metas: { latestKwargs: {} } });
    });

    it('4: a definition replaces the task entirely; other tasks are kept; configuration order keeps places', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_zulu: { after: ['a'], run: 'devNull' },
          t_alpha: {
            after: ['a', 'b'],
            run: 'passThru',
            unless: ['stop'],
            withParams: { p: { q: 1 } },
            note: 'old',
          },
        },
      });
      await s.manager.updateConfiguration({
        t_alpha: { after: ['c'], run: 'devNull' },
        t_mike: { after: ['m'], run: 'devNull' },
      });
      const tasks = await s.store.tasks();
      expect(Object.keys(tasks)).toEqual(['t_zulu', 't_alpha', 't_mike']);
      expect(tasks.t_alpha).toEqual({
        name: 't_alpha',
        run: 'devNull',
        after: ['c'],
        unless: [],
        andEvery: null,
        using: null,
        withParams: {},
        extra: {},
      });
      expect(tasks.t_zulu?.after).toEqual(['a']);
    });

    it('4: updateConfiguration does not touch existing instances', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_wait: { after: ['a', 'b'], run: 'passThru', unless: ['x', 'y'] },
          t_done: { after: ['a'], run: 'passThru' },
        },
      });
      await s.fireDrain('x', { u: 1 });
      await s.fireDrain('a', { v: 1 });
      const before = await s.store.instances();
      await s.manager.updateConfiguration({
        t_wait: { after: ['a'], run: 'devNull', unless: ['x'] },
        t_done: { after: ['a', 'z'], run: 'devNull' },
      });
      await s.drain();
      expect(await s.store.instances()).toEqual(before);
    });

    it('4 / edge 32: adding a task after its only trigger fired creates nothing until it fires again', async () => {
      const s = await newSession(getFactory);
      await s.fireDrain('a', { x: 1 });
      await s.manager.updateConfiguration({ t_new: { after: ['a'], run: 'passThru' } });
      await s.drain();
      expect(await s.store.instancesOfTask('t_new')).toEqual([]);
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_new']);
      expect(await s.fireDrain('a', { x: 2 })).toEqual(['t_new#0']);
      expect(await resultOf(s.store, 't_new#0')).toEqual({ kwargs: { a: { x: 2 } } });
    });

    it('4: adding a task late — a later firing seeds it from latest kwargs', async () => {
      const s = await newSession(getFactory);
      await s.fireDrain('a', { x: 1 });
      await s.manager.updateConfiguration({ t_new: { after: ['a', 'b'], run: 'passThru' } });
      expect(await s.store.instancesOfTask('t_new')).toEqual([]);
      expect(await s.fireDrain('b')).toEqual(['t_new#0']);
      expect(await resultOf(s.store, 't_new#0')).toEqual({ kwargs: { a: { x: 1 }, b: {} } });
    });

    it('4: relaxing a waiting task — it stays unstarted until a trigger it uses fires, then the sweep runs it', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'passThru' } } });
      await s.fireDrain('a', { first: true });
      expect(await taskRows(s.store, 't_x')).toEqual(['unstarted {a}']);
      await s.manager.updateConfiguration({ t_x: { after: ['a'], run: 'passThru' } });
      await s.drain();
      expect(await taskRows(s.store, 't_x')).toEqual(['unstarted {a}']);
      expect(await s.fireDrain('a', { first: false })).toEqual(['t_x#0']);
      expect(await taskRows(s.store, 't_x')).toEqual(['finished {a}']);
      // first firing wins inside the instance
      expect(await resultOf(s.store, 't_x#0')).toEqual({ kwargs: { a: { first: true } } });
    });

    it('4: fixing a handler, then replaying, runs the new handler and cascades to the untouched task', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived'], run: 'failing' },
          t_bravo: { after: ['t_alpha'], run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived');
      expect(await table(s.store)).toEqual({ 't_alpha#0': 'failed {formReceived}' });
      await s.manager.updateConfiguration({ t_alpha: { after: ['formReceived'], run: 'passThru' } });
      const clone = await s.manager.replayFailedInstance('t_alpha#0');
      expect(clone.name).toBe('t_alpha#1');
      await s.drain();
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'replayed {formReceived}',
        't_alpha#1': 'finished {formReceived}',
        't_bravo#0': 'finished {t_alpha}',
      });
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({
        kwargs: { t_alpha: { kwargs: { formReceived: {} } } },
      });
    });

    it('4: sequence numbers continue after a task is replaced', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: [], andEvery: 'tick', run: 'devNull' } } });
      await s.fireDrain('tick');
      await s.fireDrain('tick');
      await s.fireDrain('tick');
      await s.manager.updateConfiguration({ t_x: { after: [], andEvery: 'tick', run: 'passThru' } });
      expect(await s.fireDrain('tick', { n: 4 })).toEqual(['t_x#3']);
      expect(await resultOf(s.store, 't_x#3')).toEqual({ kwargs: { tick: { n: 4 } } });
    });

    it('4: a replaced run/withParams applies to the next run of an instance created before', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['a', 'b'], run: 'devNull' } } });
      await s.fireDrain('a', { v: 1 });
      await s.manager.updateConfiguration({
        t_x: { after: ['a', 'b'], run: 'passThru', withParams: { extra: { from: 'new-config' } } },
      });
      await s.fireDrain('b');
      expect(await resultOf(s.store, 't_x#0')).toEqual({
        kwargs: { a: { v: 1 }, b: {}, extra: { from: 'new-config' } },
      });
    });

    describe('3.3: withParams deep merge', () => {
      it('row 1: static params fill in where the firing was empty', async () => {
        const withParams = { stepDone: { label: 'from-config' }, static: { source: 'config' } };
        const s = await newSession(getFactory, { config: { t_x: { after: ['stepDone'], run: 'passThru', withParams } } });
        await s.fireDrain('stepDone');
        const expected = { stepDone: { label: 'from-config' }, static: { source: 'config' } };
        expect(await resultOf(s.store, 't_x#0')).toEqual({ kwargs: expected });
        expect((await s.store.instance('t_x#0')).metadata.actualKwargs).toEqual(expected);
        expect((await s.store.instance('t_x#0')).kwargs).toEqual({ stepDone: {} });
      });

      it('row 2: fired kwargs win key by key, static keys survive', async () => {
        const withParams = { stepDone: { label: 'from-config', tier: 'gold' }, static: { source: 'config' } };
        const s = await newSession(getFactory, { config: { t_x: { after: ['stepDone'], run: 'passThru', withParams } } });
        await s.fireDrain('stepDone', { label: 'from-fire', mood: 'curious' });
        expect(await resultOf(s.store, 't_x#0')).toEqual({
          kwargs: {
            stepDone: { label: 'from-fire', mood: 'curious', tier: 'gold' },
            static: { source: 'config' },
          },
        });
      });

      it('row 3: static params add keys inside a cascaded result but do not replace them', async () => {
        const s = await newSession(getFactory, {
          config: {
            t_alpha: { after: ['formReceived'], run: 'passThru' },
            t_charlie: {
              after: ['t_alpha'],
              run: 'passThru',
              withParams: { t_alpha: { injected: 'yes', kwargs: { sneaky: true } }, notes: { topic: 'merge' } },
            },
          },
        });
        await s.fireDrain('formReceived');
        expect(await resultOf(s.store, 't_charlie#0')).toEqual({
          kwargs: {
            t_alpha: { injected: 'yes', kwargs: { formReceived: {}, sneaky: true } },
            notes: { topic: 'merge' },
          },
        });
      });

      it('arrays and scalars are replaced, objects and scalars replace each other, recursion keeps siblings', async () => {
        const withParams = {
          a: { list: [1, 2], s: 'static', o: { deep: 1 }, n: { keep: 'me', inner: { x: 1, y: 2 } } },
        };
        const s = await newSession(getFactory, { config: { t_x: { after: ['a'], run: 'passThru', withParams } } });
        await s.fireDrain('a', { list: [3], s: { now: 'object' }, o: 'scalar', n: { inner: { y: 20, z: 30 } } });
        expect(await resultOf(s.store, 't_x#0')).toEqual({
          kwargs: {
            a: { list: [3], s: { now: 'object' }, o: 'scalar', n: { keep: 'me', inner: { x: 1, y: 20, z: 30 } } },
          },
        });
        // the configuration itself is not modified by merging
        expect((await s.store.tasks()).t_x?.withParams).toEqual(withParams);
      });
    });
  });
}
