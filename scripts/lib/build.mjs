// Shared by scripts/start.mjs and scripts/test.mjs: is the production build in .next/ current?
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Everything `next build` compiles; a change in any of these makes the build stale. */
const SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'instrumentation.ts',
  'next.config.mjs',
  'postcss.config.mjs',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];
const SKIP_DIRS = new Set(['node_modules', '.next', '.git']);

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted file changes its folder's mtime
  for (const child of readdirSync(entry)) {
    if (SKIP_DIRS.has(child)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Why a build is needed (a sentence), or null when `.next/BUILD_ID` is newer than every source. */
export function buildNeeded(root = process.cwd()) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no production build yet (.next/BUILD_ID is missing)';
  const builtAt = statSync(buildId).mtimeMs;
  for (const source of SOURCES) {
    if (newestMtime(path.join(root, source)) > builtAt) return `${source} changed since the last build`;
  }
  return null;
}

/**
 * Runs `next build` with inherited output; resolves on success, rejects with its exit code.
 * `skipTypecheck`: only for callers that have just run `tsc --noEmit` themselves.
 */
export function runNextBuild(root = process.cwd(), { skipTypecheck = false, onSpawn } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        ...(skipTypecheck ? { TRIGGERBOARD_BUILD_SKIP_TYPECHECK: '1' } : {}),
      },
    });
    onSpawn?.(child);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
