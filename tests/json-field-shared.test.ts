import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseActionInput } from '@/lib/actions/parse-input';
import { jsonFieldProblem } from '@/lib/validations/json-field';
import { fireTriggerSchema, JSON_FIELDS, replaySchema, skipSchema } from '@/lib/validations/recovery';
import { form } from './support/recovery-fixture';

/**
 * The recovery forms check their JSON in the browser before sending it (jsonFieldProblem with the
 * field's JSON_FIELDS options), and the server action checks it again (runAction's parse with the
 * action's schema). One function, one wording: the same bad text gets the same words from both.
 */
const bad = [
  ['invalid JSON', '{"a": }'],
  ['not an object', '[1, 2]'],
  ['NUL in a value', '{"t": {"name": "a\\u0000b"}}'],
  ['a number a float cannot keep', '{"t": {"amount": 1e400}}'],
  ['an integer beyond 2^53', '{"t": {"id": 9007199254740993}}'],
  ['a key written twice', '{"t": {"a": 1, "a": 2}}'],
  ['too deep', `{"t": ${'['.repeat(5_000)}${']'.repeat(5_000)}}`],
  ['too large', JSON.stringify({ t: { blob: 'x'.repeat(1_100_000) } })],
] as const;

const base = { uid: 's1', instance: 't_a#0', reason: 'because' };
const fields = [
  ['replacement kwargs', JSON_FIELDS.replacementKwargs, replaySchema, (text: string) => form({ ...base, mode: 'replacement', replacementKwargs: text })],
  ['simulated result', JSON_FIELDS.simulatedResult, skipSchema, (text: string) => form({ ...base, cascade: 'on', simulatedResult: text })],
  ['trigger kwargs', JSON_FIELDS.triggerKwargs, fireTriggerSchema, (text: string) => form({ uid: 's1', trigger: 't_a', reason: 'because', kwargs: text })],
] as const;

describe('one JSON-field check, one wording, in the browser and on the server', () => {
  for (const [fieldName, options, schema, submitted] of fields) {
    it.each(bad)(`${fieldName}, %s: the browser's message is the server's field error`, (_label, text) => {
      const browser = jsonFieldProblem(text, options);
      expect(browser).not.toBeNull();
      const server = parseActionInput(schema, submitted(text));
      expect(server.ok).toBe(false);
      expect(server.ok ? null : server.fieldErrors).toEqual({ [options.field]: [browser] });
    });
  }

  it('what the browser imports for the check loads nothing server-only', () => {
    const reached = importsReachedFrom(['lib/validations/json-field.ts', 'lib/validations/recovery.ts']);
    expect(reached.files.sort()).toEqual(['lib/validations/json-field.ts', 'lib/validations/printable.ts', 'lib/validations/recovery.ts']);
    expect(reached.packages.sort()).toEqual(['jsonc-parser', 'zod']);
  });
});

/** The app files and packages a module graph reaches through its runtime imports (type-only imports are erased). */
function importsReachedFrom(entries: string[]): { files: string[]; packages: string[] } {
  const root = process.cwd();
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const [, specifier = ''] of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
      const local = specifier.startsWith('@/') ? specifier.slice(2) : specifier.startsWith('.') ? path.join(path.dirname(file), specifier) : null;
      if (local === null) {
        packages.add(specifier);
        continue;
      }
      const resolved = ['.ts', '.tsx', '/index.ts'].map((ext) => local + ext).find((candidate) => existsSync(path.join(root, candidate)));
      if (!resolved) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(resolved);
    }
  };
  entries.forEach(visit);
  return { files: [...files], packages: [...packages] };
}
