import type { Page, TestInfo } from '@playwright/test';

/** Keeps a screenshot of the page as a named artifact of the test (test-results/, the HTML report). */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
