/**
 * Triage of failure groups, as in Sentry: assign, note, resolve (a later failure reopens the
 * group by itself: lib/db/store/failure-groups.ts), snooze for a while or for N more failures.
 * Every change writes its audit row in its own transaction; an unknown group is refused, recorded,
 * and changes nothing.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { ActionResult } from '@/lib/actions/result';
import { insertAuditEvent, type Actor, type AuditAction } from '@/lib/audit';
import type { Database } from '@/lib/db/client';
import { insertGroupNote, lockFailureGroup, updateFailureGroup, type FailureGroupRow } from '@/lib/db/queries/failure-groups';
import { getUserById } from '@/lib/auth/users';
import type { AssignGroupInput, GroupNoteInput, GroupOnlyInput, SnoozeGroupInput } from '@/lib/validations/triage';

const HOUR_MS = 3_600_000;

/** The group's title: its exception type and message template. */
export function groupTitle(group: Pick<FailureGroupRow, 'exceptionType' | 'template'>): string {
  return group.template ? `${group.exceptionType}: ${group.template}` : group.exceptionType;
}

type Change = { patch?: Partial<FailureGroupRow>; message: string; result?: Record<string, unknown> } | { refused: string };

/**
 * Locks the group, lets `decide` say what changes (or why nothing does), writes it and its audit
 * row together. A refusal (unknown group, nothing to change) is recorded with its reason.
 */
async function triage(
  db: Database,
  actor: Actor,
  action: AuditAction,
  fingerprint: string,
  input: Record<string, unknown>,
  decide: (group: FailureGroupRow, tx: Database) => Promise<Change> | Change,
): Promise<ActionResult> {
  type Outcome = { message: string } | { refused: string; code: 'not-found' | 'rejected'; entry: { action: AuditAction; input: Record<string, unknown> } | null };
  const outcome = await db.transaction(async (tx): Promise<Outcome> => {
    const group = await lockFailureGroup(tx, fingerprint);
    if (!group) return { refused: 'No failure group has this fingerprint: nothing was changed.', code: 'not-found' as const, entry: null };
    const change = await decide(group, tx);
    const entry = { action, input: { fingerprint, group: groupTitle(group), task: group.task, ...input } };
    if ('refused' in change) return { ...change, code: 'rejected' as const, entry };
    if (change.patch) await updateFailureGroup(tx, fingerprint, change.patch);
    await insertAuditEvent(tx, actor, entry, { outcome: 'ok', result: change.result ?? {} });
    return { message: change.message };
  });
  if ('refused' in outcome) {
    const entry = outcome.entry ?? { action, input: { fingerprint, ...input } };
    await insertAuditEvent(db, actor, entry, { outcome: 'error', error: outcome.refused });
    return { ok: false, code: outcome.code, message: outcome.refused };
  }
  return { ok: true, message: outcome.message, data: undefined };
}

export async function assignGroup(db: Database, actor: Actor, input: AssignGroupInput): Promise<ActionResult> {
  const assignee = input.assignee === null ? null : await getUserById(db, input.assignee);
  return triage(db, actor, 'group-assign', input.fingerprint, { assignee: assignee?.email ?? null }, (group) => {
    if (input.assignee !== null && (!assignee || assignee.disabled || assignee.role === 'viewer')) {
      return { refused: 'That user cannot be assigned (unknown, disabled, or a viewer who may not act): nothing was changed.' };
    }
    if (group.assigneeId === (assignee?.id ?? null)) return { refused: assignee ? `Already assigned to ${assignee.name}.` : 'Already unassigned.' };
    return {
      patch: { assigneeId: assignee?.id ?? null },
      message: assignee ? (assignee.id === actor.id ? 'Assigned to you.' : `Assigned to ${assignee.name}.`) : 'Unassigned.',
      result: { previousAssigneeId: group.assigneeId },
    };
  });
}

export async function addGroupNote(db: Database, actor: Actor, input: GroupNoteInput, now = new Date()): Promise<ActionResult> {
  return triage(db, actor, 'group-note', input.fingerprint, { note: input.body }, async (_group, tx) => {
    const id = randomUUID();
    await insertGroupNote(tx, { id, fingerprint: input.fingerprint, at: now, authorId: actor.id, authorName: actor.name, authorEmail: actor.email, body: input.body });
    return { message: 'Note added.', result: { noteId: id } };
  });
}

export async function resolveGroup(db: Database, actor: Actor, input: GroupOnlyInput, now = new Date()): Promise<ActionResult> {
  return triage(db, actor, 'group-resolve', input.fingerprint, {}, (group) =>
    group.resolvedAt
      ? { refused: 'Already resolved.' }
      : {
          // Resolving ends a snooze: the group comes back on its next failure either way.
          patch: { resolvedAt: now, resolvedBy: actor.email, reopenedAt: null, snoozedAt: null, snoozedUntil: null, snoozeUntilCount: null },
          message: 'Resolved: the group reopens by itself when it fails again.',
        },
  );
}

export async function unresolveGroup(db: Database, actor: Actor, input: GroupOnlyInput): Promise<ActionResult> {
  return triage(db, actor, 'group-unresolve', input.fingerprint, {}, (group) =>
    group.resolvedAt ? { patch: { resolvedAt: null, resolvedBy: null }, message: 'Marked unresolved.' } : { refused: 'The group is not resolved.' },
  );
}

export async function snoozeGroup(db: Database, actor: Actor, input: SnoozeGroupInput, now = new Date()): Promise<ActionResult> {
  const asked = input.mode === 'time' ? { hours: Number(input.hours) } : { failures: input.count };
  return triage(db, actor, 'group-snooze', input.fingerprint, asked, (group) => {
    if (group.resolvedAt) return { refused: 'A resolved group cannot be snoozed: it reopens by itself on its next failure.' };
    if (input.mode === 'time') {
      const until = new Date(now.getTime() + Number(input.hours) * HOUR_MS);
      return {
        patch: { snoozedAt: now, snoozedUntil: until, snoozeUntilCount: null },
        message: `Snoozed until ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
        result: { until: until.toISOString() },
      };
    }
    const untilCount = group.failureCount + input.count;
    return {
      patch: { snoozedAt: now, snoozedUntil: null, snoozeUntilCount: untilCount },
      message: `Snoozed until ${input.count} more failure${input.count === 1 ? '' : 's'}.`,
      result: { untilCount },
    };
  });
}

export async function unsnoozeGroup(db: Database, actor: Actor, input: GroupOnlyInput): Promise<ActionResult> {
  return triage(db, actor, 'group-unsnooze', input.fingerprint, {}, (group) =>
    group.snoozedAt ? { patch: { snoozedAt: null, snoozedUntil: null, snoozeUntilCount: null }, message: 'Snooze ended.' } : { refused: 'The group is not snoozed.' },
  );
}
