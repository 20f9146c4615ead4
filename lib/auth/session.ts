/**
 * The signed-in user, from a sealed, httpOnly, SameSite=Lax cookie (iron-session). The cookie
 * holds only the user's id and session version; every request reloads the user, so a disabled
 * account or a changed role takes effect at once. Secure behind HTTPS (COOKIE_SECURE=auto looks
 * at x-forwarded-proto).
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { getIronSession, type IronSession } from 'iron-session';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Actor } from '@/lib/audit';
import { getAppDatabase } from '@/lib/db/app-database';
import type { Database } from '@/lib/db/client';
import { appSecrets } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { eq } from 'drizzle-orm';
import { clientAddressFrom, parseTrustedProxies, type TrustedProxies } from './client-address';
import { SESSION_COOKIE } from './cookie';
import { PEER_HEADER, peerStampInstalled } from './peer-address';
import { can, refusal, type Permission, type Role } from './roles';
import { getUserById } from './users';

/** A signed-in session lasts 12 hours (a working day), then the user signs in again. */
const SESSION_TTL_SECONDS = 12 * 3600;

interface SessionData {
  userId?: string;
  version?: number;
}

export interface SignedInUser extends Actor {
  id: string;
  role: Role;
}

/** SESSION_SECRET, or a random secret generated once and kept in the database. */
async function sessionSecret(db: Database): Promise<string> {
  const configured = getEnv().SESSION_SECRET;
  if (configured) return configured;
  await db
    .insert(appSecrets)
    .values({ name: 'session', value: randomBytes(48).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select().from(appSecrets).where(eq(appSecrets.name, 'session'));
  return row!.value;
}

async function secureCookies(): Promise<boolean> {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== 'auto') return setting === 'true';
  return (await headers()).get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

async function ironSession(): Promise<IronSession<SessionData>> {
  // cookies() first: it marks the render dynamic before anything touches the database.
  const store = await cookies();
  const db = await getAppDatabase();
  return getIronSession<SessionData>(store, {
    password: await sessionSecret(db),
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: await secureCookies(), path: '/' },
  });
}

/** Starts a signed-in session for this user (after the password was checked). */
export async function startSession(user: { id: string; sessionVersion: number }): Promise<void> {
  const session = await ironSession();
  session.userId = user.id;
  session.version = user.sessionVersion;
  await session.save();
}

export async function endSession(): Promise<void> {
  (await ironSession()).destroy();
}

/** The signed-in user of this request, or null (no cookie, expired, disabled, or signed out elsewhere). */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await ironSession();
  if (!session.userId) return null;
  const user = await getUserById(await getAppDatabase(), session.userId);
  if (!user || user.disabled || user.sessionVersion !== session.version) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
});

/**
 * The client's address, for the sign-in limits: the TCP peer, or, when the peer is one of the
 * TRUSTED_PROXIES, the address those proxies forwarded (lib/auth/client-address.ts).
 */
export async function clientAddress(): Promise<string> {
  const list = await headers();
  const forwardedFor = list.get('x-forwarded-for');
  const forwarded = forwardedFor ? [forwardedFor] : [];
  // Without the stamp (a server started without instrumentation) the peer is unknown; Next's
  // x-forwarded-for is then the best there is, and the rightmost entry the least forgeable.
  const peer = peerStampInstalled() ? list.get(PEER_HEADER) : forwarded.join(',').split(',').at(-1)?.trim();
  return clientAddressFrom({ peer, forwardedFor: forwarded, trusted: trustedProxies() });
}

let trusted: { key: readonly string[]; list: TrustedProxies } | undefined;
function trustedProxies(): TrustedProxies {
  const entries = getEnv().TRUSTED_PROXIES;
  if (trusted?.key !== entries) trusted = { key: entries, list: parseTrustedProxies(entries) };
  return trusted.list;
}

/**
 * For pages: the signed-in user allowed `permission`; otherwise to the sign-in page (which
 * comes back to `next`), or, when signed in without the permission, a 403 page.
 */
export async function requirePageUser(permission: Permission = 'read', next?: string): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect(next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');
  if (!can(user.role, permission)) redirect(`/forbidden?need=${permission}`);
  return user;
}

/** For route handlers: the user, or the 401/403 response to send instead. */
export async function requireApiUser(permission: Permission = 'read'): Promise<SignedInUser | Response> {
  const user = await currentUser();
  if (!user) return Response.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  if (!can(user.role, permission)) {
    return Response.json({ error: refusal(user.role, permission) }, { status: 403, headers: { 'Cache-Control': 'no-store' } });
  }
  return user;
}
