/**
 * The engine as a library (lib/library.ts → `npm run build:engine` → dist/engine, exported as
 * `triggerboard/engine`), used as another project uses it: from a folder of its own whose
 * node_modules/triggerboard links to this one (what `npm install ../triggerboard` makes). On
 * PGlite: a TypeScript consumer type-checks against the .d.ts (nodenext) and runs a task inline.
 * On PostgreSQL: examples/service fires orders from its own process, and a worker runs them.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskRegistry } from '@/examples/tasks';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { startWorker } from '@/lib/runtime/worker';
import { createTestDatabase, testDatabaseKind } from './support/test-database';
import { waitFor } from './support/wait-for';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT = 120_000;
let project: string;

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  const built = await run(process.execPath, ['scripts/build-engine.mjs'], ROOT);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  // Another project: its own package.json, and triggerboard installed from a path.
  project = await mkdtemp(path.join(tmpdir(), 'engine-consumer-'));
  await mkdir(path.join(project, 'node_modules'));
  await symlink(ROOT, path.join(project, 'node_modules/triggerboard'), 'dir');
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
}, TIMEOUT);
afterAll(() => (project ? rm(project, { recursive: true, force: true }) : undefined));

describe.runIf(testDatabaseKind() === 'pglite')('triggerboard/engine from another project', () => {
  it('type-checks a TypeScript consumer (nodenext) and runs a task with it', async () => {
    await writeFile(
      path.join(project, 'service.ts'),
      `import { connect, TaskRegistry, type TaskInstance } from 'triggerboard/engine';
import { z } from 'zod';

const registry = new TaskRegistry().register('greet', (ctx) => ({ hello: ctx.input.signup.name }), {
  kwargs: z.object({ signup: z.object({ name: z.string() }) }),
  result: z.object({ hello: z.string() }),
});
const engine = await connect({ dataDir: 'memory://', registry, actor: 'consumer' });
const session = engine.managerFor('signup-1');
await session.updateConfiguration({ t_greet: { after: ['signup'], run: 'greet' } });
const scheduled: TaskInstance[] = await session.fire('signup', { name: 'Ada' });
await engine.drain(); // PGlite: the task runs in this process
const greeted = await engine.store('signup-1').instance('t_greet#0');
await engine.close();
console.log(JSON.stringify({ scheduled: scheduled.map((i) => i.name), status: greeted.status, result: greeted.metadata.result }));
`,
    );
    await symlink(path.join(ROOT, 'node_modules/zod'), path.join(project, 'node_modules/zod'), 'dir');
    // Compiled as a consumer compiles it (nodenext: the .d.ts must resolve the way Node does), then run.
    const tscArgs = ['--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await run(process.execPath, [tsc, ...tscArgs, '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types'), 'service.ts'], project);
    expect(compiled.stdout + compiled.stderr).toBe('');
    const ran = await run(process.execPath, ['service.js'], project);
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ scheduled: ['t_greet#0'], status: 'finished', result: { hello: 'Ada' } });
    // A wrong use is a type error: the handler's input is inferred from its schema through the .d.ts.
    await writeFile(
      path.join(project, 'wrong.ts'),
      "import { TaskRegistry } from 'triggerboard/engine';\nimport { z } from 'zod';\n" +
        "new TaskRegistry().register('x', (ctx) => ({ n: ctx.input.signup.nmae }), { kwargs: z.object({ signup: z.object({ name: z.string() }) }) });\n",
    );
    const wrong = await run(process.execPath, [tsc, '--noEmit', ...tscArgs, 'wrong.ts'], project);
    expect(wrong.stdout).toContain("Property 'nmae' does not exist");
  }, TIMEOUT);
});

describe.runIf(testDatabaseKind() === 'postgres')('examples/service', () => {
  it('fires orders into sessions from its own process; a worker runs them (one ships, a bad one fails)', async () => {
    const testDb = await createTestDatabase();
    try {
      await copyFile(path.join(ROOT, 'examples/service/fire-orders.mjs'), path.join(project, 'fire-orders.mjs'));
      const fired = await run(process.execPath, ['fire-orders.mjs', '7:MUG-001:2', '8:HAT-404:1'], project, { DATABASE_URL: testDb.url! });
      expect(fired.stderr).toBe('');
      expect(fired.code).toBe(0);
      expect(fired.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([
        { session: 'order-7', scheduled: ['t_validateOrder#0'] },
        { session: 'order-8', scheduled: ['t_validateOrder#0'] },
      ]);
      // The triggers landed, with their kwargs.
      const engine = createEngineRuntime(testDb.db, 'queue', { registry: createTaskRegistry() });
      const store = (uid: string) => engine.managerFor(uid).store;
      expect(await store('order-7').latestKwargs()).toMatchObject({
        orderPlaced: { orderId: '7', lines: [{ sku: 'MUG-001', quantity: 2 }] },
        paymentAuthorized: { paymentToken: 'tok_7' },
      });
      const worker = await startWorker({ db: testDb.db, connectionString: testDb.url!, registry: createTaskRegistry(), log: () => {} });
      try {
        await waitFor('order 7 shipped', async () => (await store('order-7').instancesOfTask('t_shipOrder'))[0]?.status === 'finished', 60_000);
        await waitFor('order 8 failed', async () => (await store('order-8').instance('t_validateOrder#0')).status === 'failed', 60_000);
      } finally {
        await worker.stop('test over');
      }
      expect((await store('order-8').instance('t_validateOrder#0')).metadata.exceptionMessage).toBe('orderPlaced.lines.0.sku: no such product in the catalogue');
    } finally {
      await testDb.close();
    }
  }, TIMEOUT);
});
