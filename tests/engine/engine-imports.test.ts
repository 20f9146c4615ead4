/**
 * The engine knows no application: importing `lib/triggers` in a plain Node process (no Next.js,
 * no vitest aliases) loads neither SQL drivers nor the app's schema or anything of `lib/db`.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module URL resolved while a fresh `node --import tsx` process imports `target`. */
async function modulesLoadedBy(target: string): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'engine-imports-'));
  const out = path.join(dir, 'loaded.json');
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/import-probe.mjs', target, out], {
      cwd: process.cwd(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (code !== 0) throw new Error(`importing ${target} failed (exit ${code}):\n${stderr}`);
    return JSON.parse(await readFile(out, 'utf8')) as string[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const FORBIDDEN = [
  /\/node_modules\/drizzle-orm\//,
  /\/node_modules\/postgres\//,
  /\/node_modules\/@electric-sql\/pglite\//,
  /\/node_modules\/next\//,
  /\/node_modules\/react(-dom)?\//,
  /\/lib\/db\//,
  /\/(app|components)\//,
];

describe('importing the engine', () => {
  it('loads no SQL driver, no schema and nothing of lib/db, Next.js or React', async () => {
    const loaded = await modulesLoadedBy('lib/triggers/index.ts');
    // The probe does see the engine's own modules (so an empty list cannot pass by accident).
    expect(loaded.some((url) => url.endsWith('/lib/triggers/manager.ts'))).toBe(true);
    const forbidden = [...new Set(loaded.filter((url) => FORBIDDEN.some((pattern) => pattern.test(url))))];
    expect(forbidden).toEqual([]);
  });
});
