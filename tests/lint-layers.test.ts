/**
 * The layer rules in eslint.layers.mjs fire: one offending import per rule, linted as if it were
 * a file in that layer (ESLint's lintText with a file path; nothing is written), and a few
 * allowed imports that must pass. If a rule stopped firing, `npm run lint` would let the layers
 * erode unseen.
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

const importing = (specifier: string, name: string) => `import { ${name} } from '${specifier}';\nexport const used = ${name};\n`;

describe('layer rules (eslint-plugin-boundaries)', () => {
  const refused: Array<[string, string, string, RegExp]> = [
    ['the engine importing the persistence layer', 'lib/triggers/fixture.ts', importing('@/lib/db', 'createDatabase'), /engine .* imports nothing of the application/],
    ['the engine importing a service', 'lib/triggers/fixture.ts', importing('../sessions', 'listSessions'), /engine .* imports nothing of the application/],
    ['the engine importing drizzle', 'lib/triggers/fixture.ts', importing('drizzle-orm', 'eq'), /engine .* loads no SQL and no framework/],
    ['the engine importing Next', 'lib/triggers/fixture.ts', importing('next/navigation', 'redirect'), /engine .* loads no SQL and no framework/],
    ['the persistence layer importing a feature', 'lib/db/fixture.ts', importing('@/lib/failed', 'listFailed'), /persistence layer .* imports no feature/],
    ['a service importing a route', 'lib/sessions/fixture.ts', importing('@/app/failed/actions', 'startBulkAction'), /Services in lib\/ know nothing of routes/],
    ['a service importing a component', 'lib/sessions/fixture.ts', importing('@/components/status-badge', 'StatusBadge'), /Services in lib\/ know nothing of routes/],
    ['a route importing the persistence layer', 'app/fixture.ts', importing('@/lib/db', 'createDatabase'), /app\/ reaches the database only through services/],
    ['a route importing drizzle', 'app/fixture.ts', importing('drizzle-orm', 'sql'), /No SQL in app\//],
    ['a component importing a route', 'components/fixture.tsx', importing('@/app/failed/actions', 'startBulkAction'), /Components render what they are given/],
    ['a component importing the persistence layer', 'components/fixture.tsx', importing('@/lib/db', 'createDatabase'), /Components render what they are given/],
    ['a component importing the app engine', 'components/fixture.tsx', importing('@/lib/runtime/app-engine', 'getAppEngine'), /Components render what they are given/],
    ['a component importing drizzle', 'components/fixture.tsx', importing('drizzle-orm', 'sql'), /Components run no SQL/],
  ];

  it.each(refused)('refuses %s', async (_what, filePath, code, message) => {
    const messages = await boundaryMessages(filePath, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  const allowed: Array<[string, string, string]> = [
    ['a service importing the engine', 'lib/sessions/fixture.ts', importing('@/lib/triggers', 'TriggerManager')],
    ['a service importing the persistence layer', 'lib/sessions/fixture.ts', importing('@/lib/db', 'createDatabase')],
    ['the persistence layer importing the engine and the environment', 'lib/db/fixture.ts', `${importing('@/lib/triggers', 'TriggerManager')}${importing('@/lib/env', 'env').replace('used', 'alsoUsed')}`],
    ['a route importing a service and a component', 'app/fixture.tsx', `${importing('@/lib/failed', 'listFailed')}${importing('@/components/status-badge', 'StatusBadge').replace('used', 'alsoUsed')}`],
    ['a component importing a service type and zod', 'components/fixture.tsx', `${importing('@/lib/routes', 'sessionHref')}${importing('zod', 'z').replace('used', 'alsoUsed')}`],
  ];

  it.each(allowed)('allows %s', async (_what, filePath, code) => {
    expect(await boundaryMessages(filePath, code)).toEqual([]);
  });

  it('refuses a deep import of the engine, and allows its door and its plain types', async () => {
    const rules = async (filePath: string, code: string) =>
      ((await eslint.lintText(code, { filePath }))[0]?.messages ?? []).map((m) => m.ruleId);
    expect(await rules('components/fixture.tsx', importing('@/lib/triggers/manager', 'TriggerManager'))).toContain('no-restricted-imports');
    expect(await rules('lib/db/fixture.ts', importing('../triggers/rules', 'canRun'))).toContain('no-restricted-imports');
    expect(await rules('components/fixture.tsx', importing('@/lib/triggers/types', 'INSTANCE_STATUSES'))).not.toContain('no-restricted-imports');
    expect(await rules('lib/sessions/fixture.ts', importing('@/lib/triggers', 'TriggerManager'))).not.toContain('no-restricted-imports');
  });

  it('refuses a source file over 300 lines', async () => {
    const long = Array.from({ length: 301 }, (_, i) => `export const line${i} = ${i};`).join('\n');
    const [result] = await eslint.lintText(`${long}\n`, { filePath: 'lib/sessions/fixture.ts' });
    expect(result?.messages.map((m) => m.ruleId)).toContain('max-lines');
  });
});
