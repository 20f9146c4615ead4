/**
 * Roles and what they allow. Shared by the server (which enforces) and the UI (which disables
 * what a role may not use, and says why). Each role includes the ones before it.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** read: see everything · operate: replay, skip, fire, mark logs, bulk · admin: manage users. */
export type Permission = 'read' | 'operate' | 'admin';

const NEEDED: Record<Permission, Role> = { read: 'viewer', operate: 'operator', admin: 'admin' };

export function can(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(NEEDED[permission]);
}

/** Why a role may not do something, for the note beside a disabled button. */
export function refusal(role: Role, permission: Permission): string {
  const needed = NEEDED[permission];
  return `Your role (${role}) can only ${role === 'viewer' ? 'read' : 'operate'}: this needs the ${needed} role. Ask an admin if you need it.`;
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'reads everything, changes nothing',
  operator: 'also replays, skips, fires triggers, marks logs resolved and runs bulk actions',
  admin: 'also manages users and API tokens',
};
