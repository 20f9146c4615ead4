#!/usr/bin/env node
// `npm start`: build if the build is missing or stale, then serve it with `next start`.
// Migrations (and the demo seeding hook) run at server boot, from instrumentation.ts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildNeeded, runNextBuild } from './lib/build.mjs';

const root = process.cwd();
const port = process.env.PORT?.trim() || '3000';
const host = process.env.HOST?.trim() || '127.0.0.1';

if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`PORT must be a whole number between 1 and 65535 (got ${JSON.stringify(process.env.PORT)}). Set PORT correctly or unset it.`);
  process.exit(1);
}

// Ctrl-C / SIGTERM stop whichever child is running (the build, then the server).
let child = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child && child.exitCode === null) child.kill(signal);
    else process.exit(1);
  });
}

const reason = buildNeeded(root);
if (reason) {
  console.log(`[triggerboard] building: ${reason}`);
  const started = Date.now();
  try {
    // Type errors must not stop the product from starting: `npm test` and CI enforce them.
    await runNextBuild(root, { skipTypecheck: true, onSpawn: (build) => (child = build) });
  } catch (error) {
    console.error(`[triggerboard] ${error.message}`);
    process.exit(1);
  }
  console.log(`[triggerboard] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const server = spawn(
  process.execPath,
  [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', port, '-H', host],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' } },
);

child = server;
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// Print the address once the server answers (boot opens and migrates the database first).
const displayHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const deadline = Date.now() + 120_000;
while (Date.now() < deadline && server.exitCode === null) {
  try {
    const response = await fetch(`http://${probeHost}:${port}/api/health`);
    const health = await response.json();
    console.log(`\n  Triggerboard is running at http://${displayHost}:${port}  (database: ${health.database?.kind}, ${health.ok ? 'ok' : 'NOT answering'})\n`);
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
