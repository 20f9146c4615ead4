import { rm } from 'node:fs/promises';
import path from 'node:path';

/** Removes the throwaway PGlite folder created by playwright.config.ts. */
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.E2E_PGLITE_DATA_DIR;
  if (dataDir?.includes('triggerboard-e2e-')) {
    await rm(path.dirname(dataDir), { recursive: true, force: true });
  }
}
