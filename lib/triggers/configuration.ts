import { z } from 'zod';
import { ConfigurationError } from './errors';
import { isPlainObject } from './json';
import type { Configuration, TaskConfig } from './types';

const KNOWN_DIRECTIVES = ['after', 'run', 'andEvery', 'unless', 'withParams', 'using'] as const;

const nonEmptyString = z.string().min(1);
const triggerList = z.array(nonEmptyString);
const plainObject = z.custom<Record<string, unknown>>(isPlainObject, 'must be a plain object');

/** One zod schema per directive, so an error can name exactly the directive that is wrong. */
const directiveSchemas = {
  run: nonEmptyString,
  after: triggerList,
  andEvery: nonEmptyString.optional(),
  unless: triggerList.optional(),
  using: nonEmptyString.optional(),
  withParams: z.record(z.string(), plainObject).optional(),
} satisfies Record<(typeof KNOWN_DIRECTIVES)[number], z.ZodType>;

const directiveExpectations: Record<(typeof KNOWN_DIRECTIVES)[number], string> = {
  run: 'a non-empty string naming a registered task handler',
  after: 'an array of non-empty trigger names',
  andEvery: 'a non-empty trigger name',
  unless: 'an array of non-empty trigger names',
  using: 'a non-empty runner name',
  withParams: 'an object whose values are all plain objects (kwargs keyed by trigger name)',
};

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'it is missing';
  try {
    return `got ${JSON.stringify(value)}`;
  } catch {
    return `got ${String(value)}`;
  }
}

/**
 * Validates and normalises one task definition (docs/engine-behaviour.md §3).
 * @throws ConfigurationError naming the task and the directive.
 */
export function parseTaskConfig(name: string, definition: unknown): TaskConfig {
  if (name.length === 0) {
    throw new ConfigurationError('Task names must be non-empty strings.', name);
  }
  if (!isPlainObject(definition)) {
    throw new ConfigurationError(
      `Task '${name}': the definition must be an object of directives (after, run, …); ${describeValue(definition)}.`,
      name,
    );
  }
  for (const directive of KNOWN_DIRECTIVES) {
    const value = definition[directive];
    if (!directiveSchemas[directive].safeParse(value).success) {
      throw new ConfigurationError(
        `Task '${name}': directive '${directive}' must be ${directiveExpectations[directive]}; ${describeValue(value)}.`,
        name,
        directive,
      );
    }
  }
  const after = definition.after as string[];
  const andEvery = (definition.andEvery as string | undefined) ?? null;
  if (after.length === 0 && andEvery === null) {
    throw new ConfigurationError(
      `Task '${name}': directive 'after' may be empty only when 'andEvery' is set.`,
      name,
      'after',
    );
  }
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if (!(KNOWN_DIRECTIVES as readonly string[]).includes(key)) extra[key] = value;
  }
  return {
    name,
    run: definition.run as string,
    after: sortedUnique(andEvery === null ? after : [...after, andEvery]),
    unless: sortedUnique((definition.unless as string[] | undefined) ?? []),
    andEvery,
    using: (definition.using as string | undefined) ?? null,
    withParams: (definition.withParams as TaskConfig['withParams'] | undefined) ?? {},
    extra,
  };
}

/**
 * Validates a whole configuration before anything is saved, so one bad task rejects them all.
 * `knownRunners`, when given, also rejects a `using` that names none of them.
 */
export function parseConfiguration(
  config: Configuration,
  knownRunners?: ReadonlySet<string>,
): TaskConfig[] {
  if (!isPlainObject(config)) {
    throw new ConfigurationError(
      `A configuration must be an object keyed by task name; ${describeValue(config)}.`,
    );
  }
  return Object.entries(config).map(([name, definition]) => {
    const task = parseTaskConfig(name, definition);
    if (knownRunners && task.using !== null && !knownRunners.has(task.using)) {
      throw new ConfigurationError(
        `Task '${name}': directive 'using' names runner '${task.using}', which this manager does not have (known: ${[...knownRunners].join(', ')}).`,
        name,
        'using',
      );
    }
    return task;
  });
}
