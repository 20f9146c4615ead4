import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every source file below `dir`, relative to the project. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx)$/.test(file))
    .map((file) => path.join(dir, file));
}

// Components render; routes wire: a form lives beside its route (app/…) or gets its server action
// as a prop from the page, so nothing in components/ reaches into app/.
describe('components/ imports nothing from app/', () => {
  it('no component imports a module of app/ (server actions included)', () => {
    const offenders = sources('components').filter((file) => {
      const source = readFileSync(file, 'utf8');
      return /from\s+'(@\/app\/|(\.\.\/)+app\/)/.test(source) || /import\(\s*'@\/app\//.test(source);
    });
    expect(offenders).toEqual([]);
  });
});
