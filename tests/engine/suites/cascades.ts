import { describe, expect, it } from 'vitest';
import {
  type GetFactory,
  HoldingRunner,
  newSession,
  resultOf,
  statusOf,
  table,
} from '../helpers';

export function cascadesSuite(getFactory: GetFactory): void {
  describe('cascades (section 11)', () => {
    it('11: a success fires the task name with the result; chains run through', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_a: { after: ['go'], run: 'passThru' },
          t_b: { after: ['t_a'], run: 'passThru' },
          t_c: { after: ['t_b'], run: 'passThru' },
        },
      });
      await s.fireDrain('go', { v: 1 });
      const a = { kwargs: { go: { v: 1 } } };
      const b = { kwargs: { t_a: a } };
      const c = { kwargs: { t_b: b } };
      expect(await resultOf(s.store, 't_c#0')).toEqual(c);
      expect(await s.store.latestKwargs()).toEqual({ go: { v: 1 }, t_a: a, t_b: b, t_c: c });
    });

    it('11: a cascade trigger that no task uses still lands in latestKwargs', async () => {
      const s = await newSession(getFactory, { config: { t_lonely: { after: ['go'], run: 'devNull' } } });
      await s.fireDrain('go');
      expect(await s.store.latestKwargs()).toEqual({ go: {}, t_lonely: {} });
    });

    it('11: nothing cascades on failed, abandoned, self-skipped, or operator-skipped (no cascade) instances', async () => {
      const s = await newSession(getFactory, {
        config: {
          t_fail: { after: ['go'], run: 'failing' },
          t_abandon: { after: ['go'], run: 'passThru', unless: ['stop'] },
          t_selfskip: { after: ['go'], run: 'selfSkipping' },
          t_opskip: { after: ['go'], run: 'failing' },
          t_down: { after: ['t_fail'], run: 'passThru' },
          t_down2: { after: ['t_abandon'], run: 'passThru' },
          t_down3: { after: ['t_selfskip'], run: 'passThru' },
          t_down4: { after: ['t_opskip'], run: 'passThru' },
        },
      });
      await s.fireDrain('stop');
      await s.fireDrain('go');
      await s.manager.skipFailedInstance('t_opskip#0');
      await s.drain();
      expect(await table(s.store)).toEqual({
        't_fail#0': 'failed {go}',
        't_abandon#0': 'abandoned {}',
        't_selfskip#0': 'skipped {go}',
        't_opskip#0': 'skipped {go}',
      });
      expect(Object.keys(await s.store.latestKwargs()).sort()).toEqual(['go', 'stop']);
    });

    it('11: a replayed instance does not cascade; its clone cascades on success', async () => {
      const s = await newSession(getFactory, {
        config: { t_a: { after: ['go'], run: 'failIfAsked' }, t_b: { after: ['t_a'], run: 'passThru' } },
      });
      await s.fireDrain('go', { fail: true });
      await s.manager.replayFailedInstance('t_a#0', { go: { fail: true } });
      await s.drain();
      expect(await table(s.store)).toEqual({ 't_a#0': 'replayed {go}', 't_a#1': 'failed {go}' });
      expect('t_a' in (await s.store.latestKwargs())).toBe(false);
      await s.manager.replayFailedInstance('t_a#1', { go: { ok: true } });
      await s.drain();
      expect(await resultOf(s.store, 't_b#0')).toEqual({ kwargs: { t_a: { kwargs: { go: { ok: true } } } } });
    });

    it('11: updateInstanceStatus(…, {cascade: true, cascadeKwargs}) fires the task name with those kwargs', async () => {
      const s = await newSession(getFactory, {
        wrapRunner: (inline) => new HoldingRunner(inline, ['t_a']),
        config: { t_a: { after: ['go'], run: 'passThru' }, t_b: { after: ['t_a'], run: 'passThru' } },
      });
      await s.fireDrain('go');
      expect(await statusOf(s.store, 't_a#0')).toBe('scheduled');
      const updated = await s.manager.updateInstanceStatus('t_a#0', 'finished', {
        metadata: { result: { manual: true } },
        cascade: true,
        cascadeKwargs: { manual: true },
      });
      expect(updated.status).toBe('finished');
      expect(updated.metadata.result).toEqual({ manual: true });
      await s.drain();
      expect((await s.store.latestKwargs()).t_a).toEqual({ manual: true });
      expect(await resultOf(s.store, 't_b#0')).toEqual({ kwargs: { t_a: { manual: true } } });
    });

    it('11: updateInstanceStatus with cascade and no cascadeKwargs cascades {}; without cascade fires nothing', async () => {
      const s = await newSession(getFactory, {
        wrapRunner: (inline) => new HoldingRunner(inline, ['t_a', 't_x']),
        config: {
          t_a: { after: ['go'], run: 'passThru' },
          t_x: { after: ['go'], run: 'passThru' },
          t_b: { after: ['t_a'], run: 'passThru' },
          t_y: { after: ['t_x'], run: 'passThru' },
        },
      });
      await s.fireDrain('go');
      await s.manager.updateInstanceStatus('t_a#0', 'finished', { cascade: true });
      await s.manager.updateInstanceStatus('t_x#0', 'finished');
      await s.drain();
      expect(await resultOf(s.store, 't_b#0')).toEqual({ kwargs: { t_a: {} } });
      expect(await s.store.instancesOfTask('t_y')).toEqual([]);
      expect('t_x' in (await s.store.latestKwargs())).toBe(false);
    });

    it('11: a cascade is an ordinary fire: it creates, seeds from latest kwargs, abandons and schedules', async () => {
      const s = await newSession(getFactory, { config: { t_a: { after: ['go'], run: 'devNull' } } });
      await s.fireDrain('optOut');
      await s.fireDrain('profile', { p: 1 });
      await s.manager.updateConfiguration({
        t_seeded: { after: ['t_a', 'profile'], run: 'passThru' },
        t_blocked: { after: ['t_a'], run: 'passThru', unless: ['optOut'] },
      });
      expect(await s.fireDrain('go')).toEqual(['t_a#0']);
      expect(await table(s.store)).toEqual({
        't_a#0': 'finished {go}',
        't_seeded#0': 'finished {profile, t_a}',
        't_blocked#0': 'abandoned {t_a}',
      });
      expect(await resultOf(s.store, 't_seeded#0')).toEqual({ kwargs: { t_a: {}, profile: { p: 1 } } });
      expect((await s.store.instance('t_blocked#0')).abandonState).toEqual(['optOut']);
    });
  });
}
