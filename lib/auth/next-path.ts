/**
 * Where to go after signing in: only a path on this site. The decision is made on the path a
 * browser would finally load — dot segments resolved (`/./`, `/../`, also written `%2e`), then
 * percent-decoded — and that path must start with exactly one `/`. Anything a browser could read
 * as another host is refused: `//evil.example`, `/\evil.example`, a full URL, `/.//evil.example`
 * and `/sessions/../..//evil.example` (which resolve to `//evil.example`), or those hidden behind
 * tabs and newlines (which browsers strip). So the sign-in page is never an open redirect.
 */
import { can, type Role } from './roles';

const FALLBACK = '/sessions';
const BASE = 'http://triggerboard.invalid';

/** Decodes the `%XX` escapes a server or router could decode; a malformed escape stays as it is. */
function decodePercent(path: string): string {
  return path.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run; // not UTF-8: left encoded, as a browser leaves it
    }
  });
}

/** The normalised path (pathname, query, hash) of `next` on this site, or null when it leaves it. */
function normalise(next: string): string | null {
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Where a role lands when no page was asked for: those who act work the failed inbox; viewers
 * (who cannot replay or skip) read the sessions, as before.
 */
export function landingPath(role: Role): string {
  return can(role, 'operate') ? '/failed' : FALLBACK;
}

/** `next` when it is a safe path on this site, else `fallback` (the user's landing page). */
export function safeNextPath(next: string | undefined | null, fallback: string = FALLBACK): string {
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const path = normalise(next);
  if (!path) return fallback;
  const pathname = path.replace(/[?#].*$/s, '');
  const decoded = decodePercent(pathname);
  // One leading slash, then not a second one nor a backslash, even once decoded (a router or
  // proxy that decodes %2F or %5C would otherwise turn it into a host); no control characters.
  if (!/^\/(?![/\\])/.test(decoded) || /[\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  if (decoded.toLowerCase().startsWith('/sign-in')) return fallback;
  // The answer must be a fixed point: resolving it again lands on the same path.
  if (normalise(path) !== path) return fallback;
  return path;
}
