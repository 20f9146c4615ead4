import { inspect } from 'node:util';

/** A plain object: `{}` literal or `Object.create(null)`, not an array, Date, Map or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A deep copy through JSON, which is what every store keeps: what goes in or comes out of a
 * store is never shared with the caller, and `undefined` values vanish exactly as they would
 * in a database.
 */
export function copyJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Recursively merges `incoming` over `base` (docs/engine-behaviour.md §3.3): plain objects merge key by
 * key, anything else from `incoming` replaces what `base` had. Neither argument is modified.
 */
export function deepMerge(
  base: Record<string, unknown>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = copyJson(base);
  for (const [key, value] of Object.entries(incoming)) {
    const existing = merged[key];
    merged[key] =
      isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : copyJson(value);
  }
  return merged;
}

/** Renders any value so that it survives a JSON round trip (for error context and results). */
export function jsonSafe(value: unknown): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (value !== null && typeof value === 'object' && !isPlainObject(value) && !Array.isArray(value)) {
    // Class instances (Date, Map, …) would lose their meaning as JSON; show them as people read them.
    return inspect(value, { depth: 4, breakLength: Infinity });
  }
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return inspect(value, { depth: 4, breakLength: Infinity });
  }
}

/** True when `value` is an object whose values are all plain objects (trigger kwargs). */
export function isTriggerKwargs(value: unknown): value is Record<string, Record<string, unknown>> {
  return isPlainObject(value) && Object.values(value).every(isPlainObject);
}

/**
 * Rejects what no store can keep: PostgreSQL's JSONB refuses the NUL character (\u0000), so
 * every store refuses it alike rather than only some of them failing later.
 */
export function assertStorable(value: unknown, what: string): void {
  if (JSON.stringify(value)?.includes('\\u0000')) {
    throw new TypeError(`${what} contains a NUL character (\\u0000), which cannot be stored.`);
  }
}

/** Replaces NUL characters in every string of a value (for error text that must be stored). */
export function withoutNul<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v))) as T;
}
