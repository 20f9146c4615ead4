import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';
import { instanceUrl } from './support/editor';

/**
 * The instance page, as support staff use it on a ticket. The server is seeded at boot with the
 * demo data (lib/demo): in session 0452 the applicant's email had a double `@`, t_importSubject#0
 * failed, support replayed it with a still-wrong address and the clone t_importSubject#1 failed too.
 */
const UID = 'questionnaire-2026-11-0452';
const FAILED = 't_importSubject#1';
const PARENT = 't_importSubject#0';

// Two cores shared by the server (seeding at boot) and the browser: give journeys some room.
test.describe.configure({ timeout: 60_000 });

test("a handler's own failure: its frame visible, the engine's frames folded", async ({ page }) => {
  // Session 0446: importSubject itself threw a TypeError (its kwargs fit the schema).
  await page.goto(instanceUrl('questionnaire-2026-11-0446', 't_importSubject#0'));
  const trace = page.getByTestId('exception').getByTestId('stack-trace');
  await expect(trace).toContainText('TypeError');
  await expect(trace.getByText(/at .*\[as handler\]/)).toBeVisible();
  const folded = trace.getByTestId('framework-frames').first();
  await expect(folded.locator('summary')).toHaveText(/\d+ framework frames?/);
  await expect(folded).not.toHaveAttribute('open');
  await expect(folded.getByText('runInstance', { exact: true })).toBeHidden();
  await folded.locator('summary').click();
  await expect(folded).toHaveAttribute('open');
  await expect(folded.getByText('runInstance', { exact: true })).toBeVisible();
});

test('a failed instance shows its exception first, with the trace folded and the lineage linked', async ({ page }, testInfo) => {
  await page.goto(instanceUrl(UID, FAILED));
  await expect(page).toHaveTitle(new RegExp(`${FAILED} \\(failed\\)`));
  await expect(page.getByRole('heading', { level: 1, name: FAILED })).toBeVisible();
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');

  // Breadcrumb back to the session.
  const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
  await expect(breadcrumb.getByRole('link', { name: UID })).toHaveAttribute('href', `/sessions/${UID}`);

  // The exception, prominent and first.
  const exception = page.getByTestId('exception');
  await expect(exception.getByTestId('exception-type')).toHaveText('ValidationError');
  await expect(exception.getByTestId('exception-message')).toContainText('firstPageReceived.subject.email: Invalid email address');
  await expect(exception.getByTestId('exception-context')).toContainText('email');

  // The kwargs failed the task's schema: the trace says the handler was not called (no engine frames).
  const trace = exception.getByTestId('stack-trace');
  await expect(trace).toContainText('ValidationError: firstPageReceived.subject.email');
  await expect(trace).toContainText("The handler 'importSubject' was not called: its kwargs do not match its kwargs schema.");
  await expect(trace.getByTestId('framework-frames')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'instance-failed');

  // Kwargs, timeline, logs and configuration are all there.
  await expect(page.getByTestId('kwargs')).toContainText('firstPageReceived');
  await expect(page.getByTestId('timeline')).toContainText('failed');
  await expect(page.getByTestId('logs-summary')).toContainText('error');
  await expect(page.getByTestId('logs-resolved')).toHaveAttribute('data-resolved', 'false');
  await expect(page.getByTestId('task-config')).toContainText('firstPageReceived');

  // Lineage: the parent it was cloned from, linked with its status; following it shows the clone.
  const lineage = page.getByTestId('lineage');
  await expect(lineage.getByText('replayed')).toBeVisible();
  await lineage.getByRole('link', { name: PARENT }).click();
  await expect(page).toHaveURL((url) => url.pathname === instanceUrl(UID, PARENT));
  await expect(page.getByRole('heading', { level: 1, name: PARENT })).toBeVisible();
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'replayed');
  await expect(page.getByTestId('earlier-failure')).toContainText('ValidationError');
  await page.getByTestId('lineage').getByRole('link', { name: FAILED }).click();
  await expect(page.getByRole('heading', { level: 1, name: FAILED })).toBeVisible();
});

test('an instance its handler retried says the handler retried it, not support', async ({ page }, testInfo) => {
  // Session 0428: the CRM was down, t_syncCrm retried itself three times with a 30 s cooldown (maxRetries 4).
  const uid = 'questionnaire-2026-11-0428';
  await page.goto(instanceUrl(uid, 't_syncCrm#0'));
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'replayed');
  const sentence = 'The handler retried it (attempt 2 of 5) after a 30 s cooldown.';
  await expect(page.getByTestId('replayed-by')).toContainText(sentence);
  await expect(page.getByTestId('exception-afterwards')).toContainText(sentence);
  await expect(page.getByTestId('earlier-failure')).not.toContainText(/support/i);
  await expect(page.getByTestId('exception')).not.toContainText(/support/i);
  // The journal says the same.
  await expect(page.getByTestId('journal-timeline')).toContainText('asked for by the handler');
  await keepScreenshot(page, testInfo, 'instance-retried-by-handler');

  await page.goto(instanceUrl(uid, 't_syncCrm#2'));
  await expect(page.getByTestId('replayed-by')).toContainText('The handler retried it (attempt 4 of 5) after a 30 s cooldown.');
});

test('a task name in an instance URL explains instance names and links to the task', async ({ page }, testInfo) => {
  await page.goto(instanceUrl(UID, 't_importSubject'));
  const notFound = page.getByTestId('instance-not-found');
  await expect(notFound.getByRole('heading', { level: 1 })).toHaveText('“t_importSubject” is a task, not an instance');
  await expect(notFound).toContainText('t_importSubject#0');
  await expect(notFound.getByTestId('task-instances-link')).toHaveAttribute(
    'href',
    `/sessions/${UID}#task-t_importSubject`,
  );
  await keepScreenshot(page, testInfo, 'instance-task-name');

  await page.goto(instanceUrl(UID, 't_importSubject#99'));
  await expect(page.getByTestId('instance-not-found').getByRole('heading', { level: 1 })).toHaveText('Instance not found');
  await expect(page.getByTestId('instance-not-found')).toContainText('t_importSubject#99');

  await page.goto(instanceUrl('no-such-session', 't_importSubject#0'));
  await expect(page.getByTestId('instance-not-found').getByRole('heading', { level: 1 })).toHaveText('Session not found');
  await expect(page.getByTestId('instance-not-found')).toContainText('no-such-session');
  await keepScreenshot(page, testInfo, 'instance-session-missing');
});

test('the live endpoint answers the in-flight names, never cached', async ({ request }) => {
  const response = await request.get(`/api/sessions/${UID}/live`);
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toContain('no-store');
  expect(await response.json()).toEqual({ inFlight: [] });
});

test('while something is in flight the page refreshes itself in place and highlights what changed', async ({ page }, testInfo) => {
  // The demo has nothing running, so the endpoint is played: the instance is running, then done.
  let calls = 0;
  await page.route(`**/api/sessions/${UID}/live`, (route) => {
    calls += 1;
    return route.fulfill({ json: { inFlight: calls <= 2 ? [FAILED] : [] }, headers: { 'Cache-Control': 'no-store' } });
  });
  await page.goto(instanceUrl(UID, FAILED));
  await page.evaluate(() => ((window as unknown as { liveMarker: number }).liveMarker = 1));

  const live = page.getByTestId('live-refresh');
  await expect(live).toHaveAttribute('data-state', 'polling');
  await expect(live).toContainText('1 instance');
  await expect(page.locator('[data-live-changed="true"]').first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'instance-live');

  // Once nothing is in flight, polling stops: no more calls.
  await expect(live).toHaveAttribute('data-state', 'idle', { timeout: 10_000 });
  const settled = calls;
  await page.waitForTimeout(4_000);
  expect(calls).toBe(settled);
  // router.refresh(), not a reload: the window kept its state.
  expect(await page.evaluate(() => (window as unknown as { liveMarker?: number }).liveMarker)).toBe(1);
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
});

test('markup in what the page echoes renders as text, never as HTML', async ({ page }) => {
  // The demo's kwargs and traces hold no markup, so the name in the URL carries it instead: the
  // page prints it back (React escapes every text node the same way, kwargs and traces included).
  const name = '<img src=x onerror="window.injected=1"><script>window.injected=2</script>#0';
  await page.goto(instanceUrl(UID, name));
  const notFound = page.getByTestId('instance-not-found');
  await expect(notFound).toContainText(name);
  await expect(notFound.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
});
