import { expect, test } from '@playwright/test';

test('the home page opens on Sessions, with the header and navigation', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(page).toHaveTitle(/Sessions · Triggerboard/);

  const header = page.getByRole('banner');
  await expect(header.getByText('Triggerboard', { exact: true })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const label of ['Sessions', 'Failed', 'Audit']) {
    await expect(nav.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(nav.getByRole('link', { name: 'Sessions' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();

  // The live database badge (TanStack Query polling /api/health) turns green.
  await expect(page.getByTestId('health-indicator')).toHaveAttribute('data-state', 'up');

  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });
  await testInfo.attach('home', { path: testInfo.outputPath('home.png'), contentType: 'image/png' });
});

test('the navigation reaches Failed and Audit', async ({ page }) => {
  await page.goto('/sessions');
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Failed' }).click();
  await expect(page).toHaveURL(/\/failed$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Failed instances' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Failed' })).toHaveAttribute('aria-current', 'page');

  await nav.getByRole('link', { name: 'Audit' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
});

test('/api/health answers ok with the database kind and latency', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  const body: unknown = await response.json();
  expect(body).toEqual({
    ok: true,
    database: { kind: 'pglite', ok: true, latencyMs: expect.any(Number) },
  });
});
