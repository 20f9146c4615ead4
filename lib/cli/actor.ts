/**
 * Who a command-line change is audited as: the person at the terminal, the same way for every
 * script (`npm run tb`, `token:create`, `user:create`). Direct database access is an admin's
 * power, so the role is admin.
 */
import os from 'node:os';
import type { Actor } from '@/lib/audit';

/** `cli:<os-user>@<host>`, named `<script> (<os-user>)`, e.g. `npm run token:create (ada)`. */
export function cliActor(script = 'npm run tb'): Actor {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return { kind: 'cli', id: null, email: `cli:${user}@${os.hostname()}`, name: `${script} (${user})`, role: 'admin' };
}
