/**
 * A process that dies mid-work, for tests/crash-recovery.test.ts: it fires a trigger whose first
 * task hangs while running and whose second task is still queued in this process's InlineRunner,
 * prints READY, and waits to be killed with SIGKILL.
 */
import { createDatabase, PostgresStore } from '@/lib/db';
import { InlineRunner, TaskRegistry, TriggerManager } from '@/lib/triggers';
import { CRASH_CONFIGURATION } from './crash-configuration';

const [dataDir, uid] = process.argv.slice(2) as [string, string];
const db = await createDatabase({ dataDir });
const registry = new TaskRegistry()
  .register('hang', () => new Promise(() => {}))
  .register('echo', (ctx) => ({ echoed: ctx.triggerKwargs }));
const runner = new InlineRunner();
const manager = new TriggerManager(new PostgresStore(db, uid), { registry, runner });
await manager.updateConfiguration(CRASH_CONFIGURATION);
await manager.fire('go', { attempt: 1 });
// Wait until the first instance is running (the second then sits in this process's queue).
for (;;) {
  if ((await manager.store.instance('t_slow#0')).status === 'running') break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log('READY');
setInterval(() => {}, 1000);
