/**
 * Long-running processes for multi-process tests: production servers (`next start`) and workers,
 * each in its own process group so a signal (SIGTERM, or SIGKILL for a crash) reaches all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  /** Signals the whole process group. */
  kill(signal: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started = new Set<Proc>();

/** A TCP port the system says is free. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function startProcess(name: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Only what the test names: not the test run's own DATABASE_URL, TEST_DB, VITEST… variables.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      started.delete(proc);
      resolve({ code, signal });
    }),
  );
  const proc: Proc = {
    name,
    child,
    output: () => output,
    kill(signal) {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    },
    exited,
  };
  started.add(proc);
  return proc;
}

/** `next start` on the existing production build. */
export function startServer(name: string, port: number, env: Record<string, string>): Proc {
  return startProcess(name, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    ...env,
    PORT: String(port),
  });
}

/**
 * `npm run worker`'s program, with tsx as a loader in one Node process (no npm or tsx CLI in
 * between): the child's pid is the worker's, as the `workers` table and run metadata record it.
 */
export function startWorkerProcess(name: string, env: Record<string, string>): Proc {
  return startProcess(name, ['--import', 'tsx', '--conditions=react-server', 'scripts/worker.ts'], env);
}

/** Waits until `/api/health` of a server answers 200. */
export async function waitForHealthy(proc: Proc, port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${proc.name} was not healthy within ${timeoutMs} ms:\n${proc.output()}`);
}

/** Stops every process still running (SIGTERM, then SIGKILL after a grace period). */
export async function stopAllProcesses(graceMs = 10_000): Promise<void> {
  const procs = [...started];
  for (const proc of procs) proc.kill('SIGTERM');
  await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((resolve) => setTimeout(resolve, graceMs))]);
  for (const proc of procs) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.kill('SIGKILL');
  await Promise.all(procs.map((p) => p.exited));
}
