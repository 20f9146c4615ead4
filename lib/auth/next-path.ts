/**
 * Where to go after signing in: only a path on this site. Anything a browser could read as
 * another host is refused — `//evil.example`, `/\evil.example`, a full URL, or those hidden
 * behind tabs and newlines (which browsers strip) — so the sign-in page is never an open redirect.
 */
export function safeNextPath(next: string | undefined | null): string {
  const fallback = '/sessions';
  if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  const base = 'http://triggerboard.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base || url.pathname.startsWith('/sign-in')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
