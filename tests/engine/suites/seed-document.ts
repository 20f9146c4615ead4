/**
 * The user's document "Inspecting State and Error Recovery"
 * (/work/shared/docs/seed-inspecting-and-error-recovery.txt), operation by operation.
 */
import { describe, expect, it } from 'vitest';
import { InstanceNotFoundError, InvalidStatusError, type TriggerKwargs } from '@/lib/triggers';
import {
  type GetFactory,
  expectRejects,
  names,
  newSession,
  newUid,
  resultOf,
  statusOf,
  unresolvedInstanceNames,
  unresolvedTaskNames,
} from '../helpers';

const IMPORT_SUBJECT = {
  t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
};
const WITH_DOWNSTREAM = {
  ...IMPORT_SUBJECT,
  t_scoreSubject: { after: ['t_importSubject'], run: 'passThru' },
};

export function seedDocumentSuite(getFactory: GetFactory): void {
  describe('seed document: inspecting state and error recovery', () => {
    it('walkthrough: unresolved tasks and instances at each step (and the section 16 table)', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      // t_importSubject hasn't run yet, so it is unresolved; no instance exists yet.
      const unresolved = await s.store.unresolvedTasks();
      expect(names(unresolved)).toEqual(['t_importSubject']);
      expect(unresolved[0]).toEqual((await s.store.tasks()).t_importSubject);
      expect(await s.store.unresolvedInstances()).toEqual([]);

      await s.fireDrain('firstPageReceived');
      // an instance exists but waits for the other trigger
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_importSubject']);
      const instances = await s.store.unresolvedInstances();
      expect(names(instances)).toEqual(['t_importSubject#0']);
      expect(instances[0]?.status).toBe('unstarted');
      expect(instances[0]?.kwargs).toEqual({ firstPageReceived: {} });

      await s.fireDrain('questionnaireComplete');
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_importSubject']);
      expect(await unresolvedInstanceNames(s.store)).toEqual(['t_importSubject#0']);
      expect(await statusOf(s.store, 't_importSubject#0')).toBe('failed');

      await s.manager.skipFailedInstance('t_importSubject#0');
      expect(await s.store.unresolvedTasks()).toEqual([]);
      expect(await s.store.unresolvedInstances()).toEqual([]);
    });

    it('inspecting: task configuration, instance by instance name (not task name), instances of a task', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived');
      expect((await s.store.tasks()).t_importSubject).toEqual({
        name: 't_importSubject',
        run: 'importSubject',
        after: ['firstPageReceived', 'questionnaireComplete'],
        unless: [],
        andEvery: null,
        using: null,
        withParams: {},
        extra: {},
      });
      const instance = (await s.store.instances())['t_importSubject#0'];
      expect(instance).toMatchObject({ name: 't_importSubject#0', task: 't_importSubject', status: 'unstarted' });
      expect(await s.store.instance('t_importSubject#0')).toEqual(instance);
      // Using the task name: not found
      expect((await s.store.instances()).t_importSubject).toBeUndefined();
      await expectRejects(s.store.instance('t_importSubject'), InstanceNotFoundError, 't_importSubject');
      expect(await s.store.instancesOfTask('t_importSubject')).toEqual([instance]);
    });

    it('inspection needs only the storage backend, not a manager', async () => {
      const factory = getFactory();
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived');
      const reader = factory.sharesStateAcrossObjects ? await factory.create(s.uid) : s.store;
      expect(await unresolvedInstanceNames(reader)).toEqual(['t_importSubject#0']);
      expect(names(await reader.unresolvedTasks())).toEqual(['t_importSubject']);
    });

    it('getting the full picture: debugRepr', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived', { page: 1 });
      const repr = await s.store.debugRepr();
      expect(Object.keys(repr).sort()).toEqual(['instances', 'metas', 'tasks']);
      expect(repr.tasks.t_importSubject).toEqual({
        after: ['firstPageReceived', 'questionnaireComplete'], andEvery: null, run: 'importSubject',
        unless: [], using: null, withParams: {}, extra: {},
      });
      expect(repr.instances['t_importSubject#0']).toMatchObject({
        task: 't_importSubject', status: 'unstarted', kwargs: { firstPageReceived: { page: 1 } }, abandonState: [],
      });
      expect(repr.metas).toEqual({ latestKwargs: { firstPageReceived: { page: 1 } } });
      expect(JSON.parse(JSON.stringify(repr))).toEqual(repr);
    });

    it('error recovery: an uncaught exception and its traceback are stored in the failed instance\'s metadata', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived');
      await s.fireDrain('questionnaireComplete');
      const failed = await s.store.instance('t_importSubject#0');
      expect(failed.status).toBe('failed');
      expect(failed.metadata.exceptionType).toBe('Error');
      expect(failed.metadata.exceptionMessage).toBe('t_importSubject#0: firstPageReceived has no responses');
      expect(failed.metadata.exceptionInfo).toContain('firstPageReceived has no responses');
      expect(failed.metadata.exceptionInfo).toMatch(/\n\s+at /);
    });

    it('replaying: the failed instance is cloned and scheduled at once; the original becomes replayed, otherwise unchanged', async () => {
      const s = await newSession(getFactory, { config: WITH_DOWNSTREAM });
      await s.fireDrain('firstPageReceived');
      await s.fireDrain('questionnaireComplete');
      const before = await s.store.instance('t_importSubject#0');
      const clone = await s.manager.replayFailedInstance('t_importSubject#0');
      expect(clone).toMatchObject({
        name: 't_importSubject#1',
        status: 'scheduled',
        kwargs: before.kwargs,
        metadata: { parent: 't_importSubject#0', depth: 1 },
      });
      const after = await s.store.instance('t_importSubject#0');
      expect(after.status).toBe('replayed');
      expect(after.kwargs).toEqual(before.kwargs);
      expect(after.abandonState).toEqual(before.abandonState);
      for (const key of ['exceptionType', 'exceptionMessage', 'exceptionInfo', 'exceptionContext', 'actualKwargs']) {
        expect(after.metadata[key]).toEqual(before.metadata[key]);
      }
      await s.drain();
      // the same kwargs fail the same way
      expect(await statusOf(s.store, 't_importSubject#1')).toBe('failed');
    });

    it('replaying needs the instance name, not the task name', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived');
      await s.fireDrain('questionnaireComplete');
      await expectRejects(s.manager.replayFailedInstance('t_importSubject'), InstanceNotFoundError, 't_importSubject');
      await expectRejects(s.manager.skipFailedInstance('t_importSubject'), InstanceNotFoundError, 't_importSubject');
      expect(await statusOf(s.store, 't_importSubject#0')).toBe('failed');
    });

    it('replaying with replacement kwargs uses them instead of the original trigger kwargs', async () => {
      const s = await newSession(getFactory, { config: WITH_DOWNSTREAM });
      await s.fireDrain('firstPageReceived', { page: 1 });
      await s.fireDrain('questionnaireComplete', { done: true });
      const replacement = { firstPageReceived: { responses: { q1: 'yes' } }, questionnaireComplete: {} };
      const clone = await s.manager.replayFailedInstance('t_importSubject#0', replacement);
      expect(clone.kwargs).toEqual(replacement);
      await s.drain();
      const result = { subjectId: 42, responses: { q1: 'yes' } };
      expect(await resultOf(s.store, 't_importSubject#1')).toEqual(result);
      expect(await resultOf(s.store, 't_scoreSubject#0')).toEqual({ kwargs: { t_importSubject: result } });
      expect((await s.store.instance('t_importSubject#0')).kwargs).toEqual({
        firstPageReceived: { page: 1 },
        questionnaireComplete: { done: true },
      });
    });

    it('replaying with manually merged kwargs: copy the failed instance\'s kwargs, change one trigger, pass all', async () => {
      const s = await newSession(getFactory, { config: IMPORT_SUBJECT });
      await s.fireDrain('firstPageReceived', { page: 1 });
      await s.fireDrain('questionnaireComplete', { done: true });
      const failed = await s.store.instance('t_importSubject#0');
      const replacement: TriggerKwargs = failed.kwargs;
      replacement.firstPageReceived = { responses: { q1: 'no' } };
      await s.manager.replayFailedInstance(failed.name, replacement);
      await s.drain();
      const clone = await s.store.instance('t_importSubject#1');
      expect(clone.kwargs).toEqual({ firstPageReceived: { responses: { q1: 'no' } }, questionnaireComplete: { done: true } });
      expect(clone.status).toBe('finished');
      expect(clone.metadata.actualKwargs).toEqual(clone.kwargs);
      // changing our copy did not change the stored failed instance
      expect((await s.store.instance('t_importSubject#0')).kwargs.firstPageReceived).toEqual({ page: 1 });
    });

    it('skipping: failed → skipped; by default no cascade, so dependent tasks cannot run', async () => {
      const s = await newSession(getFactory, { config: WITH_DOWNSTREAM });
      await s.fireDrain('firstPageReceived');
      await s.fireDrain('questionnaireComplete');
      const skipped = await s.manager.skipFailedInstance('t_importSubject#0');
      await s.drain();
      expect(skipped.status).toBe('skipped');
      expect(await statusOf(s.store, 't_importSubject#0')).toBe('skipped');
      expect(await s.store.instancesOfTask('t_scoreSubject')).toEqual([]);
      expect(await unresolvedTaskNames(s.store)).toEqual(['t_scoreSubject']);
      expect(await unresolvedInstanceNames(s.store)).toEqual([]);
      await expectRejects(s.manager.replayFailedInstance('t_importSubject#0'), InvalidStatusError, 't_importSubject#0');
    });

    it('skipping with cascade and a simulated result has the same effect as firing the task name with it', async () => {
      const skipSession = await newSession(getFactory, { config: WITH_DOWNSTREAM });
      await skipSession.fireDrain('firstPageReceived');
      await skipSession.fireDrain('questionnaireComplete');
      await skipSession.manager.skipFailedInstance('t_importSubject#0', { cascade: true, result: { subjectId: 42 } });
      await skipSession.drain();

      const fireSession = await newSession(getFactory, { uid: newUid(), config: WITH_DOWNSTREAM });
      await fireSession.fireDrain('firstPageReceived');
      await fireSession.fireDrain('questionnaireComplete');
      await fireSession.fireDrain('t_importSubject', { subjectId: 42 });

      for (const s of [skipSession, fireSession]) {
        expect(await resultOf(s.store, 't_scoreSubject#0')).toEqual({ kwargs: { t_importSubject: { subjectId: 42 } } });
        expect((await s.store.latestKwargs()).t_importSubject).toEqual({ subjectId: 42 });
      }
      expect(await skipSession.store.latestKwargs()).toEqual(await fireSession.store.latestKwargs());
      expect((await skipSession.store.instance('t_importSubject#0')).metadata).toMatchObject({
        cascade: true,
        skippedResult: { subjectId: 42 },
      });
      expect(await unresolvedTaskNames(skipSession.store)).toEqual([]);
    });
  });
}
