import { findNodeAtLocation, getLocation, parseTree } from 'jsonc-parser';
import type { JsonSchema } from '@/lib/validations/schema-issues';
import { schemaAt, shapeOf } from '@/components/ui/schema-form/schema';

export interface SchemaCompletionOption {
  label: string;
  /** The text inserted (a key with its quotes, a JSON value). */
  apply: string;
  type: 'property' | 'enum' | 'keyword';
  detail?: string;
}

export interface SchemaCompletions {
  from: number;
  to: number;
  options: SchemaCompletionOption[];
}

/** A short description of what a property takes, shown beside it in the list. */
function detailOf(schema: JsonSchema, root: JsonSchema, required: boolean): string {
  const shape = shapeOf(schema, root);
  const what =
    shape.kind === 'enum'
      ? shape.options.map((o) => JSON.stringify(o)).join(' | ')
      : shape.kind === 'string' && shape.format
        ? `string (${shape.format})`
        : shape.kind;
  return `${what}${shape.nullable ? ' | null' : ''}${required ? '' : ' (optional)'}`;
}

/**
 * What to offer at `offset` of the JSON text: the keys the schema declares for the object the
 * cursor is in (those not already written), or the allowed values (enum, const, booleans, null)
 * of the value the cursor is on. Null when the schema says nothing there. Works on text that
 * does not parse yet (jsonc-parser reads up to the cursor).
 */
export function schemaCompletions(text: string, offset: number, schema: JsonSchema): SchemaCompletions | null {
  const location = getLocation(text, offset);
  const previous = location.previousNode;
  if (location.isAtPropertyKey) {
    const objectPath = location.path.slice(0, -1);
    const target = schemaAt(schema, schema, objectPath);
    if (!target) return null;
    const shape = shapeOf(target, schema);
    if (shape.kind !== 'object') return null;
    const tree = parseTree(text);
    const node = tree ? findNodeAtLocation(tree, objectPath) : undefined;
    const typing = previous?.type === 'property' || previous?.type === 'string' ? String(previous.value ?? '') : null;
    const present = new Set(
      (node?.type === 'object' ? (node.children ?? []) : [])
        .map((property) => property.children?.[0]?.value)
        .filter((key): key is string => typeof key === 'string' && key !== typing),
    );
    const options = shape.properties
      .filter(([key]) => !present.has(key))
      .map(([key, property]) => ({
        label: key,
        apply: JSON.stringify(key),
        type: 'property' as const,
        detail: detailOf(property, schema, shape.required.includes(key)),
      }));
    if (options.length === 0) return null;
    const from = previous && typing !== null ? previous.offset : offset;
    const to = previous && typing !== null ? previous.offset + previous.length : offset;
    return { from, to, options };
  }
  const target = schemaAt(schema, schema, location.path);
  if (!target) return null;
  const shape = shapeOf(target, schema);
  const values =
    shape.kind === 'enum' ? shape.options : shape.kind === 'boolean' ? [true, false] : [];
  const options: SchemaCompletionOption[] = [...values, ...(shape.nullable && !values.includes(null) ? [null] : [])].map((value) => ({
    label: JSON.stringify(value),
    apply: JSON.stringify(value),
    type: shape.kind === 'enum' ? 'enum' : 'keyword',
  }));
  if (options.length === 0) return null;
  const onValue = previous && previous.type !== 'property' && previous.type !== 'object' && previous.type !== 'array';
  return { from: onValue ? previous.offset : offset, to: onValue ? previous.offset + previous.length : offset, options };
}
