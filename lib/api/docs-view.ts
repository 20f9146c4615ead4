/**
 * The API reference page's view of the OpenAPI document: operations grouped by tag, each with
 * its scope, parameters, body and answers, and the schemas as field lists. Plain data (the page
 * renders it as a server component, nothing runs in the browser).
 */
import { API_BASE_PATH, openApiDocument } from './openapi';
import { PROBLEM_BASE, PROBLEMS } from './problem';

type Json = Record<string, unknown>;

/** A type in words, with the schema it names (a link) when it refers to one. */
export interface TypeText {
  text: string;
  ref?: string;
}

export interface DocField {
  name: string;
  required: boolean;
  type: TypeText;
  description?: string;
  where?: string;
}

export interface DocOperation {
  id: string;
  method: string;
  path: string;
  summary: string;
  description?: string;
  scope: 'read' | 'operate' | 'none';
  parameters: DocField[];
  body: { type: TypeText; required: boolean } | null;
  success: { status: string; description: string; type: TypeText };
  problems: { status: string; codes: string[] }[];
}

export interface DocSchema {
  id: string;
  description?: string;
  type: TypeText;
  fields: DocField[];
}

export interface ApiDocsView {
  basePath: string;
  description: string;
  groups: { tag: string; operations: DocOperation[] }[];
  schemas: DocSchema[];
  problems: { code: string; type: string; status: number; title: string; about: string }[];
}

const refId = (ref: string) => ref.split('/').pop() ?? ref;

/** A JSON Schema (as zod writes it) in a few words. */
export function typeText(schema: Json | undefined): TypeText {
  if (!schema || Object.keys(schema).length === 0 || (Object.keys(schema).length === 1 && 'description' in schema)) return { text: 'any JSON value' };
  if (typeof schema.$ref === 'string') return { text: '', ref: refId(schema.$ref) };
  if (Array.isArray(schema.anyOf)) {
    const parts = (schema.anyOf as Json[]).map(typeText);
    return parts.some((p) => p.ref) ? { text: parts.filter((p) => !p.ref).map((p) => p.text).concat('').join(' or '), ref: parts.find((p) => p.ref)?.ref } : { text: parts.map((p) => p.text).join(' or ') };
  }
  if (Array.isArray(schema.enum)) return { text: `one of ${(schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  if (schema.const !== undefined) return { text: JSON.stringify(schema.const) };
  const type = schema.type;
  if (type === 'array') {
    const items = typeText(schema.items as Json | undefined);
    return { text: `array of ${items.text}`.trim(), ref: items.ref };
  }
  if (type === 'object' && !schema.properties) {
    const values = schema.additionalProperties;
    if (values && typeof values === 'object' && Object.keys(values).length > 0) {
      const inner = typeText(values as Json);
      return { text: `object: name → ${inner.text}`.trim(), ref: inner.ref };
    }
    return { text: 'JSON object' };
  }
  const limits = [
    schema.minLength !== undefined || schema.maxLength !== undefined ? `${schema.minLength ?? 0}–${schema.maxLength ?? '∞'} characters` : '',
    schema.minimum !== undefined || schema.maximum !== undefined ? `${schema.minimum ?? '−∞'}–${schema.maximum ?? '∞'}` : '',
    typeof schema.format === 'string' ? schema.format : '',
  ].filter(Boolean);
  const base = Array.isArray(type) ? type.join(' or ') : String(type ?? 'value');
  return { text: limits.length ? `${base} (${limits.join(', ')})` : base };
}

function fieldsOf(schema: Json): DocField[] {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    required: required.has(name),
    type: typeText(property),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

export function apiDocsView(): ApiDocsView {
  const doc = openApiDocument() as { info: { description: string }; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
  const groups = new Map<string, DocOperation[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const responses = op.responses as Record<string, Json>;
      const [successStatus, success] = Object.entries(responses).find(([status]) => status.startsWith('2'))!;
      const body = (op.requestBody as Json | undefined) ?? null;
      const operation: DocOperation = {
        id: String(op.operationId),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary),
        ...(typeof op.description === 'string' ? { description: op.description } : {}),
        scope: op['x-scope'] as DocOperation['scope'],
        parameters: ((op.parameters ?? []) as Json[]).map((p) => ({
          name: String(p.name),
          where: String(p.in),
          required: p.required === true,
          type: typeText(p.schema as Json),
          ...(typeof p.description === 'string' ? { description: p.description } : {}),
        })),
        body: body ? { required: body.required === true, type: typeText(((body.content as Json)['application/json'] as Json).schema as Json) } : null,
        success: { status: successStatus, description: String(success.description), type: typeText(((success.content as Json)['application/json'] as Json).schema as Json) },
        problems: Object.entries(responses)
          .filter(([status]) => !status.startsWith('2'))
          .map(([status, r]) => ({ status, codes: [...String(r.description).matchAll(/`([a-z-]+)`:/g)].map((m) => m[1]!) })),
      };
      const tag = ((op.tags ?? ['Other']) as string[])[0]!;
      groups.set(tag, [...(groups.get(tag) ?? []), operation]);
    }
  }
  return {
    basePath: API_BASE_PATH,
    description: doc.info.description,
    groups: [...groups].map(([tag, operations]) => ({ tag, operations })),
    schemas: Object.entries(doc.components.schemas).map(([id, schema]) => ({
      id,
      ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      type: typeText(schema),
      fields: fieldsOf(schema),
    })),
    problems: Object.entries(PROBLEMS).map(([code, p]) => ({ code, type: `${PROBLEM_BASE}${code}`, status: p.status, title: p.title, about: p.about })),
  };
}
