import { expect, test as setup } from '@playwright/test';

/**
 * Signs in through the real sign-in page as each demo account (created with the demo data on the
 * embedded database) and keeps the cookies for the journeys: e2e/.auth/<role>.json.
 */
const ACCOUNTS = [
  { role: 'operator', email: 'operator@demo.triggerboard', password: 'demo-operator' },
  { role: 'viewer', email: 'viewer@demo.triggerboard', password: 'demo-viewer-pw' },
  { role: 'admin', email: 'admin@demo.triggerboard', password: 'demo-admin-pw' },
] as const;

for (const account of ACCOUNTS) {
  setup(`sign in as the demo ${account.role}`, async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Without a `next`, those who act land on the failed inbox; viewers on Sessions.
    await expect(page).toHaveURL(account.role === 'viewer' ? /\/sessions$/ : /\/failed$/);
    await expect(page.getByTestId('user-role')).toHaveText(account.role);
    await page.context().storageState({ path: `e2e/.auth/${account.role}.json` });
  });
}
