/**
 * A runnable tour of the engine (`npm run example`): the user's document, end to end, in memory.
 * Configure t_importSubject, fire triggers, watch an instance fail, replay it with corrected
 * kwargs, then skip another failure with a simulated result so the cascade continues.
 */
import { InlineRunner, MemoryStore, TaskRegistry, TriggerManager } from '@/lib/triggers';
import type { TaskContext } from '@/lib/triggers';

function importSubject(ctx: TaskContext) {
  const responses = ctx.triggerKwargs.firstPageReceived?.responses as Record<string, string> | undefined;
  if (!responses?.name) throw new Error('firstPageReceived.responses.name is missing');
  ctx.logger.info('importing subject', { name: responses.name });
  return { subjectId: 42, name: responses.name };
}

function scoreSubject(ctx: TaskContext) {
  const subject = ctx.triggerKwargs.t_importSubject;
  if (ctx.triggerKwargs.scoringService?.down) throw new Error('scoring service unavailable');
  return { subjectId: subject?.subjectId, score: 7.5 };
}

const registry = new TaskRegistry()
  .register('importSubject', importSubject)
  .register('scoreSubject', scoreSubject)
  .register('notify', (ctx) => ({ notified: ctx.triggerKwargs.t_scoreSubject ?? null }));

const runner = new InlineRunner();
const store = new MemoryStore('questionnaire-1');
const manager = new TriggerManager(store, { registry, runner });

async function show(title: string): Promise<void> {
  const instances = Object.values(await store.instances())
    .map((i) => `${i.name}=${i.status}`)
    .join(', ');
  const unresolvedTasks = (await store.unresolvedTasks()).map((t) => t.name).join(', ');
  const unresolvedInstances = (await store.unresolvedInstances()).map((i) => i.name).join(', ');
  console.log(`\n# ${title}`);
  console.log(`  instances:            ${instances || '(none)'}`);
  console.log(`  unresolved tasks:     ${unresolvedTasks || '(none)'}`);
  console.log(`  unresolved instances: ${unresolvedInstances || '(none)'}`);
}

await manager.updateConfiguration({
  t_importSubject: { after: ['firstPageReceived', 'questionnaireComplete'], run: 'importSubject' },
  t_scoreSubject: { after: ['t_importSubject'], run: 'scoreSubject', withParams: { scoringService: { down: true } } },
  t_notify: { after: ['t_scoreSubject'], run: 'notify' },
});
await show('configured: nothing fired yet');

await manager.fire('firstPageReceived', { responses: { nmae: 'Ada' } }); // a typo in the payload
await show("fired firstPageReceived: t_importSubject#0 waits for questionnaireComplete");

await manager.fire('questionnaireComplete');
await runner.drain();
const failed = await store.instance('t_importSubject#0');
await show(`fired questionnaireComplete: ${failed.name} ${failed.status} (${failed.metadata.exceptionMessage})`);

const replacement = { ...failed.kwargs, firstPageReceived: { responses: { name: 'Ada' } } };
const clone = await manager.replayFailedInstance(failed.name, replacement);
await runner.drain();
await show(`replayed ${failed.name} as ${clone.name} with corrected kwargs; the cascade reached t_scoreSubject, which failed`);

const scoring = await store.instance('t_scoreSubject#0');
console.log(`  t_scoreSubject#0 failed with: ${scoring.metadata.exceptionMessage}`);
await manager.skipFailedInstance('t_scoreSubject#0', { cascade: true, result: { subjectId: 42, score: 0 } });
await runner.drain();
await show('skipped t_scoreSubject#0 with a simulated result: the cascade ran t_notify');
console.log('\n  t_notify#0 result:', JSON.stringify((await store.instance('t_notify#0')).metadata.result));
