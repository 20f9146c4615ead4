/**
 * Who replayed a failed instance, told from its clone: the handler's own `ctx.retry()` or a named
 * user, never blamed on "support" when the handler asked for it. Pure, so the wording is tested
 * as a table of cases (tests/replay-explanation.test.ts).
 *
 * The clone says who made it: a dashboard replay writes `metadata.replay = { by, reason, … }` on
 * it (lib/recovery); a retry always writes `metadata.cooldown` on it (a number or null, engine
 * semantics §14.2), which a replay never does; anything else was replayed through the engine's
 * API, where no user is recorded.
 */
export interface ReplayClone {
  name: string;
  /** The clone's lineage depth: its parent's depth + 1. */
  depth: number;
  metadata: Record<string, unknown>;
}

export type WhoReplayed =
  | {
      kind: 'retry';
      clone: string;
      /** Which run of the task the clone is (1 is the first run; replays in the chain count too). */
      attempt: number;
      /** Runs the handler's retry budget allows (`maxRetries + 1`), when its handler is known. */
      attempts: number | null;
      cooldownSeconds: number | null;
    }
  | { kind: 'user'; clone: string; by: string; reason: string | null; bulk: boolean }
  | { kind: 'unrecorded'; clone: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Who made `clone` from its parent. `maxRetries` is the clone's handler's budget, when known. */
export function whoReplayed(clone: ReplayClone, maxRetries: number | null = null): WhoReplayed {
  const { replay } = clone.metadata;
  if (isRecord(replay) && typeof replay.by === 'string' && replay.by !== '') {
    const reason = typeof replay.reason === 'string' && replay.reason.trim() !== '' ? replay.reason.trim() : null;
    return { kind: 'user', clone: clone.name, by: replay.by, reason, bulk: typeof replay.bulkOperation === 'string' };
  }
  if ('cooldown' in clone.metadata) {
    const cooldown = clone.metadata.cooldown;
    return {
      kind: 'retry',
      clone: clone.name,
      attempt: clone.depth + 1,
      attempts: maxRetries === null ? null : maxRetries + 1,
      cooldownSeconds: typeof cooldown === 'number' && Number.isFinite(cooldown) && cooldown > 0 ? cooldown : null,
    };
  }
  return { kind: 'unrecorded', clone: clone.name };
}

/** One sentence for people: "The handler retried it (attempt 2 of 5) after a 30 s cooldown." */
export function describeWhoReplayed(who: WhoReplayed): string {
  switch (who.kind) {
    case 'retry': {
      const attempt = `attempt ${who.attempt}${who.attempts === null ? '' : ` of ${who.attempts}`}`;
      const wait = who.cooldownSeconds === null ? 'with no cooldown' : `after a ${formatSeconds(who.cooldownSeconds)} cooldown`;
      return `The handler retried it (${attempt}) ${wait}.`;
    }
    case 'user': {
      const how = who.bulk ? ' in a bulk action' : '';
      return who.reason === null ? `Replayed by ${who.by}${how}.` : `Replayed by ${who.by}${how}: ${who.reason}`;
    }
    case 'unrecorded':
      return 'Replayed through the engine API, outside the dashboard: no user was recorded.';
  }
}

function formatSeconds(seconds: number): string {
  if (seconds < 120 || seconds % 60 !== 0) return `${Number(seconds.toFixed(3))} s`;
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`;
}
