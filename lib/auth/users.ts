/**
 * Staff accounts: create, list, change role or name, disable, reset a password. Every change
 * writes its audit row in the same transaction. Passwords are hashed with argon2id and never
 * recorded anywhere else.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { insertAuditEvent, type Actor } from '@/lib/audit';
import type { Database } from '@/lib/db/client';
import { deleteUserAuthSessions } from '@/lib/db/queries/auth-sessions';
import { deleteSignInFailures } from '@/lib/db/queries/sign-in';
import * as userRows from '@/lib/db/queries/users';
import type { UserRow } from '@/lib/db/queries/users';
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
  return (await userRows.listUserRows(db)).map(toSummary);
}

export const countUsers = userRows.countUsers;

/** The user with this email, in any case and with any surrounding spaces. */
export async function findUserByEmail(db: Database, email: string): Promise<UserRow | null> {
  return userRows.getUserByEmail(db, email.trim().toLowerCase());
}

export async function getUserById(db: Database, id: string): Promise<UserRow | null> {
  if (textProblem(id)) return null; // PostgreSQL text cannot hold it, so no user has it
  return userRows.getUserById(db, id);
}

/** Creates a user (validated); the audit row names who created it. */
export async function createUser(db: Database, actor: Actor, raw: unknown): Promise<UserSummary> {
  const input = createUserSchema.parse(raw);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (await userRows.getUserByEmail(tx, input.email)) throw new UserError(`A user with the email ${input.email} already exists.`, 'email');
    const user = toSummary(await userRows.insertUser(tx, { id: randomUUID(), email: input.email, name: input.name, role: input.role, passwordHash }));
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
    // The admins are locked too, so two admins cannot demote each other at once and leave none.
    const current = await userRows.lockUserAndAdmins(tx, input.id);
    if (!current) throw new UserError('No such user.');
    const losesAdmin =
      current.role === 'admin' && !current.disabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin && (await userRows.countOtherActiveAdmins(tx, current.id)) === 0) {
      throw new UserError('At least one active admin must remain: make another admin first.', 'role');
    }
    const endsSessions = passwordHash !== undefined || (input.disabled === true && !current.disabled);
    const row = await userRows.updateUserRow(tx, input.id, {
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      ...(passwordHash !== undefined ? { passwordHash, failedSignIns: 0, lockedUntil: null } : {}),
      ...(endsSessions ? { sessionVersion: current.sessionVersion + 1 } : {}),
      updatedAt: new Date(),
    });
    // Server-side sessions: every cookie of this user stops working now, copies included.
    if (endsSessions) await deleteUserAuthSessions(tx, current.id);
    // A new password lifts the lockout (the failures counted against the old one).
    if (passwordHash !== undefined) await deleteSignInFailures(tx, { email: current.email });
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
