/**
 * Where to go after signing in: only a path on this site (never `//evil.example` or a full URL,
 * which would make the sign-in page an open redirect).
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/sign-in')) return '/sessions';
  return next;
}
