import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';
import { instanceUrl, setEditorText } from './support/editor';

/**
 * Issue 16 parts 5 and 7 on the production build: a failed demo instance's stack trace points at
 * source (`lib/tasks/questionnaire.ts:NN:NN`, never `.next/` or an absolute path), and a skip that
 * would cascade an empty result asks first, then says what it did. Session 0446 (the TypeError) is
 * only read; session 0444 is skipped here and nowhere else.
 */
test.describe.configure({ timeout: 60_000 });

test('a failed demo instance: its stack trace shows the handler and its source location, and copies it', async ({ page, context }, testInfo) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(instanceUrl('questionnaire-2026-11-0446', 't_importSubject#0'));
  const trace = page.getByTestId('exception').getByTestId('stack-trace');
  await expect(trace).toContainText('TypeError');

  // The handler's frame: its function and project-relative source line, highlighted.
  const inApp = trace.locator('[data-testid="stack-frame"][data-in-app="true"]');
  await expect(inApp).toHaveCount(1);
  await expect(inApp).toContainText('importSubject [as handler]');
  const location = inApp.getByTestId('frame-location');
  await expect(location).toHaveText(/^lib\/tasks\/questionnaire\.ts:\d+:\d+$/);

  // No frame, folded or not, names a chunk or the build folder.
  await trace.locator('details').evaluateAll((groups) => groups.forEach((group) => group.setAttribute('open', '')));
  const locations = await trace.getByTestId('frame-location').allTextContents();
  expect(locations.length).toBeGreaterThan(3);
  for (const where of locations) {
    expect(where).not.toContain('.next/');
    expect(where).not.toMatch(/^\/|^file:/);
  }
  // The engine's frames are folded, and read as source too.
  expect(locations).toContainEqual(expect.stringMatching(/^lib\/triggers\/execution\.ts:\d+:\d+$/));

  // Copy the location: the button confirms, the clipboard holds it.
  const where = (await location.textContent())!;
  const copy = inApp.getByRole('button', { name: `Copy location ${where} to clipboard` });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(where);
  await keepScreenshot(page, testInfo, 'stack-trace-source');
});

test('a skip cascading an empty result asks first, then says what the cascade scheduled, linked', async ({ page }, testInfo) => {
  // Session 0444: a score out of range, t_scoreQuestionnaire#0 failed, t_syncCrm waits on it.
  const uid = 'questionnaire-2026-11-0444';
  await page.goto(instanceUrl(uid, 't_scoreQuestionnaire#0'));
  const skip = page.getByTestId('skip-form');
  await skip.getByRole('checkbox', { name: /Cascade/ }).check();
  await setEditorText(page, 'Simulated result', '{}');
  // The task's schema wants a score: skip anyway, on purpose, with nothing.
  await skip.getByRole('checkbox', { name: /Skip anyway/ }).check();
  await skip.getByLabel('Reason', { exact: true }).fill('SUP-3010: applicant withdrew, CRM told by hand');
  await skip.getByRole('button', { name: 'Skip', exact: true }).click();

  // The confirm step, in the form: what the waiting tasks will receive; nothing changed yet.
  const confirm = skip.getByTestId('confirm-empty-cascade');
  await expect(confirm).toContainText('Cascade an empty result?');
  await expect(confirm).toContainText('t_syncCrm');
  await expect(confirm).toContainText('will receive an empty result ({})');
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
  const proceed = confirm.getByRole('button', { name: 'Skip and cascade an empty result' });
  await expect(proceed).toBeFocused();
  await keepScreenshot(page, testInfo, 'skip-confirm-empty');

  // Going back leaves the form as it was; asking again and confirming skips.
  await confirm.getByRole('button', { name: 'Go back and enter a result' }).click();
  await expect(confirm).toHaveCount(0);
  await skip.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(skip.getByTestId('confirm-empty-cascade')).toBeVisible();
  await skip.getByRole('button', { name: 'Skip and cascade an empty result' }).click();

  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'skipped');
  const outcome = page.getByTestId('skip-outcome');
  await expect(outcome).toContainText("Skipped t_scoreQuestionnaire#0. The cascade fired 't_scoreQuestionnaire' and scheduled: t_syncCrm#0");
  await expect(outcome).toContainText('operator@demo.triggerboard');
  await keepScreenshot(page, testInfo, 'skip-outcome');
  await outcome.getByRole('link', { name: 't_syncCrm#0' }).click();
  await expect(page).toHaveURL(new RegExp(`${encodeURIComponent('t_syncCrm#0')}$`));
  await expect(page.getByRole('heading', { level: 1, name: 't_syncCrm#0' })).toBeVisible();
});
