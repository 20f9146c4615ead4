import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/** The HTTP API's reference page, and the API itself behind the real proxy. */
test.describe('API reference', () => {
  test.use({ storageState: 'e2e/.auth/viewer.json' });

  test('a signed-in viewer finds the API page in the navigation and follows an operation to its schemas and problems', async ({ page }, testInfo) => {
    await page.goto('/sessions');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'API' }).click();
    await expect(page).toHaveURL(/\/api-docs$/);
    await expect(page).toHaveTitle(/HTTP API · Triggerboard/);
    await expect(page.getByRole('heading', { level: 1, name: 'HTTP API' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'API' })).toHaveAttribute('aria-current', 'page');

    // Grouped by tag, with method, path and scope.
    const fire = page.locator('#op-fireTrigger');
    await expect(fire.getByRole('heading', { level: 3 })).toContainText('POST');
    await expect(fire.getByRole('heading', { level: 3 })).toContainText('/api/v1/sessions/{uid}/triggers/{trigger}');
    await expect(fire.getByText('operate token', { exact: true })).toBeVisible();
    await expect(fire.getByRole('cell', { name: /^Idempotency-Key/ })).toBeVisible();
    await expect(page.locator('#op-listFailed').getByText('read or operate token', { exact: true })).toBeVisible();
    await keepScreenshot(page, testInfo, 'api-docs', false);

    await fire.getByRole('link', { name: 'FireResult' }).click();
    await expect(page).toHaveURL(/#schema-FireResult$/);
    await expect(page.locator('#schema-FireResult').getByRole('cell', { name: 'instances required', exact: true })).toBeVisible();
    await fire.getByRole('link', { name: 'idempotency-key-reused' }).click();
    await expect(page.locator('#problem-idempotency-key-reused')).toContainText('422');

    await page.locator('#op-fireTrigger').scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, 'api-docs-fire-trigger', false);
  });

  test('the API answers through the real server: the document without a token, problems with the security headers', async ({ request }) => {
    const doc = await request.get('/api/v1/openapi.json', { headers: { cookie: '' } });
    expect(doc.status()).toBe(200);
    expect((await doc.json()).openapi).toBe('3.1.0');

    const refused = await request.post('/api/v1/sessions/x/triggers/y', { data: { a: 1 }, headers: { origin: 'https://elsewhere.example' } });
    expect(refused.status()).toBe(401); // the dashboard cookie of this context does not count
    expect(refused.headers()['content-type']).toBe('application/problem+json');
    expect(refused.headers()['www-authenticate']).toBe('Bearer realm="triggerboard"');
    expect(refused.headers()['x-frame-options']).toBe('DENY');
    expect((await refused.json()).type).toBe('https://triggerboard.dev/problems/unauthenticated');

    const unknown = await request.get('/api/v1/no/such/thing');
    expect(unknown.status()).toBe(404);
    expect(unknown.headers()['content-type']).toBe('application/problem+json');
  });
});
