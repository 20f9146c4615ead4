import { describe, expect, it } from 'vitest';
import { auditSearchSchema } from '@/lib/audit/url';
import { auditFilterOf } from '@/lib/audit/view';
import { createUserSchema } from '@/lib/validations/users';
import { decodeTimeCursor, encodeCursor, InvalidCursorError } from '@/lib/db/queries/cursor';
import { malformedSegment } from '@/lib/http/malformed-request';
import { fieldErrorsOf } from '@/lib/validations/field-errors';
import { jsonFieldProblem, MAX_JSON_DEPTH } from '@/lib/validations/json-field';
import { cascadePreviewSchema, fireTriggerSchema, replaySchema, skipSchema } from '@/lib/validations/recovery';
import { formatJson } from '@/components/recovery/json-text';

const replay = (replacementKwargs: unknown, extra: Record<string, unknown> = {}) =>
  replaySchema.safeParse({ uid: 's1', instance: 't_a#0', reason: 'because', mode: 'replacement', replacementKwargs, ...extra });

/** The field errors of a failed parse (the forms show them under each field). */
function errorsOf(result: { success: boolean; error?: unknown }): Record<string, string[]> {
  expect(result.success).toBe(false);
  return fieldErrorsOf(result.error as Parameters<typeof fieldErrorsOf>[0]);
}

const deep = (levels: number) => `{"t": ${'['.repeat(levels)}${']'.repeat(levels)}}`;

describe('JSON fields: one check, one wording, in the browser and on the server', () => {
  it.each([
    ['1e400', '{"firstPageReceived": {"amount": 1e400}}', 'replacementKwargs.firstPageReceived.amount: 1e400 is too large to keep exactly (it would be stored as null); send it as a string.'],
    ['-1e400', '{"firstPageReceived": {"amount": -1e400}}', 'replacementKwargs.firstPageReceived.amount: -1e400 is too large to keep exactly (it would be stored as null); send it as a string.'],
    ['2^53 + 1', '{"firstPageReceived": {"id": 9007199254740993}}', 'replacementKwargs.firstPageReceived.id: 9007199254740993 is too large to keep exactly (integers beyond 2^53 − 1 = 9007199254740991 would be stored as 9007199254740992); send it as a string.'],
    ['a big negative integer in an array', '{"t": {"ids": [1, -12345678901234567890]}}', 'replacementKwargs.t.ids[1]: -12345678901234567890 is too large to keep exactly (integers beyond 2^53 − 1 = 9007199254740991 would be stored as -12345678901234567000); send it as a string.'],
    ['1e20 written as an integer (exact, but beyond 2^53 − 1)', '{"t": {"c": 100000000000000000000}}', 'replacementKwargs.t.c: 100000000000000000000 is an integer beyond ±(2^53 − 1) = ±9007199254740991, where not every integer can be kept exactly; send it as a string.'],
    ['-2^60 (exact, but beyond -(2^53 − 1))', '{"t": {"c": -1152921504606846976}}', 'replacementKwargs.t.c: -1152921504606846976 is an integer beyond ±(2^53 − 1) = ±9007199254740991, where not every integer can be kept exactly; send it as a string.'],
    // Found by the second attack pass: these were stored as another number and reported a success.
    ['2^53 + 1 written with a decimal point', '{"t": {"n": 9007199254740993.0}}', 'replacementKwargs.t.n: 9007199254740993.0 has more digits than a 64-bit float keeps (it would be stored as 9007199254740992); send it as a string.'],
    ['17 significant digits with an exponent', '{"t": {"n": 1.2345678901234567e17}}', 'replacementKwargs.t.n: 1.2345678901234567e17 has more digits than a 64-bit float keeps (it would be stored as 123456789012345660); send it as a string.'],
    ['a fraction a float cannot hold', '{"t": {"n": 1.00000000000000001}}', 'replacementKwargs.t.n: 1.00000000000000001 has more digits than a 64-bit float keeps (it would be stored as 1); send it as a string.'],
    ['a key written twice', '{"t": {"a": 1, "b": 2, "a": 3}}', 'replacementKwargs.t.a: the key "a" appears more than once in the object (only the last value would be kept); write it once.'],
    ['a trigger name written twice', '{"t": {}, "t": {"a": 1}}', 'replacementKwargs.t: the key "t" appears more than once in the object (only the last value would be kept); write it once.'],
    ['-0', '{"t": {"x": -0}}', 'replacementKwargs.t.x: -0 cannot be kept: JSON stores -0 as 0; write 0.'],
    ['-0.0e5', '{"t": {"x": -0.0e5}}', 'replacementKwargs.t.x: -0.0e5 cannot be kept: JSON stores -0 as 0; write 0.'],
    ['1e-400', '{"t": {"x": 1e-400}}', 'replacementKwargs.t.x: 1e-400 is too small to keep exactly (it would be stored as 0); send it as a string.'],
    ['NUL in a value', '{"t": {"name": "a\\u0000b"}}', 'replacementKwargs.t.name: contains a NUL character (\\u0000), which cannot be stored.'],
    ['NUL in a key', '{"t": {"na\\u0000me": 1}}', 'replacementKwargs.t["na\\u0000me"]: the key contains a NUL character (\\u0000), which cannot be stored.'],
    ['a lone surrogate (escaped)', '{"t": {"name": "\\ud800"}}', 'replacementKwargs.t.name: contains a lone surrogate (\\uD800), which is not valid Unicode text.'],
    ['a lone surrogate (raw)', '{"t": {"name": "x\udc00"}}', 'replacementKwargs.t.name: contains a lone surrogate (\\uDC00), which is not valid Unicode text.'],
    ['a key that is not an identifier', '{"t": {"first name": [0, {"v": 1e999}]}}', 'replacementKwargs.t["first name"][1].v: 1e999 is too large to keep exactly (it would be stored as null); send it as a string.'],
    [`${MAX_JSON_DEPTH + 1} levels`, deep(MAX_JSON_DEPTH), `Replacement kwargs nests deeper than ${MAX_JSON_DEPTH} levels (at line 1, column ${6 + MAX_JSON_DEPTH}): flatten it.`],
    ['5,000 levels', deep(5_000), `Replacement kwargs nests deeper than ${MAX_JSON_DEPTH} levels (at line 1, column ${6 + MAX_JSON_DEPTH}): flatten it.`],
    ['100,000 levels', deep(100_000), `Replacement kwargs nests deeper than ${MAX_JSON_DEPTH} levels (at line 1, column ${6 + MAX_JSON_DEPTH}): flatten it.`],
    ['1.2 MB', JSON.stringify({ t: { blob: 'x'.repeat(1_200_000) } }), 'Replacement kwargs is too large: 1.20 MB is larger than 1 MB, the most one field may hold.'],
    ['2 MB of 2-byte characters', JSON.stringify({ t: { blob: 'é'.repeat(999_990) } }), 'Replacement kwargs is too large: 2.00 MB is larger than 1 MB, the most one field may hold.'],
  ])('%s: refused with the field, the path and the reason', (_label, text, message) => {
    expect(errorsOf(replay(text))).toEqual({ replacementKwargs: [message] });
    expect(jsonFieldProblem(text, { label: 'Replacement kwargs', field: 'replacementKwargs', objectOfObjects: true })).toBe(message);
  });

  it.each([
    ['numbers a float keeps', '{"t": {"a": 9007199254740991, "b": -9007199254740991, "c": 0.1, "d": 1e308, "e": 0, "f": 0.0, "g": 1e20, "h": 5e-324, "i": 0.30000000000000004, "j": 1.5E+3, "k": -2.50, "l": 0.000123, "m": 1.7976931348623157e308}}'],
    [`${MAX_JSON_DEPTH} levels`, `{"t": ${'{"a":'.repeat(MAX_JSON_DEPTH - 1)}1${'}'.repeat(MAX_JSON_DEPTH - 1)}}`],
    ['brackets inside strings', `{"t": {"s": "${'['.repeat(500)}\\"{{{"}}`],
    ['an emoji (a surrogate pair)', '{"t": {"s": "🙂 \\ud83d\\ude42"}}'],
  ])('%s: accepted as written', (_label, text) => {
    const result = replay(text);
    expect(result.success).toBe(true);
    expect(result.success && result.data.mode === 'replacement' ? result.data.replacementKwargs : null).toEqual(JSON.parse(text));
  });

  it('the simulated result and the trigger kwargs use the same check under their own field', () => {
    const skip = skipSchema.safeParse({ uid: 's1', instance: 't_a#0', reason: 'because', cascade: 'on', simulatedResult: '{"total": 1e400}' });
    expect(errorsOf(skip)).toEqual({ simulatedResult: ['simulatedResult.total: 1e400 is too large to keep exactly (it would be stored as null); send it as a string.'] });
    const fire = fireTriggerSchema.safeParse({ uid: 's1', trigger: 't_a', reason: 'because', kwargs: '{"n": -0}' });
    expect(errorsOf(fire)).toEqual({ kwargs: ['kwargs.n: -0 cannot be kept: JSON stores -0 as 0; write 0.'] });
  });

  it('the editor will not reformat what reformatting would change (1e400 would become null), nor too-deep text', () => {
    expect(formatJson('{"a": 1e400}')).toBeNull();
    expect(formatJson(deep(100_000))).toBeNull();
    expect(formatJson('{"a": 1, "a": 2}')).toBeNull(); // reformatting would drop the first value
    expect(formatJson('{"a":1}')).toBe('{\n  "a": 1\n}');
  });
});

describe('text fields name the field and the problem', () => {
  it.each([
    ['NUL in a reason', { reason: 'because\u0000' }, { reason: ['The reason contains a NUL character (\\u0000), which cannot be stored.'] }],
    ['a lone surrogate in a reason', { reason: 'because \ud800' }, { reason: ['The reason contains a lone surrogate (\\uD800), which is not valid Unicode text.'] }],
    ['NUL in a uid', { uid: 'a\u0000' }, { uid: ['The session uid contains a NUL character (\\u0000), which cannot be stored.'] }],
    ['a lone surrogate in an instance name', { instance: 't\udfff#0' }, { instance: ['The instance name contains a lone surrogate (\\uDFFF), which is not valid Unicode text.'] }],
    ['a number for a reason', { reason: 42 }, { reason: ['Say briefly why (at least 3 characters): it is kept with the change.'] }],
  ])('%s', (_label, change, errors) => {
    expect(errorsOf(replay('{}', change))).toEqual(errors);
  });

  it('NUL in a user name', () => {
    const result = createUserSchema.safeParse({ email: 'ada@example.com', name: 'Ada\u0000', role: 'viewer', password: 'a long enough password 1' });
    expect(errorsOf(result)).toEqual({ name: ['The name contains a NUL character (\\u0000), which cannot be stored.'] });
  });
});

describe('the cascade preview takes any argument shape without throwing', () => {
  it.each([
    ['null', [null, null, null], ['Missing session uid.', 'Missing instance name.', 'Simulated result must be text (JSON).']],
    ['numbers', [1, 2, 3], ['Missing session uid.', 'Missing instance name.', 'Simulated result must be text (JSON).']],
    ['an array', ['s', 't#0', ['x']], ['Simulated result must be text (JSON).']],
    ['100k-deep JSON', ['s', 't#0', `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`], [`Simulated result nests deeper than ${MAX_JSON_DEPTH} levels (at line 1, column ${6 + MAX_JSON_DEPTH}): flatten it.`]],
    ['null JSON', ['s', 't#0', 'null'], ['Simulated result must be a JSON object ({ … }), not null.']],
  ])('%s', (_label, [uid, instance, simulatedResult], messages) => {
    const result = cascadePreviewSchema.safeParse({ uid, instance, simulatedResult });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(messages);
  });

  it('an empty result previews as {}', () => {
    expect(cascadePreviewSchema.parse({ uid: 's', instance: 't#0', simulatedResult: '  ' })).toEqual({ uid: 's', instance: 't#0', simulatedResult: {} });
  });
});

describe('page cursors and URL state that the database would refuse', () => {
  it.each([
    ['an impossible month', ['2026-13-45 10:00:00', 'x']],
    ['February 30th', ['2026-02-30 10:00:00.123456+00', 'x']],
    ['hour 25', ['2026-01-01 25:00:00+00', 'x']],
    ['year 0', ['0000-01-01 10:00:00+00', 'x']],
    ['an offset of 99 hours', ['2026-01-01 10:00:00+99', 'x']],
    ['a NUL in the key', ['2026-01-01 10:00:00+00', 'a\u0000b']],
    ['a lone surrogate in the key', ['2026-01-01 10:00:00+00', 'a\ud800']],
  ])('a cursor with %s is refused as invalid (the first page is shown)', (_label, parts) => {
    expect(() => decodeTimeCursor(encodeCursor(parts), 2)).toThrow(InvalidCursorError);
  });

  it.each([['2026-11-27 08:12:24.123456+00'], ['2024-02-29 23:59:59+05:30'], ['9999-12-31 23:59:59Z']])('a real time is accepted: %s', (time) => {
    expect(decodeTimeCursor(encodeCursor([time, 'x']), 2)).toEqual([time, 'x']);
  });

  it('audit days beyond what a timestamp can hold bound nothing (to=9999-12-31 means "no end")', () => {
    expect(auditFilterOf(auditSearchSchema.parse({ to: '9999-12-31', from: '0000-01-01' }))).toMatchObject({ since: undefined, before: undefined });
    expect(auditFilterOf(auditSearchSchema.parse({ to: '2026-01-31', from: '2026-01-01' }))).toMatchObject({
      since: new Date('2026-01-01T00:00:00Z'),
      before: new Date('2026-02-01T00:00:00Z'),
    });
  });

  it.each([
    ['/sessions/%E0%A4%A', '%E0%A4%A'],
    ['/sessions/x/instances/%ZZ', '%ZZ'],
    ['/sessions/%ED%A0%80', '%ED%A0%80'], // an encoded lone surrogate is not UTF-8
    ['/sessions/a%23b/instances/t%230', null],
  ])('a path segment that is not valid percent-encoded UTF-8: %s', (path, segment) => {
    expect(malformedSegment(path)).toBe(segment);
  });
});
