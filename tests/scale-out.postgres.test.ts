/**
 * Scale-out, proven: two production servers and two workers on one PostgreSQL database. Work is
 * fired through the HTTP API on both servers; one worker is SIGKILLed while it runs an instance.
 * Every instance must end once — finished, or failed WorkerLost and then replayed through the
 * API — with no handler run twice for an instance and no trigger lost.
 *
 * Needs the production build (`npm test` builds it before this pass; a stale or missing build
 * is built here first) and a PostgreSQL server (this file runs in the server pass only).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/lib/db';
import { createApiToken } from '@/lib/tokens';
import { buildNeeded, runNextBuild } from '../scripts/lib/build.mjs';
import { freePort, startServer, startWorkerProcess, stopAllProcesses, waitForHealthy, type Proc } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { waitFor } from './support/wait-for';

const SESSIONS = 24;
const TICKS = 3;
/** Per session: t_first, t_second (its cascade) and one t_each per tick. */
const RUNS_PER_SESSION = 2 + TICKS;
const CONFIGURATION = {
  t_first: { after: ['go'], run: 'step' },
  t_second: { after: ['t_first'], run: 'step' },
  t_each: { after: [], andEvery: 'tick', run: 'step' },
};

interface RunLine {
  uid: string;
  name: string;
  pid: number;
}

describe('scale-out: two servers and two workers on one PostgreSQL', () => {
  let testDb: TestDatabase;
  let workDir: string;
  let runsFile: string;
  const ports: number[] = [];
  const workers: Proc[] = [];
  let token: string;

  beforeAll(async () => {
    const reason = buildNeeded(process.cwd());
    if (reason) await runNextBuild(process.cwd(), { skipTypecheck: true });
    testDb = await createTestDatabase();
    workDir = mkdtempSync(path.join(tmpdir(), 'triggerboard-scale-'));
    runsFile = path.join(workDir, 'runs.jsonl');
    writeFileSync(runsFile, '');
    token = (await createApiToken(testDb.db, { name: 'scale-test', scope: 'operate', createdBy: 'scale test' })).secret;
    const env = {
      DATABASE_URL: testDb.url!,
      TASKS_MODULE: 'tests/support/scale-tasks.ts',
      SCALE_RUNS_FILE: runsFile,
      API_RATE_LIMIT: '100000/60',
    };
    for (const name of ['server-a', 'server-b']) {
      const port = await freePort();
      ports.push(port);
      const server = startServer(name, port, env);
      await waitForHealthy(server, port);
    }
    for (const name of ['worker-1', 'worker-2']) {
      workers.push(startWorkerProcess(name, { ...env, WORKER_CONCURRENCY: '2', WORKER_LEASE_SECONDS: '4' }));
    }
  }, 600_000);

  afterAll(async () => {
    await stopAllProcesses();
    await testDb?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const request = (port: number, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const api = async (port: number, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await request(port, method, route, body, headers);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} on :${port} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  const runs = (): RunLine[] =>
    readFileSync(runsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RunLine);

  it('every instance ends once, a killed worker’s runs are WorkerLost and replayable, and no trigger is lost', async () => {
    const uids = Array.from({ length: SESSIONS }, (_, i) => `scale:${String(i).padStart(2, '0')}`);
    // Each session is created on one server and fired on both; the first fire is retried with
    // its Idempotency-Key on the other server, as a client whose connection dropped would.
    await Promise.all(
      uids.map(async (uid, i) => {
        const [a, b] = i % 2 === 0 ? [ports[0]!, ports[1]!] : [ports[1]!, ports[0]!];
        const path = `/sessions/${encodeURIComponent(uid)}`;
        await api(a, 'POST', '/sessions', { uid, configuration: CONFIGURATION });
        // Created is created, whichever server is asked next (the engine each server made at
        // boot is another bundle copy than its route code: lib/db/store/capability.ts).
        if (i < 4) {
          const again = await request(b, 'POST', '/sessions', { uid, configuration: { t_other: { after: ['go'], run: 'step' } } });
          expect(again.status).toBe(409);
          expect(again.headers.get('content-type')).toContain('application/problem+json');
        }
        const key = { 'idempotency-key': `go-${uid}` };
        const first = await api(b, 'POST', `${path}/triggers/go`, { n: i }, key);
        expect(await api(a, 'POST', `${path}/triggers/go`, { n: i }, key)).toEqual(first);
        for (let tick = 0; tick < TICKS; tick += 1) await api(tick % 2 === 0 ? a : b, 'POST', `${path}/triggers/tick`, { tick });
      }),
    );

    // Kill a worker while it runs an instance: whichever one is running something right now.
    const victimPid = await waitFor('a worker running an instance', async () => {
      const [row] = await queryRows<{ pid: number }>(
        testDb.db,
        sql`select (metadata->'worker'->>'pid')::int as pid from task_instances where status = 'running' and metadata->'worker'->>'pid' is not null limit 1`,
      );
      return row && workers.find((w) => w.child.pid === row.pid);
    }, 60_000, 20);
    victimPid.kill('SIGKILL');
    await victimPid.exited;

    // The surviving worker's sweeper declares the dead one lost after its lease: its runs fail
    // WorkerLost and its claimed jobs go back to the queue. Replay each lost run via the API.
    const replayed = new Set<string>();
    await waitFor(
      'every session settled (nothing scheduled or running, every lost run replayed)',
      async () => {
        const open = await queryRows<{ session_uid: string; name: string; status: string; exception_type: string | null }>(
          testDb.db,
          sql`select session_uid, name, status, exception_type from task_instances where status in ('unstarted', 'scheduled', 'running', 'failed')`,
        );
        for (const row of open.filter((r) => r.status === 'failed')) {
          expect(row.exception_type, `${row.session_uid} ${row.name} failed`).toBe('WorkerLost');
          const key = `${row.session_uid}/${row.name}`;
          if (replayed.has(key)) continue;
          replayed.add(key);
          await api(ports[replayed.size % 2]!, 'POST', `/sessions/${encodeURIComponent(row.session_uid)}/instances/${encodeURIComponent(row.name)}/replay`, {
            reason: 'worker killed by the scale-out test',
          });
        }
        return open.length === 0;
      },
      180_000,
      250,
    );

    const instances = await queryRows<{ session_uid: string; name: string; task: string; status: string; exception_type: string | null; parent: string | null }>(
      testDb.db,
      sql`select session_uid, name, task, status, exception_type, parent from task_instances order by session_uid, name`,
    );
    // Nothing else than finished, or lost-then-replayed.
    for (const row of instances) {
      if (row.status === 'replayed') expect(row.exception_type, `${row.session_uid} ${row.name}`).toBe('WorkerLost');
      else expect(row.status, `${row.session_uid} ${row.name}`).toBe('finished');
    }
    expect(replayed.size, 'the killed worker was running something').toBeGreaterThan(0);
    // No trigger lost: per session one t_first, one t_second, one t_each per tick finished.
    for (const uid of uids) {
      const finished = instances.filter((r) => r.session_uid === uid && r.status === 'finished');
      expect(finished.map((r) => r.task).sort(), uid).toEqual(['t_each', 't_each', 't_each', 't_first', 't_second']);
    }
    expect(instances.filter((r) => r.status === 'finished')).toHaveLength(SESSIONS * RUNS_PER_SESSION);
    // No duplicate run: a handler started at most once per instance, and exactly once for each
    // finished one (a lost run may have died before its handler started).
    const started = new Map<string, number>();
    for (const line of runs()) started.set(`${line.uid}/${line.name}`, (started.get(`${line.uid}/${line.name}`) ?? 0) + 1);
    for (const [key, count] of started) expect(count, `${key} started ${count} times`).toBe(1);
    for (const row of instances.filter((r) => r.status === 'finished')) expect(started.get(`${row.session_uid}/${row.name}`), `${row.session_uid} ${row.name}`).toBe(1);
    // Both workers did work, and both servers served (the survivor finished the rest).
    expect(new Set(runs().map((line) => line.pid)).size).toBeGreaterThanOrEqual(2);
    expect(existsSync(runsFile)).toBe(true);
  }, 600_000);
});
