import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

// An admin manages the API tokens other services use: create (the secret shown once), copy,
// see it listed as never used, revoke. Operators cannot reach the page.

test.describe('as an admin', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('creates a token, sees it once and copies it, finds it listed as never used, then revokes it', async ({ page, context, baseURL }, testInfo) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    const name = `orders-service-${Date.now()}`;

    await page.goto('/sessions');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'API tokens' }).click();
    await expect(page).toHaveURL(/\/admin\/tokens$/);
    await expect(page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'API tokens' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveAttribute('aria-current', 'page');
    // The header keeps one row: nothing wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expect(page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();

    const create = page.getByRole('form', { name: 'Create a token' });
    await create.getByLabel('Name').fill(`  ${name}  `);
    await create.getByLabel('Scope').selectOption('operate');
    await expect(page.getByTestId('new-token-scope-hint')).toHaveText('An operate token also creates and configures sessions, fires triggers, replays and skips, like an operator.');
    await create.getByRole('button', { name: 'Create token' }).click();

    // Shown once, with the warning, and nowhere in the URL.
    const panel = page.getByTestId('new-token-secret');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText(`The operate token “${name}”: copy it now`);
    await expect(page.getByTestId('new-token-warning')).toContainText('It will not be shown again');
    const secret = await page.getByLabel('The new token').inputValue();
    expect(secret).toMatch(/^tb_[A-Za-z0-9_-]{43}$/);
    expect(page.url()).not.toContain(secret);
    await expect(create.getByLabel('Name')).toHaveValue('');

    await panel.getByRole('button', { name: 'Copy token' }).click();
    await expect(page.getByTestId('copy-status')).toHaveText('Copied to the clipboard.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // Listed (prefix only) as live and never used.
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await expect(row).toHaveAttribute('data-state', 'live');
    await expect(row.getByTestId('token-last-used')).toHaveText('never used');
    await expect(row).toContainText(secret.slice(0, 7));
    await expect(row).not.toContainText(secret);
    await keepScreenshot(page, testInfo, 'api-token-created');

    // The same live name again is refused on its field.
    await create.getByLabel('Name').fill(name);
    await create.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('new-token-name-error')).toHaveText(`A live token is already named “${name}”: pick another name, or revoke that token first.`);
    await expect(create.getByLabel('Name')).toHaveValue(name);

    // A reload forgets the secret for good.
    await page.reload();
    await expect(page.getByTestId('new-token-secret')).toHaveCount(0);
    expect(await page.content()).not.toContain(secret);

    // Revoke, with an inline confirmation that can be cancelled.
    await row.getByRole('button', { name: `Revoke… ${name}` }).click();
    await expect(row.getByTestId('revoke-token-confirm')).toContainText(`Revoke “${name}”? Requests with it are refused at once`);
    await row.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toHaveAttribute('data-state', 'live');
    await row.getByRole('button', { name: `Revoke… ${name}` }).click();
    await keepScreenshot(page, testInfo, 'api-token-revoke-confirm');
    await row.getByRole('button', { name: 'Revoke token' }).click();
    await expect(row).toHaveAttribute('data-state', 'revoked');
    await expect(row.getByTestId('token-status')).toContainText('Revoked');
    await expect(row.getByTestId('token-status')).toContainText('by admin@demo.triggerboard');
    await keepScreenshot(page, testInfo, 'api-token-revoked');

    // Both are on record, by the admin, without the secret.
    await page.goto('/audit?actor=admin%40demo.triggerboard');
    const created = page.locator('[data-testid="audit-row"][data-action="token-create"]').filter({ hasText: name });
    await expect(created).toHaveCount(1);
    await expect(page.locator('[data-testid="audit-row"][data-action="token-revoke"]').filter({ hasText: name })).toHaveCount(1);
    await expect(created).toContainText(`API token ${name}`);
    expect(await page.content()).not.toContain(secret);
    await keepScreenshot(page, testInfo, 'api-token-audit');
  });
});

test('an operator cannot reach /admin/tokens, and the navigation does not offer it', async ({ page }) => {
  await page.goto('/sessions');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.goto('/admin/tokens');
  await expect(page.getByRole('heading', { name: 'You are not allowed to open that page' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Create a token' })).toHaveCount(0);
});
