import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rangeOfPath } from '@/components/recovery/json-paths';
import { schemaCompletions } from '@/components/recovery/schema-completion';
import { startingResult } from '@/components/recovery/starting-result';
import { triggerSchema } from '@/components/recovery/trigger-schema';
import { outlineOf } from '@/components/ui/schema-form/outline';
import { schemaAt, shapeOf, templateFromSchema } from '@/components/ui/schema-form/schema';
import { getAt, setAt } from '@/components/ui/schema-form/value';
import { describeIssue, issuesOf, type JsonSchema, type TaskContract } from '@/lib/validations/schema-issues';

// The shapes a typed handler declares, as the registry hands them to the browser (zod 4's JSON Schema).
const subject = z.object({ name: z.string().min(1), email: z.email(), locale: z.enum(['en', 'fr']).optional() });
const kwargsSchema = z.toJSONSchema(
  z.object({
    firstPageReceived: z.object({ subject, consent: z.boolean(), tags: z.array(z.string()), score: z.number().nullable() }),
    pageReceived: z
      .object({
        page: z.number().int().positive(),
        answers: z.array(z.object({ q: z.string(), a: z.union([z.literal('yes'), z.literal('no')]) })).min(1),
      })
      .optional(),
  }),
) as JsonSchema;

describe('schema → form fields', () => {
  it('reads each kind of input the form renders', () => {
    const root = shapeOf(kwargsSchema, kwargsSchema);
    expect(root.kind).toBe('object');
    expect(root.kind === 'object' && root.properties.map(([key]) => key)).toEqual(['firstPageReceived', 'pageReceived']);
    expect(root.kind === 'object' && root.required).toEqual(['firstPageReceived']);
    const at = (...path: (string | number)[]) => shapeOf(schemaAt(kwargsSchema, kwargsSchema, path)!, kwargsSchema);
    expect(at('firstPageReceived', 'subject', 'email')).toEqual({ kind: 'string', nullable: false, format: 'email' });
    expect(at('firstPageReceived', 'subject', 'locale')).toEqual({ kind: 'enum', nullable: false, options: ['en', 'fr'] });
    expect(at('firstPageReceived', 'consent')).toEqual({ kind: 'boolean', nullable: false });
    expect(at('firstPageReceived', 'score')).toEqual({ kind: 'number', nullable: true });
    expect(at('pageReceived', 'page')).toEqual({ kind: 'integer', nullable: false });
    expect(at('firstPageReceived', 'tags')).toMatchObject({ kind: 'array', items: { type: 'string' } });
    // A union of literals is a select, through the array's items.
    expect(at('pageReceived', 'answers', 0, 'a')).toEqual({ kind: 'enum', nullable: false, options: ['yes', 'no'] });
    expect(schemaAt(kwargsSchema, kwargsSchema, ['nope'])).toBeNull();
  });

  it('follows $ref into $defs and merges allOf', () => {
    const Person = z.object({ email: z.email() });
    const schema = z.toJSONSchema(z.object({ a: Person, b: Person }), { reused: 'ref' }) as JsonSchema;
    expect(JSON.stringify(schema)).toContain('$ref');
    expect(shapeOf(schemaAt(schema, schema, ['b', 'email'])!, schema)).toMatchObject({ kind: 'string', format: 'email' });
    const merged = { allOf: [{ type: 'object', properties: { x: { type: 'string' } }, required: ['x'] }, { properties: { y: { type: 'boolean' } } }] };
    const shape = shapeOf(merged, merged);
    expect(shape.kind === 'object' && shape.properties.map(([key]) => key)).toEqual(['x', 'y']);
  });

  it('a record (z.record) gives every key of its own choosing the value schema, so the form can edit them', () => {
    const schema = z.toJSONSchema(z.object({ scores: z.record(z.string(), z.number().int()) })) as JsonSchema;
    const scores = shapeOf(schemaAt(schema, schema, ['scores'])!, schema);
    expect(scores).toMatchObject({ kind: 'object', properties: [], additional: { type: 'integer' } });
    expect(shapeOf(schemaAt(schema, schema, ['scores', 'teamwork'])!, schema)).toMatchObject({ kind: 'integer' });
    expect(shapeOf(schema, schema)).toMatchObject({ kind: 'object', additional: null });
  });
});

describe('template from schema', () => {
  it('fills every required key with a value of its shape', () => {
    expect(templateFromSchema(kwargsSchema)).toEqual({
      firstPageReceived: { subject: { name: '', email: '' }, consent: false, tags: [], score: 0 },
    });
    const result = z.toJSONSchema(
      z.object({
        subjectId: z.number().int().positive(),
        status: z.enum(['new', 'known']),
        answers: z.array(z.object({ q: z.string() })).min(1),
        note: z.string().optional(),
        kind: z.literal('subject'),
        count: z.number().default(3),
      }),
    ) as JsonSchema;
    expect(templateFromSchema(result)).toEqual({ subjectId: 1, status: 'new', answers: [{ q: '' }], kind: 'subject', count: 3 });
  });
});

describe('issue path → offset in the JSON text', () => {
  const text = JSON.stringify({ firstPageReceived: { subject: { name: 'Ada', email: 'ada@' }, tags: ['a', 'b'] }, 'a.b': { c: 1 } }, null, 2);

  it('finds the value a dot path names, array indexes and dotted keys included', () => {
    const email = rangeOfPath(text, 'firstPageReceived.subject.email')!;
    expect(email.exact).toBe(true);
    expect(text.slice(email.from, email.to)).toBe('"ada@"');
    const tag = rangeOfPath(text, 'firstPageReceived.tags.1')!;
    expect(text.slice(tag.from, tag.to)).toBe('"b"');
    expect(text.slice(rangeOfPath(text, 'a.b.c')!.from, rangeOfPath(text, 'a.b.c')!.to)).toBe('1');
    expect(rangeOfPath(text, '')).toEqual({ from: 0, to: text.length, exact: true });
  });

  it('marks the deepest key that exists when the path is missing, and nothing for broken JSON', () => {
    const missing = rangeOfPath(text, 'firstPageReceived.subject.locale')!;
    expect(missing.exact).toBe(false);
    expect(text.slice(missing.from, missing.to)).toBe('"subject"');
    expect(rangeOfPath('{"a": ', 'a')).toMatchObject({ exact: false });
    expect(rangeOfPath('', 'a')).toBeNull();
  });
});

describe('completion from the schema', () => {
  const labels = (text: string, offset = text.length) => schemaCompletions(text, offset, kwargsSchema)?.options.map((o) => o.label);

  it('offers the keys the object lacks, then enum values and booleans', () => {
    expect(labels('{"firstPageReceived": {"subject": {"name": "x", ')).toEqual(['email', 'locale']);
    expect(labels('{"firstPageReceived": {"subject": {"em')).toEqual(['name', 'email', 'locale']);
    const partial = '{"firstPageReceived": {"subject": {"em';
    const typed = schemaCompletions(partial, partial.length, kwargsSchema)!;
    // The key being typed, quote included, is replaced by the chosen one.
    expect(partial.slice(typed.from, typed.to)).toBe('"em');
    expect(typed.options.find((o) => o.label === 'email')).toMatchObject({ apply: '"email"', detail: 'string (email)' });
    expect(labels('{"firstPageReceived": {"subject": {"locale": ')).toEqual(['"en"', '"fr"']);
    expect(labels('{"firstPageReceived": {"consent": ')).toEqual(['true', 'false']);
    expect(labels('{"firstPageReceived": {"score": ')).toEqual(['null']);
    expect(labels('{"nope": {')).toBeUndefined();
  });
});

describe('issues carried by results and errors', () => {
  it('reads well-formed issues only and words them path: message', () => {
    const issues = issuesOf({ issues: [{ path: 'a.b', message: 'Invalid email address' }, { path: 1 }, { path: '', message: 'Required', task: 't_x' }] });
    expect(issues.map(describeIssue)).toEqual(['a.b: Invalid email address', 't_x: (the whole value): Required']);
    expect(issuesOf(null)).toEqual([]);
    expect(issuesOf({ issues: 'no' })).toEqual([]);
  });
});

describe('a trigger’s schema from the tasks waiting on it', () => {
  const contract = (kwargs: JsonSchema | null): TaskContract => ({ kwargs, result: null, lastResult: null });
  it('takes each waiting task’s part for that trigger, all of them when several declare one', () => {
    const other = z.toJSONSchema(z.object({ firstPageReceived: z.object({ locale: z.enum(['en', 'fr']) }) })) as JsonSchema;
    const contracts = { t_a: contract(kwargsSchema), t_b: contract(other), t_c: contract(null) };
    const one = triggerSchema('firstPageReceived', ['t_a', 't_c'], contracts);
    expect(one.typed).toEqual(['t_a']);
    expect(one.untyped).toEqual(['t_c']);
    expect(shapeOf(schemaAt(one.schema!, one.schema!, ['subject', 'email'])!, one.schema!)).toMatchObject({ format: 'email' });
    const both = triggerSchema('firstPageReceived', ['t_a', 't_b'], contracts).schema!;
    const shape = shapeOf(both, both);
    expect(shape.kind === 'object' && shape.properties.map(([key]) => key)).toEqual(['subject', 'consent', 'tags', 'score', 'locale']);
    expect(triggerSchema('firstPageReceived', ['t_c'], contracts).schema).toBeNull();
    expect(triggerSchema('firstPageReceived', ['t_a'], null).untyped).toEqual(['t_a']);
  });
});

describe('where the simulated result starts', () => {
  const result = z.toJSONSchema(z.object({ subjectId: z.number().int().positive(), email: z.email() })) as JsonSchema;
  it('is the result schema’s template, else the last successful result, else {}', () => {
    expect(startingResult({ kwargs: null, result, lastResult: { instance: 't#1', result: { x: 1 } } })).toEqual({
      text: JSON.stringify({ subjectId: 1, email: '' }, null, 2),
      from: 'schema',
    });
    expect(startingResult({ kwargs: null, result: null, lastResult: { instance: 't#1', result: { x: 1 } } })).toEqual({
      text: '{\n  "x": 1\n}',
      from: 'last-result',
      instance: 't#1',
    });
    expect(startingResult(null)).toEqual({ text: '{}', from: 'empty' });
  });
});

describe('form edits and the readable outline', () => {
  it('sets and removes values at a path, keeping the keys’ order', () => {
    const value = { a: { x: 1, y: [1, 2, 3] }, b: true };
    expect(JSON.stringify(setAt(value, ['a', 'x'], 2))).toBe('{"a":{"x":2,"y":[1,2,3]},"b":true}');
    expect(setAt(value, ['a', 'y', 1], undefined)).toEqual({ a: { x: 1, y: [1, 3] }, b: true });
    expect(setAt(value, ['b'], undefined)).toEqual({ a: { x: 1, y: [1, 2, 3] } });
    expect(setAt({}, ['n', 'm'], 'v')).toEqual({ n: { m: 'v' } });
    expect(getAt(value, ['a', 'y', 2])).toBe(3);
    expect(value).toEqual({ a: { x: 1, y: [1, 2, 3] }, b: true }); // never mutated
  });

  it('outlines a schema as keys and types, optional keys marked', () => {
    const lines = outlineOf(kwargsSchema).map((l) => `${'  '.repeat(l.depth)}${l.key}${l.optional ? '?' : ''} ${l.type}`);
    expect(lines.slice(0, 6)).toEqual([
      ' object',
      '  firstPageReceived object',
      '    subject object',
      '      name string',
      '      email string (email)',
      '      locale? one of "en", "fr"',
    ]);
    expect(lines).toContain('    score number or null');
    expect(lines).toContain('      [] object');
  });
});
