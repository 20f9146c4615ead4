/**
 * Dynamic route segments (`[uid]`, `[name]`, `[id]`) as the text they stand for. Next.js hands
 * `params` over still percent-encoded (`applicant%3A1031`); every page, route handler and
 * not-found view decodes them here. Plain functions: client views use them too.
 */

/** A route segment decoded; a malformed escape is kept as it is (proxy.ts refuses such paths first). */
export function decodeRouteParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Whether any of these texts holds a NUL character. PostgreSQL text cannot hold one, so no
 * session, instance or operation is named so: the answer is "not found" (or "matches nothing")
 * without asking the database, which would fail on it.
 */
export function hasNul(...texts: (string | null | undefined)[]): boolean {
  return texts.some((text) => text?.includes('\u0000') === true);
}
