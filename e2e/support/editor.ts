import type { Page } from '@playwright/test';

/** The instance page's path (as lib/routes.ts instanceHref builds it). */
export const instanceUrl = (uid: string, name: string) => `/sessions/${encodeURIComponent(uid)}/instances/${encodeURIComponent(name)}`;

/** Replaces the whole text of a CodeMirror editor found by its label. */
export async function setEditorText(page: Page, label: string, text: string): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText: CodeMirror's auto-closing brackets would double the typed ones.
  await page.keyboard.insertText(text);
}
