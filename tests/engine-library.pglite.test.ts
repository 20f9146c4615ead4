/**
 * The engine as a library (lib/library.ts → `npm run build:engine` → dist/engine, exported as
 * `triggerboard/engine`), used as another project uses it (tests/support/engine-consumer.ts): a
 * TypeScript consumer type-checks against the .d.ts (nodenext) and runs a task inline on PGlite.
 * On PostgreSQL: engine-library.postgres.test.ts.
 */
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, run, consumerProjectOfThisFile } from './support/engine-consumer';

const TIMEOUT = 120_000;
const consumer = consumerProjectOfThisFile(TIMEOUT);

describe('triggerboard/engine from another project', () => {
  it('type-checks a TypeScript consumer (nodenext) and runs a task with it', async () => {
    await writeFile(
      path.join(consumer.folder, 'service.ts'),
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
    await symlink(path.join(ROOT, 'node_modules/zod'), path.join(consumer.folder, 'node_modules/zod'), 'dir');
    // Compiled as a consumer compiles it (nodenext: the .d.ts must resolve the way Node does), then run.
    const tscArgs = ['--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await run(process.execPath, [tsc, ...tscArgs, '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types'), 'service.ts'], consumer.folder);
    expect(compiled.stdout + compiled.stderr).toBe('');
    const ran = await run(process.execPath, ['service.js'], consumer.folder);
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toEqual({ scheduled: ['t_greet#0'], status: 'finished', result: { hello: 'Ada' } });
    // A wrong use is a type error: the handler's input is inferred from its schema through the .d.ts.
    await writeFile(
      path.join(consumer.folder, 'wrong.ts'),
      "import { TaskRegistry } from 'triggerboard/engine';\nimport { z } from 'zod';\n" +
        "new TaskRegistry().register('x', (ctx) => ({ n: ctx.input.signup.nmae }), { kwargs: z.object({ signup: z.object({ name: z.string() }) }) });\n",
    );
    const wrong = await run(process.execPath, [tsc, '--noEmit', ...tscArgs, 'wrong.ts'], consumer.folder);
    expect(wrong.stdout).toContain("Property 'nmae' does not exist");
  }, TIMEOUT);
});

