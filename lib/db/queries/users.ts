import 'server-only';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { users, type UserRow } from '../schema';

export type { UserRow };

/** What a user row may be changed to (lib/auth/users.ts decides which fields change). */
export type UserChanges = Partial<Pick<UserRow, 'role' | 'name' | 'disabled' | 'passwordHash' | 'failedSignIns' | 'lockedUntil' | 'sessionVersion' | 'updatedAt'>>;

/** Every user, by email. */
export async function listUserRows(db: Database): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email));
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

/** The user with this email (emails are stored lower-cased: pass it so). */
export async function getUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row ?? null;
}

export async function getUserById(db: Database, id: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Of these emails, those an account has. */
export async function existingEmails(db: Database, emails: readonly string[]): Promise<string[]> {
  if (emails.length === 0) return [];
  const rows = await db.select({ email: users.email }).from(users).where(inArray(users.email, [...emails]));
  return rows.map((row) => row.email);
}

export async function insertUser(db: Database, user: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'passwordHash'>): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  return row!;
}

/**
 * In a transaction: locks every admin row, then the user's own, and returns the user (null when
 * there is none). Two admins demoting each other at once then cannot leave none.
 */
export async function lockUserAndAdmins(tx: Database, id: string): Promise<UserRow | null> {
  await tx.execute(sql`select id from users where role = 'admin' for update`);
  const [row] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  return row ?? null;
}

/** Enabled admins other than this user. */
export async function countOtherActiveAdmins(db: Database, exceptId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, exceptId)));
  return row?.n ?? 0;
}

/** Changes one user; returns the row as it now is (null: no such user). */
export async function updateUserRow(db: Database, id: string, changes: UserChanges): Promise<UserRow | null> {
  const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
  return row ?? null;
}
