import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { keepScreenshot } from './support/screenshots';

/**
 * The sessions list and the session page, as support staff use them on a ticket. The server is
 * seeded at boot with the demo data (lib/demo): in session 0431 the applicant's email has no
 * top-level domain, so t_importSubject#0 failed and everything downstream waits.
 */
const UID = 'questionnaire-2026-11-0431';
/** A diary study: thousands of t_importResponses instances, and a uid that needs URL-encoding. */
const DIARY_UID = 'diary-study:2026-q4-p017';
const TASKS = ['t_importSubject', 't_importResponses', 't_collectBrowserMetadata', 't_scoreQuestionnaire', 't_syncCrm', 't_sendReminder'];

const sessionUrl = (uid: string) => `/sessions/${encodeURIComponent(uid)}`;

async function expectDemoData(page: Page) {
  await page.goto('/sessions');
  await expect(
    page.getByTestId('sessions-table'),
    'The sessions list is empty: these journeys need the demo data that lib/demo/seed.ts seeds at boot.',
  ).toBeVisible();
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('find a session by uid, read every section, copy and download its debug snapshot', async ({ page }, testInfo) => {
  await expectDemoData(page);
  await keepScreenshot(page, testInfo, 'sessions-list');

  // Search by uid prefix: a GET form, so the URL can be pasted into the ticket.
  await page.getByLabel('Session uid starts with').fill(UID);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions\\?q=${UID}$`));
  const rows = page.getByTestId('sessions-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('failed');
  await keepScreenshot(page, testInfo, 'sessions-search');
  await rows.first().getByRole('link', { name: UID }).click();

  // The session page: uid, one-line summary, section links.
  await expect(page).toHaveURL(sessionUrl(UID));
  await expect(page).toHaveTitle(`Session ${UID} · Triggerboard`);
  await expect(page.getByRole('heading', { level: 1, name: UID })).toBeVisible();
  const summary = page.getByTestId('session-summary');
  await expect(summary).toContainText(/1\s*failed/);
  await expect(summary).toContainText(/\d+ of 6 tasks unresolved/);
  await expect(summary).toContainText('Last activity');

  // Tasks: every task, with its directives as a sentence.
  const tasks = page.getByRole('region', { name: 'Tasks' });
  await expect(tasks.getByTestId('task-card')).toHaveCount(TASKS.length);
  for (const task of TASKS) await expect(tasks.getByRole('heading', { level: 3, name: task })).toBeVisible();
  const sentence = (task: string) => page.locator(`[id="task-${task}"]`).getByTestId('task-sentence');
  await expect(sentence('t_importSubject')).toHaveText('After firstPageReceived and questionnaireComplete, run importSubject.');
  await expect(sentence('t_importResponses')).toHaveText('After t_importSubject, and every pageReceived, run importResponses.');
  await expect(sentence('t_collectBrowserMetadata')).toHaveText(
    'After firstPageReceived, unless isEmbeddedApplication, run collectBrowserMetadata.',
  );
  const scoring = page.locator('[id="task-t_scoreQuestionnaire"]');
  await expect(scoring.getByLabel('withParams of t_scoreQuestionnaire')).toContainText('"passMark": 60');
  const importSubject = page.locator('[id="task-t_importSubject"]');
  const failedRow = importSubject.getByRole('row', { name: /t_importSubject#0/ });
  await expect(failedRow).toContainText('failed');
  await expect(failedRow).toContainText('ValidationError');
  await expect(failedRow.getByRole('link', { name: 't_importSubject#0' })).toHaveAttribute(
    'href',
    `${sessionUrl(UID)}/instances/${encodeURIComponent('t_importSubject#0')}`,
  );

  // Unresolved: tasks beside instances; a task with no instance yet has no unresolved instance.
  const unresolved = page.getByRole('region', { name: 'Unresolved' });
  await expect(unresolved.getByTestId('unresolved-tasks').getByRole('listitem').filter({ hasText: 't_syncCrm' })).toContainText(
    'no instance yet',
  );
  await expect(unresolved.getByTestId('unresolved-instances')).toContainText('t_importSubject#0');
  await expect(unresolved.getByTestId('unresolved-instances')).not.toContainText('t_syncCrm');

  // Fired triggers: latest kwargs as pretty JSON (text, not HTML).
  const fired = page.getByTestId('fired-triggers');
  const firstPage = fired.getByRole('row', { name: /firstPageReceived/ });
  await expect(firstPage).toContainText('maria.gonzalez@example');
  await expect(fired.getByRole('row', { name: /^pageReceived/ })).toContainText(/\d+ times/);

  // Graph: an SVG with a node per task, linking to the task's section.
  const graph = page.getByTestId('task-graph');
  await expect(graph).toBeVisible();
  await expect(graph.getByTestId('graph-task')).toHaveCount(TASKS.length);
  await expect(graph.locator('[data-edge-kind="every"]')).toHaveCount(1);
  await expect(graph.locator('[data-edge-kind="unless"]')).toHaveCount(1);
  const failedNode = graph.getByTestId('graph-task').filter({ hasText: 't_importSubject' });
  await expect(failedNode).toContainText('failed');
  await failedNode.click();
  await expect(page).toHaveURL(/#task-t_importSubject$/);

  // Debug snapshot: a JSON tree, copied to the clipboard and downloaded.
  const snapshot = page.getByRole('region', { name: 'Debug snapshot' });
  const tree = snapshot.getByTestId('json-tree');
  await expect(tree).toContainText('"tasks"');
  await expect(tree).toContainText('"t_importSubject#0"');
  await snapshot.getByRole('button', { name: 'Expand all' }).click();
  await expect(tree).toContainText('"exceptionType"');
  await snapshot.getByRole('button', { name: 'Copy JSON' }).click();
  await expect(snapshot.getByRole('status')).toHaveText('Copied to the clipboard.');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as Record<string, unknown>;
  expect(Object.keys(copied)).toEqual(expect.arrayContaining(['tasks', 'instances', 'metas']));
  await keepScreenshot(page, testInfo, 'session-page');

  const [download] = await Promise.all([page.waitForEvent('download'), snapshot.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe(`${UID}-snapshot.json`);
  const downloaded = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    tasks: Record<string, unknown>;
    instances: Record<string, { status: string }>;
    metas: Record<string, unknown>;
  };
  expect(Object.keys(downloaded.tasks)).toEqual(expect.arrayContaining(TASKS));
  expect(downloaded.instances['t_importSubject#0']?.status).toBe('failed');
  expect(downloaded.metas).toBeDefined();
});

test('filter and page through the sessions list, with all state in the URL', async ({ page }, testInfo) => {
  await expectDemoData(page);
  await page.getByRole('navigation', { name: 'Filter sessions' }).getByRole('link', { name: 'Has failed' }).click();
  await expect(page).toHaveURL(/\/sessions\?filter=failed$/);
  await expect(page.getByRole('link', { name: 'Has failed' })).toHaveAttribute('aria-current', 'page');
  const rows = page.getByTestId('sessions-table').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  // Column 3 is "Failed": every row of this filter has at least one.
  for (const text of await rows.locator('td:nth-child(3)').allInnerTexts()) expect(Number(text)).toBeGreaterThan(0);
  await keepScreenshot(page, testInfo, 'sessions-has-failed');

  // A prefix search keeps the filter, and vice versa.
  await page.getByLabel('Session uid starts with').fill('questionnaire-');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=questionnaire-/);
  await expect(page).toHaveURL(/filter=failed/);
  for (const uid of await rows.locator('th').allInnerTexts()) expect(uid.startsWith('questionnaire-')).toBe(true);

  // Keyset pagination: "Next page" carries the cursor, "First page" drops it.
  await page.goto('/sessions');
  const next = page.getByRole('link', { name: /Next page/ });
  if ((await next.count()) > 0) {
    const firstPageUids = await rows.locator('th').allInnerTexts();
    await next.click();
    await expect(page).toHaveURL(/cursor=/);
    const secondPageUids = await rows.locator('th').allInnerTexts();
    expect(secondPageUids.filter((uid) => firstPageUids.includes(uid))).toEqual([]);
    await page.getByRole('link', { name: /First page/ }).click();
    await expect(page).toHaveURL(/\/sessions$/);
  }

  // A mangled cursor falls back to the first page, and says so.
  await page.goto('/sessions?cursor=not-a-cursor');
  await expect(page.getByRole('status').filter({ hasText: 'page link was not valid' })).toBeVisible();
  await expect(rows.first()).toBeVisible();

  // Nothing matches: an empty state with a way back.
  await page.goto('/sessions?q=no-such-session-prefix');
  await expect(page.getByRole('heading', { name: 'No session matches' })).toBeVisible();
});

test('a task with many instances pages through them; uids are URL-encoded', async ({ page }, testInfo) => {
  await page.goto(sessionUrl(DIARY_UID));
  await expect(page.getByRole('heading', { level: 1, name: DIARY_UID })).toBeVisible();
  const card = page.locator('[id="task-t_importResponses"]');
  const next = card.getByRole('link', { name: 'Next instances of t_importResponses →' });
  await expect(next).toBeVisible();
  await next.click();
  await expect(page).toHaveURL(/\?task=t_importResponses&after=\d+#task-t_importResponses$/);
  await expect(card.getByTestId('task-range')).toContainText(/Showing t_importResponses#\d+ to t_importResponses#\d+ of [\d,]+ instances/);
  await expect(card.getByRole('link', { name: '← First instances' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'session-task-pager');
});

test('an unknown uid says which uid was looked for; its snapshot is a JSON 404', async ({ page, request }, testInfo) => {
  const uid = 'questionnaire-does-not-exist <b>?';
  await page.goto(sessionUrl(uid));
  const notFound = page.getByTestId('session-not-found');
  await expect(notFound.getByRole('heading', { name: 'Session not found' })).toBeVisible();
  await expect(page).toHaveTitle('Session not found · Triggerboard');
  await expect(notFound).toContainText(uid);
  await keepScreenshot(page, testInfo, 'session-not-found');
  // A real 404, not a 200 whose streamed body says so.
  expect((await request.get(sessionUrl(uid))).status()).toBe(404);
  expect((await request.get('/sessions/no-such-session-zz9')).status()).toBe(404);

  const response = await request.get(`${sessionUrl(uid)}/snapshot`);
  expect(response.status()).toBe(404);
  expect(await response.json()).toMatchObject({ error: 'not_found', uid });
});
