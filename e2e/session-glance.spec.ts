import { expect, test, type Locator, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * The session page read at a glance: sections with distinct names (one "Timeline", the audit
 * trail called "Changes"), a section navigation that stays in reach and that the live-refresh
 * line never covers, the reason of a change shown in full, and counts that agree.
 */
const UID = 'questionnaire-2026-11-0431';
/** A finished session no other journey reads: a trigger fired at it starts nothing. */
const QUIET_UID = 'questionnaire-2026-11-0398';
const SECTIONS = ['Tasks', 'Unresolved', 'Fired triggers', 'Fire a trigger', 'Timeline', 'Changes', 'Graph', 'Debug snapshot'];
const WIDTHS = [1280, 800] as const;

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, 'the element is laid out').not.toBeNull();
  return found!;
}

test('the session page: distinct section names, one Timeline, Changes for the audit trail', async ({ page }) => {
  await page.goto(`/sessions/${UID}`);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('link')).toHaveText(SECTIONS);
  for (const name of SECTIONS) {
    const link = nav.getByRole('link', { name, exact: true });
    const id = (await link.getAttribute('href'))!.slice(1);
    // Each link leads to a section of that very name, and no two sections share one.
    await expect(page.locator(`section[id="${id}"]`).getByRole('heading', { level: 2 }).first()).toHaveText(name);
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toHaveCount(1);
  }
  await expect(page.getByRole('heading', { name: 'History', exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Changes', exact: true })).toContainText('Every change made to this session from the dashboard, the HTTP API and the command line');
  await expect(page.getByRole('region', { name: 'Timeline', exact: true })).toContainText(/\d+ events? in the journal/);
});

test('the instance page has one Timeline too, and Changes', async ({ page }) => {
  await page.goto(`/sessions/${UID}/instances/${encodeURIComponent('t_importSubject#0')}`);
  await expect(page.getByRole('heading', { name: 'Timeline', exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Changes', exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'Statuses', exact: true })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: 'History', exact: true })).toHaveCount(0);
});

for (const width of WIDTHS) {
  test(`at ${width}px the live-refresh line and the section navigation do not overlap, and the navigation stays in reach`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/sessions/${UID}`);
    const live = page.getByTestId('live-refresh');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect(live).toBeVisible();
    const [liveBox, navBox] = [await box(live), await box(nav)];
    // The live line sits entirely above the navigation.
    expect(liveBox.y + liveBox.height, `live line bottom ${liveBox.y + liveBox.height} vs nav top ${navBox.y}`).toBeLessThanOrEqual(navBox.y);
    await keepScreenshot(page, testInfo, `session-top-${width}`, false);

    // Jump to Changes: the navigation sticks to the top and does not cover the section's heading.
    await nav.getByRole('link', { name: 'Changes', exact: true }).click();
    await expect(page).toHaveURL(/#changes$/);
    const heading = page.getByRole('heading', { level: 2, name: 'Changes', exact: true });
    await expect(heading).toBeInViewport();
    await expect(nav).toBeInViewport();
    const [stuck, headingBox] = [await box(nav), await box(heading)];
    expect(stuck.y).toBeLessThanOrEqual(1);
    expect(headingBox.y).toBeGreaterThanOrEqual(stuck.y + stuck.height);
    await keepScreenshot(page, testInfo, `session-changes-${width}`, false);
    await keepScreenshot(page, testInfo, `session-full-${width}`);
  });
}

test("a change's reason is shown in full, and its count agrees", async ({ page }, testInfo) => {
  const reason =
    'SUP-3120: the applicant wrote in twice about this questionnaire; recording a note for the CRM team so that whoever picks up the ' +
    'follow-up sees the whole story, including that the applicant prefers to be called in the afternoon, and that nothing else should be re-sent.';
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/sessions/${QUIET_UID}`);
  const form = page.getByTestId('fire-trigger-form');
  await expect(form.getByLabel('Trigger', { exact: true })).toHaveAttribute('placeholder', 'e.g. firstPageReceived');
  await form.getByLabel('Trigger', { exact: true }).fill('supportNote');
  await form.getByLabel('Reason', { exact: true }).fill(reason);
  await form.getByRole('button', { name: 'Fire trigger' }).click();
  await expect(form.getByRole('status')).toContainText('Fired supportNote');

  // The audit log, filtered on that session: one change, and the sentence says so.
  await page.goto(`/audit?session=${QUIET_UID}`);
  await expect(page.getByTestId('audit-summary')).toContainText('1 change matches these filters.');
  const shown = page.getByTestId('audit-reason');
  await expect(shown).toHaveText(`Reason: ${reason}`);
  // Wrapped within the page, not cut off at the edge of the table's box.
  const [reasonBox, tableBox] = [await box(shown), await box(page.getByTestId('audit-table'))];
  expect(reasonBox.height).toBeGreaterThan(30); // more than one line
  expect(reasonBox.x + reasonBox.width).toBeLessThanOrEqual(Math.min(tableBox.x + tableBox.width, 1280));
  await keepScreenshot(page, testInfo, 'audit-reason');

  // The same change in the session's Changes section.
  await page.goto(`/sessions/${QUIET_UID}#changes`);
  const changes = page.getByRole('region', { name: 'Changes', exact: true });
  await expect(changes.getByTestId('audit-reason')).toHaveText(`Reason: ${reason}`);
  const inSection = await box(changes.getByTestId('audit-reason'));
  expect(inSection.x + inSection.width).toBeLessThanOrEqual(1280);
  await changes.scrollIntoViewIfNeeded();
  const path = testInfo.outputPath('session-changes-reason.png');
  await changes.screenshot({ path });
  await testInfo.attach('session-changes-reason', { path, contentType: 'image/png' });

  // Placeholders name this app's things.
  await page.goto('/audit');
  await expect(page.getByLabel('Session uid')).toHaveAttribute('placeholder', /questionnaire-2026-11-/);
  await expect(page.getByLabel('Instance')).toHaveAttribute('placeholder', 'e.g. t_importSubject#0');
});

test('a box that scrolls takes focus and scrolls from the keyboard; one that fits is no tab stop', async ({ page }) => {
  const taskTable = (p: Page) => p.locator('[id="task-t_importSubject"]').getByRole('group', { name: 'Instances of t_importSubject' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/sessions/${UID}`);
  await expect(taskTable(page)).toHaveAttribute('data-scrollable', 'false');
  await expect(taskTable(page)).not.toHaveAttribute('tabindex');

  // Narrower, the same table scrolls sideways: now it is a tab stop, and the arrow keys scroll it.
  await page.setViewportSize({ width: 800, height: 900 });
  await expect(taskTable(page)).toHaveAttribute('data-scrollable', 'true');
  await expect(taskTable(page)).toHaveAttribute('tabindex', '0');
  await taskTable(page).focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => taskTable(page).evaluate((node) => node.scrollLeft)).toBeGreaterThan(0);
});
