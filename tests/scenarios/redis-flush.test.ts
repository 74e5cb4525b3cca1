import { env } from 'node:process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start } from '../fixtures/definitions.ts';
import { DAY, isDelayed, settle, startInstance } from '../helpers/scenario.ts';

// A dedicated Redis logical database: FLUSHDB here cannot disturb test files running in parallel.
const REDIS_DB_URL = env.TEST_FLUSH_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const RECONCILE_MS = 500;

// Given follow-ups that wait a number of minutes after a day
const followUp = process(
  'follow-up',
  [start(), { id: 'wait', type: 'timer', timer: { durationExpression: 'delay' } }, end()],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);

let t: TestEngine;
let redis: Redis;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(followUp),
    redisUrl: REDIS_DB_URL,
    reconcileIntervalMs: RECONCILE_MS,
  });
  redis = new Redis(REDIS_DB_URL);
});
afterAll(async () => {
  redis.disconnect();
  await t.close();
  await dropTestData(t.schema, t.prefix, REDIS_DB_URL);
});

async function timers(ids: string[]) {
  return t.sql<{
    id: string;
    status: string;
    fire_count: number;
    due_at: Date;
    fired_at: Date | null;
  }>(
    `SELECT id, status, fire_count, due_at, fired_at FROM jobs WHERE kind = 'timer' AND instance_id = ANY($1) ORDER BY due_at`,
    [ids],
  );
}

async function schedule(n: number, delay: (k: number) => string) {
  const ids: string[] = [];
  for (let k = 0; k < n; k++)
    ids.push((await startInstance(t, 'follow-up', { delay: delay(k) })).id);
  return ids;
}

describe('Redis loses everything while timers are pending', () => {
  it('re-arms every timer from PostgreSQL: none fires early, each fires exactly once', async () => {
    const ids = await schedule(20, (k) => `P1DT${k + 1}M`);
    const before = await timers(ids);
    expect(before.every((x) => x.status === 'pending')).toBe(true);

    // When Redis forgets every job
    expect(await redis.flushdb()).toBe('OK');
    expect(await t.engine.queue.queue.getJob(`${before[0]!.id}#1`)).toBeUndefined();

    // and the clock reaches a minute before the first due instant
    t.clock.advance(before[0]!.due_at.getTime() - t.clock.now() - 60_000);
    await settle(t);
    // Then the rows are back in Redis, delayed, and none has fired
    for (const x of before) expect(await isDelayed(t, x.id), x.id).toBe(true);
    expect((await timers(ids)).every((x) => x.status === 'pending' && x.fire_count === 0)).toBe(
      true,
    );

    // When the clock passes every due instant
    t.clock.advance(before.at(-1)!.due_at.getTime() - t.clock.now() + 1_000);
    const fired = await t.until(async () => {
      const rows = await timers(ids);
      return rows.every((x) => x.status === 'done') ? rows : null;
    }, 'every timer fired');
    // Then each fired once, none before its due instant
    for (const x of fired) {
      expect(x.fire_count, x.id).toBe(1);
      expect(x.fired_at!.getTime(), x.id).toBeGreaterThanOrEqual(x.due_at.getTime());
    }
    const completed = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
      [ids],
    );
    expect(completed[0].n).toBe(ids.length);

    // and a second full re-arm (another flush, another engine start) fires nothing twice
    await redis.flushdb();
    await t.engine.queue.reconcile(true);
    expect((await timers(ids)).every((x) => x.fire_count === 1)).toBe(true);
  });

  it('re-arms on the periodic reconcile (no clock jump): late by at most one interval', async () => {
    const ids = await schedule(5, () => 'P1D');
    const [first] = await timers(ids);
    // the clock runs on to a second and a half before they are due, then Redis is flushed
    t.clock.advance(first!.due_at.getTime() - t.clock.now() - 1_500);
    await settle(t);
    await redis.flushdb();

    const fired = await t.until(
      async () => {
        const rows = await timers(ids);
        return rows.every((x) => x.status === 'done') ? rows : null;
      },
      'every timer fired after the flush',
      10_000,
    );
    for (const x of fired) {
      expect(x.fire_count).toBe(1);
      const lateness = x.fired_at!.getTime() - x.due_at.getTime();
      expect(lateness, x.id).toBeGreaterThanOrEqual(0);
      // one reconcile interval, plus scheduling slack on a busy machine
      expect(lateness, x.id).toBeLessThan(RECONCILE_MS + 2_000);
    }
  });

  it('keeps the durability invariants', async () => {
    t.clock.advance(DAY);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
