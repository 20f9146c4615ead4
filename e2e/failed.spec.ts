import { expect, test, type Locator, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * The failed inbox, as support staff work through it. The server is seeded at boot with the demo
 * data (lib/demo): 14 ValidationErrors, 2 TypeErrors (t_importSubject given an object for a page
 * count) and 1 MaxRetriesExceeded (t_syncCrm with the CRM down) are failed and waiting.
 */
const EXPECTED = { ValidationError: 14, TypeError: 2, MaxRetriesExceeded: 1 } as const;
const TOTAL = Object.values(EXPECTED).reduce((a, b) => a + b, 0);

const table = (page: Page) => page.getByTestId('failed-table');
const rows = (page: Page) => page.getByTestId('failed-row');

/** The failure times of the rows shown, in page order. */
async function failedTimes(list: Locator): Promise<number[]> {
  const values = await list.locator('td:nth-child(2) time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime') ?? ''));
  return values.map((value) => new Date(value).getTime());
}

/** "session/instance" of each row shown, in page order. */
async function rowKeys(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((trs) =>
    trs.map((tr) => `${tr.querySelector('[data-testid="failed-session"]')?.textContent ?? ''}/${tr.querySelector('th a')?.textContent ?? ''}`),
  );
}

async function expectDemoData(page: Page) {
  await page.goto('/failed');
  await expect(table(page), 'The failed inbox is empty: these journeys need the demo data that lib/demo/seed.ts seeds at boot.').toBeVisible();
}

const isDescending = (values: number[]) => values.every((value, i) => i === 0 || values[i - 1]! >= value);

test('every failure across sessions, newest first, filtered by exception type and task', async ({ page }, testInfo) => {
  await expectDemoData(page);
  await expect(page).toHaveTitle('Failed · Triggerboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Failed instances' })).toBeVisible();
  await expect(page.getByTestId('failed-summary')).toContainText(`${TOTAL} failed instances`);
  // By fingerprint: type, message without its ids and values, and the code that threw. The
  // inbox shows unresolved groups assigned to the signed-in user or nobody by default.
  await expect(page.getByTestId('failed-summary')).toContainText('in 11 failure groups that are unresolved and assigned to you or nobody');
  await expect(rows(page)).toHaveCount(TOTAL);
  const times = await failedTimes(table(page));
  expect(times).toHaveLength(TOTAL);
  expect(isDescending(times), 'newest failure first').toBe(true);
  // The exception type is text; a replay that failed again says which clone it is.
  await expect(table(page)).toContainText('MaxRetriesExceeded');
  await expect(table(page).getByTestId('clone-depth').first()).toHaveText(/^clone #\d+$/);
  await keepScreenshot(page, testInfo, 'failed-list');

  // Filter by exception type: a GET form, so the URL can go into the ticket.
  await page.getByLabel('Exception type').selectOption('ValidationError');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]type=ValidationError(&|$)/);
  await expect(rows(page)).toHaveCount(EXPECTED.ValidationError);
  await expect(page.getByTestId('failed-summary')).toContainText(`${EXPECTED.ValidationError} failed instances with exception ValidationError`);
  for (const text of await rows(page).getByTestId('failed-type').allInnerTexts()) expect(text).toBe('ValidationError');

  // … and by task, keeping the exception type.
  await page.getByLabel('Task', { exact: true }).selectOption('t_importSubject');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/task=t_importSubject/);
  await expect(page).toHaveURL(/type=ValidationError/);
  await expect(page.getByLabel('Exception type')).toHaveValue('ValidationError');
  // The URL changes before the filtered rows stream in: wait until the type-only list is gone.
  await expect(rows(page)).not.toHaveCount(EXPECTED.ValidationError);
  const count = await rows(page).count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(EXPECTED.ValidationError);
  for (const text of await rows(page).locator('th').allInnerTexts()) expect(text).toContain('t_importSubject');
  await keepScreenshot(page, testInfo, 'failed-filtered');

  // A session prefix that matches nothing says so, with a way back.
  await page.getByLabel('Session uid starts with').fill('no-such-session-');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('heading', { name: 'No failed instance matches' })).toBeVisible();
  await page.getByRole('link', { name: 'Clear filters' }).first().click();
  await expect(page).toHaveURL(/\/failed$/);
  await expect(rows(page)).toHaveCount(TOTAL);

  // Age windows: the demo's failures are hours to a day or two old.
  await page.goto('/failed?age=older');
  await expect(page.getByLabel('Failed when')).toHaveValue('older');
  const older = await rows(page).count();
  await page.goto('/failed?age=week');
  expect((await rows(page).count()) + older).toBe(TOTAL);
});

test('grouped view: failure groups by fingerprint, and a group opens its page', async ({ page }, testInfo) => {
  await expectDemoData(page);
  await page.getByRole('navigation', { name: 'Failed view' }).getByRole('link', { name: 'Grouped by failure' }).click();
  await expect(page).toHaveURL(/\/failed\?view=groups$/);
  const groups = page.getByTestId('failure-group');
  const counts = new Map<string, number>();
  for (const group of await groups.all()) {
    const type = await group.getByTestId('group-type').innerText();
    const n = Number(await group.getByTestId('group-count').innerText());
    counts.set(type, (counts.get(type) ?? 0) + n);
    // Each group has a trend of its last 24 hours and 7 days, with its numbers as text.
    await expect(group.getByTestId('trend-7d').getByRole('img')).toHaveAttribute('aria-label', /failures? in the last 7 days|No failures/);
  }
  expect(Object.fromEntries(counts)).toEqual(EXPECTED);
  await expect(page.getByTestId('failed-summary')).toContainText(`${TOTAL} failed instances in ${await groups.count()} failure groups`);
  await keepScreenshot(page, testInfo, 'failed-groups');

  // The largest group comes first; it opens its own page with its instances.
  const first = groups.first();
  const type = await first.getByTestId('group-type').innerText();
  const n = Number(await first.getByTestId('group-count').innerText());
  await first.getByRole('link', { name: /^Open group/ }).click();
  await expect(page).toHaveURL(/\/failed\/groups\/[0-9a-f]{32}$/);
  await expect(page.getByTestId('group-header').getByTestId('group-count')).toHaveText(String(n));
  await expect(rows(page)).toHaveCount(n);
  for (const text of await rows(page).getByTestId('failed-type').allInnerTexts()) expect(text).toBe(type);
});

test('page through the inbox with a small page size; a bad cursor falls back to the first page', async ({ page }, testInfo) => {
  await expectDemoData(page);
  const all = await rowKeys(page);
  expect(all).toHaveLength(TOTAL);

  await page.goto('/failed?limit=5');
  const seen: string[] = [];
  for (let pageNo = 1; ; pageNo += 1) {
    expect(pageNo).toBeLessThanOrEqual(Math.ceil(TOTAL / 5));
    // The URL changes before the page's content streams in (the loading skeleton shows meanwhile):
    // read the rows only once the pager of this page is there.
    const next = page.getByRole('link', { name: 'Next page →' });
    await expect(next.or(page.getByText('Last page'))).toBeVisible();
    seen.push(...(await rowKeys(page)));
    if ((await next.count()) === 0) break;
    if (pageNo === 1) await keepScreenshot(page, testInfo, 'failed-page-1');
    const href = await next.getAttribute('href');
    expect(href).toMatch(/^\/failed\?limit=5&cursor=/);
    await next.click();
    await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === href);
  }
  await expect(page.getByText('Last page')).toBeVisible();
  expect(seen, 'the pages together are the whole list, in order, nothing repeated').toEqual(all);
  await page.getByRole('link', { name: '← First page' }).click();
  await expect(page).toHaveURL(/\/failed\?limit=5$/);
  await expect(page.getByRole('link', { name: 'Next page →' })).toBeVisible();
  expect(await rowKeys(page)).toEqual(all.slice(0, 5));

  // A page size over the cap is ignored (the default applies); a cursor from nowhere resets.
  await page.goto('/failed?limit=100000');
  await expect(rows(page)).toHaveCount(TOTAL);
  await page.goto('/failed?limit=5&cursor=not-a-cursor');
  await expect(page.getByRole('status').filter({ hasText: 'the first page is shown' })).toBeVisible();
  expect(await rowKeys(page)).toEqual(all.slice(0, 5));
  await keepScreenshot(page, testInfo, 'failed-bad-cursor');
});

test('an instance link opens the instance page; narrow windows scroll the table', async ({ page }, testInfo) => {
  await expectDemoData(page);
  const row = rows(page).filter({ hasText: 'TypeError' }).first();
  const uid = await row.getByTestId('failed-session').innerText();
  const name = await row.locator('th a').first().innerText();
  await row.getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === `/sessions/${encodeURIComponent(uid)}/instances/${encodeURIComponent(name)}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await page.goBack();

  await page.setViewportSize({ width: 420, height: 900 });
  await page.goto('/failed');
  // Streamed content first arrives in a hidden container (no size there) before React swaps it in.
  await expect(table(page)).toBeVisible();
  const scroller = table(page).locator('xpath=..');
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // The row's actions stay in view (a sticky column) while the rest scrolls under them.
  const replay = await rows(page).first().getByRole('button', { name: /^Replay/ }).boundingBox();
  expect(replay!.x + replay!.width).toBeLessThanOrEqual(420);
  await keepScreenshot(page, testInfo, 'failed-narrow');
});

test('at 1280 and 1024 px wide the inbox shows every column, Replay and Open included, without sideways scrolling', async ({ page }, testInfo) => {
  for (const width of [1280, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/failed');
    const first = rows(page).first();
    await expect(first.getByRole('button', { name: /^Replay/ })).toBeVisible();
    const scroller = table(page).locator('xpath=..');
    expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth), `table overflow at ${width}px`).toBeLessThanOrEqual(1);
    const replay = await first.getByRole('button', { name: /^Replay/ }).boundingBox();
    const open = await first.getByRole('link', { name: /^Open/ }).boundingBox();
    expect(replay!.x + replay!.width).toBeLessThanOrEqual(width);
    expect(open!.x + open!.width).toBeLessThanOrEqual(width);
    // The inline replay's reason and Confirm fit too.
    await first.getByRole('button', { name: /^Replay/ }).click();
    const confirm = first.getByRole('button', { name: 'Confirm replay' });
    await expect(confirm).toBeVisible();
    const box = await confirm.boundingBox();
    expect(box!.x + box!.width, `Confirm replay at ${width}px`).toBeLessThanOrEqual(width);
    await keepScreenshot(page, testInfo, `failed-${width}`);
    await first.getByRole('button', { name: 'Cancel' }).click();
  }
});
