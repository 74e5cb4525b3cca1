/**
 * A burst of timers fired in batches by two engine processes, one of them killed with -9 in the
 * middle of it, after Redis lost every pointer: each timer fires exactly once, none before its
 * instant, every case completes. Then an engine killed inside its batches' transactions (held
 * at the history insert, after its timer rows were marked done): nothing of them is kept, and
 * the next engine fires every timer once.
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
// and notices, the same shape, for the kill inside a batch
const notice = proc(
  'notice',
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
  dir = await writeDefinitions(files(reminder, notice));
  db = new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` });
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.kill()));
  await db.end();
  await dropTestData(schema, prefix);
});

/** An engine process; `name` is its sessions' application_name in pg_stat_activity. */
const spawn = async (name?: string) => {
  const e = await spawnEngine({
    schema,
    prefix,
    definitionsDir: dir,
    adminToken: token,
    ...(name ? { extra: { PGAPPNAME: name } } : {}),
  });
  engines.push(e);
  return e;
};

/** Timer rows of the process's cases matching `where`. */
const count = async (where: string, processId = 'reminder') =>
  (
    await db.query(
      `SELECT count(*)::int AS n FROM jobs j JOIN instances i ON i.id = j.instance_id
       WHERE j.kind = 'timer' AND i.process_id = $1 AND ${where}`,
      [processId],
    )
  ).rows[0].n as number;

/** Starts `n` cases of the process through the engine, each due in a day. */
async function startCases(e: EngineProcess, processId: string, n: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let k = next++; k < n; k = next++) {
        const res = await fetch(`${e.url}/api/instances`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            processId,
            variables: { due: new Date(Date.now() + 86_400_000).toISOString() },
          }),
        });
        expect(res.status).toBe(201);
      }
    }),
  );
}

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
    await startCases(first, 'reminder', CASES);
    await first.kill('SIGKILL');
    // When they are moved to come due together within four seconds, ten seconds from now,
    // Redis loses every pointer, and two engines start
    await db.query(
      `UPDATE jobs SET due_at = clock_timestamp() + interval '10 seconds' + random() * interval '4 seconds'
       WHERE kind = 'timer' AND status = 'pending'`,
    );
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    const [a] = await Promise.all([spawn(), spawn()]);

    // and one of them is killed once the burst is under way
    await until('the burst to begin', async () => (await count(`j.status = 'done'`)) > 0);
    await a!.kill('SIGKILL');
    await spawn();

    // Then every timer fires, each once, none before its instant
    await until('every timer fired', async () => (await count(`j.status = 'pending'`)) === 0);
    expect(await count(`j.status = 'done' AND j.fire_count = 1`)).toBe(CASES);
    expect(await count(`j.fired_at < j.due_at`)).toBe(0);
    const completed = (
      await db.query(
        `SELECT count(*)::int AS n FROM instances WHERE status = 'completed' AND process_id = 'reminder'`,
      )
    ).rows[0].n;
    expect(completed).toBe(CASES);
    expect(await durabilityViolations((q, v) => db.query(q, v as unknown[]))).toEqual([]);
  }, 300_000);
});

describe('an engine killed inside its batches of timers', () => {
  it('keeps nothing of the batches it did not commit; the next engine fires each timer once', async () => {
    // Given 300 notices due in a day, and no engine running (the burst's are stopped: a batch
    // of theirs held at the history insert would be committed once it is released)
    await Promise.all(engines.map((e) => e.kill('SIGKILL')));
    const first = await spawn();
    await startCases(first, 'notice', CASES);
    await first.kill('SIGKILL');
    // When they come due together within a second, five seconds from now, while the history
    // table is held so that a batch stops at its history insert, its timer rows marked done
    await db.query(
      `UPDATE jobs j SET due_at = clock_timestamp() + interval '5 seconds' + random() * interval '1 second'
       FROM instances i WHERE i.id = j.instance_id AND i.process_id = 'notice' AND j.kind = 'timer'`,
    );
    const holder = new pg.Client({
      connectionString: DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE history IN SHARE MODE');
      const name = `held-${id}`;
      const engine = await spawn(name);
      // and a batch of that engine is waiting there. Asked on another connection than the
      // holder's: pg_stat_activity is read once per transaction, so the holder's transaction
      // would see the engine's sessions as they were at its first look, before any batch.
      const waiting = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE NOT l.granted AND l.relation = 'history'::regclass AND l.mode = 'RowExclusiveLock'
               AND a.application_name = $1 AND a.query LIKE 'INSERT INTO history%'`,
            [name],
          )
        ).rows[0].n as number;
      await until('a batch held at its history insert', async () => (await waiting()) > 0);
      // the engine is killed with -9 in the middle of them
      await engine.kill('SIGKILL');
      // Then none of their work is visible: every notice still pending, none counted
      expect(await count(`j.status = 'pending' AND j.fire_count = 0`, 'notice')).toBe(CASES);
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    // When another engine starts
    await spawn();
    // Then it fires every notice, each once and none early, and every case completes
    await until(
      'every notice fired',
      async () => (await count(`j.status = 'pending'`, 'notice')) === 0,
    );
    expect(await count(`j.status = 'done' AND j.fire_count = 1`, 'notice')).toBe(CASES);
    expect(await count(`j.fired_at < j.due_at`, 'notice')).toBe(0);
    const completed = (
      await db.query(
        `SELECT count(*)::int AS n FROM instances WHERE status = 'completed' AND process_id = 'notice'`,
      )
    ).rows[0].n;
    expect(completed).toBe(CASES);
    expect(await durabilityViolations((q, v) => db.query(q, v as unknown[]))).toEqual([]);
  }, 300_000);
});
