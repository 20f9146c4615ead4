/**
 * The signed-in user, from a sealed, httpOnly, SameSite=Lax cookie (iron-session). The cookie
 * holds only a random session token; the session itself lives on the server (lib/auth/sessions.ts)
 * and every request looks it up with its user, so signing out, a disabled account or a changed
 * role takes effect at once — for a copied cookie too. Secure behind HTTPS (COOKIE_SECURE=auto
 * believes X-Forwarded-Proto from a trusted proxy only).
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
import { getOrCreateSecret } from '@/lib/db/queries/secrets';
import { getEnv } from '@/lib/env';
import { clientAddressFrom, forwardedHttps, parseTrustedProxies, type TrustedProxies } from './client-address';
import { SESSION_COOKIE } from './cookie';
import { PEER_HEADER, peerStampInstalled } from './peer-address';
import { can, refusal, type Permission, type Role } from './roles';
import { createSession, endSessionByToken, SESSION_TTL_MS, sessionUser } from './sessions';

interface SessionData {
  /** The token of a row in auth_sessions. */
  sid?: string;
}

export interface SignedInUser extends Actor {
  id: string;
  role: Role;
}

/** SESSION_SECRET, or a random secret generated once and kept in the database. */
async function sessionSecret(db: Database): Promise<string> {
  const configured = getEnv().SESSION_SECRET;
  if (configured) return configured;
  return getOrCreateSecret(db, 'session', randomBytes(48).toString('base64url'));
}

async function secureCookies(): Promise<boolean> {
  const setting = getEnv().COOKIE_SECURE;
  if (setting !== 'auto') return setting === 'true';
  const list = await headers();
  return forwardedHttps({ peer: requestPeer(list), forwardedProto: list.get('x-forwarded-proto'), trusted: trustedProxies() });
}

async function ironSession(): Promise<IronSession<SessionData>> {
  // cookies() first: it marks the render dynamic before anything touches the database.
  const store = await cookies();
  const db = await getAppDatabase();
  return getIronSession<SessionData>(store, {
    password: await sessionSecret(db),
    cookieName: SESSION_COOKIE,
    ttl: SESSION_TTL_MS / 1000, // the row's expiry is what counts; the cookie goes with it
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: await secureCookies(), path: '/' },
  });
}

/** Starts a signed-in session for this user (after the password was checked). */
export async function startSession(user: { id: string }): Promise<void> {
  const session = await ironSession();
  const { token } = await createSession(await getAppDatabase(), user.id);
  session.sid = token;
  await session.save();
}

/** Signs this browser out: the session's row is deleted, so a copy of the cookie dies with it. */
export async function endSession(): Promise<void> {
  const session = await ironSession();
  if (session.sid) await endSessionByToken(await getAppDatabase(), session.sid);
  session.destroy();
}

/** Forgets the cookie only (after "sign out everywhere" has deleted the rows). */
export async function clearSessionCookie(): Promise<void> {
  (await ironSession()).destroy();
}

/** The signed-in user of this request, or null (no cookie, signed out, expired, or disabled). */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await ironSession();
  if (typeof session.sid !== 'string') return null;
  const user = await sessionUser(await getAppDatabase(), session.sid);
  if (!user) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role };
});

/**
 * The client's address, for the sign-in limits: the TCP peer, or, when the peer is one of the
 * TRUSTED_PROXIES, the address those proxies forwarded (lib/auth/client-address.ts).
 */
export async function clientAddress(): Promise<string> {
  const list = await headers();
  const forwardedFor = list.get('x-forwarded-for');
  return clientAddressFrom({ peer: requestPeer(list), forwardedFor: forwardedFor ? [forwardedFor] : [], trusted: trustedProxies() });
}

/** The TCP peer of this request (lib/auth/peer-address.ts). */
function requestPeer(list: Headers): string | undefined {
  // Without the stamp (a server that skipped instrumentation.ts) the peer is unknown: Next's own
  // x-forwarded-for is all there is, and a client that sends one can choose it. Never the case
  // under `npm start` or `next start`.
  if (peerStampInstalled()) return list.get(PEER_HEADER) ?? undefined;
  return list.get('x-forwarded-for')?.split(',').at(-1)?.trim();
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
