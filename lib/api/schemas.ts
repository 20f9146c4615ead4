/**
 * The zod schemas of /api/v1: what the routes parse (params, query, bodies, built from the
 * dashboard's shared pieces in lib/validations and lib/failed/url.ts) and what they answer. The
 * OpenAPI document is generated from these same schemas (lib/api/openapi.ts); the contract tests
 * check every answer against its response schema.
 */
import { z } from 'zod';
import { INSTANCE_STATUSES } from '@/lib/triggers/types';
import { failedSearchSchema } from '@/lib/failed/url';
import { printableText } from '@/lib/validations/printable';
import { instance, reason, triggerName, uid } from '@/lib/validations/recovery';

const object = z.record(z.string(), z.unknown());
/** Kwargs keyed by trigger name (a replay's replacement kwargs replace all of them). */
const triggerKwargs = z.record(z.string(), object);
const status = z.enum(INSTANCE_STATUSES);
const timestamp = z.string().meta({ format: 'date-time' });

// ---------------------------------------------------------------- route params

export const sessionParams = z.object({ uid });
export const instanceParams = z.object({ uid, name: instance });
export const triggerParams = z.object({ uid, trigger: triggerName });

// ---------------------------------------------------------------- requests

/** A trigger a configuration names: one that `triggerName` (firing) accepts, or it could never fire. */
const configuredTrigger = z.string().min(1).max(200).superRefine(printableText('A trigger name'));

export const taskConfig = z
  .object({
    after: z.array(configuredTrigger).meta({ description: 'Triggers (or task names) that must all have fired before an instance runs.' }),
    run: z.string().meta({ description: 'The handler to run (a name in the task registry).' }),
    andEvery: configuredTrigger.optional().meta({ description: 'A trigger that creates a new instance each time it fires.' }),
    unless: z.array(configuredTrigger).optional().meta({ description: 'Triggers that abandon a waiting instance.' }),
    withParams: triggerKwargs.optional(),
    using: z.string().optional().meta({ description: 'The runner (`inline` or `queue`).' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'TaskConfig', description: 'One task of a configuration; the engine checks it fully (docs/engine-behaviour.md §3).' });

/**
 * Names a configuration's plain object cannot hold as its own keys: parsing drops `__proto__`
 * (the task would silently vanish) and the others shadow Object's own members.
 */
export const RESERVED_TASK_NAMES = ['__proto__', 'constructor', 'prototype'] as const;
const taskName = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !(RESERVED_TASK_NAMES as readonly string[]).includes(name), { message: `A task cannot be named ${RESERVED_TASK_NAMES.join(', ')}: choose another name.`, abort: true })
  .superRefine(printableText('A task name'))
  .meta({ not: { enum: [...RESERVED_TASK_NAMES] } });

export const configurationSchema = z
  .record(taskName, taskConfig)
  .meta({ id: 'Configuration', description: 'Task name → task.' });

/** A new session's uid: printable too (an existing one is looked up as it is, whatever it holds). */
const newUid = uid.superRefine(printableText('The session uid'));

export const createSessionBody = z.strictObject({ uid: newUid, configuration: configurationSchema }).meta({ id: 'CreateSession' });

/** A fire's body is the trigger's kwargs (empty: `{}`). */
export const fireBody = object.optional().transform((kwargs) => kwargs ?? {}).meta({ id: 'TriggerKwargs', description: "The trigger's kwargs (a JSON object; empty body: `{}`)." });

const flag = z.enum(['true', 'false']).optional().transform((v) => v === 'true');
export const fireQuery = z.strictObject({
  reason: reason.optional().meta({ description: 'Kept in the audit row (default: "Fired through the HTTP API").' }),
  override: flag.meta({ description: "`true`: fire even if the kwargs fail the waiting tasks' schemas (recorded)." }),
});

export const replayBody = z
  .strictObject({
    replacementKwargs: triggerKwargs.optional().meta({ description: 'Replace *all* of the clone\'s kwargs (trigger → kwargs); absent: replay with the original kwargs.' }),
    reason,
    override: z.boolean().optional().meta({ description: "`true`: replay with replacement kwargs that fail the task's schema (recorded)." }),
  })
  .meta({ id: 'ReplayRequest' });

export const skipBody = z
  .strictObject({
    cascade: z.boolean().optional().meta({ description: '`true`: fire the task as if it had finished with `result`, so the tasks waiting on it run.' }),
    result: object.optional().meta({ description: 'The simulated result handed to the waiting tasks (only with `cascade: true`).' }),
    reason,
    override: z.boolean().optional().meta({ description: "`true`: cascade a result that fails the task's result schema (recorded)." }),
    confirmEmpty: z.boolean().optional().meta({ description: '`true`: cascading an empty result (`{}`) is meant.' }),
  })
  // A result (or its confirmation) without a cascade would be dropped unseen: refused, as the CLI does.
  .superRefine((body, ctx) => {
    for (const key of ['result', 'confirmEmpty'] as const) {
      if (body[key] !== undefined && body[key] !== false && body.cascade !== true) {
        ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` only goes with \`cascade: true\`: without a cascade nothing uses it. Add \`cascade: true\`, or leave \`${key}\` out.` });
      }
    }
  })
  .meta({
    id: 'SkipRequest',
    description: '`result` and `confirmEmpty` only go with `cascade: true` (422 otherwise).',
    if: { anyOf: [{ required: ['result'] }, { required: ['confirmEmpty'], properties: { confirmEmpty: { const: true } } }] },
    then: { required: ['cascade'], properties: { cascade: { const: true } } },
  });

export const API_MAX_LIMIT = 500;
const limit = z.coerce.number().int().min(1).max(API_MAX_LIMIT).optional().meta({ description: `Page size, 1–${API_MAX_LIMIT} (default 50).` });
const cursor = z.string().max(500).optional().meta({ description: 'The `nextCursor` of the previous page (opaque).' });

export const instancesQuery = z.strictObject({
  status: status.optional(),
  // Empty is "not given", as in the failed inbox's filters.
  task: z.string().trim().max(200).optional().transform((task) => task || undefined),
  limit,
  cursor,
});

/** The failed inbox's filters (lib/failed/url.ts), without its view switch. */
export const failedQuery = failedSearchSchema.omit({ view: true }).strict();

// ---------------------------------------------------------------- responses

export const sessionConfiguredResponse = z
  .object({ uid: z.string(), tasks: z.array(z.string()).meta({ description: "The session's task names after the change, in configuration order." }) })
  .meta({ id: 'SessionConfigured' });

export const firedInstance = z
  .object({ name: z.string(), task: z.string(), status, created: z.boolean().meta({ description: 'Created by this fire (else: an existing instance it made ready).' }) })
  .meta({ id: 'FiredInstance' });
export const fireResponse = z
  .object({ uid: z.string(), trigger: z.string(), instances: z.array(firedInstance), scheduled: z.array(z.string()).meta({ description: 'The instances now ready to run.' }) })
  .meta({ id: 'FireResult' });

export const instanceSchema = z
  .object({ name: z.string(), task: z.string(), status, kwargs: triggerKwargs, abandonState: z.array(z.string()), metadata: object })
  .meta({ id: 'TaskInstance' });

export const instanceSummary = z
  .object({
    name: z.string(),
    task: z.string(),
    seq: z.number().int(),
    status,
    exceptionType: z.string().nullable(),
    parent: z.string().nullable(),
    depth: z.number().int(),
    createdAt: timestamp,
    updatedAt: timestamp,
    timestamps: z.record(z.string(), z.string()),
  })
  .meta({ id: 'InstanceSummary' });

export const instancesPageResponse = z.object({ instances: z.array(instanceSummary), nextCursor: z.string().nullable() }).meta({ id: 'InstancesPage' });

export const sessionResponse = z
  .object({
    session: z.object({ uid: z.string() }).catchall(z.unknown()),
    tasks: z.array(z.object({ name: z.string(), run: z.string(), instanceCount: z.number().int() }).catchall(z.unknown())),
    unresolvedTasks: z.array(z.string()),
    unresolvedInstances: z.array(instanceSummary),
    firedTriggers: z.array(z.object({ trigger: z.string(), kwargs: object }).catchall(z.unknown())),
    simulatedTriggers: z.array(z.string()),
  })
  .meta({ id: 'Session' });

export const instanceResponse = z
  .object({
    instance: instanceSchema,
    task: z.object({ name: z.string(), run: z.string() }).catchall(z.unknown()).nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    ancestors: z.array(instanceSummary),
    descendants: z.array(instanceSummary),
    simulatedKwargs: z.record(z.string(), z.string()).meta({ description: 'Trigger → the skipped instance whose simulated result these kwargs are.' }),
  })
  .meta({ id: 'InstanceDetail' });

export const snapshotResponse = z
  .object({ tasks: object, instances: object, metas: object })
  .meta({ id: 'DebugSnapshot', description: "The store's debugRepr() of the session." });

export const failedRow = z
  .object({
    sessionUid: z.string(),
    name: z.string(),
    task: z.string(),
    exceptionType: z.string().nullable(),
    exceptionMessage: z.string().nullable(),
    depth: z.number().int(),
    parent: z.string().nullable(),
    createdAt: timestamp,
    failedAt: timestamp,
  })
  .meta({ id: 'FailedInstance' });
export const failedResponse = z
  .object({ instances: z.array(failedRow), nextCursor: z.string().nullable(), total: z.number().int().meta({ description: 'Failed instances matching the filters (all pages).' }) })
  .meta({ id: 'FailedPage' });

export const replayResponse = z.object({ uid: z.string(), instance: z.string(), clone: instanceSchema }).meta({ id: 'ReplayResult' });
export const skipResponse = z
  .object({
    uid: z.string(),
    instance: z.string(),
    skipped: instanceSchema,
    cascade: z.object({ fired: z.string(), scheduled: z.array(z.string()) }).nullable(),
  })
  .meta({ id: 'SkipResult' });

export const problemSchema = z
  .object({
    type: z.string().meta({ format: 'uri' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const openApiDocumentSchema = z.looseObject({ openapi: z.literal('3.1.0') }).meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document.' });
