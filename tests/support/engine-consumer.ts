/**
 * Another project that uses the engine as a library: `npm run build:engine` (dist/engine), then a
 * folder of its own whose node_modules/triggerboard links to this one (what `npm install
 * ../triggerboard` makes). For tests/engine-library.*.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Builds the library, then makes the consumer's folder; `remove()` deletes it. */
export async function createConsumerProject(): Promise<{ folder: string; remove(): Promise<void> }> {
  const built = await run(process.execPath, ['scripts/build-engine.mjs'], ROOT);
  if (built.code !== 0 || built.stderr !== '') throw new Error(`npm run build:engine failed (${built.code}):\n${built.stderr}`);
  const folder = await mkdtemp(path.join(tmpdir(), 'engine-consumer-'));
  await mkdir(path.join(folder, 'node_modules'));
  await symlink(ROOT, path.join(folder, 'node_modules/triggerboard'), 'dir');
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  return { folder, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** The consumer project of this test file: made before its tests, removed after them. */
export function consumerProjectOfThisFile(timeoutMs = 120_000): { readonly folder: string } {
  const state = { folder: '' };
  let made: Awaited<ReturnType<typeof createConsumerProject>> | undefined;
  beforeAll(async () => {
    made = await createConsumerProject();
    state.folder = made.folder;
  }, timeoutMs);
  afterAll(() => made?.remove());
  return state;
}
