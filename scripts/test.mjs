#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure.
//   typecheck → lint → production build (if stale) → vitest on PGlite → vitest on PostgreSQL
//   (TEST_DATABASE_URL; its scale-out test serves the build) → Playwright e2e
//   → smoke runs of the scripts that serve the app (npm start, npm run dev, npm run bench:pages);
//   the other npm scripts are run by tests/npm-scripts.test.ts in the vitest steps.
// Locally, a missing TEST_DATABASE_URL or browser skips that step with a note; with CI=true it fails.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { buildNeeded, runNextBuild } from './lib/build.mjs';

const root = process.cwd();
const ci = process.env.CI === 'true' || process.env.CI === '1';
const bin = (relative) => path.join(root, 'node_modules', relative);
const results = [];

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(signal ? `killed by ${signal}` : `exit code ${code}`)),
    );
  });
}

async function step(name, action) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  try {
    const note = await action();
    const seconds = (Date.now() - started) / 1000;
    results.push({ name, status: note ? `skipped: ${note}` : 'passed', seconds });
    if (note) console.log(`SKIPPED ${name}: ${note}`);
  } catch (error) {
    results.push({ name, status: `FAILED (${error.message})`, seconds: (Date.now() - started) / 1000 });
    summary();
    console.error(`\nnpm test failed at step "${name}": ${error.message}`);
    process.exit(1);
  }
}

function summary() {
  console.log('\n━━━ summary ━━━');
  for (const { name, status, seconds } of results) {
    console.log(`  ${name.padEnd(30)} ${status.padEnd(12)} ${seconds.toFixed(1).padStart(6)} s`);
  }
}

/** A skip locally, a failure under CI=true. */
function missing(what) {
  if (ci) throw new Error(`${what} (required when CI=true)`);
  return what;
}

function findChromium() {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // No Playwright-managed browser either.
  }
  return null;
}

const startedAt = Date.now();

await step('typecheck (tsc --noEmit)', () => run([bin('typescript/bin/tsc'), '--noEmit']));

await step('lint (eslint .)', () => run([bin('eslint/bin/eslint.js'), '.']));

await step('production build (next build, if stale)', async () => {
  const reason = buildNeeded(root);
  if (!reason) return;
  console.log(`building: ${reason}`);
  await runNextBuild(root, { skipTypecheck: true }); // the typecheck step passed above
});

await step('vitest on PGlite', () => run([bin('vitest/vitest.mjs'), 'run'], { TEST_DB: 'pglite' }));

await step('vitest on PostgreSQL', async () => {
  if (!process.env.TEST_DATABASE_URL) {
    return missing('TEST_DATABASE_URL is not set (e.g. postgres://user:password@127.0.0.1:5432/triggerboard_test, a role with CREATEDB)');
  }
  await run([bin('vitest/vitest.mjs'), 'run'], { TEST_DB: 'postgres' });
});

await step('Playwright e2e', async () => {
  const browser = findChromium();
  if (!browser) {
    return missing('no Chromium found (/usr/bin/chromium or a Playwright-installed one); install it with `apt-get install chromium`');
  }
  const reason = buildNeeded(root);
  if (reason) {
    // Built before the vitest steps; only a test that changed a source file makes it stale.
    console.log(`building again: ${reason}`);
    await runNextBuild(root, { skipTypecheck: true });
  }
  await run([bin('@playwright/test/cli.js'), 'test'], { CHROMIUM_PATH: browser });
});

// ---- smoke runs of the scripts that serve the production build (built above, or by them)

/** SMOKE_PORT, or a port the system says is free. */
async function smokePort() {
  if (process.env.SMOKE_PORT) return Number(process.env.SMOKE_PORT);
  const server = createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `npm run <script>` in its own process group (a signal then reaches npm and everything under it,
 * as a Ctrl-C does), its output kept and shown only if the step fails.
 */
function npmScript(script, env, args = []) {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const fail = (message) => new Error(`${message}\n--- output of npm run ${script} ---\n${output.slice(-4000)}`);
  return { child, exited, signalGroup, fail, output: () => output };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

await step('npm start (smoke)', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'triggerboard-smoke-start-'));
  const port = await smokePort();
  const run = npmScript('start', { PORT: String(port), HOST: '127.0.0.1', PGLITE_DATA_DIR: path.join(folder, 'pglite'), DATABASE_URL: '' });
  try {
    // A fresh embedded database: migrated and seeded with the demo before the server answers.
    let health = null;
    for (const deadline = Date.now() + 180_000; !health && Date.now() < deadline && run.child.exitCode === null; ) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        health = { status: response.status, body: await response.json() };
      } catch {
        await sleep(500);
      }
    }
    if (!health) throw run.fail(run.child.exitCode === null ? 'GET /api/health never answered' : `npm start exited (${run.child.exitCode})`);
    if (health.status !== 200 || health.body.ok !== true || health.body.database?.kind !== 'pglite') {
      throw run.fail(`GET /api/health answered ${health.status} ${JSON.stringify(health.body)}`);
    }
    const signIn = await fetch(`http://127.0.0.1:${port}/sign-in`);
    if (signIn.status !== 200) throw run.fail(`GET /sign-in answered ${signIn.status}`);
    if (!run.output().includes(`Triggerboard is running at http://localhost:${port}`)) throw run.fail('npm start did not print its address');
    run.signalGroup('SIGTERM');
    const stopped = await Promise.race([run.exited, sleep(20_000).then(() => null)]);
    if (!stopped) throw run.fail('npm start did not stop within 20 s of SIGTERM');
    console.log(`npm start served /api/health and /sign-in on port ${port}, then stopped on SIGTERM`);
  } finally {
    run.signalGroup('SIGKILL'); // whatever is left of it, if a check above failed
    rmSync(folder, { recursive: true, force: true });
  }
});

await step('npm start with a TASKS_MODULE it cannot use (smoke)', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'triggerboard-smoke-module-'));
  const run = npmScript('start', { PORT: String(await smokePort()), PGLITE_DATA_DIR: path.join(folder, 'pglite'), DATABASE_URL: '', TASKS_MODULE: 'examples/tasks/schemas.ts' });
  try {
    // The server loads the module at boot, before the database, and exits with the loader's message.
    const ended = await Promise.race([run.exited, sleep(120_000).then(() => null)]);
    if (!ended) throw run.fail('npm start kept running with a module that exports no createTaskRegistry()');
    const expected = 'TASKS_MODULE=examples/tasks/schemas.ts: the module does not export a function createTaskRegistry()';
    if (ended.code !== 1 || !run.output().includes(expected)) throw run.fail(`npm start ended ${JSON.stringify(ended)} without saying: ${expected}`);
    if (existsSync(path.join(folder, 'pglite'))) throw run.fail('npm start opened the database before refusing the module');
    console.log('npm start refused a task module without createTaskRegistry(), naming it, with exit code 1');
  } finally {
    run.signalGroup('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
});

/** Polls a URL until it answers (any status), or null when the deadline or the process ends first. */
async function firstAnswer(url, run, timeoutMs) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && run.child.exitCode === null; ) {
    try {
      const response = await fetch(url);
      return { status: response.status, text: await response.text() };
    } catch {
      await sleep(500);
    }
  }
  return null;
}

await step('npm run dev (smoke)', async () => {
  // The development server (its own build folder, .next/dev: the production build stays) on a
  // fresh embedded database, loopback only: it boots, migrates, seeds, and compiles a page.
  const folder = mkdtempSync(path.join(tmpdir(), 'triggerboard-smoke-dev-'));
  const port = await smokePort();
  const run = npmScript('dev', { PGLITE_DATA_DIR: path.join(folder, 'pglite'), DATABASE_URL: '' }, ['-p', String(port), '-H', '127.0.0.1']);
  try {
    const health = await firstAnswer(`http://127.0.0.1:${port}/api/health`, run, 180_000);
    if (health?.status !== 200) throw run.fail(health ? `GET /api/health answered ${health.status}` : 'GET /api/health never answered');
    const signIn = await firstAnswer(`http://127.0.0.1:${port}/sign-in`, run, 120_000);
    if (signIn?.status !== 200 || !signIn.text.includes('Sign in')) throw run.fail(`GET /sign-in answered ${signIn?.status ?? 'nothing'}`);
    run.signalGroup('SIGTERM');
    const stopped = await Promise.race([run.exited, sleep(20_000).then(() => null)]);
    if (!stopped) throw run.fail('npm run dev did not stop within 20 s of SIGTERM');
    console.log(`npm run dev served /api/health and compiled /sign-in on port ${port}, then stopped on SIGTERM`);
  } finally {
    run.signalGroup('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
});

await step('npm run bench:pages (smoke)', async () => {
  // The demo plus a session of 300 instances, 2 timed rounds per page: it runs, not how fast.
  const run = npmScript('bench:pages', { BENCH_ROUNDS: '2', BENCH_PAGES_LARGE: '300', BENCH_PORT: String(await smokePort()) });
  try {
    const { code } = await run.exited;
    if (code !== 0) throw run.fail(`npm run bench:pages exited with code ${code}`);
    const rows = run.output().match(/^ {2}\S.*\d ms\s+<= \d+ ms (ok|MISSED)$/gm) ?? [];
    if (rows.length !== 6) throw run.fail(`expected 6 timed pages, got ${rows.length}`);
    console.log(rows.join('\n'));
  } finally {
    run.signalGroup('SIGKILL');
  }
});

summary();
console.log(`\nnpm test passed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
