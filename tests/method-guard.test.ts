import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installMethodGuard } from '@/lib/http/method-guard';

/** One raw request (fetch refuses TRACE itself). */
function send(port: number, method: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: '/sign-in' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('methods Next.js cannot route are answered before it (TRACE made next start answer 500)', () => {
  let server: ReturnType<typeof createServer>;
  let port = 0;
  const reached: string[] = [];
  beforeAll(async () => {
    await installMethodGuard();
    await installMethodGuard(); // idempotent
    server = createServer((req, res) => {
      reached.push(req.method ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['TRACE'])('%s: 405 with the security headers, and the app never sees it', async (method) => {
    const response = await send(port, method);
    expect(response.status).toBe(405);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers.allow).toContain('GET');
    expect(response.body).toContain(`Method ${method} is not allowed.`);
    expect(reached).not.toContain(method);
  });

  it('every other method goes on to the app', async () => {
    for (const method of ['GET', 'POST', 'OPTIONS']) expect((await send(port, method)).status).toBe(200);
    expect(reached).toEqual(['GET', 'POST', 'OPTIONS']);
  });
});
