/**
 * What a skip did, as the instance page tells it afterwards: who skipped, whether the cascade
 * fired, and which instances it scheduled. Read from the skip's audit row (written in the skip's
 * own transaction, with the instances it changed), so the page says what happened, not what a URL
 * claims.
 */
import type { Database, InstanceChange } from '@/lib/db';
import { getAppDatabase } from '@/lib/db/app-database';
import { listAuditEvents } from '@/lib/db/queries/audit';

export interface SkipOutcome {
  uid: string;
  instance: string;
  by: string;
  at: string;
  /** The trigger the cascade fired (the skipped instance's task), or null without cascade. */
  fired: string | null;
  /** Instances the cascade scheduled to run, in the order it scheduled them. */
  scheduled: string[];
}

/** The instances a skip's transaction scheduled (the cascade's), not counting the skipped one. */
export function scheduledByCascade(changes: readonly InstanceChange[], instance: string): string[] {
  return [...new Set(changes.filter((change) => change.to === 'scheduled' && change.name !== instance).map((change) => change.name))];
}

function isChange(value: unknown): value is InstanceChange {
  const change = value as Partial<InstanceChange> | null;
  return typeof change?.name === 'string' && typeof change.to === 'string';
}

/** The latest successful skip of an instance, or null when it was never skipped from the dashboard. */
export async function getSkipOutcome(db: Database, uid: string, instance: string): Promise<SkipOutcome | null> {
  const page = await listAuditEvents(db, { action: 'skip', sessionUid: uid, instanceName: instance, outcome: 'ok' }, { limit: 1 });
  const row = page.rows[0];
  if (!row) return null;
  const input = (row.input ?? {}) as { cascade?: unknown };
  const result = (row.result ?? {}) as { changes?: unknown };
  const changes = Array.isArray(result.changes) ? result.changes.filter(isChange) : [];
  const skipped = changes.find((change) => change.name === instance);
  const cascade = input.cascade === true;
  return {
    uid,
    instance,
    by: row.actorEmail,
    at: row.at.toISOString(),
    fired: cascade ? (skipped?.task ?? null) : null,
    scheduled: cascade ? scheduledByCascade(changes, instance) : [],
  };
}

/** `getSkipOutcome` on the app's database (the instance page). */
export async function loadSkipOutcome(uid: string, instance: string): Promise<SkipOutcome | null> {
  return getSkipOutcome(await getAppDatabase(), uid, instance);
}
