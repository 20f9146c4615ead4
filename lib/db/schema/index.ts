/**
 * The Drizzle schema: the single source of the database's shape and of row types. Columns are
 * snake_case in SQL and camelCase in TypeScript. The engine's tables are in `engine.ts`, the
 * dashboard's in `app.ts`; after editing either, run `npm run db:generate` to write a migration
 * into `drizzle/`.
 */
export * from './engine';
export * from './app';
