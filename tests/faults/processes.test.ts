/**
 * Engine processes that die or run side by side: kill -9 at random moments under load, and
 * two engines racing on one database and one Redis. Nothing may be lost or done twice.
 */
import { describe, expect, it } from 'vitest';
import { faultHarness } from '../helpers/fault-harness.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process as proc, start, userTask } from '../fixtures/definitions.ts';

// Given a process that waits on a timer, then on a person, then computes and ends
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

/** kill -9 count: 5 in `npm test`, more with FAULT_KILLS (`npm run test:faults` uses 20). */
const KILLS = Number(process.env.FAULT_KILLS ?? 5);

const h = faultHarness('f', files(flow));
const { call, spawn } = h;
const id = h.id;

async function openTasks(): Promise<string[]> {
  return (
    await h.db.query(`SELECT id FROM tasks WHERE status = 'open' ORDER BY created_at`)
  ).rows.map((r) => r.id);
}

describe('kill -9 under load', () => {
  it('loses nothing and does nothing twice', async () => {
    let engine = await spawn();
    const started = new Set<string>();
    let stop = false;
    let kills = 0;

    // Load: start instances and complete the tasks that appear, retrying through crashes. Each
    // start keeps its Idempotency-Key through its retries: a start whose 201 a crash swallowed
    // is answered again, never made twice.
    const starter = (async () => {
      for (let i = 0; i < 60 && !stop; i++) {
        const key = `start-${id}-${String(i).padStart(4, '0')}`;
        for (;;) {
          const r = await call(
            engine.url,
            'POST',
            '/api/instances',
            { processId: 'steady', variables: { n: i }, businessKey: `K-${i}` },
            { 'idempotency-key': key },
          );
          if (r?.status === 201) {
            started.add(r.body.id);
            break;
          }
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    })();
    const completer = (async () => {
      while (!stop) {
        for (const task of await openTasks()) {
          const r = await call(engine.url, 'POST', `/api/tasks/${task}/complete`, {
            data: { ok: true },
          });
          if (r && r.status !== 200 && r.status !== 409)
            throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    // Faults: kill -9 at random moments, restart.
    for (let k = 0; k < KILLS; k++) {
      await new Promise((res) => setTimeout(res, 300 + Math.random() * 900));
      await engine.kill('SIGKILL');
      kills++;
      engine = await spawn();
    }
    await starter;
    // Every instance (including any whose 201 was lost in a crash) ends once the load drains.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const active = (
        await h.db.query(`SELECT count(*)::int AS n FROM instances WHERE status = 'active'`)
      ).rows[0].n;
      if (active === 0) break;
      if (Date.now() > deadline)
        throw new Error(`${active} instances still active\n${engine.output().slice(-2000)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
    stop = true;
    await completer;

    expect(kills).toBe(KILLS);
    const all = (
      await h.db.query(
        `SELECT id, status, outcome, state->'variables'->>'doubled' AS doubled, state->'variables'->>'n' AS n FROM instances`,
      )
    ).rows;
    // one case per start, whatever the crashes swallowed: no duplicate
    const duplicates = (
      await h.db.query(
        `SELECT business_key FROM instances GROUP BY business_key HAVING count(*) > 1`,
      )
    ).rows;
    expect(duplicates).toEqual([]);
    expect(all.length).toBe(60);
    expect(started.size).toBe(60);
    for (const s of started) expect(all.find((r) => r.id === s)).toBeTruthy();
    expect(
      all.every(
        (r) =>
          r.status === 'completed' && r.outcome === 'done' && Number(r.doubled) === Number(r.n) * 2,
      ),
    ).toBe(true);
    const timers = (
      await h.db.query(
        `SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND status = 'done' AND fire_count = 1`,
      )
    ).rows[0].n;
    expect(timers).toBe(all.length);
    const violations = await durabilityViolations((t, v) => h.db.query(t, v as unknown[]));
    // the run's summary, as fault-injection reports print it
    console.table([
      {
        fault: 'kill -9 and restart',
        injected: kills,
        instances: all.length,
        duplicates: duplicates.length,
        timersFiredOnce: timers,
        violations: violations.length,
      },
    ]);
    expect(violations).toEqual([]);
  }, 240_000);
});

describe('three engines on one database and one Redis', () => {
  it('never advance one instance twice', async () => {
    const [a, b, c] = await Promise.all([spawn(), spawn(), spawn()]);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await call([a, b, c][i % 3]!.url, 'POST', '/api/instances', {
        processId: 'steady',
        variables: { n: i },
        businessKey: `R-${i}`,
      });
      expect(r?.status).toBe(201);
      ids.push(r!.body.id);
    }
    // The engines' workers compete for the timers; wait for every task to appear.
    const tasks = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const rows = (
          await h.db.query(`SELECT id FROM tasks WHERE instance_id = ANY($1) AND status = 'open'`, [
            ids,
          ])
        ).rows;
        if (rows.length === ids.length) return rows.map((r) => r.id as string);
        if (Date.now() > deadline) throw new Error(`only ${rows.length} tasks appeared`);
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    // Each task is completed through all three engines at once: one wins, the others get 409.
    const results = await Promise.all(
      tasks.flatMap((task) =>
        [a, b, c].map((e) =>
          call(e.url, 'POST', `/api/tasks/${task}/complete`, { data: { ok: true } }),
        ),
      ),
    );
    const statuses = results.map((r) => r?.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(tasks.length);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2 * tasks.length);
    const done = (
      await h.db.query(
        `SELECT count(*)::int AS n FROM instances WHERE id = ANY($1) AND status = 'completed'`,
        [ids],
      )
    ).rows[0].n;
    expect(done).toBe(ids.length);
    expect(await durabilityViolations((t, v) => h.db.query(t, v as unknown[]))).toEqual([]);
  }, 180_000);
});
