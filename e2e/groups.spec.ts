import { expect, test, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * Failure groups and their triage, on the demo data. The journeys work on the MaxRetriesExceeded
 * group (session 0450: the CRM stayed down past t_syncCrm's retry budget), which no other spec
 * counts after this one: replaying it with its original kwargs fails again at once, with a
 * message that differs from the first only in its numbers and the instance's name.
 */
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const maxRetriesGroup = (page: Page) =>
  page.getByTestId('failure-group').filter({ has: page.getByTestId('group-type').getByText('MaxRetriesExceeded', { exact: true }) });
const header = (page: Page) => page.getByTestId('group-header');
const rows = (page: Page) => page.getByTestId('failed-row');
const triage = (page: Page) => page.getByTestId('triage-panel');

let groupUrl = '';

test('fingerprints merge messages that differ only in ids; a resolved group reopens when it fails again', async ({ page }, testInfo) => {
  await page.goto('/failed?view=groups');
  const group = maxRetriesGroup(page);
  await expect(group).toHaveCount(1);
  // The title is the message with its numbers and quoted values left out.
  await expect(group.getByTestId('group-title')).toHaveText('Attempting retry number <n> of instance <value> while maxRetries is <n>.');
  // The demo's other MaxRetriesExceeded (a session replayed after its outage) failed with its own
  // numbers and instance name: it counts in this group's failures recorded, not in "failed now".
  const trend24h = Number(await group.getByTestId('trend-24h').getAttribute('data-total'));
  expect(trend24h).toBeGreaterThanOrEqual(1);
  await group.getByRole('link', { name: /^Open group/ }).click();
  await expect(page).toHaveURL(/\/failed\/groups\/[0-9a-f]{32}$/);
  groupUrl = new URL(page.url()).pathname;
  const recorded = Number(await header(page).getByTestId('group-failure-count').innerText());
  expect(recorded).toBeGreaterThanOrEqual(2);
  await expect(header(page).getByTestId('group-count')).toHaveText('1');
  await expect(rows(page)).toHaveCount(1);
  const firstMessage = await rows(page).first().innerText();
  expect(firstMessage).toContain("Attempting retry number 5 of instance 't_syncCrm#4' while maxRetries is 4.");

  // Resolve: the group leaves the default inbox and shows under "Resolved".
  await triage(page).getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect(header(page).getByTestId('group-status')).toHaveText('Resolved');
  await page.goto('/failed?view=groups');
  await expect(maxRetriesGroup(page)).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Group state' }).getByRole('link', { name: 'Resolved', exact: true }).click();
  await expect(page).toHaveURL(/state=resolved/);
  await expect(maxRetriesGroup(page).getByTestId('group-status')).toHaveText('Resolved');

  // A new failure with the same fingerprint: replay the instance with its original kwargs. The
  // clone is past the retry budget too and fails at once, naming itself and a higher number.
  await page.goto(groupUrl);
  await rows(page).first().locator('th a').first().click();
  await page.getByTestId('replay-form').getByLabel('Reason', { exact: true }).fill('SUP-5100: is the CRM back?');
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(page).toHaveURL(/t_syncCrm%235(\?|$)/, { timeout: 20_000 });

  await expect
    .poll(async () => {
      await page.goto(groupUrl);
      return header(page).getByTestId('group-status').innerText();
    }, { timeout: 20_000 })
    .toBe('Reopened');
  await expect(page.getByTestId('group-reopened')).toContainText('Reopened: it failed again');
  await expect(header(page).getByTestId('group-failure-count')).toHaveText(String(recorded + 1));
  await expect(rows(page)).toHaveCount(1);
  const secondMessage = await rows(page).first().innerText();
  expect(secondMessage).toContain("Attempting retry number 6 of instance 't_syncCrm#5' while maxRetries is 4.");
  expect(secondMessage).not.toBe(firstMessage);
  await expect(header(page).getByTestId('trend-24h')).toHaveAttribute('data-total', String(trend24h + 1));
  await expect(header(page).getByTestId('trend-24h').getByRole('img')).toHaveAttribute('aria-label', new RegExp(`^${trend24h + 1} failures in the last 24 hours`));
  await keepScreenshot(page, testInfo, 'group-reopened');

  // Back in the default inbox, marked as reopened.
  await page.goto('/failed?view=groups');
  await expect(maxRetriesGroup(page).getByTestId('group-status')).toHaveText('Reopened');
  await keepScreenshot(page, testInfo, 'groups-inbox');
});

test('assign to me, add a note; every change is in the audit trail; viewers only read', async ({ page, browser }, testInfo) => {
  test.skip(!groupUrl, 'needs the group found by the journey above');
  await page.goto(groupUrl);
  await triage(page).getByRole('button', { name: 'Assign to me' }).click();
  await expect(header(page).getByTestId('group-assignee')).toHaveText('Assigned to Demo Operator');
  await expect(triage(page).getByLabel('Assign to')).toHaveValue(/.+/);

  // An empty note is refused under the field; a note joins the thread with its author.
  const notes = page.getByTestId('note-form');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(notes.getByRole('alert')).toContainText('Write a note first');
  await notes.getByLabel('Add a note').fill('CRM outage INC-77: waiting for the vendor.');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('group-note')).toHaveCount(1);
  await expect(page.getByTestId('group-note').first()).toContainText('Demo Operator');
  await expect(page.getByTestId('group-note').first()).toContainText('CRM outage INC-77: waiting for the vendor.');
  await keepScreenshot(page, testInfo, 'group-page');

  // "Assigned to me" in the inbox finds it.
  await page.goto('/failed?view=groups&assignee=mine');
  await expect(page.getByRole('navigation', { name: 'Assigned to' }).getByRole('link', { name: 'Assigned to me', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(maxRetriesGroup(page).getByTestId('group-assignee')).toHaveText('Assigned to Demo Operator');

  // The audit trail has each change, with the group.
  await page.goto('/audit?action=group-assign');
  await expect(page.getByRole('main')).toContainText('Attempting retry number <n>');
  await page.goto('/audit?action=group-note');
  await expect(page.getByTestId('audit-group-note').first()).toHaveText('CRM outage INC-77: waiting for the vendor.');
  await page.goto('/audit?action=group-resolve');
  await expect(page.getByRole('main')).toContainText('MaxRetriesExceeded: Attempting retry number');

  // A viewer sees the state and the notes, with every button disabled.
  const viewer = await browser.newContext({ storageState: 'e2e/.auth/viewer.json' });
  const viewerPage = await viewer.newPage();
  await viewerPage.goto(groupUrl);
  await expect(header(viewerPage).getByTestId('group-assignee')).toHaveText('Assigned to Demo Operator');
  await expect(viewerPage.getByTestId('group-note')).toHaveCount(1);
  await expect(triage(viewerPage).getByRole('button', { name: 'Resolve', exact: true })).toBeDisabled();
  await expect(triage(viewerPage).getByRole('button', { name: 'Add note' })).toBeDisabled();
  await viewer.close();
});
