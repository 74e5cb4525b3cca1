/**
 * PostgreSQL and Redis restarted under load. The test runs its OWN cluster and its OWN Redis
 * (tests/helpers/own-services.ts) so the shared servers every other test file uses are never
 * touched. While instances with timers, user tasks and SLA clocks start and complete, Redis
 * is flushed and restarted (every job gone) and PostgreSQL is stopped fast, stopped
 * immediately (crash recovery) and killed -9, each several times. The one engine process must
 * live through all of it and carry on; afterwards nothing is lost or done twice.
 *
 * `npm test` runs 2 rounds (2 Redis restarts, 4 PostgreSQL restarts); `npm run test:faults`
 * runs FAULT_RESTARTS=6.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitions } from '../helpers/engine.ts';
import { spawnEngine, type EngineProcess } from '../helpers/engine-process.ts';
import { durabilityViolations, slaViolations } from '../helpers/invariants.ts';
import {
  startOwnPostgres,
  startOwnRedis,
  type OwnPostgres,
  type OwnRedis,
  type PostgresStop,
} from '../helpers/own-services.ts';
import { end, files, process as proc, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';

// Given a process that waits on a timer, then on a person, then computes and ends,
// measured by an SLA clock that warns at half of two seconds and breaches after
const flow = proc(
  'steady',
  [
    start(),
    { id: 'wait', type: 'timer', timer: { duration: 'PT1S' } },
    userTask('work', 'ack'),
    { id: 'calc', type: 'serviceTask', action: 'set-variables', input: { doubled: 'n * 2' } },
    end('done', 'done'),
  ],
  [
    ['start', 'wait'],
    ['wait', 'work'],
    ['work', 'calc'],
    ['calc', 'done'],
  ],
);
const clock = sla('brisk', 'steady', {
  target: { duration: 'PT2S' },
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'instanceCompleted' }],
  thresholds: [
    { percent: 50, actions: [{ type: 'notify', to: [{ kind: 'group', id: 'adjusters' }] }] },
  ],
  breach: { actions: [{ type: 'notify', to: [{ kind: 'group', id: 'adjusters' }] }] },
});

/** Rounds of faults: each restarts Redis once and PostgreSQL twice (fast, then a crash). */
const ROUNDS = Number(process.env.FAULT_RESTARTS ?? 2);

const id = randomBytes(4).toString('hex');
const schema = `fr_${id}`;
const token = `fault-restart-${id}`;
let postgres: OwnPostgres;
let redis: OwnRedis;
let db: pg.Pool;
let engine: EngineProcess | undefined;

beforeAll(async () => {
  // The servers come up in parallel; either missing makes the file fail, never skip.
  [postgres, redis] = await Promise.all([startOwnPostgres(), startOwnRedis()]);
  db = new pg.Pool({
    connectionString: postgres.url,
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 2000,
  });
  db.on('error', () => undefined); // idle clients die with each restart: the next query reconnects
}, 120_000);
afterAll(async () => {
  await engine?.kill();
  await db?.end();
  await Promise.all([postgres?.destroy(), redis?.destroy()]);
});

async function call(
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any } | null> {
  try {
    const res = await fetch(`${engine!.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return null;
  }
}

/** A query against our own cluster; null while it is down. */
async function rows(sql: string): Promise<any[] | null> {
  return db.query(sql).then(
    (r) => r.rows,
    () => null,
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (engine!.child.exitCode !== null || engine!.child.signalCode !== null)
      throw new Error(`the engine died after ${what}:\n${engine!.output().slice(-3000)}`);
    const r = await call('/api/ready');
    if (r?.status === 200) return;
    if (Date.now() > deadline)
      throw new Error(
        `the engine is not ready 60 s after ${what} (${JSON.stringify(r)}):\n${engine!.output().slice(-3000)}`,
      );
    await pause(100);
  }
}

describe('PostgreSQL and Redis restarts under load', () => {
  it('one engine lives through every restart; nothing is lost or done twice', async () => {
    const dir = await writeDefinitions({
      ...files(flow),
      ...calendars(),
      'slas/brisk/v1.json': clock,
    });
    engine = await spawnEngine({
      schema,
      prefix: schema,
      definitionsDir: dir,
      adminToken: token,
      extra: { DATABASE_URL: postgres.url, REDIS_URL: redis.url },
    });
    const pid = engine.child.pid;
    let stopStarting = false;
    let stopCompleting = false;
    let refusedDuringOutage = 0;
    const started = new Set<string>();

    // Load: an instance started every ~60 ms and every open task completed, both retrying
    // through the outages (an outage answers 5xx or no connection; never a wrong 4xx).
    const starter = (async () => {
      for (let i = 0; !stopStarting; i++) {
        // one Idempotency-Key per start, kept through its retries: no start is made twice
        const key = `start-${schema}-${String(i).padStart(5, '0')}`;
        for (;;) {
          const r = await call(
            '/api/instances',
            { processId: 'steady', variables: { n: i }, businessKey: `R-${i}` },
            { 'idempotency-key': key },
          );
          if (r?.status === 201) {
            started.add(r.body.id);
            break;
          }
          if (r && r.status < 500) throw new Error(`start: ${r.status} ${JSON.stringify(r.body)}`);
          refusedDuringOutage++;
          await pause(100);
        }
        await pause(60);
      }
    })();
    const completer = (async () => {
      while (!stopCompleting) {
        for (const t of (await rows(`SELECT id FROM tasks WHERE status = 'open'`)) ?? []) {
          const r = await call(`/api/tasks/${t.id}/complete`, { data: { ok: true } });
          if (r && r.status < 500 && r.status !== 200 && r.status !== 409)
            throw new Error(`complete: ${r.status} ${JSON.stringify(r.body)}`);
        }
        await pause(50);
      }
    })();

    // Faults: per round, Redis loses everything and restarts, PostgreSQL stops fast and then
    // crashes (immediate stop or kill -9 in turn); the engine must serve again after each.
    const injected = { redis: 0, postgresFast: 0, postgresCrash: 0 };
    const crashModes: PostgresStop[] = ['immediate', 'kill-9'];
    await pause(1500);
    for (let k = 0; k < ROUNDS; k++) {
      await redis.flushAndRestart(k % 2 ? 'SIGKILL' : 'SIGTERM');
      injected.redis++;
      await ready('Redis restarted');
      await pause(700 + Math.random() * 800);
      await postgres.restart('fast');
      injected.postgresFast++;
      await ready('PostgreSQL stopped fast');
      await pause(700 + Math.random() * 800);
      await postgres.restart(crashModes[k % 2]!);
      injected.postgresCrash++;
      await ready(`PostgreSQL stopped with ${crashModes[k % 2]}`);
      await pause(700 + Math.random() * 800);
    }
    stopStarting = true;
    await starter;

    // Then every instance (including any whose answer was lost in an outage) completes
    const deadline = Date.now() + 90_000;
    for (;;) {
      const [active] = (await rows(
        `SELECT count(*)::int AS n FROM instances WHERE status = 'active'`,
      )) ?? [{ n: -1 }];
      if (active.n === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${active.n} instances still active\n${engine.output().slice(-3000)}`);
      await pause(200);
    }
    stopCompleting = true;
    await completer;

    // the same engine process served throughout
    expect(engine.child.exitCode).toBeNull();
    expect(engine.child.pid).toBe(pid);
    const all = (
      await db.query(
        `SELECT id, status, outcome, (state->'variables'->>'doubled')::int AS doubled,
                (state->'variables'->>'n')::int AS n FROM instances`,
      )
    ).rows;
    // one case per start, whatever the outages swallowed: no duplicate
    const duplicates = await rows(
      `SELECT business_key FROM instances GROUP BY business_key HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    expect(all.length).toBe(started.size);
    for (const s of started) expect(all.find((r) => r.id === s)).toBeTruthy();
    const wrong = all.filter(
      (r) => r.status !== 'completed' || r.outcome !== 'done' || r.doubled !== r.n * 2,
    );
    expect(wrong).toEqual([]);
    // every instance's timer fired exactly once, and its SLA clock ran and stopped
    const timers = (
      await db.query(
        `SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND status = 'done' AND fire_count = 1`,
      )
    ).rows[0].n;
    expect(timers).toBe(all.length);
    const clocks = (
      await db.query(`SELECT count(*)::int AS n FROM sla_clocks WHERE status = 'stopped'`)
    ).rows[0].n;
    expect(clocks).toBe(all.length);
    const query = (t: string, v?: unknown[]) => db.query(t, v);
    const violations = [...(await durabilityViolations(query)), ...(await slaViolations(query))];
    console.table([
      {
        fault: 'Redis FLUSHALL + restart',
        injected: injected.redis,
        instances: all.length,
        timersFiredOnce: timers,
        slaClocksStopped: clocks,
        violations: violations.length,
      },
      { fault: 'PostgreSQL fast stop + start', injected: injected.postgresFast },
      { fault: 'PostgreSQL crash (immediate / kill -9)', injected: injected.postgresCrash },
      { fault: 'calls refused during outages (5xx)', injected: refusedDuringOutage },
    ]);
    expect(violations).toEqual([]);
    expect(injected.postgresCrash).toBe(ROUNDS);
  }, 300_000);
});
