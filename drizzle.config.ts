import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` is used: migrations are applied by the app itself at boot
// (lib/db), on PGlite or PostgreSQL, so no connection settings are needed here.
export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/db/schema/index.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});
