/**
 * Every /api/v1 operation, once: its method, path, scope, schemas and the problems it may answer.
 * The route handlers parse with these specs (lib/api/handler.ts) and the OpenAPI document is
 * generated from them (lib/api/openapi.ts), so the two cannot drift apart.
 */
import type { z } from 'zod';
import type { Permission } from '@/lib/auth/roles';
import type { ProblemCode } from './problem';
import * as s from './schemas';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

export interface EndpointSpec {
  method: HttpMethod;
  /** Under /api/v1, OpenAPI style (`/sessions/{uid}`). */
  path: string;
  operationId: string;
  tag: 'Sessions' | 'Triggers' | 'Instances' | 'Failed inbox' | 'Document';
  summary: string;
  description?: string;
  /** What the token's scope must allow (read: any token; operate: `operate` tokens); null: public. */
  permission: Exclude<Permission, 'admin'> | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Honours an `Idempotency-Key` header. */
  idempotent?: boolean;
  success: { status: number; description: string; schema: z.ZodType };
  /** Problems besides those every authenticated endpoint may answer (401, 429, 500). */
  problems: ProblemCode[];
}

const READ_PROBLEMS: ProblemCode[] = ['not-found'];
const WRITE_PROBLEMS: ProblemCode[] = ['forbidden', 'unsupported-media-type', 'payload-too-large', 'invalid-json', 'validation'];

export const ENDPOINTS = {
  createSession: {
    method: 'POST', path: '/sessions', operationId: 'createSession', tag: 'Sessions', permission: 'operate',
    summary: 'Create a session with its configuration',
    body: s.createSessionBody,
    success: { status: 201, description: 'Created.', schema: s.sessionConfiguredResponse },
    problems: [...WRITE_PROBLEMS, 'conflict', 'rejected'],
  },
  getSession: {
    method: 'GET', path: '/sessions/{uid}', operationId: 'getSession', tag: 'Sessions', permission: 'read',
    summary: 'A session: its tasks with their first instances, unresolved work and fired triggers',
    params: s.sessionParams,
    success: { status: 200, description: 'The session.', schema: s.sessionResponse },
    problems: READ_PROBLEMS,
  },
  configureSession: {
    method: 'PUT', path: '/sessions/{uid}/configuration', operationId: 'configureSession', tag: 'Sessions', permission: 'operate',
    summary: "Add or replace tasks of a session's configuration",
    description: 'The body is a configuration (task name → task). Each task it names is added, or replaces the task of that name; tasks it does not name are kept (tasks are never deleted). Answers all of the session\'s tasks after the change.',
    params: s.sessionParams,
    body: s.configurationSchema,
    success: { status: 200, description: "Configured: `tasks` lists all of the session's tasks now.", schema: s.sessionConfiguredResponse },
    problems: [...WRITE_PROBLEMS, 'not-found', 'rejected'],
  },
  getSnapshot: {
    method: 'GET', path: '/sessions/{uid}/snapshot', operationId: 'getSnapshot', tag: 'Sessions', permission: 'read',
    summary: 'The debug snapshot of a session',
    params: s.sessionParams,
    success: { status: 200, description: 'The snapshot.', schema: s.snapshotResponse },
    problems: READ_PROBLEMS,
  },
  fireTrigger: {
    method: 'POST', path: '/sessions/{uid}/triggers/{trigger}', operationId: 'fireTrigger', tag: 'Triggers', permission: 'operate',
    summary: 'Fire a trigger into a session',
    description: 'The body is the trigger\'s kwargs. Answers the instances the fire created or made ready. With an `Idempotency-Key` header, a retry fires nothing and gets the first answer.',
    params: s.triggerParams,
    query: s.fireQuery,
    body: s.fireBody,
    idempotent: true,
    success: { status: 200, description: 'Fired.', schema: s.fireResponse },
    problems: [...WRITE_PROBLEMS, 'not-found', 'schema', 'rejected', 'idempotency-key-reused', 'invalid-idempotency-key'],
  },
  listInstances: {
    method: 'GET', path: '/sessions/{uid}/instances', operationId: 'listInstances', tag: 'Instances', permission: 'read',
    summary: "A session's instances, a page at a time (by task, then sequence number)",
    params: s.sessionParams,
    query: s.instancesQuery,
    success: { status: 200, description: 'One page; `nextCursor` is null on the last.', schema: s.instancesPageResponse },
    problems: [...READ_PROBLEMS, 'validation', 'invalid-cursor'],
  },
  getInstance: {
    method: 'GET', path: '/sessions/{uid}/instances/{name}', operationId: 'getInstance', tag: 'Instances', permission: 'read',
    summary: 'One instance with its replay lineage',
    params: s.instanceParams,
    success: { status: 200, description: 'The instance.', schema: s.instanceResponse },
    problems: READ_PROBLEMS,
  },
  replayInstance: {
    method: 'POST', path: '/sessions/{uid}/instances/{name}/replay', operationId: 'replayInstance', tag: 'Instances', permission: 'operate',
    summary: 'Replay a failed instance (with its original kwargs, or replacement kwargs)',
    params: s.instanceParams,
    body: s.replayBody,
    success: { status: 200, description: 'Replayed: the clone.', schema: s.replayResponse },
    problems: [...WRITE_PROBLEMS, 'not-found', 'conflict', 'schema', 'rejected'],
  },
  skipInstance: {
    method: 'POST', path: '/sessions/{uid}/instances/{name}/skip', operationId: 'skipInstance', tag: 'Instances', permission: 'operate',
    summary: 'Skip a failed instance, optionally cascading a simulated result',
    params: s.instanceParams,
    body: s.skipBody,
    success: { status: 200, description: 'Skipped.', schema: s.skipResponse },
    problems: [...WRITE_PROBLEMS, 'not-found', 'conflict', 'schema', 'rejected', 'confirm-empty-cascade'],
  },
  listFailed: {
    method: 'GET', path: '/failed', operationId: 'listFailed', tag: 'Failed inbox', permission: 'read',
    summary: 'Failed instances, newest failure first, with the failed inbox\'s filters',
    description: 'Triage filters: `state` defaults to `all` and `assignee` to `anyone` here (a token is assigned nothing).',
    query: s.failedQuery,
    success: { status: 200, description: 'One page; `nextCursor` is null on the last.', schema: s.failedResponse },
    problems: ['validation', 'invalid-cursor'],
  },
  openapi: {
    method: 'GET', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'Document', permission: null,
    summary: 'This OpenAPI 3.1 document (no token needed)',
    success: { status: 200, description: 'The document.', schema: s.openApiDocumentSchema },
    problems: [],
  },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;
