import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';
import { setEditorText } from './support/editor';

/**
 * Security headers in a real browser (proxy.ts, lib/security/headers.ts): the CSP admits the
 * app's own scripts and styles (no violation, nothing in the console, hydration works: buttons
 * respond, the JSON editor edits, server actions answer) and no other page may frame it.
 * Nothing here changes data: the recovery forms are used but never submitted.
 */
const UID = 'questionnaire-2026-11-0452';
const FAILED = 't_importSubject#1';
const instancePath = `/sessions/${UID}/instances/${encodeURIComponent(FAILED)}`;
const signedOut = { cookies: [], origins: [] };

test.describe.configure({ timeout: 90_000 });

type Problem = { kind: string; text: string; url: string };

/** Records console messages, uncaught errors and CSP violations of every page the test opens. */
async function watch(page: Page): Promise<Problem[]> {
  const problems: Problem[] = [];
  page.on('console', (message) => {
    const source = message.location().url;
    // The app's icon is /icon.svg; Chromium may still ask for /favicon.ico (not a CSP matter).
    if (source.endsWith('/favicon.ico')) return;
    problems.push({ kind: `console.${message.type()}`, text: `${message.text()} (${source})`, url: page.url() });
  });
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: error.message, url: page.url() }));
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.push({ kind: 'securitypolicyviolation', text, url: page.url() }));
  // Init scripts are run by the browser tooling, outside the page's CSP.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sample})`);
    });
  });
  return problems;
}

function expectSecurityHeaders(response: Response | APIResponse | null, label: string) {
  expect(response, label).not.toBeNull();
  const headers = response!.headers();
  expect(headers['content-security-policy'], label).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
  expect(headers['content-security-policy'], label).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy'], label).not.toContain('unsafe-eval');
  expect(headers['x-frame-options'], label).toBe('DENY');
  expect(headers['x-content-type-options'], label).toBe('nosniff');
  expect(headers['referrer-policy'], label).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], label).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  expect(headers['cross-origin-opener-policy'], label).toBe('same-origin');
  expect(headers['strict-transport-security'], `${label}: no HSTS over plain HTTP`).toBeUndefined();
}

test('the main pages run under the CSP: no violation, a clean console, and the forms respond', async ({ page }) => {
  const problems = await watch(page);

  for (const path of ['/sessions', `/sessions/${UID}`, '/failed', '/audit']) {
    const response = await page.goto(path);
    expectSecurityHeaders(response, path);
    await expect(page.getByTestId('user-role')).toHaveText('operator');
  }

  const response = await page.goto(instancePath);
  expectSecurityHeaders(response, instancePath);
  await expect(page.getByTestId('instance-status')).toHaveAttribute('data-status', 'failed');
  // Every script the server sent carries this response's nonce (Next.js took it from the CSP).
  const nonce = /'nonce-([^']+)'/.exec(response!.headers()['content-security-policy'] ?? '')?.[1];
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);

  // The replay form: the JSON editor (CodeMirror, its styles admitted by the nonce) edits, and
  // editing switches the form to "these kwargs" with a diff: React is hydrated.
  const replay = page.getByTestId('replay-form');
  await expect(replay.getByRole('radio', { name: /the original kwargs/ })).toBeChecked();
  const editor = page.getByRole('textbox', { name: 'Replacement kwargs', exact: true });
  await expect(editor).toBeVisible();
  const edited = '{ "firstPageReceived": { "subject": { "email": "chen.wei@example.org" } } }';
  await setEditorText(page, 'Replacement kwargs', edited);
  await expect(replay.getByRole('radio', { name: /these kwargs/ })).toBeChecked();
  await expect(page.getByTestId('replay-diff')).toBeVisible();
  // CodeMirror's theme applied (its <style> element was admitted): the editor has its own font and gutter.
  expect(await page.locator('.cm-editor style, head style').count()).toBeGreaterThan(0);
  await expect(page.locator('.cm-editor').first()).toHaveCSS('position', 'relative');
  await replay.getByRole('button', { name: 'Format' }).click();
  await expect(editor).toContainText('"chen.wei@example.org"');
  expect((await editor.textContent())?.length).toBeGreaterThan(0);

  // The skip form: Cascade opens the editor and the preview, computed by a server action.
  const skip = page.getByTestId('skip-form');
  await skip.getByRole('checkbox', { name: /Cascade/ }).check();
  await expect(page.getByTestId('preview-tasks')).toContainText('t_importResponses');
  await setEditorText(page, 'Simulated result', '{ "subjectId": 42 }');
  await expect(page.getByTestId('preview-ready')).toBeVisible();
  await skip.getByRole('checkbox', { name: /Cascade/ }).uncheck();
  await expect(page.getByTestId('no-cascade-note')).toBeVisible();

  // A client-side navigation loads more chunks: 'strict-dynamic' admits them.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: UID }).click();
  await expect(page).toHaveURL(new RegExp(`/sessions/${UID}$`));
  await expect(page.getByTestId('fire-trigger-form')).toBeVisible();

  expect(problems).toEqual([]);
});

test.describe('signed out', () => {
  test.use({ storageState: signedOut });

  test('the sign-in page, the health check, a redirect, a 401 and a 404 carry the headers too', async ({ page, request }) => {
    const problems = await watch(page);
    const response = await page.goto('/sign-in');
    expectSecurityHeaders(response, '/sign-in');
    // Hydrated: typing works and the form answers (a wrong password, in the form, not a new page).
    await page.getByLabel('Email').fill('nobody@example.org');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The form's own alert: Next's route announcer is an (empty) alert on the page too.
    await expect(page.locator('form[aria-label="Sign in"]').getByRole('alert')).toBeVisible();
    expect(problems).toEqual([]);

    expectSecurityHeaders(await request.get('/api/health'), '/api/health');
    const redirect = await request.get('/sessions', { maxRedirects: 0 });
    expect(redirect.status()).toBe(307);
    expectSecurityHeaders(redirect, 'redirect to sign-in');
    const unauthorized = await request.get(`/api/sessions/${UID}/live`);
    expect(unauthorized.status()).toBe(401);
    expectSecurityHeaders(unauthorized, '401');
  });
});

test('route handlers and error pages carry the headers; HSTS only behind HTTPS', async ({ request }) => {
  expectSecurityHeaders(await request.get(`/sessions/${UID}/snapshot`), 'snapshot route handler');
  const missing = await request.get('/no-such-page');
  expect(missing.status()).toBe(404);
  expectSecurityHeaders(missing, '404 page');
  const unknownInstance = await request.get(`/sessions/${UID}/instances/${encodeURIComponent('t_nope#9')}`);
  expectSecurityHeaders(unknownInstance, 'unknown instance');
  const behindProxy = await request.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
  expect(behindProxy.headers()['strict-transport-security']).toBe('max-age=31536000');
  // Next.js cannot route TRACE (it answered 500 without headers): refused at the server (lib/http/method-guard.ts).
  const trace = await request.fetch('/sign-in', { method: 'TRACE' });
  expect(trace.status()).toBe(405);
  expect(trace.headers()['x-frame-options']).toBe('DENY');
});

test.describe('framing', () => {
  let server: Server;
  let origin: string;

  test.beforeAll(async ({ baseURL }) => {
    // A page on another origin (another port of the same host: same site, so the session
    // cookie would be sent) that frames the instance page, as a clickjacking page would.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><title>framer</title><iframe id="victim" src="${baseURL}${instancePath}" width="1000" height="800"></iframe>`);
    });
    await new Promise<void>((resolve) => server.listen(Number(process.env.E2E_AUX_PORT ?? 0), '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  test('another origin cannot frame the instance page: the browser refuses it, Replay is not there to click', async ({ page, baseURL }) => {
    const refusals: string[] = [];
    page.on('console', (message) => refusals.push(message.text()));
    const framed = page.waitForResponse((response) => response.url() === `${baseURL}${instancePath}`);
    await page.goto(`${origin}/`);
    const response = await framed;
    expect(response.status()).toBe(200); // the server answered (the cookie was sent) …
    expect(response.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    // … and the browser would not show it.
    await expect.poll(() => refusals.join('\n')).toMatch(/frame-ancestors 'none'|X-Frame-Options/);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(frame!.url()).not.toBe(`${baseURL}${instancePath}`);
    await expect(page.frameLocator('#victim').getByRole('button', { name: 'Replay', exact: true })).toHaveCount(0);
  });
});
