'use server';

import { redirect } from 'next/navigation';
import { after } from 'next/server';
import { runAction, type FormState } from '@/lib/actions/run-action';
import { freezeBulkSelection, processBulkOperation, startBulk } from '@/lib/bulk';
import { getAppEngine } from '@/lib/runtime/app-engine';
import { bulkHref } from '@/lib/routes';

/** Freezes the ticked rows (or the filter's matches) into a draft and opens its confirmation page. */
export async function freezeBulkSelectionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('freezeBulkSelectionAction', 'operate', (engine, actor) => freezeBulkSelection(engine, form, actor));
  if (!result.ok) return result;
  redirect(bulkHref(result.data.id)); // outside runAction: redirect() throws on purpose
}

/**
 * Starts a confirmed bulk operation. The work runs after the response (`after`), so the page can
 * show its progress; a second submit finds it started and does not run it again.
 */
export async function startBulkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const result = await runAction('startBulkAction', 'operate', (engine, actor) => startBulk(engine, form, actor));
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
