import { env } from 'node:process';
import { Redis } from 'ioredis';
import { cloneInstance } from '../../engine/bench/clone.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { DAY, complete, settle, startInstance, tasksOf } from '../helpers/scenario.ts';

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

// and renewal answers with a reminder a day apart, three times at most (issue 19, item 1)
const reminded = process(
  'reminded',
  [
    start(),
    userTask('answer'),
    {
      id: 'remind',
      type: 'boundaryTimer',
      attachedTo: 'answer',
      interrupting: false,
      timer: { cycle: 'R3/P1D' },
    },
    service('send-reminder'),
    end('reminder-sent'),
    end(),
  ],
  [
    ['start', 'answer'],
    ['answer', 'end'],
    ['remind', 'send-reminder'],
    ['send-reminder', 'reminder-sent'],
  ],
);

let t: TestEngine;
let redis: Redis;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(followUp, reminded),
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

describe('Redis loses everything while a timer cycle is pending (issue 19, item 1)', () => {
  it('re-arms each firing from PostgreSQL: the three reminders fire once each, and the answer ends the cycle', async () => {
    const i = await startInstance(t, 'reminded');
    const cycle = () =>
      t.sql<{ id: string; status: string; fire_count: number; due_at: Date }>(
        `SELECT id, status, fire_count, due_at FROM jobs WHERE instance_id = $1 AND node_id = 'remind' ORDER BY due_at`,
        [i.id],
      );
    const sent = async () =>
      (
        await t.sql(
          `SELECT count(*)::int AS n FROM history WHERE instance_id = $1 AND type = 'node.entered' AND node_id = 'send-reminder'`,
          [i.id],
        )
      )[0].n as number;

    for (let n = 1; n <= 3; n++) {
      // When Redis forgets everything while firing n waits, and the clock reaches it
      const pending = (await cycle()).filter((x) => x.status === 'pending');
      expect(pending).toHaveLength(1);
      expect(await redis.flushdb()).toBe('OK');
      t.clock.advance(pending[0]!.due_at.getTime() - t.clock.now() + 1_000);
      await settle(t);
      // Then it fires once, and the next is a new row a day later (none after the third)
      await t.until(async () => ((await sent()) === n ? true : null), `reminder ${n}`);
      const rows = await cycle();
      expect(rows.filter((x) => x.status === 'done')).toHaveLength(n);
      expect(rows.every((x) => x.fire_count <= 1)).toBe(true);
      expect(rows.filter((x) => x.status === 'pending')).toHaveLength(n < 3 ? 1 : 0);
    }

    // and days later, after another flush and a full re-arm, nothing fires again
    await redis.flushdb();
    t.clock.advance(3 * DAY);
    await t.engine.queue.reconcile(true);
    await settle(t);
    expect(await sent()).toBe(3);
    expect((await cycle()).map((x) => x.fire_count)).toEqual([1, 1, 1]);

    // When the customer answers, the case ends
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });

  it('the answer ends the cycle: the pending reminder is withdrawn', async () => {
    const i = await startInstance(t, 'reminded');
    const [task] = await tasksOf(t, i.id);
    const after = await complete(t, task!.id, { ok: true });
    expect(after.status).toBe('completed');
    const rows = await t.sql(
      `SELECT status FROM jobs WHERE instance_id = $1 AND node_id = 'remind'`,
      [i.id],
    );
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });
});

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
    // Then none is back in Redis yet (a row gets its pointer two reconcile intervals before
    // its instant), and none has fired
    for (const x of before)
      expect(await t.engine.queue.queue.getJob(`${x.id}#1`), x.id).toBeUndefined();
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

  it('re-arms thousands of rows in bulk after a flush: pointers for the near ones only, each fires once', async () => {
    // Given 3,000 follow-ups (one started, the rest copied with SQL): 2,100 due now or within
    // the reconciler's horizon (more than one page of rows), 900 due a day later
    const template = (await startInstance(t, 'follow-up', { delay: 'P1D' })).id;
    await cloneInstance(t.engine.db.pool, template, 'bulk-', 2_999);
    const ids = [template, ...Array.from({ length: 2_999 }, (_, k) => `bulk-${k + 1}`)];
    const now = t.clock.now();
    await t.sql(
      `UPDATE jobs SET due_at = CASE WHEN n.k <= 1050 THEN $2::timestamptz
         WHEN n.k <= 2100 THEN $3::timestamptz ELSE $4::timestamptz END
       FROM unnest($1::text[]) WITH ORDINALITY AS n(id, k)
       WHERE jobs.instance_id = n.id AND jobs.kind = 'timer'`,
      [ids, new Date(now - 60_000), new Date(now + 400), new Date(now + DAY)],
    );
    const rows = await timers(ids);
    expect(rows).toHaveLength(3_000);
    const near = rows.filter((x) => x.due_at.getTime() < now + DAY).map((x) => x.id);
    const far = rows.filter((x) => x.due_at.getTime() >= now + DAY).map((x) => x.id);
    expect([near.length, far.length]).toEqual([2_100, 900]);

    // When Redis forgets every job and the reconciler re-arms from PostgreSQL
    expect(await redis.flushdb()).toBe('OK');
    await t.engine.queue.reconcile(true);

    // Then the near rows fire, each once and none early, while the far ones have no pointer
    const fired = await t.until(
      async () => {
        const done = await timers(ids);
        return done.filter((x) => x.status === 'done').length === near.length ? done : null;
      },
      'every near follow-up fired',
      120_000,
    );
    const queue = t.engine.queue.queue;
    const farJobs = await Promise.all(far.map((id) => queue.getJob(`${id}#1`)));
    expect(farJobs.filter(Boolean)).toEqual([]);
    for (const x of fired) {
      if (x.due_at.getTime() >= now + DAY) {
        expect(x.status, x.id).toBe('pending');
        continue;
      }
      expect(x.fire_count, x.id).toBe(1);
      expect(x.fired_at!.getTime(), x.id).toBeGreaterThanOrEqual(x.due_at.getTime());
    }

    // When the clock passes the far rows' instant
    t.clock.advance(DAY + 1_000);
    const all = await t.until(
      async () => {
        const done = await timers(ids);
        return done.every((x) => x.status === 'done') ? done : null;
      },
      'every follow-up fired',
      120_000,
    );
    // Then every one fired once, none early, and every case completed
    for (const x of all) {
      expect(x.fire_count, x.id).toBe(1);
      expect(x.fired_at!.getTime(), x.id).toBeGreaterThanOrEqual(x.due_at.getTime());
    }
    const completed = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
      [ids],
    );
    expect(completed[0].n).toBe(3_000);
  });

  it('keeps the durability invariants', async () => {
    t.clock.advance(DAY);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
