import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, refuseMalformedRequest } from '@/lib/http/malformed-request';

const action = (body: string, headers: Record<string, string> = {}) =>
  new NextRequest('http://127.0.0.1/sessions/s/instances/t%230', {
    method: 'POST',
    body,
    headers: { host: '127.0.0.1', 'next-action': '60abc', 'content-type': 'text/plain;charset=UTF-8', 'content-length': String(Buffer.byteLength(body)), ...headers },
  });

async function answer(request: NextRequest): Promise<[number, string] | null> {
  const response = await refuseMalformedRequest(request);
  return response ? [response.status, await response.text()] : null;
}

describe('requests Next.js would answer with a 500, answered 4xx by the proxy', () => {
  it('a malformed %-escape in a path segment: 400 (JSON under /api)', async () => {
    expect(await answer(new NextRequest('http://127.0.0.1/sessions/%E0%A4%A'))).toEqual([400, 'Bad request: the address has a malformed %-escape in "%E0%A4%A".\n']);
    const api = await refuseMalformedRequest(new NextRequest('http://127.0.0.1/api/bulk/%ZZ'));
    expect([api?.status, await api?.json()]).toEqual([400, { error: 'Bad request: the address has a malformed %-escape in "%ZZ".' }]);
  });

  it.each([
    ['over the limit', action('x', { 'content-length': String(ACTION_BODY_LIMIT_BYTES + 1) }), 413, /too large/],
    ['without a length', action('[]', { 'content-length': '' }), 411, /Content-Length/],
    ['a text body that is not JSON', action('garbage{'), 400, /not valid JSON/],
    ['a multipart body that does not parse', action('garbage', { 'content-type': 'multipart/form-data; boundary=XYZ' }), 400, /not valid multipart/],
    ['arguments nested 100,000 deep', action(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), 400, /deeper than 128 levels/],
    ['1,001 arguments', action(JSON.stringify(Array.from({ length: 1_001 }, () => 0))), 400, /at most 1000 arguments/],
  ])('a server action POST %s', async (_label, request, status, message) => {
    const [got, text] = (await answer(request)) ?? [];
    expect(got).toBe(status);
    expect(text).toMatch(message);
  });

  it.each([
    ['a page with escaped characters', new NextRequest('http://127.0.0.1/sessions/a%23b/instances/t%230?q=%ZZ')],
    ['a server action with its arguments', action(JSON.stringify(['s', 't#0', '{"a": [[[1]]]}']))],
    ['a form action (multipart)', action('--XYZ\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--XYZ--\r\n', { 'content-type': 'multipart/form-data; boundary=XYZ' })],
    ['a POST to a route handler (/api reads its own body)', new NextRequest('http://127.0.0.1/api/bulk', { method: 'POST', body: 'garbage' })],
    ['a page POST that is not an action (a text body, no Next-Action)', new NextRequest('http://127.0.0.1/sessions', { method: 'POST', body: 'garbage', headers: { 'content-length': '7' } })],
    ['a 999,990-character string inside a FormData argument (not counted by React)', multipart({ '1_simulatedResult': 'x'.repeat(999_990), '0': '["$K1"]' })],
    // React counts 4 array slots + 26 + 17 + the result: 999,997 characters, just within its budget.
    ['arguments of 999,997 counted characters', action(JSON.stringify(['questionnaire-2026-11-0446', 't_importSubject#0', 'x'.repeat(999_950)]))],
    ['an escaped "$$" string and references to rows the body has', multipart({ '1': '{"a":1}', '0': '["$$Q1", "$@1", "$Q1", "$1:a"]' })],
    ['the values React encodes with "$" (undefined, NaN, ±Infinity, -0, a Date, a BigInt, a FormData)', action(JSON.stringify(['$undefined', '$NaN', '$Infinity', '$-Infinity', '$-0', '$D2026-12-06T00:00:00.000Z', '$n-12', '$K1']))],
    ['a no-JS form post with its bound arguments', multipart({ '$ACTION_REF_1': '', '$ACTION_1:0': '{"id":"60abc","bound":"$@1"}', '$ACTION_1:1': '[null]', uid: 's' }, {})],
    ['a no-JS form post of an action without arguments', multipart({ '$ACTION_ID_60abc': '', uid: 's' }, {})],
    ['an Origin that is the request host', action('[]', { origin: 'http://127.0.0.1' })],
    ['an Origin that is the X-Forwarded-Host (first value), as Next compares', action('[]', { origin: 'https://board.example', 'x-forwarded-host': 'board.example, inner', host: 'internal:3000' })],
  ])('lets through %s', async (_label, request) => {
    expect(await answer(await request)).toBeNull();
  });
});

/** A multipart POST (a fetch action when `headers` keeps the Next-Action header). */
function multipart(fields: Record<string, string>, headers: Record<string, string> = { 'next-action': '60abc' }, url = 'http://127.0.0.1/sessions/s/instances/t%230') {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const encoded = new Response(form);
  const type = encoded.headers.get('content-type') ?? '';
  return encoded.arrayBuffer().then(
    (body) => new NextRequest(url, { method: 'POST', body, headers: { host: '127.0.0.1', 'content-type': type, 'content-length': String(body.byteLength), ...headers } }),
  );
}

describe('every POST to a page is checked as a possible server action (no-JS form posts have no Next-Action header)', () => {
  const deep = `[null,${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`;
  it.each([
    ['a no-JS form post whose bound arguments nest 100,000 deep', () => multipart({ '$ACTION_REF_1': '', '$ACTION_1:0': '{"id":"x","bound":"$@1"}', '$ACTION_1:1': deep }, {}), 400, /deeper than 128 levels/],
    ['a no-JS form post whose reference row is missing', () => multipart({ '$ACTION_REF_1': '' }, {}), 400, /has no "\$ACTION_1:0" field/],
    ['a no-JS form post whose reference is not an object', () => multipart({ '$ACTION_REF_1': '', '$ACTION_1:0': 'null' }, {}), 400, /must be an object with the action id/],
    ['a no-JS form post referring to a row it does not contain', () => multipart({ '$ACTION_REF_1': '', '$ACTION_1:0': '{"id":"x","bound":"$@5"}' }, {}), 400, /hold "\$@5"/],
    ['a root that is null', () => action('null'), 400, /must be an array, not null/],
    ['a root that is a string', () => action('"str"'), 400, /must be an array, not string/],
    ['a root that is 1e400', () => action('1e400'), 400, /must be an array, not number/],
    ['a reference to a row the body does not contain', () => action('["$Q1"]'), 400, /hold "\$Q1"/],
    ['a reference to a chunk the body does not contain', () => action('["$@5"]'), 400, /hold "\$@5"/],
    ['a multipart fetch action without its arguments row', () => multipart({ '1_uid': 's' }), 400, /no arguments/],
    ['a multipart root that is not an array', () => multipart({ '0': '{"a":1}' }), 400, /must be an array, not object/],
    // The attack's body: 4 + 26 + 17 + 999,990 = 1,000,037 counted characters (Next answered 500).
    ['argument strings over React\'s 1,000,000-character budget', () => action(JSON.stringify(['questionnaire-2026-11-0446', 't_importSubject#0', 'x'.repeat(999_990)])), 413, /at most 1,000,000 characters/],
    ['a malformed Origin', () => action('[]', { origin: 'not a url' }), 400, /Origin header "not a url" is not a URL/],
    ['a forged Origin (CSRF)', () => action('[]', { origin: 'https://evil.example' }), 403, /posted from evil\.example may not act on 127\.0\.0\.1/],
    ['an Origin matching Host while X-Forwarded-Host says otherwise (Next trusts X-Forwarded-Host)', () => action('[]', { origin: 'http://127.0.0.1', 'x-forwarded-host': 'board.example' }), 403, /may not act on board\.example/],
    ['the opaque Origin "null"', () => action('[]', { origin: 'null' }), 403, /posted from null/],
  ])('%s', async (_label, make, status, message) => {
    const [got, text] = (await answer(await make())) ?? [];
    expect(got).toBe(status);
    expect(text).toMatch(message);
  });

  // Found by fuzzing: React's decoder throws on these (Next answered 500).
  it.each(['$Z', '$F', '$S', '$h', '$E', '$Y', '$AW', '$Q', '$n1x', '$'])('an encoding our forms never send (%s): 400', async (encoded) => {
    for (const request of [action(JSON.stringify([encoded])), await multipart({ '$ACTION_REF_1': '', '$ACTION_1:0': `{"id":"x","bound":${JSON.stringify(encoded)}}` }, {})]) {
      const [got, text] = (await answer(request)) ?? [];
      expect(got).toBe(400);
      expect(text).toMatch(/an encoding the app does not take/);
    }
  });

  it('a no-JS form post over the limit: 413 without the body being read', async () => {
    const request = await multipart({ '$ACTION_ID_60abc': '', email: 'x'.repeat(100) }, { 'content-length': String(5 * 1024 * 1024) }, 'http://127.0.0.1/sign-in');
    const response = await refuseMalformedRequest(request, 64 * 1024);
    expect(response?.status).toBe(413);
    expect(request.bodyUsed).toBe(false);
  });
});
