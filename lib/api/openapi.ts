/**
 * The OpenAPI 3.1 document of /api/v1, generated from the endpoint specs and their zod schemas
 * (zod 4's own `z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is): what the
 * routes parse is what the document says.
 */
import { z } from 'zod';
import { ENDPOINTS, type EndpointSpec } from './endpoints';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_TTL_HOURS, IDEMPOTENT_REPLAY_HEADER, KEY_PATTERN } from './idempotency';
import { MAX_BODY_BYTES } from './body';
import { PROBLEM_BASE, PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemCode } from './problem';
import * as schemas from './schemas';

export const API_BASE_PATH = '/api/v1';

type Json = Record<string, unknown>;
const CONVERT = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' } as const;
const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every schema with an id (`.meta({ id })`) becomes a component, referenced by `$ref`. */
function componentSchemas(): { components: Record<string, Json>; idOf: (schema: z.ZodType) => string | undefined } {
  const registry = z.registry<{ id: string }>();
  for (const value of Object.values(schemas)) {
    const id = value instanceof z.ZodType ? z.globalRegistry.get(value)?.id : undefined;
    if (id && value instanceof z.ZodType) registry.add(value, { id });
  }
  const converted = z.toJSONSchema(registry, { ...CONVERT, uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Json>;
  const components = Object.fromEntries(
    Object.entries(converted).map(([id, schema]) => {
      const { $schema: _s, $id: _i, ...rest } = schema;
      return [id, rest];
    }),
  );
  return { components, idOf: (schema) => registry.get(schema)?.id };
}

function inline(schema: z.ZodType): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, CONVERT) as Json;
  return rest;
}

function parameters(spec: EndpointSpec): Json[] {
  const of = (where: 'path' | 'query', object: z.ZodObject | undefined) =>
    Object.entries(object?.shape ?? {}).map(([name, schema]) => {
      const property = schema as z.ZodType;
      const { description, ...rest } = inline(property);
      return {
        name,
        in: where,
        required: where === 'path' || !property.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
  const headers = spec.idempotent
    ? [{ name: IDEMPOTENCY_HEADER, in: 'header', required: false, description: `Makes a retry (same method, path, query and body, same token, within ${IDEMPOTENCY_TTL_HOURS} h) fire nothing and get the first answer, marked \`${IDEMPOTENT_REPLAY_HEADER}: true\`.`, schema: { type: 'string', minLength: 1, maxLength: 255, pattern: KEY_PATTERN.source } }]
    : [];
  return [...of('path', spec.params), ...of('query', spec.query), ...headers];
}

function problemResponses(spec: EndpointSpec): Record<string, Json> {
  const codes: ProblemCode[] = [
    ...(spec.permission === null ? [] : (['unauthenticated', 'rate-limited'] as const)),
    // A path parameter with a malformed %-escape is refused before any route (lib/http/malformed-request.ts).
    ...(spec.params ? (['invalid-path'] as const) : []),
    ...spec.problems,
    'method-not-allowed',
    'internal',
  ];
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) byStatus.set(PROBLEMS[code].status, [...(byStatus.get(PROBLEMS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((code) => `\`${code}\`: ${PROBLEMS[code].about}`).join(' · '),
        content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } },
        ...(status === 401 ? { headers: { 'WWW-Authenticate': { schema: { type: 'string' } } } } : {}),
        ...(status === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' } } } } : {}),
      },
    ]),
  );
}

/** The document, built once per process. */
export function openApiDocument(): Json {
  const { components, idOf } = componentSchemas();
  const schemaOf = (schema: z.ZodType) => {
    const id = idOf(schema);
    return id ? ref(id) : inline(schema);
  };
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of Object.values(ENDPOINTS) as EndpointSpec[]) {
    const operation: Json = {
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      'x-scope': spec.permission === null ? 'none' : spec.permission === 'read' ? 'read' : 'operate',
      security: spec.permission === null ? [] : [{ bearer: [] }],
      parameters: parameters(spec),
      ...(spec.body
        ? { requestBody: { required: spec.operationId !== 'fireTrigger', description: `JSON, at most ${MAX_BODY_BYTES / 1_000_000} MB.`, content: { 'application/json': { schema: schemaOf(spec.body) } } } }
        : {}),
      responses: {
        [String(spec.success.status)]: {
          description: spec.success.description,
          ...(spec.idempotent ? { headers: { [IDEMPOTENT_REPLAY_HEADER]: { description: `\`true\` when this is the stored answer of an earlier request with the same \`${IDEMPOTENCY_HEADER}\` (nothing was done again); absent otherwise.`, schema: { type: 'string', enum: ['true'] } } } } : {}),
          content: { 'application/json': { schema: schemaOf(spec.success.schema) } },
        },
        ...problemResponses(spec),
      },
    };
    (paths[`${API_BASE_PATH}${spec.path}`] ??= {})[spec.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Triggerboard API',
      version: '1',
      description: `Create sessions, fire triggers, read instances and the failed inbox, replay and skip failures. Authenticate with an API token (\`Authorization: Bearer tb_…\`): \`read\` tokens read (like a viewer), \`operate\` tokens also change (like an operator). Errors are \`${PROBLEM_CONTENT_TYPE}\` with a \`type\` under ${PROBLEM_BASE}.`,
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(Object.values(ENDPOINTS).map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (`tb_…`), created by an admin in the dashboard.' } },
      schemas: components,
    },
    'x-problem-types': Object.fromEntries(Object.entries(PROBLEMS).map(([code, p]) => [`${PROBLEM_BASE}${code}`, { status: p.status, title: p.title, description: p.about }])),
  };
}
