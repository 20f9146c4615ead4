/**
 * The failure groups a write touches: each instance entering `failed` counts once in the group of
 * its fingerprint, created on its first failure. Recording a failure reopens a resolved group in
 * the same statement, so a resolution can never hide a failure that arrived after it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { failureIdentity, type InstanceStatus, type TaskInstance } from '@/lib/triggers';

interface GroupRecord {
  fingerprint: string;
  exception_type: string;
  task: string;
  template: string;
  frame: string | null;
  first_seen: string;
  last_seen: string;
  failures: number;
}

/** The new failures of a write, one record per fingerprint, sorted (upserts lock rows in one order). */
export function newFailureGroups(instances: { instance: TaskInstance; from: InstanceStatus | null }[], now: string): GroupRecord[] {
  const byFingerprint = new Map<string, GroupRecord>();
  for (const { instance, from } of instances) {
    if (instance.status !== 'failed' || from === 'failed') continue;
    const identity = failureIdentity(instance.metadata);
    const at = instance.metadata.timestamps?.failed ?? now;
    const seen = byFingerprint.get(identity.fingerprint);
    if (seen) {
      seen.failures += 1;
      if (at < seen.first_seen) seen.first_seen = at;
      if (at > seen.last_seen) seen.last_seen = at;
    } else {
      byFingerprint.set(identity.fingerprint, {
        fingerprint: identity.fingerprint,
        exception_type: identity.exceptionType,
        task: instance.task,
        template: identity.template,
        frame: identity.frame,
        first_seen: at,
        last_seen: at,
        failures: 1,
      });
    }
  }
  return [...byFingerprint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}

/** The upsert of `records` into failure_groups (a data-modifying CTE's body). */
export function upsertFailureGroups(records: GroupRecord[]): SQL {
  return sql`
    insert into failure_groups as g (fingerprint, exception_type, task, template, frame, first_seen, last_seen, failure_count)
    select x.fingerprint, x.exception_type, x.task, x.template, x.frame, x.first_seen, x.last_seen, x.failures
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
      as x(fingerprint text, exception_type text, task text, template text, frame text, first_seen timestamptz, last_seen timestamptz, failures int)
    on conflict (fingerprint) do update set
      first_seen = least(g.first_seen, excluded.first_seen),
      last_seen = greatest(g.last_seen, excluded.last_seen),
      failure_count = g.failure_count + excluded.failure_count,
      reopened_at = case when g.resolved_at is not null then now() else g.reopened_at end,
      resolved_at = null,
      resolved_by = null`;
}
