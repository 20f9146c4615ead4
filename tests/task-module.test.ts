/**
 * TASKS_MODULE (lib/runtime/task-module.ts): the loader finds a module by path or package name,
 * copies its registry into this process's TaskRegistry (a module loaded outside the bundle has
 * its own copy of the engine), and refuses a wrong module with a message naming it and what is
 * missing. The bad modules are written at test time: tsc and eslint must not see them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { loadTaskRegistry, TaskModuleError } from '@/lib/runtime/task-module';
import { projectStack } from '@/lib/stack/source-map';
import { InlineRunner, MemoryStore, TaskRegistry, TriggerManager } from '@/lib/triggers';
import { createTaskRegistry as createDemoRegistry } from '@/lib/tasks';

const appRoot = process.cwd();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'task-modules-'));
  const files: Record<string, string> = {
    'default-only.ts': 'export default function createTaskRegistry() { return null; }\n',
    'default-only-cjs/index.ts': 'export default function createTaskRegistry() { return null; }\n',
    'default-only-cjs/package.json': '{}\n',
    'no-export.ts': 'export const registry = 1;\nexport function makeTasks() {}\n',
    'syntax.ts': 'export function createTaskRegistry( {\n',
    'throws-on-import.mjs': "throw new Error('TASKS_API_KEY is not set');\n",
    'returns-nothing.ts': 'export function createTaskRegistry() { return undefined; }\n',
    'factory-throws.mjs': "export function createTaskRegistry() { throw new RangeError('no handlers today'); }\n",
    'tasks.json': '{}\n',
    // A package, plain JavaScript, with a registry of its own making (another copy of the engine).
    'node_modules/@acme/tasks/package.json': JSON.stringify({ name: '@acme/tasks', type: 'module', exports: './index.js' }),
    'node_modules/@acme/tasks/index.js': [
      'const tasks = new Map([["ping", { handler: () => ({ pong: true }), maxRetries: 2, kwargs: null, result: null }]]);',
      'export const createTaskRegistry = () => ({ names: () => [...tasks.keys()], get: (name) => tasks.get(name) });',
    ].join('\n'),
    'folder/index.mjs': 'export { createTaskRegistry } from "../node_modules/@acme/tasks/index.js";\n',
    'package.json': '{ "type": "module" }\n',
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function failure(module: string): Promise<string> {
  const error = await loadTaskRegistry({ module, root }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TaskModuleError);
  return (error as Error).message;
}

describe('loading a task module', () => {
  it('unset: the demo module (lib/tasks)', async () => {
    expect((await loadTaskRegistry({ module: null })).names()).toEqual(createDemoRegistry().names());
  });

  it('a TypeScript file of the app folder: its handlers, in this process’s TaskRegistry, running through the engine', async () => {
    const registry = await loadTaskRegistry({ module: 'examples/tasks/index.ts', root: appRoot });
    expect(registry).toBeInstanceOf(TaskRegistry);
    expect(registry.names()).toEqual(['validateOrder', 'reserveStock', 'chargePayment', 'shipOrder']);
    expect(registry.get('chargePayment').maxRetries).toBe(5);
    // The module's zod schemas (its own copy) become JSON Schema and checks here.
    expect(registry.schemas('validateOrder').kwargs).toMatchObject({ type: 'object', required: ['orderPlaced'] });
    expect(registry.check('chargePayment', 'kwargs', { t_validateOrder: {}, paymentAuthorized: { paymentToken: 'x' } }).length).toBeGreaterThan(0);

    const { ORDER_WORKFLOW } = await import('@/examples/tasks/index');
    const runner = new InlineRunner();
    const manager = new TriggerManager(new MemoryStore('order-1'), { registry, runner });
    await manager.updateConfiguration(ORDER_WORKFLOW);
    const order = { orderId: 'o-1', email: 'ada@example.com', lines: [{ sku: 'HAT-404', quantity: 1 }] };
    await manager.fire('orderPlaced', order);
    await manager.fire('paymentAuthorized', { paymentToken: 'tok_1' });
    await runner.drain();
    const failed = await manager.store.instance('t_validateOrder#0');
    // An error class of the module's copy of the engine is still told apart by its name.
    expect([failed.status, failed.metadata.exceptionType]).toEqual(['failed', 'ValidationError']);
    expect(failed.metadata.exceptionMessage).toContain('orderPlaced.lines.0.sku: no such product');

    await manager.replayFailedInstance('t_validateOrder#0', { orderPlaced: { ...order, lines: [{ sku: 'MUG-001', quantity: 2 }] } });
    await runner.drain();
    const shipped = (await manager.store.instancesOfTask('t_shipOrder'))[0];
    expect(shipped?.status).toBe('finished');
    expect(shipped?.metadata.result).toEqual({ trackingNumber: 'TRK-O-1' });
  });

  it('an absolute path, a folder with an index file, and a package name resolved from the app folder', async () => {
    expect((await loadTaskRegistry({ module: path.join(appRoot, 'examples/tasks/index.ts') })).names()).toHaveLength(4);
    for (const name of ['folder', './folder', '@acme/tasks']) {
      const registry = await loadTaskRegistry({ module: name, root });
      expect(registry.names()).toEqual(['ping']);
      expect(registry.get('ping').maxRetries).toBe(2);
    }
  });

  it('a wrong module stops with a message naming it and what is missing', async () => {
    expect(await failure('nowhere/tasks.ts')).toBe(`TASKS_MODULE=nowhere/tasks.ts: cannot find the module: ${path.join(root, 'nowhere/tasks.ts')} does not exist.`);
    expect(await failure('@acme/missing')).toBe(
      `TASKS_MODULE=@acme/missing: cannot find the package '@acme/missing' from ${root} (install it, or give a path such as ./tasks/index.ts).`,
    );
    expect(await failure('tasks.json')).toContain("a task module file ends in .ts, .mts, .js, .mjs (got '.json')");
    expect(await failure('node_modules')).toContain('has no index file');
    expect(await failure('no-export.ts')).toBe(
      'TASKS_MODULE=no-export.ts: the module does not export a function createTaskRegistry() (it exports makeTasks, registry).',
    );
    for (const defaultOnly of ['default-only.ts', 'default-only-cjs']) {
      expect(await failure(defaultOnly)).toBe(
        `TASKS_MODULE=${defaultOnly}: the module does not export a function createTaskRegistry() (it has only a default export; createTaskRegistry must be a named export: export function createTaskRegistry()).`,
      );
    }
    expect(await failure('syntax.ts')).toMatch(/^TASKS_MODULE=syntax\.ts: the module failed to load: .*syntax\.ts/s);
    expect(await failure('throws-on-import.mjs')).toBe('TASKS_MODULE=throws-on-import.mjs: the module failed to load: Error: TASKS_API_KEY is not set');
    expect(await failure('returns-nothing.ts')).toBe(
      'TASKS_MODULE=returns-nothing.ts: createTaskRegistry() returned undefined, not a TaskRegistry (new TaskRegistry().register(…)).',
    );
    expect(await failure('factory-throws.mjs')).toBe('TASKS_MODULE=factory-throws.mjs: createTaskRegistry() threw: RangeError: no handlers today');
  });

  it('TASKS_MODULE is checked as a name at boot, with the other variables', () => {
    for (const ok of ['examples/tasks/index.ts', '/srv/tasks/index.mjs', '@acme/tasks', 'lodash.tasks', './tasks']) {
      expect(parseEnv({ TASKS_MODULE: ok }).TASKS_MODULE).toBe(ok);
    }
    expect(parseEnv({ TASKS_MODULE: '' }).TASKS_MODULE).toBeUndefined();
    for (const bad of ['examples/tasks.py', './tasks.json', 'https://example.com/tasks.mjs']) {
      expect(() => parseEnv({ TASKS_MODULE: bad })).toThrow(/TASKS_MODULE must name a task module exporting createTaskRegistry\(\)/);
    }
  });

  it('a TypeScript module outside an ES-module package: a failure’s stack names its file and line, never a data: URL', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'task-module-cjs-'));
    try {
      const file = path.join(folder, 'leaky.ts');
      const lines = [
        'const tasks = new Map([["explode", { handler: (): never => {',
        "  throw new Error('exploded');",
        '} }]]);',
        'export function createTaskRegistry() {',
        '  return { names: () => [...tasks.keys()], get: (name: string) => tasks.get(name) };',
        '}',
      ];
      await writeFile(file, lines.join('\n'));
      const registry = await loadTaskRegistry({ module: file, root: folder });
      const recorded = async () => {
        const runner = new InlineRunner();
        const manager = new TriggerManager(new MemoryStore('leaky'), { registry, runner, formatStack: (error) => projectStack(error, { root: appRoot }) });
        await manager.updateConfiguration({ t_explode: { after: ['go'], run: 'explode' } });
        await manager.fire('go', {});
        await runner.drain();
        return String((await manager.store.instance('t_explode#0')).metadata.exceptionInfo);
      };
      const stack = await recorded();
      expect(stack).not.toContain('data:');
      expect(stack).toContain(`at Object.handler (${file}:2:9)`);
      expect(stack.length).toBeLessThan(2000);
      // Next's server replaces Error.prepareStackTrace, so tsx cannot map the frame: projectStack does.
      const original = Error.prepareStackTrace;
      Error.prepareStackTrace = (error, sites) => `${String(error)}\n${sites.map((site) => `    at ${String(site)}`).join('\n')}`;
      try {
        expect(await recorded()).toContain(`at Object.handler (${file}:2:9)`);
      } finally {
        Error.prepareStackTrace = original;
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
