/**
 * The services and the engine load in a plain Node process, as `npm run bench`,
 * `npm run journal:prune` and `npm run worker` load them: whatever reads the request (cookies,
 * headers, the signed-in user, redirects) stays in pages, route handlers and actions, and
 * reaches these modules as a value (an actor, a ViewerPrivacy).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');

/** Each layer's entry point that must import cleanly outside Next. */
const MODULES = [
  'lib/triggers/index.ts',
  'lib/db/index.ts',
  'lib/journal/index.ts',
  'lib/recovery/index.ts',
  'lib/bulk/index.ts',
  'lib/sessions/index.ts',
  'lib/failed/index.ts',
  'lib/audit/index.ts',
  'lib/audit/view.ts',
  'lib/cli/commands.ts',
  'lib/cli/context.ts',
];

/** Runs tests/support/plain-node-import.mjs under tsx exactly as package.json's scripts do. */
function importInPlainNode(modules: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), '--conditions=react-server', '--tsconfig', 'tsconfig.json', 'tests/support/plain-node-import.mjs', ...modules],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('plain Node imports', () => {
  it('the engine, lib/db and the services import without Next and without reading a request', { timeout: 120_000 }, async () => {
    const result = await importInPlainNode(MODULES);
    expect(result.stdout.trim().split('\n')).toEqual(MODULES.map((module) => `ok ${module}`));
    expect(result.code, result.stderr).toBe(0);
  });

  it('refuses a module that reads the request, naming who imported it', { timeout: 120_000 }, async () => {
    const result = await importInPlainNode(['lib/actions/run-action.ts', 'lib/auth/session.ts']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL lib\/actions\/run-action\.ts: request-bound module .*\/lib\/actor\.ts imported by .*\/lib\/actions\/run-action\.ts$/m);
    expect(result.stdout).toMatch(/^FAIL lib\/auth\/session\.ts: request-bound module .*lib\/auth\/session\.ts imported by /m);
  });
});
