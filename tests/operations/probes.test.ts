/**
 * Liveness and readiness for monitors and load balancers: never rate limited (a monitor polling
 * many times a second, or every probe of a fleet arriving through one proxy address, used to be
 * answered 429 after 120 calls a minute), readiness cheap under a flood (one check of PostgreSQL
 * and Redis a second), and a lost service reported within the cache's second plus the check's
 * own limit. The services are really taken away: the engine reaches them through a TCP relay
 * (tests/helpers/tcp-relay.ts) that the test closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_URL,
  REDIS_URL,
  dropTestData,
  startTestEngine,
  type TestEngine,
} from '../helpers/engine.ts';
import { startRelay } from '../helpers/tcp-relay.ts';

/** A readiness check may take 2 s (READY_CHECK_MS) and its answer serves 1 s: room for a loaded machine. */
const WITHIN = { timeout: 15_000, interval: 50 };

let t: TestEngine;
beforeAll(async () => {
  // Given an engine whose public routes allow 5 calls a minute per address
  t = await startTestEngine({ definitions: {}, config: { publicRateLimit: 5 } });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const statuses = (url: string, n: number) =>
  Promise.all(Array.from({ length: n }, () => fetch(url).then((r) => r.status)));

describe('the probes under a flood from one address', () => {
  it('answers every call to /api/health and /api/ready, never 429, with one readiness check a second', async () => {
    const real = t.engine.readiness.bind(t.engine);
    let checks = 0;
    t.engine.readiness = () => {
      checks++;
      return real();
    };
    try {
      const began = performance.now();
      // When a monitor calls both probes 150 times each (more than the default 120 a minute)
      const health: number[] = [];
      const ready: number[] = [];
      for (let round = 0; round < 3; round++) {
        health.push(...(await statuses(`${t.url}/api/health`, 50)));
        ready.push(...(await statuses(`${t.url}/api/ready`, 50)));
      }
      const seconds = (performance.now() - began) / 1000;
      // Then every call is answered
      expect(health).toEqual(Array(150).fill(200));
      expect(ready).toEqual(Array(150).fill(200));
      // with a check only when the last one is a second old (checks begin at least 1 s apart)
      expect(checks).toBeGreaterThan(0);
      expect(checks).toBeLessThanOrEqual(Math.floor(seconds) + 1);
    } finally {
      t.engine.readiness = real;
    }
    // while the other public routes keep their limit
    expect(await statuses(`${t.url}/api/auth/oidc`, 6)).toContain(429);
  });
});

describe('readiness when a service is lost', () => {
  it('reports a lost Redis, then a lost PostgreSQL, within its cache time, and each come back', async () => {
    // Given an engine that reaches Redis and PostgreSQL through relays the test can cut
    const redis = await startRelay(REDIS_URL);
    const postgres = await startRelay(DATABASE_URL);
    const e = await startTestEngine({
      definitions: {},
      redisUrl: redis.url,
      config: { databaseUrl: postgres.url },
    });
    const ready = async () => {
      const r = await fetch(`${e.url}/api/ready`);
      return { http: r.status, body: await r.json() };
    };
    const answer = (postgres: boolean, redis: boolean) => ({
      http: postgres && redis ? 200 : 503,
      body: { status: postgres && redis ? 'ready' : 'not-ready', postgres, redis },
    });
    try {
      expect(await ready()).toEqual(answer(true, true));
      // When Redis goes away (its connections end, its port refuses), and comes back
      await redis.cut();
      await expect.poll(ready, WITHIN).toEqual(answer(true, false));
      await redis.mend();
      await expect.poll(ready, WITHIN).toEqual(answer(true, true));
      // When PostgreSQL goes away, and comes back
      await postgres.cut();
      await expect.poll(ready, WITHIN).toEqual(answer(false, true));
      await postgres.mend();
      await expect.poll(ready, WITHIN).toEqual(answer(true, true));
    } finally {
      await redis.mend();
      await postgres.mend();
      await e.close();
      await Promise.all([redis.cut(), postgres.cut()]);
      await dropTestData(e.schema, e.prefix);
    }
  });
});
