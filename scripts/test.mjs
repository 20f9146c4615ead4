#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first failure.
//   typecheck → lint → vitest on PGlite → vitest on PostgreSQL (TEST_DATABASE_URL) → Playwright e2e
// Locally, a missing TEST_DATABASE_URL or browser skips that step with a note; with CI=true it fails.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
    console.log(`  ${name.padEnd(28)} ${status.padEnd(12)} ${seconds.toFixed(1).padStart(6)} s`);
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
    console.log(`building the app first: ${reason}`);
    await runNextBuild(root, { skipTypecheck: true }); // the typecheck step passed above
  }
  await run([bin('@playwright/test/cli.js'), 'test'], { CHROMIUM_PATH: browser });
});

summary();
console.log(`\nnpm test passed in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
