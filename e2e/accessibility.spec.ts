import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * axe (WCAG 2.1 A and AA) on every page of the dashboard: no serious or critical violation.
 * Signed in as the demo admin, who sees everything (the sign-in page signed out). To cover a new
 * page, add one line to PAGES: a fixed path, or a function that finds it in the demo data.
 */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);
/** WCAG 2.5.3 (label in name): axe files it as experimental, so it is off unless asked for. */
const EXTRA_RULES = { 'label-content-name-mismatch': { enabled: true } };

const FAILED_UID = 'questionnaire-2026-11-0431';
const REPLAYED_UID = 'questionnaire-2026-11-0452';
const DIARY_UID = 'diary-study:2026-q4-p017';
const session = (uid: string) => `/sessions/${encodeURIComponent(uid)}`;
const instance = (uid: string, name: string) => `${session(uid)}/instances/${encodeURIComponent(name)}`;

interface AxePage {
  name: string;
  /** A path, or how to find one from the demo data (e.g. a bulk selection's id). */
  path: string | ((page: Page) => Promise<string>);
  signedOut?: true;
  /** Brings up what the page shows only on demand (a dialog) before axe runs. */
  open?: (page: Page) => Promise<void>;
}

/** The first instance of a session with this status, read from its session page. */
const instanceWithStatus = (uid: string, status: string) => async (page: Page) => {
  await page.goto(session(uid));
  const href = await page.locator(`[data-testid="instance-row"][data-status="${status}"] a`).first().getAttribute('href');
  expect(href, `session ${uid} has a ${status} instance`).toBeTruthy();
  return href!;
};

/** Freezes the selection of the first group in the grouped inbox (nothing is replayed or skipped). */
async function bulkPage(page: Page): Promise<string> {
  await page.goto('/failed?view=groups');
  await page.getByRole('button', { name: /^Replay or skip all/ }).first().click();
  await expect(page).toHaveURL(/\/failed\/bulk\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname;
}

/** The first failure group's page, from the grouped inbox (every group state, anyone's). */
async function groupPage(page: Page): Promise<string> {
  await page.goto('/failed?view=groups&state=all&assignee=anyone');
  const href = await page.getByTestId('group-title').first().getAttribute('href');
  expect(href, 'the grouped inbox links a group').toBeTruthy();
  return href!;
}

// One line per page (app/**/page.tsx) and per view of it that renders other components.
const PAGES: AxePage[] = [
  { name: 'sign-in', path: '/sign-in', signedOut: true },
  { name: 'sessions list', path: '/sessions' },
  { name: 'sessions list, filtered', path: `/sessions?q=${FAILED_UID}` },
  { name: 'session page (every section: tasks, timeline, changes, graph, debug snapshot)', path: session(FAILED_UID) },
  { name: 'session page, timeline filtered', path: `${session(FAILED_UID)}?tl_task=t_importSubject&tl_order=desc#timeline` },
  { name: 'session page, with changes and replays', path: session(REPLAYED_UID) },
  { name: 'session page, thousands of instances (snapshot deferred)', path: session(DIARY_UID) },
  { name: 'instance page, failed', path: instance(REPLAYED_UID, 't_importSubject#1') },
  { name: 'instance page, finished', path: instanceWithStatus(FAILED_UID, 'finished') },
  { name: 'history (journal state after an event)', path: `${session(FAILED_UID)}/history` },
  { name: 'history, an event compared', path: `${session(FAILED_UID)}/history?at=3&compare=2` },
  { name: 'failed inbox, list', path: '/failed' },
  { name: 'failed inbox, grouped', path: '/failed?view=groups' },
  { name: 'failure group', path: groupPage },
  { name: 'bulk action', path: bulkPage },
  { name: 'search results', path: '/search?q=example.com' },
  { name: 'keyboard shortcuts dialog', path: '/failed', open: async (page) => {
    await expect(page.locator('html[data-shortcuts="on"]')).toBeAttached();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  } },
  { name: 'command palette', path: '/failed', open: async (page) => {
    await expect(async () => {
      await page.keyboard.press('Control+k'); // until hydrated: pressing again only opens
      await expect(page.getByRole('dialog')).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await page.keyboard.type('questionnaire-2026-11-04');
    await expect(page.getByRole('dialog').getByRole('option').first()).toBeVisible();
  } },
  { name: 'audit log', path: '/audit' },
  { name: 'HTTP API reference', path: '/api-docs' },
  { name: 'admin users', path: '/admin/users' },
  { name: 'admin API tokens', path: '/admin/tokens' },
  { name: 'admin API tokens, a new token shown once', path: '/admin/tokens', open: async (page) => {
    const create = page.getByRole('form', { name: 'Create a token' });
    await create.getByLabel('Name').fill(`axe-${Date.now()}`);
    await create.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('new-token-secret')).toBeVisible();
  } },
  { name: 'forbidden', path: '/forbidden' },
  { name: 'page not found', path: '/no-such-page' },
  { name: 'session not found', path: session('no-such-session') },
  { name: 'instance not found', path: instance(FAILED_UID, 't_nothing#9') },
];

test.describe('axe, WCAG 2.1 AA', () => {
  test.describe.configure({ timeout: 90_000 });

  for (const entry of PAGES) {
    test.describe(entry.signedOut ? 'signed out' : 'as admin', () => {
      test.use({ storageState: entry.signedOut ? { cookies: [], origins: [] } : 'e2e/.auth/admin.json' });

      test(`${entry.name}: no serious or critical violation`, async ({ page }, testInfo) => {
        const path = typeof entry.path === 'string' ? entry.path : await entry.path(page);
        const response = await page.goto(path);
        expect(response, path).not.toBeNull();
        await expect(page.locator('main')).toBeVisible();
        await page.waitForLoadState('load');
        await entry.open?.(page);

        const results = await new AxeBuilder({ page }).withTags(TAGS).options({ rules: EXTRA_RULES }).analyze();
        const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
        const report = results.violations.map(
          (v) => `${v.impact} ${v.id} (${v.nodes.length}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`,
        );
        // One line per page in the output, e.g. "axe sessions list [/sessions]: color-contrast:serious:37".
        const counts = results.violations.map((v) => `${v.id}:${v.impact}:${v.nodes.length}`).join(' ') || 'none';
        console.log(`axe ${entry.name} [${path}]: ${counts}`);
        await testInfo.attach('axe-violations', { body: report.join('\n') || 'none', contentType: 'text/plain' });
        const shot = testInfo.outputPath(`${entry.name.replace(/[^a-z0-9]+/gi, '-')}.png`);
        await page.screenshot({ path: shot, fullPage: true });
        await testInfo.attach(entry.name, { path: shot, contentType: 'image/png' });

        expect(blocking.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`), `${path}\n${report.join('\n')}`).toEqual([]);
      });
    });
  }
});
