import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { ACTION_BODY_LIMIT_BYTES, refuseMalformedRequest } from '@/lib/http/malformed-request';

const action = (body: string, headers: Record<string, string> = {}) =>
  new NextRequest('http://127.0.0.1/sessions/s/instances/t%230', {
    method: 'POST',
    body,
    headers: { 'next-action': '60abc', 'content-type': 'text/plain;charset=UTF-8', 'content-length': String(Buffer.byteLength(body)), ...headers },
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
    ['a POST that is not a server action', new NextRequest('http://127.0.0.1/sessions', { method: 'POST', body: 'garbage' })],
  ])('lets through %s', async (_label, request) => {
    expect(await answer(request)).toBeNull();
  });
});
