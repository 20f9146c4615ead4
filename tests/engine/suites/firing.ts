import { describe, expect, it } from 'vitest';
import type { Kwargs } from '@/lib/triggers';
import {
  type GetFactory,
  deferred,
  expectRejects,
  names,
  newSession,
  resultOf,
  statusOf,
  table,
  taskRows,
  unresolvedInstanceNames,
  unresolvedTaskNames,
  waitFor,
} from '../helpers';

export function firingSuite(getFactory: GetFactory): void {
  describe('firing (section 5) and worked examples (section 7)', () => {
    it('5: fire resolves with the instances it scheduled, as saved (status scheduled), in configuration order', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_zulu: { after: ['x'], run: 'devNull' },
          t_alpha: { after: ['x'], run: 'devNull' },
          t_mike: { after: ['x', 'y'], run: 'devNull' },
        },
      });
      const scheduled = await s.manager.fire('x', { v: 1 });
      expect(scheduled.map((i) => [i.name, i.task, i.status])).toEqual([
        ['t_zulu#0', 't_zulu', 'scheduled'],
        ['t_alpha#0', 't_alpha', 'scheduled'],
      ]);
      expect(scheduled[0]?.kwargs).toEqual({ x: { v: 1 } });
      await s.drain();
      expect(await table(s.store)).toEqual({
        't_zulu#0': 'finished {x}',
        't_alpha#0': 'finished {x}',
        't_mike#0': 'unstarted {x}',
      });
    });

    it('7.1: two triggers, either order', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived', 'paymentCleared'], run: 'passThru' },
          t_charlie: { after: ['paymentCleared', 'formReceived', 'profileComplete'], run: 'passThru' },
        },
      });
      expect(await s.fireDrain('formReceived')).toEqual([]);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'unstarted {formReceived}',
        't_charlie#0': 'unstarted {formReceived}',
      });
      expect(await s.fireDrain('paymentCleared')).toEqual(['t_alpha#0']);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_charlie#0': 'unstarted {formReceived, paymentCleared}',
      });
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({ kwargs: { formReceived: {}, paymentCleared: {} } });
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_charlie']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_charlie#0']);
    });

    it('7.2: one-shot by default', async () => {
      const s = await newSession(getFactory, { config: { t_alpha: { after: ['stepDone'], run: 'passThru' } } });
      expect(await s.fireDrain('stepDone', { round: 1 })).toEqual(['t_alpha#0']);
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({ kwargs: { stepDone: { round: 1 } } });
      expect(await s.fireDrain('stepDone', { round: 2, bonus: 'yes' })).toEqual([]);
      expect(await table(s.store)).toEqual({ 't_alpha#0': 'finished {stepDone}' });
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({ kwargs: { stepDone: { round: 1 } } });
      expect((await s.store.latestKwargs()).stepDone).toEqual({ round: 2, bonus: 'yes' });
    });

    it('7.3: andEvery alone creates and runs one instance per firing; all finished = resolved', async () => {
      const s = await newSession(getFactory, { config: { t_alpha: { after: [], andEvery: 'stepDone', run: 'passThru' } } });
      expect(await s.fireDrain('stepDone', { n: 0 })).toEqual(['t_alpha#0']);
      expect(await s.fireDrain('stepDone', { n: 1 })).toEqual(['t_alpha#1']);
      expect(await s.fireDrain('stepDone', { n: 2 })).toEqual(['t_alpha#2']);
      for (const n of [0, 1, 2]) {
        expect(await resultOf(s.store, `t_alpha#${n}`)).toEqual({ kwargs: { stepDone: { n } } });
      }
      expect(await unresolvedTaskNames(s.store)).toEqual([]);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
    });

    it('7.4 / edge 6 / edge 7: andEvery with an after trigger, deferred instances', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['paymentCleared'], andEvery: 'formReceived', run: 'passThru' } },
      });
      expect(await s.fireDrain('formReceived', { n: 1 })).toEqual([]);
      expect(await taskRows(s.store, 't_alpha')).toEqual(['unstarted {formReceived}']);
      expect(await s.fireDrain('formReceived', { n: 2 })).toEqual([]);
      expect(await s.fireDrain('formReceived', { n: 3 })).toEqual([]);
      const waiting = await s.store.instancesOfTask('t_alpha');
      expect(waiting.map((i) => [i.name, i.status, i.kwargs])).toEqual([
        ['t_alpha#0', 'unstarted', { formReceived: { n: 1 } }],
        ['t_alpha#1', 'unstarted', { formReceived: { n: 2 } }],
        ['t_alpha#2', 'unstarted', { formReceived: { n: 3 } }],
      ]);
      expect(await s.fireDrain('paymentCleared')).toEqual(['t_alpha#0', 't_alpha#1', 't_alpha#2']);
      for (const n of [1, 2, 3]) {
        expect(await resultOf(s.store, `t_alpha#${n - 1}`)).toEqual({
          kwargs: { formReceived: { n }, paymentCleared: {} },
        });
      }
      expect(await s.fireDrain('paymentCleared')).toEqual([]);
      expect(await s.store.instancesOfTask('t_alpha')).toHaveLength(3);
      expect(await s.fireDrain('formReceived', { n: 4 })).toEqual(['t_alpha#3']);
      expect(await resultOf(s.store, 't_alpha#3')).toEqual({
        kwargs: { formReceived: { n: 4 }, paymentCleared: {} },
      });
    });

    it('edge 6: an andEvery firing is absorbed by an unstarted instance that lacks it (no new instance)', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['paymentCleared', 'profileComplete'], andEvery: 'formReceived', run: 'passThru' } },
      });
      await s.fireDrain('paymentCleared', { p: 1 });
      expect(await taskRows(s.store, 't_alpha')).toEqual(['unstarted {paymentCleared}']);
      expect(await s.fireDrain('formReceived', { f: 1 })).toEqual([]);
      expect(await taskRows(s.store, 't_alpha')).toEqual(['unstarted {formReceived, paymentCleared}']);
    });

    it('7.5 / edge 8: re-firing an after trigger of an andEvery task', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived'], andEvery: 'paymentCleared', run: 'passThru' },
          t_charlie: { after: ['formReceived', 'profileComplete'], andEvery: 'paymentCleared', run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived');
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'unstarted {formReceived}',
        't_charlie#0': 'unstarted {formReceived}',
      });
      expect(await s.fireDrain('paymentCleared')).toEqual(['t_alpha#0']);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_charlie#0': 'unstarted {formReceived, paymentCleared}',
      });
      expect(await s.fireDrain('formReceived')).toEqual([]);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_charlie#0': 'unstarted {formReceived, paymentCleared}',
      });
      expect(await s.fireDrain('paymentCleared')).toEqual(['t_alpha#1']);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_alpha#1': 'finished {formReceived, paymentCleared}',
        't_charlie#0': 'unstarted {formReceived, paymentCleared}',
        't_charlie#1': 'unstarted {formReceived, paymentCleared}',
      });
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_charlie']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_charlie#0', 't_charlie#1']);
    });

    it('7.6: andEvery with cascades, including the deep-merged withParams', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: [], andEvery: 'formReceived', run: 'passThru' },
          t_bravo: { after: [], andEvery: 't_alpha', run: 'passThru' },
          t_charlie: {
            after: [],
            andEvery: 't_alpha',
            run: 'passThru',
            withParams: { t_alpha: { injected: 'yes', kwargs: { sneaky: true } }, notes: { topic: 'merge' } },
          },
        },
      });
      const R0 = { kwargs: { formReceived: {} } };
      const charlie = {
        kwargs: { t_alpha: { injected: 'yes', kwargs: { formReceived: {}, sneaky: true } }, notes: { topic: 'merge' } },
      };
      for (const n of [0, 1]) {
        expect(await s.fireDrain('formReceived')).toEqual([`t_alpha#${n}`]);
        expect(await resultOf(s.store, `t_alpha#${n}`)).toEqual(R0);
        expect(await resultOf(s.store, `t_bravo#${n}`)).toEqual({ kwargs: { t_alpha: R0 } });
        expect(await resultOf(s.store, `t_charlie#${n}`)).toEqual(charlie);
      }
      expect(Object.keys(await s.store.instances()).sort()).toEqual([
        't_alpha#0', 't_alpha#1', 't_bravo#0', 't_bravo#1', 't_charlie#0', 't_charlie#1',
      ]);
    });

    it('7.6: with different kwargs per firing each generation carries its own values', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: [], andEvery: 'formReceived', run: 'passThru' },
          t_bravo: { after: [], andEvery: 't_alpha', run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived', { score: '7.5' });
      await s.fireDrain('formReceived', { score: '3.1', retake: true });
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({
        kwargs: { t_alpha: { kwargs: { formReceived: { score: '7.5' } } } },
      });
      expect(await resultOf(s.store, 't_bravo#1')).toEqual({
        kwargs: { t_alpha: { kwargs: { formReceived: { score: '3.1', retake: true } } } },
      });
    });

    it('7.7a: an andEvery upstream does not re-run a one-shot downstream', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: [], andEvery: 'formReceived', run: 'passThru' },
          t_bravo: { after: ['t_alpha'], run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived', { n: 1 });
      await s.fireDrain('formReceived', { n: 2 });
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived}',
        't_alpha#1': 'finished {formReceived}',
        't_bravo#0': 'finished {t_alpha}',
      });
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({
        kwargs: { t_alpha: { kwargs: { formReceived: { n: 1 } } } },
      });
      expect((await s.store.latestKwargs()).t_alpha).toEqual({ kwargs: { formReceived: { n: 2 } } });
    });

    it('7.7b: a one-shot upstream gives an andEvery downstream a single instance', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived'], run: 'passThru' },
          t_bravo: { after: [], andEvery: 't_alpha', run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived');
      expect(await s.fireDrain('formReceived')).toEqual([]);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived}',
        't_bravo#0': 'finished {t_alpha}',
      });
    });

    it('7.8: deferred kwargs — first firing wins inside an instance, seeds use the latest kwargs', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['paymentCleared'], andEvery: 'formReceived', run: 'passThru' },
          t_bravo: { after: ['paymentCleared'], andEvery: 't_alpha', run: 'passThru' },
          t_charlie: { after: ['t_alpha'], andEvery: 'paymentCleared', run: 'passThru' },
        },
      });
      const pC = (n: number): Kwargs => ({ counter: n });
      await s.fireDrain('paymentCleared', pC(1));
      expect((await s.store.instances())).toMatchObject({
        't_alpha#0': { status: 'unstarted', kwargs: { paymentCleared: pC(1) } },
        't_bravo#0': { status: 'unstarted', kwargs: { paymentCleared: pC(1) } },
        't_charlie#0': { status: 'unstarted', kwargs: { paymentCleared: pC(1) } },
      });
      await s.fireDrain('paymentCleared', pC(2));
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'unstarted {paymentCleared}',
        't_bravo#0': 'unstarted {paymentCleared}',
        't_charlie#0': 'unstarted {paymentCleared}',
        't_charlie#1': 'unstarted {paymentCleared}',
      });
      expect((await s.store.instance('t_alpha#0')).kwargs).toEqual({ paymentCleared: pC(1) });
      expect((await s.store.instance('t_bravo#0')).kwargs).toEqual({ paymentCleared: pC(1) });
      expect((await s.store.instance('t_charlie#1')).kwargs).toEqual({ paymentCleared: pC(2) });

      expect(await s.fireDrain('formReceived', { counter: 3 })).toEqual(['t_alpha#0']);
      const A0 = { kwargs: { paymentCleared: pC(1), formReceived: { counter: 3 } } };
      expect(await resultOf(s.store, 't_alpha#0')).toEqual(A0);
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_bravo#0': 'finished {paymentCleared, t_alpha}',
        't_charlie#0': 'finished {paymentCleared, t_alpha}',
        't_charlie#1': 'finished {paymentCleared, t_alpha}',
      });

      expect(await s.fireDrain('formReceived', { counter: 4 })).toEqual(['t_alpha#1']);
      const A1 = { kwargs: { paymentCleared: pC(2), formReceived: { counter: 4 } } };
      expect(await resultOf(s.store, 't_alpha#1')).toEqual(A1);
      expect(await s.store.instancesOfTask('t_charlie')).toHaveLength(2);

      expect(await resultOf(s.store, 't_bravo#0')).toEqual({ kwargs: { t_alpha: A0, paymentCleared: pC(1) } });
      expect(await resultOf(s.store, 't_charlie#0')).toEqual({ kwargs: { t_alpha: A0, paymentCleared: pC(1) } });
      expect(await resultOf(s.store, 't_charlie#1')).toEqual({ kwargs: { t_alpha: A0, paymentCleared: pC(2) } });
      expect(await resultOf(s.store, 't_bravo#1')).toEqual({ kwargs: { t_alpha: A1, paymentCleared: pC(2) } });
      expect(await unresolvedTaskNames(s.store)).toEqual([]);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
    });

    it('7.9a / edge 9: a trigger only in unless creates the first instance, abandoned at once; resolved', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['sessionClosed'], run: 'passThru', unless: ['closedEarly'] } },
      });
      expect(await s.fireDrain('closedEarly', { why: 'test' })).toEqual([]);
      const i0 = await s.store.instance('t_alpha#0');
      expect([i0.status, i0.kwargs, i0.abandonState]).toEqual(['abandoned', {}, ['closedEarly']]);
      expect(await unresolvedTaskNames(s.store)).toEqual([]);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
      expect(await s.fireDrain('sessionClosed')).toEqual([]);
      expect(await s.store.instance('t_alpha#0')).toEqual(i0);
      expect(await s.store.instancesOfTask('t_alpha')).toHaveLength(1);
    });

    it('edge 9: a trigger only in unless, with an incomplete unless set, creates an unstarted instance', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['sessionClosed'], run: 'passThru', unless: ['closedEarly', 'fraudFlagged'] } },
      });
      await s.fireDrain('closedEarly');
      const i0 = await s.store.instance('t_alpha#0');
      expect([i0.status, i0.kwargs, i0.abandonState]).toEqual(['unstarted', {}, ['closedEarly']]);
    });

    it('7.9b: all of unless is needed', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived', 'sessionClosed'], run: 'passThru', unless: ['fraudFlagged', 'closedEarly'] },
        },
      });
      const state = async (): Promise<unknown[]> => {
        const i = await s.store.instance('t_alpha#0');
        return [i.status, Object.keys(i.kwargs).sort(), i.abandonState];
      };
      await s.fireDrain('closedEarly');
      expect(await state()).toEqual(['unstarted', [], ['closedEarly']]);
      await s.fireDrain('sessionClosed');
      expect(await state()).toEqual(['unstarted', ['sessionClosed'], ['closedEarly']]);
      await s.fireDrain('fraudFlagged');
      expect(await state()).toEqual(['abandoned', ['sessionClosed'], ['closedEarly', 'fraudFlagged']]);
      expect(await s.fireDrain('formReceived')).toEqual([]);
      expect(await state()).toEqual(['abandoned', ['sessionClosed'], ['closedEarly', 'fraudFlagged']]);
      expect(s.calls).toEqual([]);
    });

    it('7.9c: abandon before start, with andEvery', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['paymentCleared'], andEvery: 'stepDone', run: 'passThru', unless: ['optedOut'] } },
      });
      await s.fireDrain('stepDone', { n: 0 });
      await s.fireDrain('stepDone', { n: 1 });
      await s.fireDrain('stepDone', { n: 2 });
      expect(await taskRows(s.store, 't_alpha')).toEqual([
        'unstarted {stepDone}', 'unstarted {stepDone}', 'unstarted {stepDone}',
      ]);
      expect(await s.fireDrain('optedOut')).toEqual([]);
      expect(await taskRows(s.store, 't_alpha')).toEqual([
        'abandoned {stepDone}', 'abandoned {stepDone}', 'abandoned {stepDone}',
      ]);
      for (const i of await s.store.instancesOfTask('t_alpha')) expect(i.abandonState).toEqual(['optedOut']);
      expect(await s.fireDrain('paymentCleared')).toEqual([]);
      expect(await taskRows(s.store, 't_alpha')).toEqual([
        'abandoned {stepDone}', 'abandoned {stepDone}', 'abandoned {stepDone}',
      ]);
      expect(await unresolvedTaskNames(s.store)).toEqual([]);
      expect(s.calls).toEqual([]);
    });

    it('7.9d / edge 10: unless after start does not stop the running instance; later instances are abandoned on creation', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['paymentCleared'], andEvery: 'stepDone', run: 'devNull', unless: ['optedOut'] } },
      });
      await s.fireDrain('paymentCleared');
      expect(await taskRows(s.store, 't_alpha')).toEqual(['unstarted {paymentCleared}']);
      expect(await s.fireDrain('stepDone')).toEqual(['t_alpha#0']);
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({});
      expect(await s.fireDrain('optedOut')).toEqual([]);
      const i0 = await s.store.instance('t_alpha#0');
      expect([i0.status, i0.abandonState]).toEqual(['finished', []]);
      expect(await s.store.instancesOfTask('t_alpha')).toHaveLength(1);
      expect(await s.fireDrain('stepDone')).toEqual([]);
      const i1 = await s.store.instance('t_alpha#1');
      expect([i1.status, Object.keys(i1.kwargs).sort(), i1.abandonState]).toEqual([
        'abandoned', ['paymentCleared', 'stepDone'], ['optedOut'],
      ]);
      expect(await s.fireDrain('stepDone')).toEqual([]);
      expect(await statusOf(s.store, 't_alpha#2')).toBe('abandoned');
    });

    it('edge 10: unless completing while an instance is running does not affect it', async () => {
      const gate = deferred();
      const s = await newSession(getFactory, {
        handlers: { gated: async () => { await gate.promise; return { done: true }; } },
        config: { t_alpha: { after: ['go'], run: 'gated', unless: ['stop'] } },
      });
      await s.manager.fire('go');
      await waitFor(async () => (await statusOf(s.store, 't_alpha#0')) === 'running');
      expect(await s.manager.fire('stop')).toEqual([]);
      const running = await s.store.instance('t_alpha#0');
      expect([running.status, running.abandonState]).toEqual(['running', []]);
      gate.resolve();
      await s.drain();
      expect(await statusOf(s.store, 't_alpha#0')).toBe('finished');
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({ done: true });
    });

    it('7.9e: a replay clone inherits abandon state but is not judged by it', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['formReceived'], run: 'failing', unless: ['fraudFlagged', 'closedEarly'] } },
      });
      await s.fireDrain('closedEarly');
      const i0 = await s.store.instance('t_alpha#0');
      expect([i0.status, i0.abandonState]).toEqual(['unstarted', ['closedEarly']]);
      await s.fireDrain('formReceived');
      expect(await statusOf(s.store, 't_alpha#0')).toBe('failed');
      await s.manager.updateConfiguration({
        t_alpha: { after: ['formReceived'], run: 'passThru', unless: ['closedEarly'] },
      });
      const clone = await s.manager.replayFailedInstance('t_alpha#0');
      expect([clone.name, clone.status, clone.abandonState, clone.kwargs]).toEqual([
        't_alpha#1', 'scheduled', ['closedEarly'], { formReceived: {} },
      ]);
      await s.drain();
      expect(await statusOf(s.store, 't_alpha#1')).toBe('finished');
      expect(await resultOf(s.store, 't_alpha#1')).toEqual({ kwargs: { formReceived: {} } });
    });

    it('5.3.4: abandon state seeded from latest kwargs counts towards abandonment like applied state', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['a', 'b'], andEvery: 'tick', run: 'passThru', unless: ['u1', 'u2'] } },
      });
      await s.fireDrain('u1');
      await s.fireDrain('tick');
      expect((await s.store.instance('t_alpha#0')).abandonState).toEqual(['u1']);
      await s.fireDrain('tick');
      const i1 = await s.store.instance('t_alpha#1');
      expect([i1.status, i1.abandonState]).toEqual(['unstarted', ['u1']]);
      await s.fireDrain('u2');
      expect(await taskRows(s.store, 't_alpha')).toEqual(['abandoned {tick}', 'abandoned {tick}']);
    });

    it('7.10: a cascade that is not enough, order 1', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived', 'paymentCleared'], run: 'passThru' },
          t_bravo: { after: ['t_alpha', 'profileComplete'], run: 'passThru' },
          t_charlie: { after: ['t_alpha', 'auditRequested'], run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived');
      expect(await table(s.store)).toEqual({ 't_alpha#0': 'unstarted {formReceived}' });
      await s.fireDrain('paymentCleared');
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_bravo#0': 'unstarted {t_alpha}',
        't_charlie#0': 'unstarted {t_alpha}',
      });
      expect(await s.fireDrain('profileComplete')).toEqual(['t_bravo#0']);
      const alphaResult = { kwargs: { formReceived: {}, paymentCleared: {} } };
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({
        kwargs: { t_alpha: alphaResult, profileComplete: {} },
      });
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_charlie']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_charlie#0']);
    });

    it('7.10: a cascade that is not enough, order 2', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived', 'paymentCleared'], run: 'passThru' },
          t_bravo: { after: ['t_alpha', 'profileComplete'], run: 'passThru' },
          t_charlie: { after: ['t_alpha', 'auditRequested'], run: 'passThru' },
        },
      });
      await s.fireDrain('profileComplete');
      expect(await table(s.store)).toEqual({ 't_bravo#0': 'unstarted {profileComplete}' });
      await s.fireDrain('formReceived');
      await s.fireDrain('paymentCleared');
      expect(await table(s.store)).toEqual({
        't_alpha#0': 'finished {formReceived, paymentCleared}',
        't_bravo#0': 'finished {profileComplete, t_alpha}',
        't_charlie#0': 'unstarted {t_alpha}',
      });
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_charlie']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_charlie#0']);
    });

    it('7.11: repeating an upstream trigger downstream', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_alpha: { after: ['formReceived', 'paymentCleared'], run: 'devNull' },
          t_bravo: { after: ['t_alpha', 'formReceived'], run: 'passThru' },
        },
      });
      await s.fireDrain('formReceived', { pageTimer: '42', operator: 'sam' });
      await s.fireDrain('paymentCleared');
      expect(await resultOf(s.store, 't_alpha#0')).toEqual({});
      expect(await resultOf(s.store, 't_bravo#0')).toEqual({
        kwargs: { t_alpha: {}, formReceived: { pageTimer: '42', operator: 'sam' } },
      });
    });

    it('5: one firing releases every waiting instance that lacks the trigger', async () => {
      const s = await newSession(getFactory, {
        config: { t_x: { after: ['gate', 'data'], andEvery: 'data', run: 'passThru' } },
      });
      await s.fireDrain('data', { n: 1 });
      await s.fireDrain('data', { n: 2 });
      expect(await s.fireDrain('gate', { g: true })).toEqual(['t_x#0', 't_x#1']);
    });

    it('edge 1 / edge 2: firing a trigger no task uses (or before any configuration) records latest kwargs and returns []', async () => {
      const s = await newSession(getFactory);
      expect(await s.manager.fire('early', { a: 1 })).toEqual([]);
      expect(await s.store.latestKwargs()).toEqual({ early: { a: 1 } });
      await s.manager.updateConfiguration({ t_x: { after: ['used'], run: 'devNull' } });
      expect(await s.manager.fire('unused', { b: 2 })).toEqual([]);
      expect(await s.store.latestKwargs()).toEqual({ early: { a: 1 }, unused: { b: 2 } });
      expect(await s.store.instances()).toEqual({});
    });

    it('edge 3: firing without kwargs stores and passes on {}', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await s.manager.fire('go');
      await s.drain();
      expect(await s.store.latestKwargs()).toEqual({ go: {}, t_x: { kwargs: { go: {} } } });
      expect((await s.store.instance('t_x#0')).kwargs).toEqual({ go: {} });
      expect(s.calls.map((c) => c.triggerKwargs)).toEqual([{ go: {} }]);
    });

    it('edge 4: re-firing a trigger of a one-shot task whose instance is running or finished does nothing', async () => {
      const gate = deferred();
      const s = await newSession(getFactory, {
        handlers: { gated: async (ctx) => { await gate.promise; return { kwargs: ctx.triggerKwargs }; } },
        config: { t_x: { after: ['go'], run: 'gated' } },
      });
      await s.manager.fire('go', { n: 1 });
      await waitFor(async () => (await statusOf(s.store, 't_x#0')) === 'running');
      expect(await s.manager.fire('go', { n: 2 })).toEqual([]);
      expect((await s.store.instance('t_x#0')).kwargs).toEqual({ go: { n: 1 } });
      gate.resolve();
      await s.drain();
      expect(await s.fireDrain('go', { n: 3 })).toEqual([]);
      expect(await table(s.store)).toEqual({ 't_x#0': 'finished {go}' });
      expect(await resultOf(s.store, 't_x#0')).toEqual({ kwargs: { go: { n: 1 } } });
    });

    it('edge 11: a trigger in both after and unless is applied to both; abandonment wins', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_two: { after: ['a', 'b'], run: 'passThru', unless: ['b'] },
          t_one: { after: ['b'], run: 'passThru', unless: ['b'] },
        },
      });
      await s.fireDrain('a');
      expect(await s.fireDrain('b', { v: 1 })).toEqual([]);
      const two = await s.store.instance('t_two#0');
      expect([two.status, two.kwargs, two.abandonState]).toEqual(['abandoned', { a: {}, b: { v: 1 } }, ['b']]);
      const one = await s.store.instance('t_one#0');
      expect([one.status, one.kwargs, one.abandonState]).toEqual(['abandoned', { b: { v: 1 } }, ['b']]);
      expect(s.calls).toEqual([]);
    });

    it('edge 12: a task after its own name waits until someone fires the name by hand', async () => {
      const s = await newSession(getFactory, { config: { t_self: { after: ['a', 't_self'], run: 'passThru' } } });
      await s.fireDrain('a');
      expect(await table(s.store)).toEqual({ 't_self#0': 'unstarted {a}' });
      expect(await s.fireDrain('t_self', { manual: true })).toEqual(['t_self#0']);
      expect(await resultOf(s.store, 't_self#0')).toEqual({ kwargs: { a: {}, t_self: { manual: true } } });
      // its own cascade finds nothing to apply to (one-shot)
      expect(await s.store.instancesOfTask('t_self')).toHaveLength(1);
    });

    it('edge 13: andEvery equal to its own name loops: every success creates and runs another instance', async () => {
      let runs = 0;
      const s = await newSession(getFactory, {
        handlers: {
          countdown: (ctx) => {
            runs += 1;
            if (runs > 3) throw new Error(`stop the loop at ${ctx.instanceName}`);
            return { run: runs };
          },
        },
        config: { t_loop: { after: ['start'], andEvery: 't_loop', run: 'countdown' } },
      });
      await s.fireDrain('start', { s: 1 });
      expect(await table(s.store)).toEqual({ 't_loop#0': 'unstarted {start}' });
      await s.fireDrain('t_loop', { kick: true });
      expect(await taskRows(s.store, 't_loop')).toEqual([
        'finished {start, t_loop}',
        'finished {start, t_loop}',
        'finished {start, t_loop}',
        'failed {start, t_loop}',
      ]);
      expect((await s.store.instance('t_loop#1')).kwargs).toEqual({ start: { s: 1 }, t_loop: { run: 1 } });
      expect((await s.store.instance('t_loop#3')).kwargs).toEqual({ start: { s: 1 }, t_loop: { run: 3 } });
    });

    it('edge 14: two tasks cascading into each other with andEvery loop until something fails', async () => {
      let runs = 0;
      const s = await newSession(getFactory, {
        handlers: {
          countdown: () => {
            runs += 1;
            if (runs > 4) throw new Error('stop the loop');
            return { run: runs };
          },
        },
        config: {
          t_ping: { after: [], andEvery: 't_pong', run: 'countdown' },
          t_pong: { after: [], andEvery: 't_ping', run: 'countdown' },
        },
      });
      await s.fireDrain('t_pong', { kick: true });
      expect(await taskRows(s.store, 't_ping')).toEqual(['finished {t_pong}', 'finished {t_pong}', 'failed {t_pong}']);
      expect(await taskRows(s.store, 't_pong')).toEqual(['finished {t_ping}', 'finished {t_ping}']);
    });

    it('edge 19: mutating the kwargs object after fire changes nothing stored or received', async () => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      const kwargs = { v: 1, nested: { list: [1, 2] } };
      await s.manager.fire('go', kwargs);
      kwargs.v = 99;
      kwargs.nested.list.push(3);
      await s.drain();
      expect((await s.store.instance('t_x#0')).kwargs).toEqual({ go: { v: 1, nested: { list: [1, 2] } } });
      expect((await s.store.latestKwargs()).go).toEqual({ v: 1, nested: { list: [1, 2] } });
      expect(await resultOf(s.store, 't_x#0')).toEqual({ kwargs: { go: { v: 1, nested: { list: [1, 2] } } } });
    });

    it.each([
      ['a number', 42],
      ['a string', 'kwargs'],
      ['an array', [1, 2]],
      ['a Date', new Date(0)],
    ])('22: fire with kwargs that are %s rejects with TypeError and changes nothing', async (_label, bad) => {
      const s = await newSession(getFactory, { config: { t_x: { after: ['go'], run: 'passThru' } } });
      await expectRejects(s.manager.fire('go', bad as unknown as Kwargs), TypeError);
      await s.drain();
      expect(await s.store.latestKwargs()).toEqual({});
      expect(await s.store.instances()).toEqual({});
    });

    it('6: instance names are per task, in creation order, never reused', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_a: { after: [], andEvery: 'tick', run: 'failIfAsked' },
          t_b: { after: ['tick'], run: 'devNull' },
        },
      });
      await s.fireDrain('tick', { fail: true });
      await s.fireDrain('tick');
      await s.manager.replayFailedInstance('t_a#0', { tick: {} });
      await s.drain();
      await s.fireDrain('tick');
      expect(names(await s.store.instancesOfTask('t_a'))).toEqual(['t_a#0', 't_a#1', 't_a#2', 't_a#3']);
      expect((await s.store.instance('t_a#2')).metadata.parent).toBe('t_a#0');
      expect(names(await s.store.instancesOfTask('t_b'))).toEqual(['t_b#0']);
    });

    it('edge 35: two sessions with different uids firing the same trigger are independent', async () => {
      const config = { t_x: { after: ['go'], run: 'passThru' } };
      const one = await newSession(getFactory, { config });
      const two = await newSession(getFactory, { config });
      await one.fireDrain('go', { who: 'one' });
      expect(await two.store.instances()).toEqual({});
      expect(await two.store.latestKwargs()).toEqual({});
      await two.fireDrain('go', { who: 'two' });
      expect(await resultOf(one.store, 't_x#0')).toEqual({ kwargs: { go: { who: 'one' } } });
      expect(await resultOf(two.store, 't_x#0')).toEqual({ kwargs: { go: { who: 'two' } } });
    });
  });
}
