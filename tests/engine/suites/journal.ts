import { describe, expect, it } from 'vitest';
import { journalDebugRepr, replayJournal, type EngineEvent, type SessionStore } from '@/lib/triggers';
import { type GetFactory, newSession } from '../helpers';

/** Replaying the journal from nothing must give exactly what the store shows now. */
async function expectJournalRebuildsState(store: SessionStore): Promise<EngineEvent[]> {
  const events = await store.events();
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(journalDebugRepr(replayJournal(events))).toEqual(await store.debugRepr());
  return events;
}

const summary = (events: EngineEvent[]) => events.map((e) => [e.kind, e.instance ?? e.data.trigger ?? null]);

/** A small deterministic PRNG, so a failing sequence can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function journalSuite(getFactory: GetFactory): void {
  describe('session journal', () => {
    it('records each step in order, with what it did, and rebuilds the state exactly', async () => {
      const s = await newSession(getFactory, {
        config: { t_alpha: { after: ['go'], run: 'failing' }, t_bravo: { after: ['t_alpha'], run: 'passThru' } },
      });
      await s.fireDrain('go', { n: 1 });
      await s.manager.skipFailedInstance('t_alpha#0', { cascade: true, result: { simulated: true } });
      await s.drain();
      await s.manager.markInstanceLogsResolved('t_alpha#0');
      await s.manager.updateInstanceMetadata('t_bravo#0', { ticket: 'SUP-1' });
      const events = await expectJournalRebuildsState(s.store);
      expect(summary(events)).toEqual([
        ['configuration-updated', null],
        ['trigger-fired', 'go'],
        ['instance-status-changed', 't_alpha#0'],
        ['instance-status-changed', 't_alpha#0'],
        ['instance-skipped', 't_alpha#0'],
        ['trigger-fired', 't_alpha'],
        ['instance-status-changed', 't_bravo#0'],
        ['instance-status-changed', 't_bravo#0'],
        ['trigger-fired', 't_bravo'], // its result cascades, even though no task waits on it
        ['logs-resolved', 't_alpha#0'],
        ['metadata-updated', 't_bravo#0'],
      ]);
      const [config, fired, running, failed, skipped, cascade] = events;
      expect(config?.data).toMatchObject({ added: [{ name: 't_alpha' }, { name: 't_bravo' }], changed: [], unchanged: 0 });
      expect(fired?.data).toMatchObject({ trigger: 'go', kwargs: { n: 1 }, created: ['t_alpha#0'], released: ['t_alpha#0'], scheduled: ['t_alpha#0'] });
      expect(running?.data).toMatchObject({ from: 'scheduled', to: 'running' });
      expect(failed?.data).toMatchObject({ from: 'running', to: 'failed', metadata: { set: { exceptionType: 'Error' } } });
      expect(skipped?.data).toMatchObject({ cascade: true, simulatedResult: { simulated: true } });
      expect(cascade?.data).toMatchObject({ trigger: 't_alpha', kwargs: { simulated: true }, created: ['t_bravo#0'] });
      expect(events.every((e) => e.actor === 'system' && !Number.isNaN(Date.parse(e.at)))).toBe(true);
      expect(events.some((e) => e.kind === 'state-changed')).toBe(false);
    });

    it('replays, retries, a changed configuration and a status set by hand are journalled', async () => {
      const s = await newSession(getFactory, {
        config: { t_retry: { after: ['retries'], run: 'selfRetrying' }, t_fail: { after: ['go'], run: 'failing' } },
      });
      await s.fireDrain('retries', { max: 1 });
      await s.fireDrain('go');
      await s.manager.replayFailedInstance('t_fail#0', { go: { fixed: true } });
      await s.drain();
      await s.manager.updateConfiguration({ t_fail: { after: ['go', 'again'], run: 'failing' } });
      await s.manager.updateInstanceStatus('t_fail#1', 'abandoned');
      const events = await expectJournalRebuildsState(s.store);
      const retry = events.find((e) => e.kind === 'instance-replayed' && e.instance === 't_retry#0');
      expect(retry?.data).toMatchObject({ by: 'retry', clone: 't_retry#1' });
      const replay = events.find((e) => e.kind === 'instance-replayed' && e.instance === 't_fail#0');
      expect(replay?.data).toMatchObject({ by: 'replay', clone: 't_fail#1', replacementKwargs: { go: { fixed: true } } });
      const reconfigured = events.filter((e) => e.kind === 'configuration-updated').at(-1);
      expect(reconfigured?.data).toMatchObject({ added: [], changed: [{ name: 't_fail', before: { after: ['go'] }, after: { after: ['again', 'go'] } }] });
      expect(events.at(-1)).toMatchObject({ kind: 'instance-status-changed', instance: 't_fail#1', data: { from: 'failed', to: 'abandoned' } });
    });

    it('queries filter by instance, task and kind, and page both ways', async () => {
      const s = await newSession(getFactory, { config: { t_a: { after: ['go'], run: 'devNull' }, t_b: { after: ['t_a'], run: 'devNull' } } });
      await s.fireDrain('go');
      const all = await s.store.events();
      expect((await s.store.events({ instance: 't_b#0' })).every((e) => e.instance === 't_b#0')).toBe(true);
      expect((await s.store.events({ task: 't_a' })).map((e) => e.instance)).toEqual(['t_a#0', 't_a#0']);
      expect((await s.store.events({ kinds: ['trigger-fired'] })).map((e) => e.data.trigger)).toEqual(['go', 't_a', 't_b']);
      expect((await s.store.events({ order: 'desc', limit: 2 })).map((e) => e.seq)).toEqual([all.length, all.length - 1]);
      expect((await s.store.events({ afterSeq: 2, limit: 2 })).map((e) => e.seq)).toEqual([3, 4]);
      expect((await s.store.events({ beforeSeq: 3, order: 'desc' })).map((e) => e.seq)).toEqual([2, 1]);
    });

    it('property: for random sequences of operations, replaying the journal reproduces the state', async () => {
      for (let seed = 1; seed <= 6; seed += 1) {
        const random = prng(seed);
        const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
        const s = await newSession(getFactory, {
          config: {
            t_a: { after: ['go'], run: 'failIfAsked' },
            t_b: { after: ['t_a', 'page'], run: 'failIfAsked' },
            t_c: { after: [], andEvery: 'page', run: 'failIfAsked' },
            t_d: { after: ['t_b'], unless: ['stop'], run: 'passThru' },
          },
        });
        for (let step = 0; step < 14; step += 1) {
          const failed = Object.values(await s.store.instances()).filter((i) => i.status === 'failed');
          const action = pick(['fire', 'fire', 'fire', 'replay', 'skip', 'metadata', 'configure'] as const);
          if (action === 'fire') {
            await s.manager.fire(pick(['go', 'page', 'stop']), { fail: random() < 0.4, step });
          } else if (action === 'replay' && failed.length) {
            await s.manager.replayFailedInstance(pick(failed).name, random() < 0.5 ? null : { page: { fail: false, step } });
          } else if (action === 'skip' && failed.length) {
            await s.manager.skipFailedInstance(pick(failed).name, { cascade: random() < 0.5, result: { step } });
          } else if (action === 'metadata') {
            const any = Object.keys(await s.store.instances());
            if (any.length) await s.manager.updateInstanceMetadata(pick(any), { note: step });
          } else if (action === 'configure') {
            await s.manager.updateConfiguration({ t_e: { after: ['page'], run: pick(['passThru', 'devNull']) } });
          }
          if (random() < 0.6) await s.drain();
        }
        await s.drain();
        await expectJournalRebuildsState(s.store);
      }
    });
  });
}
