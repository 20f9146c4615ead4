import { expect, test, type Page, type TestInfo } from '@playwright/test';

/**
 * Sign-in, roles and refusals. The demo accounts are created with the demo data (lib/auth/demo-users.ts);
 * nothing here changes a session: every attempt below is refused.
 */
const UID = 'questionnaire-2026-11-0452';
const FAILED = 't_importSubject#1';
const instanceUrl = `/sessions/${UID}/instances/${encodeURIComponent(FAILED)}`;
const signedOut = { cookies: [], origins: [] };

async function keepScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

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
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('form[aria-label="Sign in"]').getByRole('alert')).toHaveText('The email or the password is wrong.');
    }
    await keepScreenshot(page, testInfo, 'sign-in-wrong');
    await page.getByLabel('Password').fill('demo-operator');
    await page.getByLabel('Email').fill('operator@demo.triggerboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`${UID}/instances/`));
    await expect(page.getByTestId('user-menu')).toContainText('Demo Operator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto('/sessions');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fsessions$/);
  });

  test('a next link to another site is ignored', async ({ page }) => {
    await page.goto('/sign-in?next=//evil.example/steal');
    await page.getByLabel('Email').fill('operator@demo.triggerboard');
    await page.getByLabel('Password').fill('demo-operator');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/sessions$/);
  });
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
    await expect(page.getByTestId('failed-table')).toContainText('firstPageReceived.subject.email is not a valid email address');
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
      // Wait for each answer: the alert from the attempt before is still on screen.
      await Promise.all([
        evePage.waitForResponse((response) => response.request().method() === 'POST'),
        evePage.getByRole('button', { name: 'Sign in' }).click(),
      ]);
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
