import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * A team's own task module in the production build: a second server started with
 * TASKS_MODULE=examples/tasks/index.ts (TypeScript, loaded at run time outside the bundle) on a
 * folder prepared by e2e/support/task-module-fixture.ts, where an order failed on an unknown
 * product. Support replays it with the corrected order: the module's handlers run in the Next.js
 * process (the embedded mode runs tasks in-process) and the cascade ships the order.
 */
test.describe.configure({ timeout: 180_000 });
test.use({ storageState: { cookies: [], origins: [] } });

const UID = 'order-e2e-1';
let folder: string;
let server: ChildProcess;
let output = '';
let baseURL: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

test.beforeAll(async () => {
  folder = path.join(mkdtempSync(path.join(tmpdir(), 'triggerboard-e2e-module-')), 'pglite');
  const tsx = ['node_modules/.bin/tsx', '--conditions=react-server', '--tsconfig', 'tsconfig.json'];
  const fixture = spawnSync(tsx[0]!, [...tsx.slice(1), 'e2e/support/task-module-fixture.ts', folder], { encoding: 'utf8' });
  if (fixture.status !== 0) throw new Error(`fixture failed:\n${fixture.stderr}`);
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, TASKS_MODULE: 'examples/tasks/index.ts', PGLITE_DATA_DIR: folder, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    if (server.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    const ok = await fetch(`${baseURL}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`the server never answered:\n${output}`);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  if (folder) rmSync(path.dirname(folder), { recursive: true, force: true });
});

test('a failed task of examples/tasks is replayed from the dashboard and its cascade ships the order', async ({ page }, testInfo) => {
  expect(output).toContain('[triggerboard] tasks: examples/tasks/index.ts, handlers validateOrder, reserveStock, chargePayment, shipOrder');
  expect(output).toContain('no demo data: it needs the default task module');

  await page.goto(`${baseURL}/sign-in`);
  await page.getByLabel('Email').fill('ops@fulfilment.example');
  await page.getByLabel('Password').fill('ship-it-carefully-42');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/failed$/);
  await expect(page.getByText('orderPlaced.lines.0.sku: no such product in the catalogue').first()).toBeVisible();

  const instance = (name: string) => `${baseURL}/sessions/${UID}/instances/${encodeURIComponent(name)}`;
  await page.goto(instance('t_validateOrder#0'));
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
  // The module's zod schema (loaded outside the bundle) drives the form: a bad SKU is named as typed.
  const editor = page.getByRole('textbox', { name: 'Replacement kwargs', exact: true });
  const corrected = JSON.stringify({ orderPlaced: { orderId: UID, email: 'ada@example.com', lines: [{ sku: 'mug', quantity: 1 }] } });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(corrected);
  await expect(page.getByTestId('replay-kwargs-issues')).toContainText('orderPlaced.lines.0.sku: must look like ABC-123');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(corrected.replace('"mug"', '"MUG-001"'));
  await expect(page.getByTestId('replay-kwargs-issues')).toHaveAttribute('data-count', '0');
  await page.getByLabel('Reason', { exact: true }).first().fill('ORD-17: customer meant the mug');
  await keepScreenshot(page, testInfo, 'task-module-replay');
  await page.getByRole('button', { name: 'Replay', exact: true }).click();

  // The clone runs in the server process with the module's handler, and the cascade ships.
  await expect(page).toHaveURL(new RegExp(`${encodeURIComponent('t_validateOrder#1')}$`));
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'finished', { timeout: 30_000 });
  await expect
    .poll(async () => {
      await page.goto(instance('t_shipOrder#0'));
      return page.getByTestId('instance-status').getAttribute('data-status');
    }, { timeout: 30_000 })
    .toBe('finished');
  await expect(page.getByText('TRK-ORDER-E2E-1').first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'task-module-shipped');
});
