/**
 * A burst of timers fired in batches by two engine processes, one of them killed with -9 in the
 * middle of it, after Redis lost every pointer: each timer fires exactly once, none before its
 * instant, every case completes.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, REDIS_URL, dropTestData, writeDefinitions } from '../helpers/engine.ts';
import { spawnEngine, type EngineProcess } from '../helpers/engine-process.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process as proc, start } from '../fixtures/definitions.ts';

// Given renewal reminders, each due at an instant of its own
const reminder = proc(
  'reminder',
  [start(), { id: 'wait', type: 'timer', timer: { dateExpression: 'due' } }, end()],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);
const CASES = 300;

const id = randomBytes(4).toString('hex');
const schema = `f_${id}`;
const prefix = `f_${id}`;
const token = `burst-admin-${id}`;
let dir: string;
let db: pg.Pool;
const engines: EngineProcess[] = [];

beforeAll(async () => {
  dir = await writeDefinitions(files(reminder));
  db = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.kill()));
  await db.end();
  await dropTestData(schema, prefix);
});

const spawn = async () => {
  const e = await spawnEngine({ schema, prefix, definitionsDir: dir, adminToken: token });
  engines.push(e);
  return e;
};

const count = async (where: string) =>
  (await db.query(`SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND ${where}`)).rows[0]
    .n as number;

async function until(what: string, fn: () => Promise<boolean>) {
  const deadline = Date.now() + 120_000;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a burst of timers, Redis flushed and an engine killed in the middle', () => {
  it('fires each timer once and none early', async () => {
    // Given 300 reminders due in a day
    const first = await spawn();
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let k = next++; k < CASES; k = next++) {
          const res = await fetch(`${first.url}/api/instances`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              processId: 'reminder',
              variables: { due: new Date(Date.now() + 86_400_000).toISOString() },
            }),
          });
          expect(res.status).toBe(201);
        }
      }),
    );
    await first.kill('SIGKILL');
    // When they are moved to come due together within four seconds, ten seconds from now,
    // Redis loses every pointer, and two engines start
    await db.query(
      `UPDATE jobs SET due_at = clock_timestamp() + interval '10 seconds' + random() * interval '4 seconds'
       WHERE kind = 'timer'`,
    );
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const [a] = await Promise.all([spawn(), spawn()]);

    // and one of them is killed once the burst is under way
    await until('the burst to begin', async () => (await count(`status = 'done'`)) > 0);
    await a!.kill('SIGKILL');
    await spawn();

    // Then every timer fires, each once, none before its instant
    await until('every timer fired', async () => (await count(`status = 'pending'`)) === 0);
    expect(await count(`status = 'done' AND fire_count = 1`)).toBe(CASES);
    expect(await count(`fired_at < due_at`)).toBe(0);
    const completed = (
      await db.query(`SELECT count(*)::int AS n FROM instances WHERE status = 'completed'`)
    ).rows[0].n;
    expect(completed).toBe(CASES);
    expect(await durabilityViolations((q, v) => db.query(q, v as unknown[]))).toEqual([]);
  }, 300_000);
});
