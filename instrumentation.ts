/** Next.js calls `register()` once per server start, before serving requests. */
export async function register(): Promise<void> {
  // The database drivers need Node.js. `next build` may also load this file: don't open the
  // database there (it would create the data folder for nothing).
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  // First: the sign-in limits need the real client address (see lib/auth/peer-address.ts).
  const { installPeerAddressStamp } = await import('./lib/auth/peer-address');
  await installPeerAddressStamp();
  // TRACE: a 405 with the security headers, not Next's 500 (lib/http/method-guard.ts).
  const { installMethodGuard } = await import('./lib/http/method-guard');
  await installMethodGuard();
  const { bootServerOrExit } = await import('./lib/boot');
  await bootServerOrExit();
}
