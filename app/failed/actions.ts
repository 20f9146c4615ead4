'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { freezeBulkSelection, processBulkOperation, startBulk } from '@/lib/bulk';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { bulkHref } from '@/lib/routes';
import { BULK_START_INVALID, bulkSelectionSchema, bulkStartSchema, selectionProblem } from '@/lib/validations/bulk';

const freeze = runAction('freezeBulkSelectionAction', 'operate', bulkSelectionSchema, (input, { engine, actor }) => freezeBulkSelection(engine, input, actor), {
  invalidMessage: selectionProblem,
});
const start = runAction('startBulkAction', 'operate', bulkStartSchema, (input, { engine, actor }) => startBulk(engine, input, actor), {
  invalidMessage: BULK_START_INVALID,
});

/** Freezes the ticked rows (or the filter's matches) into a draft and opens its confirmation page. */
export async function freezeBulkSelectionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await freeze(form);
  if (!result.ok) return result;
  redirect(bulkHref(result.data.id)); // outside runAction: redirect() throws on purpose
}

/**
 * Starts a confirmed bulk operation. The work runs after the response (`after`), so the page can
 * show its progress; a second submit finds it started and does not run it again.
 */
export async function startBulkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await start(form);
  if (!result.ok) return result;
  if (result.data.started) {
    const id = result.data.id;
    after(async () => {
      try {
        await processBulkOperation(await getAppEngine(), id);
      } catch (error) {
        console.error(JSON.stringify({ level: 'error', msg: 'bulk operation stopped', id, error: String(error) }));
      }
    });
  }
  return { ok: true, message: result.message, data: undefined };
}
