import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';

/**
 * Malformed input sent to the real production server, as an attacker or a broken client would:
 * each gets a 4xx, or the page's / form's own message naming the field and the problem, never a
 * 500, and changes nothing. Acts as the demo operator (the project's storage state) unless a case
 * says otherwise. The failure used (session 0431's t_importSubject#0) is only read or refused here;
 * sessions.spec expects it to stay failed.
 */
test.describe.configure({ timeout: 120_000 });

const UID = 'questionnaire-2026-11-0431';
const NAME = 't_importSubject#0';
const instancePath = `/sessions/${encodeURIComponent(UID)}/instances/${encodeURIComponent(NAME)}`;

/** Server action ids of the build under test, by exported name (they change with every build). */
function actionIds(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { exportedName?: string }>;
  };
  return Object.fromEntries(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName ?? id, id]));
}
const ACTIONS = actionIds();

type ActionBody = { multipart?: FormData; text?: string; contentType?: string };

const cursor = (parts: string[]) => Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

/**
 * A form action's body as React encodes `action(prevState, formData)`: the FormData's fields
 * prefixed with its part id ("_1_"), then the root row "0" with the arguments (last: the decoder
 * reads a part's fields in order and stops at the first that is not its own).
 */
function formActionBody(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(`_1_${key}`, value);
  body.append('0', JSON.stringify([null, '$K1']));
  return body;
}

function postAction(request: APIRequestContext, page: string, action: string, body: ActionBody) {
  const id = ACTIONS[action];
  if (!id) throw new Error(`No server action ${action} in this build`);
  const headers: Record<string, string> = { 'Next-Action': id, Accept: 'text/x-component' };
  if (body.multipart) return request.post(page, { headers, multipart: body.multipart, maxRedirects: 0 });
  return request.post(page, { headers: { ...headers, 'Content-Type': body.contentType ?? 'text/plain;charset=UTF-8' }, data: body.text ?? '', maxRedirects: 0 });
}

/** Every text of an action's answer (row 1 of the flight response: the result), one per line; else the raw body. */
async function actionText(response: APIResponse): Promise<string> {
  const body = await response.text();
  const row = body.split('\n').find((line) => line.startsWith('1:{'));
  if (!row) return body;
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(JSON.parse(row.slice(2)));
  return texts.join('\n');
}

const replayFields = (change: Record<string, string>) => ({ uid: UID, instance: NAME, mode: 'replacement', reason: 'malformed input test', replacementKwargs: '{"t_importSubject": {}}', ...change });

type PageCase = { name: string; url: string; status: number[]; shows?: RegExp };
const pageCases: PageCase[] = [
  { name: 'a truncated UTF-8 escape in a session uid', url: '/sessions/%E0%A4%A', status: [400] },
  { name: 'a bad escape in an instance name', url: '/sessions/x/instances/%ZZ', status: [400] },
  { name: 'a bad escape in the history page', url: '/sessions/%ZZ/history', status: [400] },
  { name: 'a bad escape in the snapshot download', url: '/sessions/%ZZ/snapshot', status: [400] },
  { name: 'a bad escape in the journal export', url: '/sessions/%ZZ/journal.jsonl', status: [400] },
  { name: 'a bad escape in the live API', url: '/api/sessions/%ZZ/live', status: [400] },
  { name: 'a bad escape in the bulk API', url: '/api/bulk/%ZZ', status: [400] },
  { name: 'a bad escape in a bulk page', url: '/failed/bulk/%ZZ', status: [400] },
  { name: 'an encoded lone surrogate', url: '/sessions/%ED%A0%80', status: [400] },
  { name: 'NUL in a session uid', url: '/sessions/a%00b', status: [404], shows: /Session not found/ },
  { name: 'NUL in an instance name', url: `/sessions/${UID}/instances/a%00b`, status: [200, 404], shows: /not found/i },
  { name: 'NUL in the search', url: '/sessions?q=%00', status: [200] },
  { name: 'an audit "to" day of 9999-12-31', url: '/audit?to=9999-12-31', status: [200], shows: /Audit log/ },
  { name: 'an audit "from" day of year 0', url: '/audit?from=0000-01-01', status: [200], shows: /Audit log/ },
  { name: 'a sessions cursor with month 13', url: `/sessions?cursor=${cursor(['2026-13-45 10:00:00', 'x'])}`, status: [200], shows: /not valid/ },
  { name: 'a sessions cursor with a NUL', url: `/sessions?cursor=${cursor(['2026-01-01 10:00:00+00', 'a\u0000b'])}`, status: [200], shows: /not valid/ },
  { name: 'a failed-inbox cursor of February 30th', url: `/failed?cursor=${cursor(['2026-02-30 10:00:00+00', 'x', 'y'])}`, status: [200], shows: /not valid/ },
  { name: 'an audit cursor at 25 o’clock', url: `/audit?cursor=${cursor(['2026-01-01 25:00:00+00', 'x'])}`, status: [200], shows: /not valid/ },
];

for (const c of pageCases) {
  test(`GET ${c.name}: ${c.status.join(' or ')}, never 500`, async ({ request }) => {
    const response = await request.get(c.url, { maxRedirects: 0 });
    expect(response.status(), await response.text().then((t) => t.slice(0, 300))).not.toBe(500);
    expect(c.status).toContain(response.status());
    if (c.shows) expect(await response.text()).toMatch(c.shows);
  });
}

type ActionCase = {
  name: string;
  page?: string;
  action: string;
  body: () => ActionBody;
  status: number;
  says?: string | RegExp;
};
const actionCases: ActionCase[] = [
  { name: 'preview with null arguments', action: 'previewSkipCascadeAction', body: () => ({ text: '[null,null,null]' }), status: 200, says: 'Missing session uid.' },
  { name: 'preview with numbers', action: 'previewSkipCascadeAction', body: () => ({ text: '[1,2,3]' }), status: 200, says: 'Simulated result must be text (JSON).' },
  { name: 'preview with no arguments', action: 'previewSkipCascadeAction', body: () => ({ text: '[]' }), status: 200, says: 'Missing session uid.' },
  {
    name: 'preview with 100,000-deep JSON',
    action: 'previewSkipCascadeAction',
    body: () => ({ text: JSON.stringify([{ uid: UID, instance: NAME, simulatedResult: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }]) }),
    status: 200,
    says: 'Simulated result nests deeper than 100 levels',
  },
  { name: 'a text body that is not JSON', action: 'previewSkipCascadeAction', body: () => ({ text: 'garbage{' }), status: 400, says: 'not valid JSON' },
  { name: 'a multipart body that does not parse', action: 'replayInstanceAction', body: () => ({ text: 'garbage', contentType: 'multipart/form-data; boundary=XYZ' }), status: 400, says: 'not valid multipart' },
  { name: 'a multipart body without a boundary', action: 'replayInstanceAction', body: () => ({ text: 'garbage', contentType: 'multipart/form-data' }), status: 400, says: 'not valid multipart' },
  { name: 'arguments nested 100,000 deep', action: 'previewSkipCascadeAction', body: () => ({ text: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }), status: 400, says: 'nest deeper than 128 levels' },
  {
    name: 'a multipart root row nested 100,000 deep',
    action: 'replayInstanceAction',
    body: () => {
      const multipart = new FormData();
      multipart.append('0', `[null,${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`);
      return { multipart };
    },
    status: 400,
    says: 'nest deeper than 128 levels',
  },
  { name: '1,500 arguments', action: 'previewSkipCascadeAction', body: () => ({ text: JSON.stringify(Array.from({ length: 1_500 }, () => 1)) }), status: 400, says: 'at most 1000 arguments' },
  { name: 'a body over the 4 MB limit', action: 'replayInstanceAction', body: () => ({ text: 'x'.repeat(4 * 1024 * 1024 + 1) }), status: 413, says: 'too large' },
  {
    name: '1.2 MB of replacement kwargs',
    action: 'replayInstanceAction',
    body: () => ({ multipart: formActionBody(replayFields({ replacementKwargs: JSON.stringify({ t_importSubject: { blob: 'x'.repeat(1_200_000) } }) })) }),
    status: 200,
    says: 'Replacement kwargs is too large: 1.20 MB is larger than 1 MB',
  },
  {
    name: 'a number JSON cannot keep',
    action: 'replayInstanceAction',
    body: () => ({ multipart: formActionBody(replayFields({ replacementKwargs: '{"firstPageReceived": {"amount": 1e400}}' })) }),
    status: 200,
    says: 'replacementKwargs.firstPageReceived.amount: 1e400 is too large to keep exactly',
  },
  {
    name: 'an integer beyond 2^53',
    action: 'replayInstanceAction',
    body: () => ({ multipart: formActionBody(replayFields({ replacementKwargs: '{"t_importSubject": {"id": 9007199254740993}}' })) }),
    status: 200,
    says: 'replacementKwargs.t_importSubject.id: 9007199254740993 is too large to keep exactly',
  },
  {
    name: '5,000-deep replacement kwargs',
    action: 'replayInstanceAction',
    body: () => ({ multipart: formActionBody(replayFields({ replacementKwargs: `{"t": ${'['.repeat(5_000)}${']'.repeat(5_000)}}` })) }),
    status: 200,
    says: 'Replacement kwargs nests deeper than 100 levels',
  },
  {
    name: 'NUL in a reason',
    action: 'replayInstanceAction',
    body: () => ({ multipart: formActionBody(replayFields({ reason: 'because\u0000' })) }),
    status: 200,
    says: 'The reason contains a NUL character',
  },
  {
    name: 'a lone surrogate in a reason (sent as a plain object, not FormData)',
    action: 'replayInstanceAction',
    body: () => ({ text: `[null,{"uid":${JSON.stringify(UID)},"instance":${JSON.stringify(NAME)},"mode":"original","reason":"because \\ud800"}]` }),
    status: 200,
    says: 'The reason contains a lone surrogate (\\uD800)',
  },
  {
    name: 'NUL in a skip reason',
    action: 'skipInstanceAction',
    body: () => ({ multipart: formActionBody({ uid: UID, instance: NAME, reason: 'x\u0000yz' }) }),
    status: 200,
    says: 'The reason contains a NUL character',
  },
  {
    name: 'NUL in fired trigger kwargs',
    page: `/sessions/${UID}`,
    action: 'fireTriggerAction',
    body: () => ({ multipart: formActionBody({ uid: UID, trigger: 'reminderDue', kwargs: '{"a": "\\u0000"}', reason: 'malformed input test' }) }),
    status: 200,
    says: 'kwargs.a: contains a NUL character',
  },
];

for (const c of actionCases) {
  test(`action ${c.action}, ${c.name}: ${c.status}, never 500, nothing changed`, async ({ request }) => {
    const response = await postAction(request, c.page ?? instancePath, c.action, c.body());
    const text = await actionText(response);
    expect(response.status(), text.slice(0, 300)).toBe(c.status);
    if (c.says) expect(text).toContain(c.says);
  });
}

test('a forged session cookie: the preview refuses before it parses its 100,000-deep argument', async ({ playwright, baseURL }) => {
  const forged = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { cookie: 'triggerboard_session=forged' } });
  const response = await postAction(forged, instancePath, 'previewSkipCascadeAction', {
    text: JSON.stringify([UID, NAME, `${'['.repeat(100_000)}${']'.repeat(100_000)}`]),
  });
  const text = await actionText(response);
  expect(response.status(), text.slice(0, 300)).toBe(200);
  expect(text).toContain('You are not signed in');
  expect(text).not.toContain('nests deeper');
  await forged.dispose();
});

test('NUL in the sign-in email: the form says which field, never 500', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const response = await postAction(anonymous, '/sign-in', 'signInAction', {
    multipart: formActionBody({ email: 'operator@demo.triggerboard\u0000', password: 'demo-operator' }),
  });
  const text = await actionText(response);
  expect(response.status(), text.slice(0, 300)).toBe(200);
  expect(text).toContain('The email address contains a NUL character');
  await anonymous.dispose();
});

test('NUL in a new user name (admin): the form says which field, never 500', async ({ playwright, baseURL }) => {
  const admin = await playwright.request.newContext({ baseURL, storageState: 'e2e/.auth/admin.json' });
  const response = await postAction(admin, '/admin/users', 'createUserAction', {
    multipart: formActionBody({ email: 'nul-name@example.com', name: 'Ada\u0000', role: 'viewer', password: 'a long enough password 1' }),
  });
  const text = await actionText(response);
  expect(response.status(), text.slice(0, 300)).toBe(200);
  expect(text).toContain('The name contains a NUL character');
  expect(await (await admin.get('/admin/users')).text()).not.toContain('nul-name@example.com');
  await admin.dispose();
});

test('after all of the above the instance is still failed: nothing was changed', async ({ request }) => {
  const html = await (await request.get(instancePath)).text();
  expect(html).toMatch(/data-testid="instance-status" data-status="failed"/);
});

test('a 1.3 MB paste into the replacement kwargs: the field says it is too large, text and reason stay, nothing is sent', async ({ page }) => {
  await page.goto(instancePath);
  const form = page.getByTestId('replay-form');
  const big = JSON.stringify(
    { t_importSubject: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${String(i).padStart(5, '0')}`, 'x'.repeat(50)])) },
    null,
    2,
  );
  const size = (Buffer.byteLength(big, 'utf8') / 1_000_000).toFixed(2);
  const editor = page.getByRole('textbox', { name: 'Replacement kwargs', exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  // A paste, as the browser delivers one (typing 1.3 MB key by key would take minutes).
  await editor.evaluate((element, text) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', text);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, big);
  await form.getByLabel('Reason', { exact: true }).fill('SUP-9: pasted the whole export');

  const problem = page.getByTestId('replay-kwargs-problem');
  await expect(problem).toHaveText(`Replacement kwargs is too large: ${size} MB is larger than 1 MB, the most one field may hold.`);
  await expect(form.getByRole('button', { name: 'Replay' })).toBeDisabled();

  // Submitted anyway (Enter in a field, a stale button): the browser check stops it, nothing is sent.
  const actionPosts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.headers()['next-action']) actionPosts.push(request.url());
  });
  await form.evaluate((element) => (element as HTMLFormElement).requestSubmit());
  await page.waitForTimeout(500);
  expect(actionPosts).toEqual([]);
  await expect(problem).toBeVisible();
  expect(await page.locator('#replay-kwargs').inputValue()).toBe(big);
  await expect(form.getByLabel('Reason', { exact: true })).toHaveValue('SUP-9: pasted the whole export');

  await page.reload();
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
});

/** Pastes `text` into a CodeMirror editor as the browser delivers a paste (typing megabytes would take minutes). */
async function paste(page: Page, name: string, text: string) {
  const editor = page.getByRole('textbox', { name, exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await editor.evaluate((element, value) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', value);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

test('the cascade preview of a simulated result just under 1 MB is computed (React does not count FormData entries)', async ({ page }) => {
  await page.goto(instancePath);
  const form = page.getByTestId('skip-form');
  await form.getByLabel('Cascade').check();
  const answers: number[] = [];
  page.on('response', (response) => {
    if (response.request().method() === 'POST' && response.request().headers()['next-action']) answers.push(response.status());
  });
  await paste(page, 'Simulated result', JSON.stringify({ a: 'x'.repeat(999_990) }));
  // The preview and the live schema check both post the megabyte: every answer is a 200.
  await expect.poll(() => answers.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('cascade-preview')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  await expect(page.getByTestId('preview-tasks')).toBeVisible();
  await expect(page.getByTestId('cascade-preview')).not.toContainText('could not');
  expect(answers.every((status) => status === 200)).toBe(true);
});

test('a failed preview call says "could not be loaded" in the preview box; the page and the text stay', async ({ page }) => {
  await page.goto(instancePath);
  await page.route((url) => url.pathname === instancePath, (route) =>
    route.request().method() === 'POST' ? route.fulfill({ status: 500, contentType: 'text/plain', body: 'boom' }) : route.fallback(),
  );
  const form = page.getByTestId('skip-form');
  await form.getByLabel('Cascade').check();
  await paste(page, 'Simulated result', '{"kept": "as typed"}');
  await expect(page.getByTestId('cascade-preview')).toContainText('The preview could not be loaded.');
  await expect(form).toBeVisible();
  expect(await page.locator('#skip-result').inputValue()).toBe('{"kept": "as typed"}');
});

test('replay with the original kwargs does not send the editor text; a refused call (413) keeps the text and the reason', async ({ page }) => {
  await page.goto(instancePath);
  const form = page.getByTestId('replay-form');
  const big = JSON.stringify({ t_importSubject: { blob: 'y'.repeat(1_300_000) } });
  await paste(page, 'Replacement kwargs', big);
  await form.getByLabel('the original kwargs').check();
  await form.getByLabel('Reason', { exact: true }).fill('SUP-10: rerun as it came');
  const sent: number[] = [];
  // The proxy's 413, without replaying anything (sessions.spec expects this instance to stay failed).
  await page.route((url) => url.pathname === instancePath, (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    sent.push(route.request().postDataBuffer()?.byteLength ?? 0);
    return route.fulfill({ status: 413, contentType: 'text/plain', body: 'The request is too large.' });
  });
  await form.getByRole('button', { name: 'Replay' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'The server refused the request:' })).toContainText('Nothing was changed; your text is kept.');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toBeLessThan(10_000); // the 1.3 MB in the editor was not sent
  expect(await page.locator('#replay-kwargs').inputValue()).toBe(big);
  await expect(form.getByLabel('Reason', { exact: true })).toHaveValue('SUP-10: rerun as it came');
});
