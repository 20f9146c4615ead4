import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { MAX_ISSUES, TaskNotFoundError, TaskRegistry, ValidationError, type SchemaIssue } from '@/lib/triggers';
import { type GetFactory, metaOf, newSession, resultOf, statusOf } from '../helpers';

const signupKwargs = z.object({
  signup: z.object({
    email: z.email(),
    pages: z.number().int().positive().default(1),
    tags: z.array(z.string()).optional(),
  }),
});
const greetingResult = z.object({ greeting: z.string(), pages: z.number().int() });

/** A registry whose handler records what it was called with. */
function typedRegistry(calls: unknown[], returns?: (input: z.output<typeof signupKwargs>) => unknown) {
  return new TaskRegistry()
    .register(
      'greet',
      (ctx) => {
        calls.push(ctx.input);
        if (returns) return returns(ctx.input) as z.input<typeof greetingResult>;
        return { greeting: `hello ${ctx.input.signup.email}`, pages: ctx.input.signup.pages };
      },
      { kwargs: signupKwargs, result: greetingResult },
    )
    .register('untyped', (ctx) => {
      calls.push(ctx.input);
      return { seen: ctx.triggerKwargs.t_greet ?? null };
    });
}

export function schemasSuite(getFactory: GetFactory): void {
  describe('typed tasks: kwargs and result schemas (section 10)', () => {
    const config = {
      t_greet: { after: ['signup'], run: 'greet' },
      t_next: { after: ['t_greet'], run: 'untyped' },
    };

    it('the handler reads its parsed input from ctx.input (defaults applied); without a schema ctx.input is undefined', async () => {
      const calls: unknown[] = [];
      const s = await newSession(getFactory, { registry: typedRegistry(calls), config });
      await s.fireDrain('signup', { email: 'ada@example.com' });
      expect(await statusOf(s.store, 't_greet#0')).toBe('finished');
      expect(calls[0]).toEqual({ signup: { email: 'ada@example.com', pages: 1 } });
      expect(await resultOf(s.store, 't_greet#0')).toEqual({ greeting: 'hello ada@example.com', pages: 1 });
      // ctx.triggerKwargs stays as fired; the cascade carries the handler's result.
      expect((await metaOf(s.store, 't_greet#0')).actualKwargs).toEqual({ signup: { email: 'ada@example.com' } });
      expect(await statusOf(s.store, 't_next#0')).toBe('finished');
      expect(calls[1]).toBeUndefined();
      expect(calls).toHaveLength(2);
    });

    it('kwargs that fail the schema fail the run with a ValidationError listing each issue by dot path; the handler is not called', async () => {
      const calls: unknown[] = [];
      const s = await newSession(getFactory, { registry: typedRegistry(calls), config });
      await s.fireDrain('signup', { email: 'ada@example', pages: 0, tags: ['ok', 7] });
      expect(calls).toEqual([]);
      const m = await metaOf(s.store, 't_greet#0');
      expect(await statusOf(s.store, 't_greet#0')).toBe('failed');
      expect(m.exceptionType).toBe('ValidationError');
      const issues = (m.exceptionContext as { issues: SchemaIssue[] }).issues;
      expect(issues).toEqual([
        { path: 'signup.email', message: 'Invalid email address' },
        { path: 'signup.pages', message: 'Too small: expected number to be >0' },
        { path: 'signup.tags.1', message: 'Invalid input: expected string, received number' },
      ]);
      expect(m.exceptionContext).toMatchObject({ schema: 'kwargs' });
      expect(m.exceptionMessage).toBe(
        'signup.email: Invalid email address; signup.pages: Too small: expected number to be >0; signup.tags.1: Invalid input: expected string, received number',
      );
      // No engine frames: the trace says the handler was not called.
      expect(m.exceptionInfo).toBe(
        `ValidationError: ${m.exceptionMessage}\nThe handler 'greet' was not called: its kwargs do not match its kwargs schema.`,
      );
      expect(m.logLevel).toBe(40);
      expect(await s.store.instancesOfTask('t_next')).toEqual([]);
    });

    it('a replay with kwargs that fit runs the handler and cascades', async () => {
      const calls: unknown[] = [];
      const s = await newSession(getFactory, { registry: typedRegistry(calls), config });
      await s.fireDrain('signup', { email: 'nope' });
      const clone = await s.manager.replayFailedInstance('t_greet#0', { signup: { email: 'ada@example.com', pages: 3 } });
      await s.drain();
      expect(await statusOf(s.store, clone.name)).toBe('finished');
      expect(await resultOf(s.store, clone.name)).toEqual({ greeting: 'hello ada@example.com', pages: 3 });
      expect(await statusOf(s.store, 't_next#0')).toBe('finished');
    });

    it('a result that fails the result schema fails the run (nothing cascades), keeping the result in the context', async () => {
      const calls: unknown[] = [];
      const registry = typedRegistry(calls, () => ({ greeting: 42 }));
      const s = await newSession(getFactory, { registry, config });
      await s.fireDrain('signup', { email: 'ada@example.com' });
      const m = await metaOf(s.store, 't_greet#0');
      expect(await statusOf(s.store, 't_greet#0')).toBe('failed');
      expect(m.exceptionType).toBe('ValidationError');
      expect(m.exceptionContext).toEqual({
        schema: 'result',
        issues: [
          { path: 'greeting', message: 'Invalid input: expected string, received number' },
          { path: 'pages', message: 'Invalid input: expected number, received undefined' },
        ],
        actualResult: { greeting: 42 },
      });
      expect(m.exceptionMessage).toMatch(/^The result of handler 'greet' does not match its result schema: greeting: Invalid input/);
      expect(m.exceptionInfo).toMatch(/\nIts result was not recorded and nothing was cascaded\.$/);
      expect(m.result).toBeUndefined();
      expect(await s.store.instancesOfTask('t_next')).toEqual([]);
      expect('t_greet' in (await s.store.latestKwargs())).toBe(false);
    });

    it('a handler returning nothing is checked as {} against its result schema', async () => {
      const registry = new TaskRegistry().register('empty', () => undefined as unknown as { id: number }, { result: z.object({ id: z.number() }) });
      const s = await newSession(getFactory, { registry, config: { t_e: { after: ['go'], run: 'empty' } } });
      await s.fireDrain('go');
      const m = await metaOf(s.store, 't_e#0');
      expect(m.exceptionType).toBe('ValidationError');
      expect((m.exceptionContext as { issues: SchemaIssue[] }).issues).toEqual([
        { path: 'id', message: 'Invalid input: expected number, received undefined' },
      ]);
    });
  });

  describe('the registry of typed tasks', () => {
    it('schemas(name) gives JSON Schema documents (null where none is declared)', () => {
      const registry = typedRegistry([]);
      const { kwargs, result } = registry.schemas('greet');
      expect(kwargs).toMatchObject({
        type: 'object',
        required: ['signup'],
        properties: {
          signup: {
            type: 'object',
            required: ['email'],
            properties: { email: { type: 'string', format: 'email' }, pages: { type: 'integer', exclusiveMinimum: 0, default: 1 } },
          },
        },
      });
      expect(result).toMatchObject({ type: 'object', required: ['greeting', 'pages'] });
      expect(JSON.parse(JSON.stringify(kwargs))).toEqual(kwargs);
      expect(registry.schemas('untyped')).toEqual({ kwargs: null, result: null });
      expect(() => registry.schemas('nope')).toThrow(TaskNotFoundError);
    });

    it('check(name, kind, value) lists the issues without running anything', () => {
      const registry = typedRegistry([]);
      expect(registry.check('greet', 'kwargs', { signup: { email: 'ada@example.com' } })).toEqual([]);
      expect(registry.check('greet', 'kwargs', { signup: { email: 'x' } })).toEqual([{ path: 'signup.email', message: 'Invalid email address' }]);
      expect(registry.check('greet', 'result', {})).toHaveLength(2);
      expect(registry.check('untyped', 'kwargs', 'anything')).toEqual([]);
    });

    it('lists at most MAX_ISSUES issues, then one that counts the rest', () => {
      const registry = new TaskRegistry().register('scores', () => ({}), { kwargs: z.object({ scores: z.record(z.string(), z.number()) }) });
      const scores = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`q${i}`, 'high']));
      const issues = registry.check('scores', 'kwargs', { scores });
      expect(issues).toHaveLength(MAX_ISSUES + 1);
      expect(issues[0]).toEqual({ path: 'scores.q0', message: expect.stringContaining('number') });
      expect(issues.at(-1)).toEqual({ path: '', message: `and ${500 - MAX_ISSUES} more issues like these` });
    });

    it('refuses a schema that is not a zod schema', () => {
      expect(() => new TaskRegistry().register('x', () => ({}), { kwargs: { type: 'object' } as never })).toThrow(
        "The kwargs schema of handler 'x' must be a zod schema.",
      );
    });

    it('ValidationError is an engine error carrying its issues', () => {
      const error = new ValidationError('a: bad', { issues: [{ path: 'a', message: 'bad' }] });
      expect(error.name).toBe('ValidationError');
      expect(error.context.issues).toEqual([{ path: 'a', message: 'bad' }]);
    });

    it('infers ctx.input and the result type from the schemas', () => {
      new TaskRegistry()
        .register(
          'typed',
          (ctx) => {
            expectTypeOf(ctx.input).toEqualTypeOf<{ signup: { email: string; pages: number; tags?: string[] | undefined } }>();
            return { greeting: 'hi', pages: 1 };
          },
          { kwargs: signupKwargs, result: greetingResult },
        )
        .register('plain', (ctx) => {
          expectTypeOf(ctx.input).toEqualTypeOf<undefined>();
          return {};
        });
      // @ts-expect-error the result schema requires `pages`
      new TaskRegistry().register('wrong', () => ({ greeting: 'hi' }), { result: greetingResult });
    });
  });
}
