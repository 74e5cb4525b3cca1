import { env } from 'node:process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { DAY, HOUR, settle, startInstance } from '../helpers/scenario.ts';

// A Redis logical database of this file's own: it flushes it while timers are pending.
const REDIS_DB_URL = env.TEST_BURST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';

// Given renewal reminders, each due at an instant of its own
const reminder = process(
  'reminder',
  [start(), { id: 'wait', type: 'timer', timer: { dateExpression: 'due' } }, end()],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);
// and reviews with two deadlines that come due at the same instant: one interrupts the review
const race = process(
  'race',
  [
    start(),
    userTask('review'),
    { id: 'first', type: 'boundaryTimer', attachedTo: 'review', timer: { dateExpression: 'due' } },
    { id: 'second', type: 'boundaryTimer', attachedTo: 'review', timer: { dateExpression: 'due' } },
    end('reviewed'),
    end('late1'),
    end('late2'),
  ],
  [
    ['start', 'review'],
    ['review', 'reviewed'],
    ['first', 'late1'],
    ['second', 'late2'],
  ],
);

let t: TestEngine;
let other: TestEngine;
let redis: Redis;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(reminder, race), redisUrl: REDIS_DB_URL });
  // a second engine on the same database and Redis, draining the same timers
  other = await startTestEngine({
    definitions: t.definitionsDir,
    redisUrl: REDIS_DB_URL,
    schema: t.schema,
    prefix: t.prefix,
  });
  redis = new Redis(REDIS_DB_URL);
});
afterAll(async () => {
  redis.disconnect();
  await other.close();
  await t.close();
  await dropTestData(t.schema, t.prefix, REDIS_DB_URL);
});

/** Both engines' clocks move together. */
function advanceTo(instant: number) {
  const by = instant - t.clock.now();
  t.clock.advance(by);
  other.clock.advance(by);
}

async function startMany(processId: string, due: (k: number) => number, n: number) {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let k = next++; k < n; k = next++)
        ids.push((await startInstance(t, processId, { due: new Date(due(k)).toISOString() })).id);
    }),
  );
  return ids;
}

interface TimerRow {
  id: string;
  instance_id: string;
  status: string;
  fire_count: number;
  due_at: Date;
  fired_at: Date | null;
}

const timersOf = (ids: string[]) =>
  t.sql<TimerRow>(
    `SELECT id, instance_id, status, fire_count, due_at, fired_at FROM jobs
     WHERE kind = 'timer' AND instance_id = ANY($1) ORDER BY due_at, id`,
    [ids],
  );

const allSettled = (ids: string[]) => async () => {
  const rows = await timersOf(ids);
  return rows.every((x) => x.status !== 'pending') ? rows : null;
};

describe('a burst of timers due together', () => {
  it('fires them in batches, each once and none before its instant, across two engines and a Redis flush', async () => {
    // Given 450 reminders (more than two batches) due within ten minutes, an hour from now
    const window = t.clock.now() + HOUR;
    const ids = await startMany('reminder', (k) => window + (k % 90) * 6_000 + k, 450);
    const rows = await timersOf(ids);
    expect(rows).toHaveLength(450);
    expect(rows.every((x) => x.status === 'pending')).toBe(true);

    // When Redis forgets every pointer, and the clock reaches the middle of the window
    expect(await redis.flushdb()).toBe('OK');
    const middle = window + 5 * 60_000;
    advanceTo(middle);
    await Promise.all([settle(t), settle(other)]);
    const dueByMiddle = rows.filter((x) => x.due_at.getTime() <= middle).map((x) => x.id);
    await t.until(async () => {
      const done = await t.sql(
        `SELECT count(*)::int AS n FROM jobs WHERE id = ANY($1) AND status = 'done'`,
        [dueByMiddle],
      );
      return done[0].n === dueByMiddle.length;
    }, 'every reminder due by the middle fired');

    // Then none has fired before its instant (the clock runs on meanwhile), and those due
    // minutes later wait
    for (const x of await timersOf(ids))
      if (x.status === 'done')
        expect(x.fired_at!.getTime(), x.id).toBeGreaterThanOrEqual(x.due_at.getTime());
      else expect(x.status, x.id).toBe('pending');
    const later = (await timersOf(ids)).filter((x) => x.due_at.getTime() > middle + 3 * 60_000);
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((x) => x.status === 'pending' && x.fire_count === 0)).toBe(true);

    // When the clock passes the whole window
    advanceTo(window + 11 * 60_000);
    const fired = await t.until(allSettled(ids), 'every reminder fired', 60_000);

    // Then each fired once, at or after its instant, and its case completed
    for (const x of fired) {
      expect(x.status, x.id).toBe('done');
      expect(x.fire_count, x.id).toBe(1);
      expect(x.fired_at!.getTime(), x.id).toBeGreaterThanOrEqual(x.due_at.getTime());
    }
    const completed = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
      [ids],
    );
    expect(completed[0].n).toBe(ids.length);
    // and they fired many at a time: far fewer firing instants (one per batch) than timers
    const instants = await t.sql(
      `SELECT count(DISTINCT fired_at)::int AS n FROM jobs WHERE id = ANY($1)`,
      [fired.map((x) => x.id)],
    );
    expect(instants[0].n).toBeLessThan(ids.length / 4);
  });

  it('skips a case another transaction holds, and fires its timer once the case is free', async () => {
    const at = t.clock.now() + HOUR;
    const ids = await startMany('reminder', () => at, 30);
    const held = ids[7]!;
    const c = new pg.Client({
      connectionString: DATABASE_URL,
      options: `-c search_path=${t.schema}`,
    });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query(`SELECT id FROM instances WHERE id = $1 FOR UPDATE`, [held]);
      // When the timers come due while the case is held
      advanceTo(at + 1_000);
      await Promise.all([settle(t), settle(other)]);
      const others = ids.filter((x) => x !== held);
      await t.until(async () => {
        const rows = await timersOf(others);
        return rows.every((x) => x.status === 'done');
      }, 'the other reminders fired');
      // Then the held case's timer waits
      expect((await timersOf([held]))[0]!.status).toBe('pending');
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    // and fires once it is free
    const [row] = await t.until(allSettled([held]), 'the held reminder fired');
    expect(row!.status).toBe('done');
    expect(row!.fire_count).toBe(1);
  });

  it('fires one of two deadlines of a case due together; the other is cancelled by it', async () => {
    const at = t.clock.now() + DAY;
    const ids = await startMany('race', () => at, 40);
    advanceTo(at + 1_000);
    await Promise.all([settle(t), settle(other)]);
    const rows = await t.until(allSettled(ids), 'every deadline fired or was cancelled');
    expect(rows).toHaveLength(80);
    for (const id of ids) {
      const mine = rows.filter((x) => x.instance_id === id);
      expect(mine.map((x) => x.status).sort(), id).toEqual(['cancelled', 'done']);
    }
    const ended = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
      [ids],
    );
    expect(ended[0].n).toBe(ids.length);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
