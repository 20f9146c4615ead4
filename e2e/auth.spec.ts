import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * Sign-in, roles and refusals. The demo accounts are created with the demo data (lib/auth/demo-users.ts);
 * nothing here changes a session: every attempt below is refused.
 */
const UID = 'questionnaire-2026-11-0452';
const FAILED = 't_importSubject#1';
const instanceUrl = `/sessions/${UID}/instances/${encodeURIComponent(FAILED)}`;
const signedOut = { cookies: [], origins: [] };
/** Seen in Chromium before the fix: both ended on //evil.example. */
const OFF_SITE_NEXT = ['/.//evil.example', '/sessions/../..//evil.example', '/%2e%2e//evil.example/steal'];

test.describe('signed out', () => {
  test.use({ storageState: signedOut });

  test('every page sends to sign-in and every route handler answers 401, with or without a forged cookie', async ({ request, playwright, baseURL }) => {
    const pages = ['/sessions', `/sessions/${UID}`, instanceUrl, '/failed', '/failed/bulk/00000000-0000-4000-8000-000000000000', '/audit', '/admin/users', '/forbidden'];
    const apis = [`/api/sessions/${UID}/live`, '/api/bulk/00000000-0000-4000-8000-000000000000'];
    for (const path of pages) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(307);
      expect(response.headers().location, path).toMatch(/^\/sign-in(\?next=|$)/);
    }
    for (const path of apis) expect((await request.get(path)).status(), path).toBe(401);
    const snapshot = await request.get(`/sessions/${UID}/snapshot`, { maxRedirects: 0 });
    expect(snapshot.status()).toBe(307);

    // A cookie the server did not seal gets past the proxy's quick check, but no page or handler trusts it.
    const forged = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: 'triggerboard_session=forged' } });
    for (const path of pages) {
      const response = await forged.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBeGreaterThanOrEqual(300);
      expect(response.status(), path).toBeLessThan(400);
      // Nothing of the session's data (the applicant, the exception) is in what comes back.
      expect(await response.text(), path).not.toMatch(/chen\.wei|ValidationError|Chen Wei/);
    }
    for (const path of [...apis, `/sessions/${UID}/snapshot`]) {
      const response = await forged.get(path);
      expect(response.status(), path).toBe(401);
      expect(await response.text(), path).not.toMatch(/chen\.wei|ValidationError|t_importSubject/);
    }
    await forged.dispose();
  });

  test('sign in: a wrong password and an unknown email get the same answer; the way back is kept', async ({ page }, testInfo) => {
    await page.goto(instanceUrl);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expect(page.getByTestId('demo-accounts')).toContainText('operator@demo.triggerboard');
    for (const [email, password] of [
      ['operator@demo.triggerboard', 'not-the-password'],
      ['nobody@demo.triggerboard', 'demo-operator'],
    ]) {
      await page.getByLabel('Email').fill(email!);
      await page.getByLabel('Password').fill(password!);
      await submitAndSettle(page);
      await expect(page.locator('form[aria-label="Sign in"]').getByRole('alert')).toHaveText('The email or the password is wrong.');
    }
    await keepScreenshot(page, testInfo, 'sign-in-wrong');
    await page.getByLabel('Password').fill('demo-operator');
    await page.getByLabel('Email').fill('operator@demo.triggerboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`${UID}/instances/`));
    await expect(page.getByTestId('user-menu')).toContainText('Demo Operator');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/sessions');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsessions$/);
  });

  test('a next link to another site is ignored', async ({ page }) => {
    await page.goto('/sign-in?next=//evil.example/steal');
    await page.getByLabel('Email').fill('operator@demo.triggerboard');
    await page.getByLabel('Password').fill('demo-operator');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/failed$/); // the operator's landing page
  });

  for (const next of OFF_SITE_NEXT) {
    test(`after signing in, next=${next} stays on the app`, async ({ page, baseURL }) => {
      const offSite = watchOffSite(page, baseURL!);
      await page.goto(`/sign-in?next=${next}`);
      await page.getByLabel('Email').fill('operator@demo.triggerboard');
      await page.getByLabel('Password').fill('demo-operator');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByTestId('user-menu')).toBeVisible();
      expect(page.url()).toBe(`${baseURL}/failed`);
      expect(offSite).toEqual([]);
    });
  }
});

/**
 * Submits the sign-in form and waits until its answer is applied: the alert of the attempt before
 * may still be on screen, and React resets the form (the password) only then, so typing the next
 * password earlier would be wiped.
 */
async function submitAndSettle(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse((response) => response.request().method() === 'POST'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
}

/** Every request the page makes that leaves the app (none should). */
function watchOffSite(page: Page, baseURL: string): string[] {
  const offSite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(`${baseURL}/`)) offSite.push(request.url());
  });
  return offSite;
}

test.describe('already signed in', () => {
  for (const next of OFF_SITE_NEXT) {
    test(`the sign-in page with next=${next} stays on the app`, async ({ page, baseURL }) => {
      const offSite = watchOffSite(page, baseURL!);
      // Before the fix the browser left for evil.example (and failed to resolve it): keep going to check where it is.
      await page.goto(`/sign-in?next=${next}`).catch(() => undefined);
      expect(offSite).toEqual([]);
      expect(page.url()).toBe(`${baseURL}/failed`);
      await expect(page.getByTestId('user-menu')).toBeVisible();
    });
  }
});

test.describe('as a viewer', () => {
  test.use({ storageState: 'e2e/.auth/viewer.json' });

  test('recovery controls are disabled with the reason, and a forced submit is refused and changes nothing', async ({ page }, testInfo) => {
    await page.goto(instanceUrl);
    await expect(page.getByTestId('user-role')).toHaveText('viewer');
    await expect(page.getByRole('button', { name: 'Replay', exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Skip', exact: true })).toBeDisabled();
    await expect(page.getByTestId('permission-note').first()).toContainText('Your role (viewer) can only read: this needs the operator role.');
    // Reading what waits is a read: the viewer sees the same waiting tasks as an operator, never "no task waits".
    const noCascade = page.getByTestId('no-cascade-note');
    await expect(noCascade).toContainText('the tasks waiting on t_importSubject');
    await expect(noCascade.locator('code')).toHaveText(['t_importResponses', 't_scoreQuestionnaire']);
    await expect(noCascade).not.toContainText('No task waits');
    await keepScreenshot(page, testInfo, 'viewer-instance');

    // Call the server action anyway, as a crafted request would: re-enable the form and submit.
    await page.evaluate(() => {
      for (const element of document.querySelectorAll('[data-testid="replay-form"] [disabled], form[aria-label="Replay form"] [disabled]')) {
        element.removeAttribute('disabled');
      }
    });
    const replay = page.locator('form[aria-label="Replay form"], [data-testid="replay-form"]').first();
    await replay.getByLabel('Reason', { exact: true }).fill('a viewer trying anyway');
    await replay.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect(replay.getByRole('alert').filter({ hasText: 'Nothing was changed' })).toContainText('Your role (viewer) can only read');
    await page.reload();
    await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('audit-history-empty')).toBeVisible();

    // The session page's fire form and the failed inbox's bulk buttons are disabled too.
    await page.goto(`/sessions/${UID}`);
    await expect(page.getByTestId('fire-trigger-form').getByRole('button', { name: 'Fire trigger' })).toBeDisabled();
    await page.goto('/failed');
    await expect(page.getByRole('button', { name: /Replay or skip all \d+ matching/ })).toBeDisabled();
    await expect(page.getByTestId('bulk-bar')).toContainText('Your role (viewer) can only read');
    // Exception messages name the field, never the applicant's email (and a viewer's are redacted).
    await expect(page.getByTestId('failed-table')).toContainText('firstPageReceived.subject.email: Invalid email address');
    await expect(page.getByTestId('failed-table')).not.toContainText('@');
    // Payloads are hidden from viewers here (HIDE_PAYLOADS_FROM_VIEWERS=true for the e2e server):
    // what the applicant sent (their name) is not shown, though statuses and exceptions are.
    await page.goto(instanceUrl);
    await expect(page.getByTestId('kwargs')).toContainText('hidden: your role (viewer) does not see payloads');
    await expect(page.getByTestId('kwargs')).not.toContainText('Chen Wei');
    await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
    const snapshot = await page.request.get(`/sessions/${UID}/snapshot`);
    expect(snapshot.status()).toBe(200);
    expect(await snapshot.text()).not.toContain('Chen Wei');
    expect((await page.request.get(`/sessions/${UID}/journal.jsonl`)).status()).toBe(403);
    // Admin pages are not for viewers.
    await page.goto('/admin/users');
    await expect(page.getByRole('heading', { name: 'You are not allowed to open that page' })).toBeVisible();
  });
});

test.describe('as an admin', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('a refused form keeps showing what it will send: the role chosen stays chosen after the error', async ({ page }) => {
    await page.goto('/admin/users');
    const create = page.getByTestId('create-user-form');
    await create.getByLabel('Email').fill('operator@demo.triggerboard');
    await create.getByLabel('Name').fill('A second operator');
    await create.getByLabel('Role').selectOption('admin');
    await create.getByLabel('Password').fill('a-long-enough-password');
    await create.getByRole('button', { name: 'Create user' }).click();
    await expect(create).toContainText('already exists');
    // What the screen shows is what the form holds and would send again.
    await expect(create.getByLabel('Role')).toHaveValue('admin');
    expect(await create.getByLabel('Role').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe('admin');
    await expect(create.getByLabel('Email')).toHaveValue('operator@demo.triggerboard');
  });

  test('create a user (markup in the name stays text), who signs in; disabling ends their session and refuses sign-in; lockout', async ({
    page,
    browser,
  }, testInfo) => {
    const email = 'eve.support@example.com';
    const name = '<img src=x onerror="window.__xss=1">Eve';
    await page.goto('/admin/users');
    const create = page.getByTestId('create-user-form');
    await create.getByLabel('Email').fill(email);
    await create.getByLabel('Name').fill(name);
    await create.getByLabel('Role').selectOption('viewer');
    await create.getByLabel('Password').fill('eve-password-1');
    await create.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await expect(row).toContainText(name);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await keepScreenshot(page, testInfo, 'admin-users');

    // Eve signs in in her own browser.
    const eve = await browser.newContext({ storageState: signedOut });
    const evePage = await eve.newPage();
    await evePage.goto('/sign-in');
    await evePage.getByLabel('Email').fill(email);
    await evePage.getByLabel('Password').fill('eve-password-1');
    await evePage.getByRole('button', { name: 'Sign in' }).click();
    await expect(evePage.getByTestId('user-menu')).toContainText(name);

    // The admin disables her: her next request is signed out, and her password no longer lets her in.
    await row.getByRole('button', { name: `Disable ${email}` }).click();
    await expect(row).toContainText('disabled');
    await evePage.goto('/sessions');
    await expect(evePage).toHaveURL(/\/sign-in/);
    await evePage.getByLabel('Email').fill(email);
    await evePage.getByLabel('Password').fill('eve-password-1');
    await evePage.getByRole('button', { name: 'Sign in' }).click();
    await expect(evePage.locator('form[aria-label="Sign in"]').getByRole('alert')).toHaveText('This account is disabled. Ask an admin to enable it.');

    // Enabled again, five wrong passwords lock the account even for the right one.
    await row.getByRole('button', { name: `Enable ${email}` }).click();
    await expect(row).not.toContainText('disabled');
    for (let i = 0; i < 5; i += 1) {
      await evePage.getByLabel('Password').fill(`wrong-${i}`);
      await submitAndSettle(evePage);
    }
    await expect(evePage.locator('form[aria-label="Sign in"]').getByRole('alert')).toContainText('this account is locked');
    await evePage.getByLabel('Password').fill('eve-password-1');
    await evePage.getByRole('button', { name: 'Sign in' }).click();
    await expect(evePage.locator('form[aria-label="Sign in"]').getByRole('alert')).toContainText('this account is locked');
    await keepScreenshot(evePage, testInfo, 'sign-in-locked');
    await eve.close();

    // Every change above is on record, with who made it.
    await page.goto('/audit?action=user-update');
    await expect(page.getByTestId('audit-row')).toHaveCount(2);
    await expect(page.getByTestId('audit-row').first()).toContainText('Demo Admin');
  });
});

/** Signs in through the sign-in page in a fresh browser context; returns the page, on /sessions. */
async function signInFresh(browser: Browser, email: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: signedOut });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
  return { context, page };
}

/** The session cookie's value, as someone who copied it would hold it. */
async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'triggerboard_session');
  expect(cookie, 'the session cookie').toBeTruthy();
  return `triggerboard_session=${cookie!.value}`;
}

test.describe('sessions end on the server', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });
  // Its own user: signing the shared demo accounts out everywhere would end the other journeys' sessions.
  const email = 'sam.sessions@example.com';
  const password = 'sam-password-1';

  test('sign-out kills a copied cookie; sign out everywhere ends the other sessions; an admin can do it for a user', async ({
    page,
    browser,
    playwright,
    baseURL,
  }, testInfo) => {
    await page.goto('/admin/users');
    const create = page.getByTestId('create-user-form');
    await create.getByLabel('Email').fill(email);
    await create.getByLabel('Name').fill('Sam Sessions');
    await create.getByLabel('Role').selectOption('viewer');
    await create.getByLabel('Password').fill(password);
    await create.getByRole('button', { name: 'Create user' }).click();
    const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
    await expect(row).toBeVisible();

    // 1. A cookie copied before sign-out stops working after it.
    const laptop = await signInFresh(browser, email, password);
    const phone = await signInFresh(browser, email, password);
    const copy = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: await sessionCookie(laptop.context) } });
    expect((await copy.get('/sessions', { maxRedirects: 0 })).status()).toBe(200);
    await laptop.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await expect(laptop.page).toHaveURL(/\/sign-in$/);
    const afterSignOut = await copy.get('/sessions', { maxRedirects: 0 });
    expect(afterSignOut.status()).toBe(307);
    expect(afterSignOut.headers().location).toMatch(/^\/sign-in/);
    expect((await copy.get('/api/bulk/00000000-0000-4000-8000-000000000000')).status()).toBe(401);
    await copy.dispose();
    // The phone's session is another one: still signed in.
    await phone.page.reload();
    await expect(phone.page.getByTestId('user-menu')).toBeVisible();

    // 2. "Sign out everywhere" from the phone ends the laptop's new session (and its copies) too.
    const laptop2 = await signInFresh(browser, email, password);
    const copy2 = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { cookie: await sessionCookie(laptop2.context) } });
    await page.reload();
    await expect(row.getByTestId('live-sessions')).toHaveText('2 active sessions');
    await phone.page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await expect(phone.page).toHaveURL(/\/sign-in\?signed-out=everywhere$/);
    await expect(phone.page.getByTestId('signed-out-everywhere')).toBeVisible();
    await keepScreenshot(phone.page, testInfo, 'signed-out-everywhere');
    await laptop2.page.reload();
    await expect(laptop2.page).toHaveURL(/\/sign-in/);
    expect((await copy2.get('/sessions', { maxRedirects: 0 })).status()).toBe(307);
    await copy2.dispose();

    // 3. An admin signs the user out everywhere from /admin/users; it is on record.
    const tablet = await signInFresh(browser, email, password);
    await page.reload();
    await expect(row.getByTestId('live-sessions')).toHaveText('1 active session');
    await row.getByRole('button', { name: `Sign out everywhere: ${email}` }).click();
    await expect(row.getByRole('status')).toHaveText(`${email} was signed out everywhere (1 session ended).`);
    await expect(row.getByTestId('live-sessions')).toHaveText('0 active sessions');
    await keepScreenshot(page, testInfo, 'admin-sign-out-everywhere');
    await tablet.page.reload();
    await expect(tablet.page).toHaveURL(/\/sign-in/);
    await page.goto('/audit?action=user-update');
    await expect(page.getByTestId('audit-row').filter({ hasText: email }).filter({ hasText: 'signed out everywhere' })).toHaveCount(2);

    for (const device of [laptop, phone, laptop2, tablet]) await device.context.close();
  });
});
