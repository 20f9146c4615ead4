import { expect, test, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * The agent's loop from the keyboard: the failed inbox → the newest failure → edit the kwargs →
 * replay → the next failure, without the mouse; the rows' inline Replay; the `?` dialog; the
 * kwargs editor is no keyboard trap; operators land on the inbox after signing in.
 *
 * Works under the filter "applicant sessions, ValidationError" (applicant:1052 and 1061 in the
 * demo data), which no other journey reads: every replay here fails again (the same kwargs), so
 * the counts other journeys expect stay as they are.
 */
const FILTER = 'session=applicant%3A&type=ValidationError';
const INBOX = `/failed?${FILTER}`;

const rows = (page: Page) => page.getByTestId('failed-row');

/** Keys do nothing before the page is hydrated: wait until the shortcuts listen. */
async function goto(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator('html[data-shortcuts="on"]')).toHaveCount(1);
}

/** "uid/name" of each row shown, in order. */
async function rowKeys(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((trs) => trs.map((tr) => `${tr.querySelector('[data-testid="failed-session"]')?.textContent ?? ''}/${tr.querySelector('th a')?.textContent ?? ''}`));
}

/** Whether a URL carries the inbox filter FILTER (in any order). */
const carriesFilter = (url: URL) => {
  const sorted = (query: string) => [...new URLSearchParams(query)].map(([k, v]) => `${k}=${v}`).sort().join('&');
  return sorted(url.searchParams.get('inbox') ?? '') === sorted(FILTER);
};

const instancePath = (key: string) => {
  const [uid, name] = key.split('/') as [string, string];
  return `/sessions/${encodeURIComponent(uid)}/instances/${encodeURIComponent(name)}`;
};

/** Whether the focus is inside the kwargs editor. */
const inEditor = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('[data-editor="replay-kwargs"]')));

test('from the inbox without the mouse: newest failure → edit the kwargs → replay → next failure', async ({ page }, testInfo) => {
  await goto(page, INBOX);
  const keys = await rowKeys(page);
  expect(keys.length).toBeGreaterThanOrEqual(2);
  // The inbox uses the window's width and shows messages in full (not clamped).
  const tableWidth = await page.getByTestId('failed-table').evaluate((el) => el.getBoundingClientRect().width);
  expect(tableWidth).toBeGreaterThan(page.viewportSize()!.width - 80);
  await expect(page.getByTestId('failed-message').first()).not.toHaveClass(/line-clamp/);

  // j selects the newest failure (a visible ring: focus), j/k move.
  await page.keyboard.press('j');
  await expect(rows(page).nth(0)).toBeFocused();
  await expect(rows(page).nth(0)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('j');
  await expect(rows(page).nth(1)).toBeFocused();
  await page.keyboard.press('k');
  await expect(rows(page).nth(0)).toBeFocused();
  await keepScreenshot(page, testInfo, 'inbox-selected');

  // Enter opens it, with the inbox filter carried along.
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === instancePath(keys[0]!) && carriesFilter(url));
  await expect(page.getByTestId('next-failure')).toBeVisible();
  await expect(page.getByTestId('replay-kwargs-keys')).toHaveText('Tab indents · Esc then Tab to leave · Ctrl+Enter to submit');

  // e focuses the editor; typing edits it (the key `e` itself is not typed).
  const editor = page.getByTestId('replay-kwargs-editor');
  const before = await editor.innerText();
  await page.keyboard.press('e');
  await expect(editor).toBeFocused();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter'); // a blank line: the text differs, the kwargs do not
  await page.keyboard.press('Tab'); // indents inside the editor: the focus stays
  expect(await inEditor(page)).toBe(true);
  expect(await editor.innerText()).not.toBe(before);
  await expect(page.getByRole('radio', { name: /these kwargs/ })).toBeChecked();

  // Esc, then Tab leaves the editor; on to the reason (bounded), ticking "Replay anyway" on the way:
  // these kwargs fail the task's schema (a ValidationError), which the live check says after a pause.
  await expect(page.getByTestId('replay-form').getByRole('checkbox', { name: /Replay anyway/ })).toBeEnabled();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(false);
  for (let i = 0; i < 15; i++) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return { name: el?.getAttribute('name') ?? '', label: el?.closest('label')?.textContent ?? '', type: el?.type ?? '' };
    });
    if (focused.name === 'reason') break;
    if (focused.type === 'checkbox' && /Replay anyway/.test(focused.label)) await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
  }
  await expect(page.getByTestId('replay-form').getByLabel('Reason', { exact: true })).toBeFocused();
  await page.keyboard.type('SUP-3100: replayed from the keyboard');
  await keepScreenshot(page, testInfo, 'instance-keyboard-replay');
  await page.keyboard.press('ControlOrMeta+Enter');

  // The clone's page, still under the inbox filter; `n` goes to the next-older failure.
  await expect(page).toHaveURL((url) => url.pathname !== instancePath(keys[0]!) && carriesFilter(url), { timeout: 20_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/#\d+$/);
  await expect(page.getByTestId('lineage')).toContainText(keys[0]!.split('/')[1]!);
  await keepScreenshot(page, testInfo, 'clone-next-failure');
  await page.keyboard.press('n');
  await expect(page).toHaveURL((url) => url.pathname === instancePath(keys[1]!) && carriesFilter(url));
});

test('an inbox row replays inline: r asks the reason in the row, Enter replays, the next failure is offered', async ({ page }, testInfo) => {
  await goto(page, INBOX);
  const keys = await rowKeys(page);
  await page.keyboard.press('j');
  await page.keyboard.press('r');
  const inline = page.getByTestId('row-replay');
  await expect(inline).toBeVisible();
  const reason = inline.getByRole('textbox');
  await expect(reason).toBeFocused();
  // Too short a reason is answered in the row; nothing is sent.
  await page.keyboard.type('x');
  await page.keyboard.press('Enter');
  await expect(inline.getByRole('alert')).toContainText('at least 3 characters');
  await keepScreenshot(page, testInfo, 'inbox-row-replay');
  await page.keyboard.type('yz: SUP-3101 retry from the inbox');
  await page.keyboard.press('Enter');

  const notice = page.getByTestId('inbox-notice');
  await expect(notice).toContainText(`Replaying ${keys[0]!.split('/')[1]} as `);
  await expect(notice.getByTestId('next-failure')).toBeFocused();
  await keepScreenshot(page, testInfo, 'inbox-row-replayed');
  await page.keyboard.press('n');
  await expect(page).toHaveURL((url) => url.pathname === instancePath(keys[1]!));

  // Esc in the row's reason cancels and gives the focus back to Replay.
  await goto(page, INBOX);
  await rows(page).first().getByRole('button', { name: /^Replay / }).click();
  await expect(page.getByTestId('row-replay').getByRole('textbox')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('row-replay')).toHaveCount(0);
  await expect(rows(page).first().getByRole('button', { name: /^Replay / })).toBeFocused();
});

test('? lists every shortcut in a dialog; Esc closes it and the focus returns', async ({ page }, testInfo) => {
  await goto(page, INBOX);
  await page.keyboard.press('j');
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  for (const key of ['j', 'k', 'Enter', 'r', 's', 'e', 'n', 'Esc', 'Ctrl+Enter', '⌘+Enter', 'Ctrl+K', '/', '?']) {
    await expect(dialog.locator('kbd', { hasText: new RegExp(`^${key.replace(/[?+/]/g, '\\$&')}$`) }).first()).toBeVisible();
  }
  await keepScreenshot(page, testInfo, 'shortcuts-dialog');
  // Keys are the dialog's while it is open: j does not move the inbox's selection.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(rows(page).nth(0)).toBeFocused();
  // The button beside the list opens it too.
  await page.getByRole('button', { name: 'Keyboard shortcuts (?)' }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('the kwargs editor is no keyboard trap: Tab from the top of a failed instance page reaches Replay', async ({ page }, testInfo) => {
  await goto(page, INBOX);
  const [first] = await rowKeys(page);
  await goto(page, instancePath(first!));
  const replay = page.getByTestId('replay-form').getByRole('button', { name: 'Replay', exact: true });
  await expect(replay).toBeVisible();
  let presses = 0;
  let passedEditor = false;
  while (presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
    if (await inEditor(page)) passedEditor = true;
    if (await replay.evaluate((button) => button === document.activeElement)) break;
  }
  expect(passedEditor, 'the Tab order crosses the editor').toBe(true);
  await expect(replay).toBeFocused();
  expect(presses).toBeLessThan(40);
  testInfo.annotations.push({ type: 'Tab presses to Replay', description: String(presses) });
  console.log(`Tab presses from the top of the page to Replay: ${presses}`);

  // Once typing in it, Tab indents; Shift+Tab after Esc leaves backwards.
  await page.keyboard.press('e');
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Tab');
  expect(await inEditor(page)).toBe(true);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await inEditor(page)).toBe(false);
});

test('s skips from the keyboard; the skipped page offers the next failure under the filter', async ({ page }, testInfo) => {
  await goto(page, INBOX);
  const keys = await rowKeys(page);
  expect(keys.length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL((url) => url.pathname === instancePath(keys[0]!) && carriesFilter(url));
  await expect(page.getByTestId('replay-kwargs-editor')).toBeVisible(); // CodeMirror: the page is hydrated, its keys listen
  await page.keyboard.press('s');
  const reason = page.getByTestId('skip-form').getByLabel('Reason', { exact: true });
  await expect(reason).toBeFocused();
  await page.keyboard.type('SUP-3102: duplicate of a test submission');
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'skipped');
  await expect(page.getByTestId('next-failure')).toBeVisible();
  await keepScreenshot(page, testInfo, 'skipped-next-failure');
  await page.keyboard.press('n');
  await expect(page).toHaveURL((url) => url.pathname === instancePath(keys[1]!) && carriesFilter(url));
  await expect(page.locator('html[data-shortcuts="on"]')).toHaveCount(1); // "Next failure →" loads a whole page
  // The last failure under the filter: next goes back to the inbox, under the same filter.
  await page.keyboard.press('n');
  await expect(page).toHaveURL((url) => url.pathname === '/failed' && new URLSearchParams(url.search).get('type') === 'ValidationError');
});

test.describe('viewers', () => {
  test.use({ storageState: 'e2e/.auth/viewer.json' });

  test('see the rows’ Replay disabled, with the reason', async ({ page }) => {
    await goto(page, INBOX);
    const replay = rows(page).first().getByRole('button', { name: /^Replay / });
    await expect(replay).toBeDisabled();
    await expect(replay).toHaveAttribute('title', /viewer/);
    await expect(rows(page).first().getByRole('link', { name: /^Open / })).toBeVisible();
  });
});

test.describe('signing in', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const [email, password, landing] of [
    ['operator@demo.triggerboard', 'demo-operator', '/failed'],
    ['admin@demo.triggerboard', 'demo-admin-pw', '/failed'],
    ['viewer@demo.triggerboard', 'demo-viewer-pw', '/sessions'],
  ] as const) {
    test(`${email} lands on ${landing}; a safe next still wins`, async ({ page, baseURL }) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(`${baseURL}${landing}`);
      // Signed in, the sign-in page sends on to the same landing, or to a safe next.
      await page.goto('/sign-in');
      await expect(page).toHaveURL(`${baseURL}${landing}`);
      await page.goto('/sign-in?next=/audit');
      await expect(page).toHaveURL(`${baseURL}/audit`);
      await page.goto('/sign-in?next=//evil.example/x');
      await expect(page).toHaveURL(`${baseURL}${landing}`);
    });
  }
});
