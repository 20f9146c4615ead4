import type { JsonSchema } from '@/lib/validations/schema-issues';

/**
 * Reading JSON Schemas as zod 4's `z.toJSONSchema` writes them, for the form view, the editor's
 * completions and templates: `$ref` into `$defs`, `allOf` merged, `anyOf`/`oneOf` with `null`
 * read as "nullable", unions of constants as enums. Pure functions over plain JSON.
 */

export type Primitive = string | number | boolean | null;

/** What input a schema asks for. */
export type FieldShape =
  | { kind: 'string'; nullable: boolean; format?: string }
  | { kind: 'number' | 'integer'; nullable: boolean }
  | { kind: 'boolean'; nullable: boolean }
  | { kind: 'enum'; nullable: boolean; options: Primitive[] }
  | { kind: 'object'; nullable: boolean; properties: [string, JsonSchema][]; required: string[]; additional: JsonSchema | null }
  | { kind: 'array'; nullable: boolean; items: JsonSchema | null }
  | { kind: 'unknown'; nullable: boolean };

const MAX_DEPTH = 12;

const isObject = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);
const schemaList = (value: unknown): JsonSchema[] => (Array.isArray(value) ? value.filter(isObject) : []);

/** The schema a local `$ref` (`#/$defs/Name`, `#/definitions/Name`) points to, or null. */
function dereference(ref: string, root: JsonSchema): JsonSchema | null {
  if (!ref.startsWith('#')) return null;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return null;
    node = node[key];
  }
  return isObject(node) ? node : null;
}

const isNullSchema = (schema: JsonSchema) => schema.type === 'null' || (schema.const === null && schema.type === undefined);

/**
 * The schema with `$ref` followed and `allOf` merged (objects: properties and required united),
 * so that what remains says its type directly.
 */
export function resolveSchema(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  if (depth > MAX_DEPTH) return {};
  let current = schema;
  if (typeof current.$ref === 'string') {
    const target = dereference(current.$ref, root);
    const { $ref: _ref, ...rest } = current;
    current = target ? { ...resolveSchema(target, root, depth + 1), ...rest } : rest;
  }
  const parts = schemaList(current.allOf);
  if (parts.length === 0) return current;
  const { allOf: _allOf, ...rest } = current;
  return parts
    .map((part) => resolveSchema(part, root, depth + 1))
    .reduce<JsonSchema>(
      (merged, part) => ({
        ...merged,
        ...part,
        properties: { ...(isObject(merged.properties) ? merged.properties : {}), ...(isObject(part.properties) ? part.properties : {}) },
        required: [...new Set([...stringList(merged.required), ...stringList(part.required)])],
      }),
      rest,
    );
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const isPrimitive = (value: unknown): value is Primitive =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** The input a schema asks for (see FieldShape). */
export function shapeOf(schema: JsonSchema, root: JsonSchema, depth = 0): FieldShape {
  const resolved = resolveSchema(schema, root, depth);
  const branches = schemaList(resolved.anyOf ?? resolved.oneOf).map((branch) => resolveSchema(branch, root, depth + 1));
  if (branches.length > 0) {
    const nonNull = branches.filter((branch) => !isNullSchema(branch));
    const nullable = nonNull.length < branches.length;
    const constants = nonNull.map(constantsOf);
    if (nonNull.length > 1 && constants.every((values) => values !== null)) {
      return { kind: 'enum', nullable, options: constants.flatMap((values) => values ?? []) };
    }
    // A union of different shapes: the form offers the first; the JSON view edits any.
    const first = nonNull[0];
    if (!first) return { kind: 'unknown', nullable };
    const shape = shapeOf(first, root, depth + 1);
    return { ...shape, nullable: nullable || shape.nullable } as FieldShape;
  }
  const types = Array.isArray(resolved.type) ? stringList(resolved.type) : typeof resolved.type === 'string' ? [resolved.type] : [];
  const nullable = types.includes('null');
  const constants = constantsOf(resolved);
  if (constants) return { kind: 'enum', nullable, options: constants };
  const type = types.find((t) => t !== 'null') ?? (isObject(resolved.properties) ? 'object' : isObject(resolved.items) ? 'array' : undefined);
  switch (type) {
    case 'string':
      return { kind: 'string', nullable, ...(typeof resolved.format === 'string' ? { format: resolved.format } : {}) };
    case 'number':
    case 'integer':
      return { kind: type, nullable };
    case 'boolean':
      return { kind: 'boolean', nullable };
    case 'object':
      return {
        kind: 'object',
        nullable,
        properties: Object.entries(isObject(resolved.properties) ? resolved.properties : {}).filter((entry): entry is [string, JsonSchema] =>
          isObject(entry[1]),
        ),
        required: stringList(resolved.required),
        // A record (`z.record`): keys of its own choosing, each value of this schema.
        additional: isObject(resolved.additionalProperties) ? resolved.additionalProperties : null,
      };
    case 'array':
      return { kind: 'array', nullable, items: isObject(resolved.items) ? resolved.items : null };
    default:
      return { kind: 'unknown', nullable };
  }
}

/** The allowed values of an `enum` or `const` schema, or null when it allows more. */
function constantsOf(schema: JsonSchema): Primitive[] | null {
  if ('const' in schema && isPrimitive(schema.const)) return [schema.const];
  if (Array.isArray(schema.enum) && schema.enum.every(isPrimitive)) return schema.enum as Primitive[];
  return null;
}

/** The schema of the value at `path` (keys and array indexes), or null where the schema says nothing. */
export function schemaAt(schema: JsonSchema, root: JsonSchema, path: readonly (string | number)[]): JsonSchema | null {
  let current: JsonSchema | null = schema;
  for (const segment of path) {
    if (!current) return null;
    const resolved = resolveSchema(current, root);
    const branch = schemaList(resolved.anyOf ?? resolved.oneOf).find((b) => !isNullSchema(resolveSchema(b, root)));
    const node = branch ? resolveSchema(branch, root) : resolved;
    if (typeof segment === 'number') {
      const prefix = schemaList(node.prefixItems)[segment];
      current = prefix ?? (isObject(node.items) ? node.items : null);
    } else {
      const properties = isObject(node.properties) ? node.properties : {};
      const property = properties[segment];
      current = isObject(property) ? property : isObject(node.additionalProperties) ? node.additionalProperties : null;
    }
  }
  return current;
}

/**
 * A value to start from that has the schema's shape: every required key (optional ones are left
 * out: completion offers them), defaults and constants as given, the first enum value, empty
 * strings, the smallest allowed number, `false`, arrays of their minimum length.
 */
export function templateFromSchema(schema: JsonSchema, root: JsonSchema = schema, depth = 0): unknown {
  if (depth > MAX_DEPTH) return null;
  const resolved = resolveSchema(schema, root, depth);
  if ('default' in resolved) return resolved.default;
  const shape = shapeOf(resolved, root, depth);
  switch (shape.kind) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return smallestNumber(resolved, root, shape.kind === 'integer');
    case 'boolean':
      return false;
    case 'enum':
      return shape.options[0] ?? null;
    case 'array': {
      const min = typeof resolved.minItems === 'number' ? Math.min(resolved.minItems, 20) : 0;
      return Array.from({ length: min }, () => (shape.items ? templateFromSchema(shape.items, root, depth + 1) : null));
    }
    case 'object':
      return Object.fromEntries(
        shape.properties
          .filter(([key]) => shape.required.includes(key))
          .map(([key, property]) => [key, templateFromSchema(property, root, depth + 1)]),
      );
    default:
      return null;
  }
}

function smallestNumber(schema: JsonSchema, root: JsonSchema, integer: boolean): number {
  const branch = schemaList(schema.anyOf ?? schema.oneOf).map((b) => resolveSchema(b, root)).find((b) => !isNullSchema(b));
  const s = branch ?? schema;
  const step = integer ? 1 : 0;
  if (typeof s.minimum === 'number' && Number.isFinite(s.minimum) && Math.abs(s.minimum) < 1e15) return s.minimum;
  if (typeof s.exclusiveMinimum === 'number' && Math.abs(s.exclusiveMinimum) < 1e15) return s.exclusiveMinimum + (step || 1);
  if (typeof s.maximum === 'number' && s.maximum < 0) return s.maximum;
  return 0;
}
