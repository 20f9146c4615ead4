import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Run `next build` first (`npm test` does it when needed): the server is the production build.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

// A throwaway PGlite folder for the server. The config is also loaded by each worker process:
// the env var (inherited by workers) makes them reuse the main process's folder.
process.env.E2E_PGLITE_DATA_DIR ??= path.join(mkdtempSync(path.join(tmpdir(), 'triggerboard-e2e-')), 'pglite');

const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1, // 2 cores: the server and one browser are enough
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL,
    screenshot: 'on', // kept in test-results/ as artifacts, pass or fail
    trace: 'retain-on-failure',
  },
  projects: [
    // Signs in once as each demo role and keeps the cookies (e2e/.auth/<role>.json).
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { launchOptions: chromiumLaunch } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      use: {
        ...devices['Desktop Chrome'],
        storageState: 'e2e/.auth/operator.json', // journeys act as the demo operator unless they say otherwise
        launchOptions: chromiumLaunch,
      },
    },
  ],
  webServer: {
    // Not `npx next`: killing a wrapper would leave the real server running.
    command: `node node_modules/next/dist/bin/next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      PGLITE_DATA_DIR: process.env.E2E_PGLITE_DATA_DIR,
      DATABASE_URL: '',
      NEXT_TELEMETRY_DISABLED: '1',
      // Viewers see no payloads (e2e/auth.spec.ts checks it); operators and admins are unaffected.
      HIDE_PAYLOADS_FROM_VIEWERS: 'true',
    },
  },
});
