import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { instanceHref, sessionHref, taskHash, taskHref } from '@/lib/routes';

const root = path.resolve(__dirname, '..');

/** Every .ts/.tsx file below `dir` (relative to the repository). */
function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

describe('route parameters', () => {
  it('decodes what lib/routes.ts encodes, whatever the characters', () => {
    for (const uid of ['applicant:1031', 'a b/c?d#e%f', 'ünïcødé-✓', '']) {
      const segment = sessionHref(uid).slice('/sessions/'.length);
      expect(decodeRouteParam(segment)).toBe(uid);
    }
    const [, , uid, , name] = instanceHref('s:1', 't_importSubject#0').split('/');
    expect([decodeRouteParam(uid!), decodeRouteParam(name!)]).toEqual(['s:1', 't_importSubject#0']);
  });

  it('keeps a malformed escape as it is instead of throwing', () => {
    expect(decodeRouteParam('%E0%A4%A')).toBe('%E0%A4%A');
    expect(decodeRouteParam('100%')).toBe('100%');
  });

  it('hasNul: a decoded %00 (which no row can hold) is caught, absent values are not', () => {
    expect(hasNul(decodeRouteParam('a%00b'))).toBe(true);
    expect(hasNul('fine', undefined, null, decodeRouteParam('x%00'))).toBe(true);
    expect(hasNul('fine', undefined, null, '')).toBe(false);
    expect(hasNul()).toBe(false);
  });

  it('taskHref takes (uid, task) like instanceHref; taskHash stays within the page', () => {
    expect(taskHref('s:1', 't_a b')).toBe('/sessions/s%3A1#task-t_a%20b');
    expect(taskHash('t_a b')).toBe('#task-t_a%20b');
  });

  it('every dynamic route that reads its params decodes them here, and nothing in app/ or components/ decodes by hand', () => {
    const dynamic = sources('app').filter((file) => file.includes('[') && /\bparams\s*:|\buseParams\b/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(dynamic.length).toBeGreaterThanOrEqual(10);
    for (const file of dynamic) {
      expect(readFileSync(path.join(root, file), 'utf8'), file).toMatch(/import \{[^}]*\bdecodeRouteParam\b[^}]*\} from '@\/lib\/http\/route-params'/);
    }
    // Decoding something else (a JSON Pointer in a schema's $ref) is not decoding a route parameter.
    const byHand = [...sources('app'), ...sources('components')].filter((file) => {
      const text = readFileSync(path.join(root, file), 'utf8');
      return text.includes('decodeURIComponent(') && /\bparams\b|\buseParams\b/.test(text);
    });
    expect(byHand).toEqual([]);
  });
});
