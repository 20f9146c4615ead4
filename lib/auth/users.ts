/**
 * Staff accounts: create, list, change role or name, disable, reset a password. Every change
 * writes its audit row in the same transaction. Passwords are hashed with argon2id and never
 * recorded anywhere else.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { insertAuditEvent, type Actor } from '@/lib/audit';
import type { Database } from '@/lib/db/client';
import { authSessions, signInFailures, users, type UserRow } from '@/lib/db/schema';
import { textProblem } from '@/lib/validations/json-field';
import { createUserSchema, updateUserSchema } from '@/lib/validations/users';
import { hashPassword } from './password';
import type { Role } from './roles';

export type { UserRow };

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export function toSummary(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
  };
}

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function listUsers(db: Database): Promise<UserSummary[]> {
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map(toSummary);
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function getUserById(db: Database, id: string): Promise<UserRow | null> {
  if (textProblem(id)) return null; // PostgreSQL text cannot hold it, so no user has it
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Creates a user (validated); the audit row names who created it. */
export async function createUser(db: Database, actor: Actor, raw: unknown): Promise<UserSummary> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw new UserError(`A user with the email ${input.email} already exists.`, 'email');
    const [row] = await tx
      .insert(users)
      .values({ id: randomUUID(), email: input.email, name: input.name, role: input.role, passwordHash })
      .returning();
    const user = toSummary(row!);
    await insertAuditEvent(
      tx,
      actor,
      { action: 'user-create', input: { email: user.email, name: user.name, role: user.role } },
      { outcome: 'ok', result: { userId: user.id } },
    );
    return user;
  });
}

/**
 * Changes a user's role, name, disabled flag or password. Disabling or a new password ends the
 * user's signed-in sessions (deletes their rows) and a new password lifts a lockout. The last active admin cannot be demoted or disabled.
 */
export async function updateUser(db: Database, actor: Actor, raw: unknown): Promise<UserSummary> {
  const input = updateUserSchema.parse(raw);
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Lock the admins so two admins cannot demote each other at once and leave none.
    await tx.execute(sql`select id from users where role = 'admin' for update`);
    const [current] = await tx.select().from(users).where(eq(users.id, input.id)).for('update');
    if (!current) throw new UserError('No such user.');
    const losesAdmin =
      current.role === 'admin' && !current.disabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin) {
      const [others] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.disabled, false), ne(users.id, current.id)));
      if ((others?.n ?? 0) === 0) throw new UserError('At least one active admin must remain: make another admin first.', 'role');
    }
    const endsSessions = passwordHash !== undefined || (input.disabled === true && !current.disabled);
    const [row] = await tx
      .update(users)
      .set({
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash, failedSignIns: 0, lockedUntil: null } : {}),
        ...(endsSessions ? { sessionVersion: current.sessionVersion + 1 } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, input.id))
      .returning();
    // Server-side sessions: every cookie of this user stops working now, copies included.
    if (endsSessions) await tx.delete(authSessions).where(eq(authSessions.userId, current.id));
    // A new password lifts the lockout (the failures counted against the old one).
    if (passwordHash !== undefined) await tx.delete(signInFailures).where(eq(signInFailures.email, current.email));
    const changed: Record<string, unknown> = {};
    if (input.role !== undefined && input.role !== current.role) changed.role = { from: current.role, to: input.role };
    if (input.name !== undefined && input.name !== current.name) changed.name = { from: current.name, to: input.name };
    if (input.disabled !== undefined && input.disabled !== current.disabled) changed.disabled = { from: current.disabled, to: input.disabled };
    if (passwordHash !== undefined) changed.password = 'reset';
    await insertAuditEvent(
      tx,
      actor,
      { action: 'user-update', input: { userId: current.id, email: current.email, ...changed } },
      { outcome: 'ok', result: { userId: current.id } },
    );
    return toSummary(row!);
  });
}
