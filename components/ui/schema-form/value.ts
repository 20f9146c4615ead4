/** Immutable edits of a JSON value at a path (keys and array indexes), for the form view. */

export type Path = readonly (string | number)[];

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The value at `path`, or undefined where there is none. */
export function getAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isRecord(current) && Object.hasOwn(current, segment) ? current[segment] : undefined;
  }
  return current;
}

/**
 * A copy of `value` with `next` at `path` (undefined removes the key, or the array element).
 * Keys keep their order, so the JSON view changes only where the form did. Missing parents are
 * created (objects for keys, arrays for indexes).
 */
export function setAt(value: unknown, path: Path, next: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return next;
  if (typeof head === 'number') {
    const list = Array.isArray(value) ? [...(value as unknown[])] : [];
    const updated = setAt(list[head], rest, next);
    if (updated === undefined && rest.length === 0) list.splice(head, 1);
    else list[head] = updated;
    return list;
  }
  const record: Record<string, unknown> = isRecord(value) ? { ...value } : {};
  const updated = setAt(record[head], rest, next);
  if (updated === undefined && rest.length === 0) delete record[head];
  else record[head] = updated;
  return record;
}

/** The dot path of the issues (`a.b.0.c`; '' for the root). */
export const dotPath = (path: Path): string => path.join('.');
