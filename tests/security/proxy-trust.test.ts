/**
 * Only the configured proxy may say whose request it forwards (issue 14, item 10). Under
 * `npm start` the engine believed X-Forwarded-For from every loopback caller, so a client on
 * the host rotated the header and was never rate limited. Now the studio's proxy presents a
 * secret made for that start; anyone else's forwarded addresses are ignored.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studioProxyTrust } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startStudio, type RunningStudio } from '../studio/helpers/studio.ts';

const SECRET = 'a-secret-made-for-this-start-0123456789';
const LIMIT = 3;

let t: TestEngine;
let studio: RunningStudio;
beforeAll(async () => {
  // Given the engine as `npm start` runs it with the studio, and that studio
  t = await startTestEngine({
    definitions: {},
    config: {
      publicRateLimit: LIMIT,
      ...studioProxyTrust({ trustProxy: false, proxySecret: undefined }, true, SECRET),
    },
  });
  studio = await startStudio(t.url, { ENGINE_PROXY_SECRET: SECRET });
}, 240_000); // the studio's build, when its sources changed
afterAll(async () => {
  await studio?.close();
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A rate-limited public route (GET /api/auth/oidc) from a given loopback address, with extra headers. */
const publicCall = (base: string, from: string, headers: Record<string, string> = {}) =>
  new Promise<number>((resolve, reject) => {
    const req = request(`${base}/api/auth/oidc`, { localAddress: from, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.end();
  });

describe('npm start with the studio', () => {
  it('trusts exactly the studio: loopback callers with the secret made for this start', () => {
    const none = { trustProxy: false as const, proxySecret: undefined };
    expect(studioProxyTrust(none, true, 's')).toEqual({ trustProxy: 'loopback', proxySecret: 's' });
    expect(studioProxyTrust(none, false, 's')).toEqual(none);
    const own = { trustProxy: '10.0.0.5', proxySecret: undefined };
    expect(studioProxyTrust(own, true, 's')).toEqual(own);
  });

  it('limits a client on the host that rotates X-Forwarded-For, as one address', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push(
        await publicCall(t.url, '127.0.0.1', {
          'x-forwarded-for': `203.0.113.${i}`,
          // a guess at the secret changes nothing
          'x-caseway-proxy': `guess-${i}`,
        }),
      );
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
  });

  it("counts each browser behind the studio on its own, and ignores a browser's own X-Forwarded-For", async () => {
    const a = [];
    for (let i = 0; i < LIMIT + 1; i++)
      a.push(await publicCall(studio.url, '127.0.0.2', { 'x-forwarded-for': `198.51.100.${i}` }));
    expect(a).toEqual([...Array(LIMIT).fill(200), 429]);
    // another browser (another address) is not limited by the first one's calls
    expect(await publicCall(studio.url, '127.0.0.3')).toBe(200);
  });
});
