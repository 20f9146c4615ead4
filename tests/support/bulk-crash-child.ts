/**
 * A server process that dies in the middle of a bulk action, for tests/bulk-crash-recovery.pglite.test.ts:
 * on PGlite folder `dataDir` it makes six failed instances, starts a bulk Skip of them, and while
 * skipping the third (inside its transaction: claimed, not committed) prints `READY <id>` and
 * waits to be killed with SIGKILL. Run with `--conditions=react-server` (lib/bulk is server-only).
 */
import { freezeBulkSelection, processBulkOperation, startBulk } from '@/lib/bulk';
import { createDatabase } from '@/lib/db';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { TriggerManager } from '@/lib/triggers';
import { failedGreeting, recoveryRegistry } from './recovery-fixture';

const [dataDir] = process.argv.slice(2) as [string];
const actor = { id: null, email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;
let bulkId = '';
let skips = 0;

class DyingManager extends TriggerManager {
  override skipFailedInstance(...args: Parameters<TriggerManager['skipFailedInstance']>): ReturnType<TriggerManager['skipFailedInstance']> {
    // The skip joins this transaction, so nothing of the third one commits before the kill.
    return this.store.transaction(async () => {
      const skipped = await super.skipFailedInstance(...args);
      skips += 1;
      if (skips === 3) {
        console.log(`READY ${bulkId}`);
        await new Promise(() => {});
      }
      return skipped;
    });
  }
}

const db = await createDatabase({ dataDir });
const engine = createEngineRuntime(db, 'inline', {
  registry: recoveryRegistry(),
  managerFactory: (store, options) => new DyingManager(store, options),
});
const uids = Array.from({ length: 6 }, (_, i) => `bulk-crash:${i}`);
for (const uid of uids) await failedGreeting(engine, uid);
const frozen = await freezeBulkSelection(engine, { scope: 'instances', instances: uids.map((uid) => ({ uid, name: 't_greet#0' })) }, actor);
if (!frozen.ok) throw new Error(frozen.message);
bulkId = frozen.data.id;
await startBulk(engine, { id: bulkId, action: 'skip', reason: 'customer withdrew' }, actor);
await processBulkOperation(engine, bulkId);
console.log('the bulk action ended before the kill: the test expected it to hang');
