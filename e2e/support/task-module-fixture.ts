/**
 * Prepares a PGlite folder for e2e/task-module.spec.ts, before the server opens it (one process
 * per folder): an operator (the spec signs in as them), and an order session of examples/tasks
 * whose validation failed on an unknown product.
 * Run with tsx: `tsx --conditions=react-server --tsconfig tsconfig.json <this> <folder>`.
 */
import { createUser } from '@/lib/auth/users';
import { closeDatabase, createDatabase } from '@/lib/db';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry, ORDER_WORKFLOW } from '@/examples/tasks';

const OPERATOR = { email: 'ops@fulfilment.example', name: 'Fulfilment Ops', role: 'operator', password: 'ship-it-carefully-42' } as const;
const ORDER_UID = 'order-e2e-1';

const folder = process.argv[2];
if (!folder) throw new Error('usage: task-module-fixture.ts <pglite folder>');
const db = await createDatabase({ dataDir: folder });
await createUser(db, { id: null, email: 'e2e@fixture', name: 'e2e fixture', role: 'admin' }, OPERATOR);
const engine = createEngineRuntime(db, 'inline', { registry: createTaskRegistry() });
const manager = engine.managerFor(ORDER_UID);
await manager.updateConfiguration(ORDER_WORKFLOW);
await manager.fire('orderPlaced', { orderId: ORDER_UID, email: 'ada@example.com', lines: [{ sku: 'HAT-404', quantity: 1 }] });
await manager.fire('paymentAuthorized', { paymentToken: 'tok_1' });
await engine.inline.drain();
const failed = await manager.store.instance('t_validateOrder#0');
if (failed.status !== 'failed') throw new Error(`expected t_validateOrder#0 to fail, got ${failed.status}`);
await closeDatabase(db);
