/**
 * The URL state of the dashboard's lists (lib/audit/url.ts, lib/failed/url.ts,
 * lib/sessions/url.ts, lib/journal/url.ts): search params read leniently — anything invalid
 * falls back to its default, never an error page — and links written with defaults left out.
 */
import { z } from 'zod';

/** A page's search params as Next.js hands them over. */
export type SearchParamsRecord = Record<string, string | string[] | undefined>;

/** A param's value; the first one when the param is repeated. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Trimmed text of at most `max` characters; empty (an empty form field), longer or not one string counts as absent. */
export const textParam = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => value || undefined)
    .optional()
    .catch(undefined);

/** One of `values`, or absent. */
export const choiceParam = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

/** A keyset cursor: opaque here, checked by the query that made it. */
export const cursorParam = z.string().max(500).optional().catch(undefined);

/** A page size from 1 to `max`, or absent. */
export const limitParam = (max: number) => z.coerce.number().int().min(1).max(max).optional().catch(undefined);

/** `path` with `params` as its query string, in the order given; empty values (and defaults the caller maps to undefined) are left out. */
export function hrefWithParams(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
