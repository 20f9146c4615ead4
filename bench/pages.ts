/**
 * `npm run bench:pages`: server response time of the dashboard's pages on the embedded database,
 * at the demo's scale plus one session with 5,000 instances. Builds if needed, seeds a temporary
 * PGlite folder (demo + the large session), starts `next start` on it, then times full-page GETs
 * (the HTML a browser receives; nothing cached).
 * Targets: sessions page <= 200 ms, a session with 5,000 instances <= 500 ms, an instance page <= 100 ms.
 * Scale: BENCH_ROUNDS (default 40), BENCH_PAGES_LARGE (instances of the large session, default 5000);
 * BENCH_PORT (default 3190). `npm test` runs it small as a smoke test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, createDatabase } from '@/lib/db';
import { seedBenchSessions } from '@/lib/db/queries/bench';
import { randomBytes } from 'node:crypto';
import { sealData } from 'iron-session';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import { seedDemoDataIfEmpty } from '@/lib/demo/seed';
import { instanceHref, sessionHref } from '@/lib/routes';
import { buildNeeded, runNextBuild } from '../scripts/lib/build.mjs';

const port = Number(process.env.BENCH_PORT ?? 3190);
const rounds = Number(process.env.BENCH_ROUNDS ?? 40);
const largeSize = Number(process.env.BENCH_PAGES_LARGE ?? 5_000);
const LARGE_UID = 'bench-page-1';

function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 240; i += 1) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server did not answer ${url}`);
}

async function main(): Promise<void> {
  const reason = (buildNeeded as (root?: string) => string | null)();
  if (reason) {
    console.log(`building first: ${reason}`);
    await (runNextBuild as (root?: string, o?: { skipTypecheck?: boolean }) => Promise<void>)(process.cwd(), { skipTypecheck: true });
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'triggerboard-bench-pages-'));
  const dataDir = path.join(folder, 'pglite');
  const db = await createDatabase({ dataDir });
  const seeding = performance.now();
  await seedDemoDataIfEmpty(db);
  // 3 instances besides t_importResponses (see lib/db/queries/bench.ts).
  await seedBenchSessions(db, 'bench-page-', 1, { min: largeSize - 3, max: largeSize - 3 });
  // Pages need a signed-in user: a viewer, with a cookie sealed here under the server's secret.
  const viewer = await createUser(db, { id: null, email: 'bench', name: 'bench', role: 'admin' }, {
    email: 'bench-viewer@example.com',
    name: 'Bench Viewer',
    role: 'viewer',
    password: randomBytes(18).toString('base64url'),
  });
  const sessionSecret = randomBytes(32).toString('base64url');
  const { token } = await createSession(db, viewer.id);
  const cookie = `${SESSION_COOKIE}=${await sealData({ sid: token }, { password: sessionSecret })}`;
  await closeDatabase(db);
  console.log(`seeded the demo and a session with ${largeSize.toLocaleString('en-US')} instances in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: process.cwd(),
    env: { ...process.env, PGLITE_DATA_DIR: dataDir, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1', SESSION_SECRET: sessionSecret },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForServer(`${base}/api/health`);
    const pages: Array<[string, string, number]> = [
      ['sessions page', '/sessions', 200],
      ['sessions page, has failed', '/sessions?filter=failed', 200],
      [`a session with ${largeSize.toLocaleString('en-US')} instances`, sessionHref(LARGE_UID), 500],
      ['a demo session', sessionHref('questionnaire-2026-11-0431'), 500],
      ['an instance page', instanceHref(LARGE_UID, `t_importResponses#${Math.floor((largeSize - 3) / 2)}`), 100],
      ['a failed demo instance', instanceHref('questionnaire-2026-11-0431', 't_importSubject#0'), 100],
    ];
    console.log(`\n${'page'.padEnd(36)}${'p50'.padStart(10)}${'p95'.padStart(11)}  target p95`);
    for (const [label, url, target] of pages) {
      const samples: number[] = [];
      for (let i = 0; i < rounds + 3; i += 1) {
        const started = performance.now();
        const response = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
        await response.text();
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        if (i >= 3) samples.push(performance.now() - started);
      }
      const p95 = quantile(samples, 0.95);
      console.log(
        `  ${label.padEnd(34)}${`${quantile(samples, 0.5).toFixed(1)} ms`.padStart(10)}${`${p95.toFixed(1)} ms`.padStart(11)}  <= ${target} ms ${p95 <= target ? 'ok' : 'MISSED'}`,
      );
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
