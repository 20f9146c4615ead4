/**
 * Runs an npm script as a user does (`npm run <script>`), in its own process group, with the
 * environment of a user who configured no database: for the npm-scripts smoke tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  /** Resolves once `stdout` contains `text`; rejects if the script exits first. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  done: Promise<Run>;
}

/** The environment of a user with no database configured (the test run's own variables removed). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
  for (const name of ['DATABASE_URL', 'TEST_DATABASE_URL', 'BENCH_DATABASE_URL', 'TEST_DB', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'NODE_ENV']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

/** Scripts still running: stopped after the tests, whatever happened. */
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function start(script: string, args: string[], env: Record<string, string> = {}): Started {
  // Its own process group: a signal goes to the whole group (npm, the shell, tsx, node), as a
  // terminal's Ctrl-C or a service manager sends it; npm alone does not pass SIGTERM on.
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve(): void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of [...waiters]) {
      if (stdout.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    done,
    kill: (signal) => killGroup(child, signal),
    waitFor: (text, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`npm run ${script} did not print ${JSON.stringify(text)}:\n${stdout}\n${stderr}`)), timeoutMs);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
        void done.then((run) => {
          clearTimeout(timer);
          reject(new Error(`npm run ${script} exited (${run.code ?? run.signal}) before printing ${JSON.stringify(text)}:\n${run.stdout}\n${run.stderr}`));
        });
      }),
  };
}

export const npmRun = (script: string, args: string[] = [], env: Record<string, string> = {}) => start(script, args, env).done;

/** Stops every script still running (after the tests, whatever happened). */
export function stopAllScripts(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
}
