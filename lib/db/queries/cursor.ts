/**
 * Opaque keyset-pagination cursors: the sort key of the last row of a page, base64url-encoded.
 * Timestamps travel as PostgreSQL's own text (microsecond precision), never through a JS Date,
 * so no row is skipped or repeated at a page boundary.
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('The page cursor is not valid (it may come from an older link); start from the first page.');
  }
}

/** NUL or a lone UTF-16 surrogate: text PostgreSQL cannot hold. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function encodeCursor(parts: readonly string[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, length: number): string[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // PostgreSQL text cannot hold NUL or a lone surrogate: such a cursor was not made by us.
    if (Array.isArray(parts) && parts.length === length && parts.every((p) => typeof p === 'string' && !UNSTORABLE.test(p))) {
      return parts as string[];
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

// PostgreSQL's text form of timestamptz, e.g. 2026-11-27 08:12:24.123456+00.
const PG_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(?:([+-])(\d{2})(?::?(\d{2})){0,2}|Z)?$/;

/**
 * Whether a timestamp in PostgreSQL's text form names a real instant PostgreSQL accepts: the
 * pattern alone lets through 2026-13-45 or 25:00:00, which the query would answer with an error.
 */
export function isValidPgTimestamp(text: string): boolean {
  const match = PG_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetHours = match[9] === undefined ? 0 : Number(match[9]);
  const daysInMonth = new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate(); // same leap rule every 400 years
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 15;
}

/** Decodes a cursor whose first part is a timestamp (as sent by the queries that made it). */
export function decodeTimeCursor(cursor: string, length: number): string[] {
  const parts = decodeCursor(cursor, length);
  if (!isValidPgTimestamp(parts[0] ?? '')) throw new InvalidCursorError();
  return parts;
}

/** Decodes a cursor that is a plain non-negative integer (a sequence number). */
export function decodeIntegerCursor(cursor: string): number {
  if (!/^\d{1,9}$/.test(cursor)) throw new InvalidCursorError();
  return Number(cursor);
}

export interface Page<T> {
  rows: T[];
  /** Cursor of the next page, or null on the last page. */
  nextCursor: string | null;
}

/** Cuts a `limit + 1` result into a page and the cursor that continues after it. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string[]): Page<T> {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
