'use server';

import { revalidatePath } from 'next/cache';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { addGroupNote, assignGroup, resolveGroup, snoozeGroup, unresolveGroup, unsnoozeGroup } from '@/lib/failed/triage';
import { assignGroupSchema, groupNoteSchema, groupOnlySchema, snoozeGroupSchema } from '@/lib/validations/triage';

// Each triage change needs 'operate' (viewers see the state, the buttons disabled), and its
// service writes the change and its audit row in one transaction.
const assign = runAction('assignGroupAction', 'operate', assignGroupSchema, (input, { db, actor }) => assignGroup(db, actor, input));
const note = runAction('addGroupNoteAction', 'operate', groupNoteSchema, (input, { db, actor }) => addGroupNote(db, actor, input));
const resolve = runAction('resolveGroupAction', 'operate', groupOnlySchema, (input, { db, actor }) => resolveGroup(db, actor, input));
const unresolve = runAction('unresolveGroupAction', 'operate', groupOnlySchema, (input, { db, actor }) => unresolveGroup(db, actor, input));
const snooze = runAction('snoozeGroupAction', 'operate', snoozeGroupSchema, (input, { db, actor }) => snoozeGroup(db, actor, input));
const unsnooze = runAction('unsnoozeGroupAction', 'operate', groupOnlySchema, (input, { db, actor }) => unsnoozeGroup(db, actor, input));

async function done(result: FormState): Promise<FormState> {
  if (result?.ok) revalidatePath('/failed', 'layout');
  return result;
}

export async function assignGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await assign(form));
}
export async function addGroupNoteAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await note(form));
}
export async function resolveGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await resolve(form));
}
export async function unresolveGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await unresolve(form));
}
export async function snoozeGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await snooze(form));
}
export async function unsnoozeGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return done(await unsnooze(form));
}
