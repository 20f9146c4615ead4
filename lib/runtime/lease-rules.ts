/**
 * When a process may declare another one lost: pure functions over plain data (the clock is
 * passed in), applied by the sweeper (lib/runtime/worker.ts) inside one transaction.
 *
 * After an outage every heartbeat is stale at once, including the ones of live processes that
 * have not had their turn to beat yet. So staleness only counts while the sweeper itself could
 * reach the database: a sweeper whose own heartbeat came late or failed restarts its
 * `connectedSince`, and judges nobody until it has beaten without a gap for a whole lease.
 */

export interface HeartbeatState {
  /** Last successful heartbeat. */
  heartbeatAt: Date;
  /** Start of the unbroken run of heartbeats that ends at `heartbeatAt`. */
  connectedSince: Date;
}

export interface LeaseTimes {
  /** Silence after which a process counts as lost. */
  leaseMs: number;
  /** Longest gap between two heartbeats of the sweeper that still counts as connected. */
  maxGapMs: number;
}

/** Why the sweeper may not judge anyone now (null: it may). */
export function sweeperCannotJudge(now: Date, sweeper: HeartbeatState | null, times: LeaseTimes): string | null {
  if (!sweeper) return 'the sweeper is not registered as alive (it was declared lost: it must register again first)';
  if (now.getTime() - sweeper.heartbeatAt.getTime() > times.maxGapMs) {
    return 'the sweeper’s own heartbeat is late (it may have been cut off from the database)';
  }
  if (now.getTime() - sweeper.connectedSince.getTime() < times.leaseMs) {
    return 'the sweeper has not reached the database without a gap for a whole lease yet';
  }
  return null;
}

/**
 * The processes to declare lost at `now`: those silent for longer than the lease, provided the
 * sweeper has itself been connected for at least that long (so their silence happened while the
 * database was reachable). The sweeper never judges itself.
 */
export function lostProcesses(
  now: Date,
  sweeper: (HeartbeatState & { id: string }) | null,
  others: ReadonlyArray<{ id: string; heartbeatAt: Date }>,
  times: LeaseTimes,
): string[] {
  if (sweeperCannotJudge(now, sweeper, times) !== null) return [];
  return others
    .filter((other) => other.id !== sweeper!.id && now.getTime() - other.heartbeatAt.getTime() > times.leaseMs)
    .map((other) => other.id);
}

/** The longest heartbeat gap that still counts as connected, for a heartbeat every `heartbeatSeconds`. */
export function maxHeartbeatGapMs(heartbeatSeconds: number): number {
  return Math.round(heartbeatSeconds * 1500);
}
