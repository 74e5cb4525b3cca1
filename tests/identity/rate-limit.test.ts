import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { login } from '../helpers/session.ts';

let t: TestEngine;
beforeAll(async () => {
  // Given low limits: 3 sign-in attempts and 5 calls of any other public route per minute
  t = await startTestEngine({
    definitions: {},
    config: { loginRateLimit: 3, publicRateLimit: 5, loginMaxFailures: 100 },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('rate limits on public routes', () => {
  it('answers sign-in attempts over the limit with 429 CW_ERR_RATE_LIMITED and Retry-After', async () => {
    const names = ['a1', 'a2', 'a3', 'a4'];
    const answers = [];
    for (const n of names) answers.push(await login(t, n, 'wrong password here'));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([401, 401, 401]);
    const limited = answers[3]!;
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('CW_ERR_RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // in the caller's language too
    const zh = await login(t, 'a5', 'wrong password here', { 'accept-language': 'zh-TW' });
    expect(zh.body.message).toBe('請求過於頻繁。');
  });

  it('limits every other public route too', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${t.url}/api/auth/oidc`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('does not limit signed-in calls', async () => {
    for (let i = 0; i < 10; i++) expect((await t.api('GET', '/api/auth/me')).status).toBe(200);
  });
});

describe('behind a trusted proxy (the studio)', () => {
  it('counts each browser address forwarded by the proxy on its own', async () => {
    const e = await startTestEngine({
      definitions: {},
      config: { publicRateLimit: 2, trustProxy: 'loopback' },
    });
    try {
      const from = (ip: string) =>
        fetch(`${e.url}/api/auth/oidc`, { headers: { 'x-forwarded-for': ip } }).then(
          (r) => r.status,
        );
      const a = [await from('203.0.113.7'), await from('203.0.113.7'), await from('203.0.113.7')];
      const b = await from('198.51.100.9');
      expect(a).toEqual([200, 200, 429]);
      expect(b).toBe(200);
    } finally {
      await e.close();
      await dropTestData(e.schema, e.prefix);
    }
  });
});
