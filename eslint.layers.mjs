/**
 * The layers of the house (README "Layout"), as lint: `npm run lint` fails on an import that
 * crosses them. tests/lint-layers.test.ts lints one offending import per rule to prove each fires.
 */
import boundaries from 'eslint-plugin-boundaries';

const SQL_PACKAGES = ['drizzle-orm', 'drizzle-orm/**', 'postgres', '@electric-sql/pglite', '@electric-sql/pglite/**'];
const FRAMEWORK_PACKAGES = ['next', 'next/**', 'react', 'react/**', 'react-dom', 'react-dom/**', 'server-only'];

const fromLayer = (type) => ({ element: { type } });
const toLayers = (...types) => ({ to: { element: { types: { anyOf: types } } } });
const toPackages = (sources) => ({ to: { module: { origin: 'external', source: sources } } });

export const layerRules = [
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { alwaysTryTypes: true, project: './tsconfig.json' } },
      // First match wins: the engine and the persistence layer before the rest of lib/.
      'boundaries/elements': [
        { type: 'engine', pattern: 'lib/triggers' },
        { type: 'db', pattern: 'lib/db' },
        // The processes' wiring (the app's engine and database handles, runners, workers).
        { type: 'runtime', pattern: 'lib/runtime' },
        { type: 'service', pattern: 'lib' },
        { type: 'app', pattern: 'app' },
        { type: 'component', pattern: 'components' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          checkAllOrigins: true,
          policies: [
            {
              from: fromLayer('engine'),
              disallow: toLayers('db', 'runtime', 'service', 'app', 'component'),
              message: 'The engine (lib/triggers) imports nothing of the application: pass what it needs through its API.',
            },
            {
              from: fromLayer('engine'),
              disallow: toPackages([...SQL_PACKAGES, ...FRAMEWORK_PACKAGES]),
              message: 'The engine (lib/triggers) loads no SQL and no framework: the Postgres adapter lives in lib/db/store.',
            },
            {
              from: fromLayer('db'),
              disallow: toLayers('runtime', 'service', 'app', 'component'),
              message: 'The persistence layer (lib/db) imports no feature: features call its query modules, not the other way round.',
            },
            // Later policies win: the environment (lib/env.ts) is configuration every layer but the engine reads.
            { from: fromLayer('db'), allow: { to: { file: { path: '**/lib/env.ts' } } } },
            {
              from: { element: { types: { anyOf: ['service', 'runtime'] } } },
              disallow: toLayers('app', 'component'),
              message: 'Services in lib/ know nothing of routes or components: take typed input, return plain data.',
            },
            {
              from: fromLayer('app'),
              disallow: toLayers('db'),
              message: 'app/ reaches the database only through services in lib/ (lib/sessions, lib/auth, …), never lib/db.',
            },
            {
              from: fromLayer('app'),
              disallow: toPackages(SQL_PACKAGES),
              message: 'No SQL in app/: put the query in lib/db/queries and call it through a service.',
            },
            {
              from: fromLayer('component'),
              disallow: toLayers('app', 'db', 'runtime'),
              message: 'Components render what they are given: no imports from app/ (take the action as a prop), lib/db or lib/runtime (the page loads the data).',
            },
            {
              from: fromLayer('component'),
              disallow: toPackages(SQL_PACKAGES),
              message: 'Components run no SQL: the page loads the data and passes it down.',
            },
          ],
        },
      ],
    },
  },
  {
    // One door into the engine: lib/triggers/index.ts, and lib/triggers/types.ts for plain types and
    // constants a browser bundle can take without the manager and its Node-only imports.
    files: ['{app,components,lib,scripts,bench,examples}/**/*.{ts,tsx,mts,mjs}'],
    ignores: ['lib/triggers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/lib/triggers/*', '!@/lib/triggers/types', '**/triggers/*', '!**/triggers/types'],
              message: 'Import the engine from @/lib/triggers (or plain types from @/lib/triggers/types), not its internals.',
            },
          ],
        },
      ],
    },
  },
  {
    // Small modules one can read in a sitting: split a file before it grows past this.
    files: ['{app,components,lib,scripts,bench}/**/*.{ts,tsx,mts,mjs}'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }] },
  },
];
