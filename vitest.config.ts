import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `*.pglite.test.ts` checks the embedded mode, `*.postgres.test.ts` needs a server (worker
// processes): each runs in its own pass of `npm test` instead of being reported as skipped in the other.
const onServer = process.env.TEST_DB === 'postgres';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      // `server-only` throws outside React Server Components; tests call server modules directly.
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts', 'lib/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', onServer ? 'tests/**/*.pglite.test.ts' : 'tests/**/*.postgres.test.ts'],
    // A fresh PGlite costs seconds; give database-backed suites room on a shared 2-core machine.
    testTimeout: 30_000,
    // At least two files at once, even on 2 cores (vitest's default is cores - 1): many suites
    // wait on child processes (servers, workers, scripts) or on PostgreSQL, not on the CPU.
    // Measured on 2 cores: the PostgreSQL pass 333 s → 178 s, the PGlite pass 291 s → 233 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    hookTimeout: 60_000,
  },
});
