import 'server-only';
import type { Database } from '../client';
import {
  listFiredTriggers,
  listSessionTasks,
  listUnresolvedInstances,
  type FiredTrigger,
  type InstanceSummary,
  type TaskWithInstances,
} from './instances';
import { getSessionSummary, type SessionSummary } from './sessions';
import { listSimulatedTriggers } from './simulated';

export interface SessionView {
  session: SessionSummary;
  /** Every task in configuration order with the first page of its instances. */
  tasks: TaskWithInstances[];
  /** Tasks with no instance yet or with an unresolved instance. */
  unresolvedTasks: string[];
  unresolvedInstances: InstanceSummary[];
  /** Every trigger fired so far with its latest kwargs. */
  firedTriggers: FiredTrigger[];
  /** Fired triggers whose latest kwargs are a result simulated by support (a cascaded skip). */
  simulatedTriggers: string[];
}

/**
 * Everything the session page shows, in a fixed number of queries whatever the session's size.
 * Null when no session has that uid.
 */
export async function getSessionView(
  db: Database,
  uid: string,
  options: { instancesPerTask?: number } = {},
): Promise<SessionView | null> {
  const session = await getSessionSummary(db, uid);
  if (!session) return null;
  const [tasks, unresolvedInstances, firedTriggers, simulatedTriggers] = await Promise.all([
    listSessionTasks(db, uid, options),
    listUnresolvedInstances(db, uid),
    listFiredTriggers(db, uid),
    listSimulatedTriggers(db, uid),
  ]);
  return {
    session,
    tasks,
    unresolvedTasks: tasks.filter((t) => t.instanceCount === 0 || t.unresolvedCount > 0).map((t) => t.name),
    unresolvedInstances,
    firedTriggers,
    simulatedTriggers,
  };
}
