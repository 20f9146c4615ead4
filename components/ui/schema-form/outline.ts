import type { JsonSchema } from '@/lib/validations/schema-issues';
import { shapeOf, type FieldShape } from './schema';

/** One line of a schema's readable outline: `email  string (email)`, indented by depth. */
export interface OutlineLine {
  depth: number;
  /** The key, `[]` for a list's items, '' for the root. */
  key: string;
  type: string;
  optional: boolean;
}

function typeName(shape: FieldShape): string {
  const base =
    shape.kind === 'enum'
      ? `one of ${shape.options.map((option) => JSON.stringify(option)).join(', ')}`
      : shape.kind === 'string' && shape.format
        ? `string (${shape.format})`
        : shape.kind === 'array'
          ? 'list'
          : shape.kind === 'unknown'
            ? 'any'
            : shape.kind;
  return shape.nullable ? `${base} or null` : base;
}

/** The schema as an indented list of keys and types, for reading (task cards, instance page). */
export function outlineOf(schema: JsonSchema, root: JsonSchema = schema, depth = 0, key = '', optional = false): OutlineLine[] {
  if (depth > 8) return [];
  const shape = shapeOf(schema, root, depth);
  const line: OutlineLine = { depth, key, type: typeName(shape), optional };
  if (shape.kind === 'object') {
    return [
      line,
      ...shape.properties.flatMap(([name, property]) => outlineOf(property, root, depth + 1, name, !shape.required.includes(name))),
    ];
  }
  if (shape.kind === 'array' && shape.items) return [line, ...outlineOf(shape.items, root, depth + 1, '[]')];
  return [line];
}
