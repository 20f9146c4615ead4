import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/lib/env';

describe('parseEnv', () => {
  it('applies the defaults to an empty environment', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL: undefined,
      PGLITE_DATA_DIR: '.data/pglite',
      PORT: 3000,
      SESSION_SECRET: undefined,
      COOKIE_SECURE: 'auto',
      HIDE_PAYLOADS_FROM_VIEWERS: false,
      TRUSTED_PROXIES: [],
      API_RATE_LIMIT: { requests: 600, periodSeconds: 60 },
    });
  });

  it('reads valid values', () => {
    expect(
      parseEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgresql://app:pw@127.0.0.1:5432/triggerboard',
        PGLITE_DATA_DIR: '/var/lib/triggerboard',
        PORT: '8080',
        SESSION_SECRET: 'x'.repeat(40),
        COOKIE_SECURE: 'true',
        API_RATE_LIMIT: ' 5 / 10 ',
      }),
    ).toEqual({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:pw@127.0.0.1:5432/triggerboard',
      PGLITE_DATA_DIR: '/var/lib/triggerboard',
      PORT: 8080,
      SESSION_SECRET: 'x'.repeat(40),
      COOKIE_SECURE: 'true',
      HIDE_PAYLOADS_FROM_VIEWERS: false,
      TRUSTED_PROXIES: [],
      API_RATE_LIMIT: { requests: 5, periodSeconds: 10 },
    });
  });

  it('refuses a short session secret without echoing it', () => {
    expect(() => parseEnv({ SESSION_SECRET: 'too-short-secret' })).toThrow(/SESSION_SECRET must be at least 32 characters .*\(got "\(16 characters, hidden\)"\)/);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '', PGLITE_DATA_DIR: '' })).toMatchObject({
      DATABASE_URL: undefined,
      PORT: 3000,
      PGLITE_DATA_DIR: '.data/pglite',
    });
  });

  it('accepts memory:// for a throwaway PGlite database', () => {
    expect(parseEnv({ PGLITE_DATA_DIR: 'memory://' }).PGLITE_DATA_DIR).toBe('memory://');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '0'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'http://example.test/db'],
    ['DATABASE_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['PGLITE_DATA_DIR', 'file:///tmp/x'],
    ['TRUSTED_PROXIES', 'proxy.internal'],
    ['TRUSTED_PROXIES', '10.0.0.1, 10.0.0.0/33'],
    ['TRUSTED_PROXIES', '10.0.0.0/8/1'],
    ['TRUSTED_PROXIES', '::1/129'],
    ['API_RATE_LIMIT', '600'],
    ['API_RATE_LIMIT', '0/60'],
    ['API_RATE_LIMIT', '600/0'],
    ['API_RATE_LIMIT', '600/86401'],
    ['API_RATE_LIMIT', '1.5/60'],
    ['API_RATE_LIMIT', '600 per minute'],
  ])('rejects %s=%j with a message naming the variable', (variable, value) => {
    let error: unknown;
    try {
      parseEnv({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const envError = error as EnvError;
    expect(envError.problems.map((p) => p.variable)).toEqual([variable]);
    expect(envError.message).toContain(`${variable} must`);
    expect(envError.message).toContain(JSON.stringify(value));
    expect(envError.message).toContain(`Set ${variable}`);
  });

  it('reads TRUSTED_PROXIES as a list of addresses and CIDR ranges', () => {
    expect(parseEnv({ TRUSTED_PROXIES: ' 10.0.0.5, 10.1.0.0/16 ,::1,fd00::/8,' }).TRUSTED_PROXIES).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'fd00::/8']);
    expect(() => parseEnv({ TRUSTED_PROXIES: '10.0.0.5,proxy.internal' })).toThrow(
      /TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges, such as 10\.0\.0\.5,10\.1\.0\.0\/16 \("proxy\.internal" is not an IP address or a CIDR range\)/,
    );
  });

  it('never echoes a database password', () => {
    expect(() => parseEnv({ DATABASE_URL: 'mysql://admin:hunter2@db.internal/app' })).toThrow(
      /"mysql:\/\/admin:\*\*\*@db\.internal\/app"/,
    );
    expect(() => parseEnv({ DATABASE_URL: 'mysql://admin:hunter2@db.internal/app' })).not.toThrow(/hunter2/);
  });

  it('reports every bad variable at once', () => {
    expect(() => parseEnv({ PORT: 'x', DATABASE_URL: 'mysql://db' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
  });
});
