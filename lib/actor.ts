import 'server-only';
import type { Actor } from '@/lib/recovery';

/**
 * Who is acting. Until sign-in lands (issue 8) every change is recorded as made by the
 * dashboard's shared operator; then this returns the signed-in user (and refuses viewers).
 */
export async function currentActor(): Promise<Actor> {
  return { name: 'operator (no sign-in yet)' };
}
