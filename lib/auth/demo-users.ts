/**
 * The embedded demo's accounts, one per role, created with the demo data on a fresh embedded
 * (PGlite) database. Their passwords are public on purpose: the demo is for trying the dashboard,
 * never for real data. A server database (DATABASE_URL) never gets them.
 */
import 'server-only';
import type { Actor } from '@/lib/audit';
import { getAppDatabase } from '@/lib/db/app-database';
import { dbKind, type Database } from '@/lib/db/client';
import { existingEmails } from '@/lib/db/queries/users';
import type { Role } from './roles';
import { countUsers, createUser } from './users';

export const DEMO_USERS: readonly { email: string; name: string; role: Role; password: string }[] = [
  { email: 'operator@demo.triggerboard', name: 'Demo Operator', role: 'operator', password: 'demo-operator' },
  { email: 'viewer@demo.triggerboard', name: 'Demo Viewer', role: 'viewer', password: 'demo-viewer-pw' },
  { email: 'admin@demo.triggerboard', name: 'Demo Admin', role: 'admin', password: 'demo-admin-pw' },
];

const SEEDER: Actor = { id: null, email: 'demo-seed', name: 'demo data seeding', role: 'admin' };

export async function createDemoUsers(db: Database): Promise<void> {
  for (const user of DEMO_USERS) await createUser(db, SEEDER, user);
}

/** True on an embedded database that still has the demo accounts. */
export async function demoUsersPresent(db: Database): Promise<boolean> {
  if (dbKind(db) !== 'pglite') return false;
  return (await existingEmails(db, DEMO_USERS.map((u) => u.email))).length > 0;
}

/** What the sign-in page says besides the form: whether any account exists, and whether the demo ones do. */
export async function signInPageFacts(): Promise<{ users: number; demo: boolean }> {
  const db = await getAppDatabase();
  const [users, demo] = await Promise.all([countUsers(db), demoUsersPresent(db)]);
  return { users, demo };
}
