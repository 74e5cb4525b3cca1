/**
 * kill -9 during a multi-instance fan-out (issue 19): cases each fan out a subprocess per item
 * (a one-second timer, then a person's task), while the engine process is killed at random
 * moments and restarted. Every instance's timer, task and result must exist exactly once: the
 * fan-out is one transaction, each instance's work a row, the results collected in order.
 */
import { describe, expect, it } from 'vitest';
import { faultHarness } from '../helpers/fault-harness.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process as proc, start, userTask } from '../fixtures/definitions.ts';

const inFan = (node: Record<string, unknown> & { id: string; type: string }) => ({
  ...node,
  parent: 'fan',
});

// Given a process that fans a subprocess out per item: wait a second, then a person's task
const fanOut = proc(
  'fan-out',
  [
    start(),
    {
      id: 'fan',
      type: 'subProcess',
      multiInstance: {
        collection: 'items',
        elementVariable: 'item',
        outputCollection: 'results',
        outputElement: 'item * 10',
      },
    },
    inFan(start('fan-start')),
    inFan({ id: 'wait', type: 'timer', timer: { duration: 'PT1S' } }),
    inFan(userTask('work', 'ack')),
    inFan(end('fan-end')),
    { id: 'sum', type: 'serviceTask', action: 'set-variables', input: { total: 'sum(results)' } },
    end('done', 'done'),
  ],
  [
    ['start', 'fan'],
    ['fan', 'sum'],
    ['sum', 'done'],
    ['fan-start', 'wait'],
    ['wait', 'work'],
    ['work', 'fan-end'],
  ],
);

const CASES = 10;
const ITEMS = [1, 2, 3, 4, 5];
const KILLS = Math.min(Number(process.env.FAULT_KILLS ?? 2), 6);

const h = faultHarness('fm', files(fanOut));
const { call, rows, spawn } = h;
const id = h.id;

describe('kill -9 during a multi-instance fan-out', () => {
  it('runs every instance exactly once and collects every result', async () => {
    let engine = await spawn();
    let stop = false;
    let kills = 0;

    // Load: start the cases (each start keeps its Idempotency-Key through crashes) and
    // complete every task that appears
    const starter = (async () => {
      for (let i = 0; i < CASES && !stop; i++) {
        const key = `multi-instance-${id}-${String(i).padStart(4, '0')}`;
        for (;;) {
          const r = await call(
            engine.url,
            'POST',
            '/api/instances',
            { processId: 'fan-out', variables: { items: ITEMS }, businessKey: `MI-${i}` },
            { 'idempotency-key': key },
          );
          if (r?.status === 201) break;
          if (r && r.status < 500) throw new Error(`start refused: ${JSON.stringify(r.body)}`);
          await new Promise((res) => setTimeout(res, 50));
        }
      }
    })();
    const completer = (async () => {
      while (!stop) {
        for (const { id: task } of await rows(`SELECT id FROM tasks WHERE status = 'open'`)) {
          const r = await call(engine.url, 'POST', `/api/tasks/${task}/complete`, {
            data: { ok: true },
          });
          if (r && r.status !== 200 && r.status !== 409)
            throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
        }
        await new Promise((res) => setTimeout(res, 50));
      }
    })();
    // Faults: kill -9 while the cases fan out, restart
    for (let k = 0; k < KILLS; k++) {
      await new Promise((res) => setTimeout(res, 200 + Math.random() * 800));
      await engine.kill('SIGKILL');
      kills++;
      engine = await spawn();
    }
    await starter;
    const deadline = Date.now() + 150_000;
    for (;;) {
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM instances WHERE status = 'active'`,
      );
      if (n === 0) break;
      if (Date.now() > deadline) {
        stop = true;
        const waiting = await rows(
          `SELECT id, state->'tokens' AS tokens FROM instances WHERE status = 'active' LIMIT 3`,
        );
        throw new Error(
          `${n} cases still active: ${JSON.stringify(waiting)}\n${engine.output().slice(-2000)}`,
        );
      }
      await new Promise((res) => setTimeout(res, 200));
    }
    stop = true;
    await completer;

    // Then every case completed once, with every result in the items' order
    const cases = await rows(
      `SELECT id, status, outcome, state->'variables'->'results' AS results,
              (state->'variables'->>'total')::int AS total FROM instances`,
    );
    expect(kills).toBe(KILLS);
    expect(cases).toHaveLength(CASES);
    for (const c of cases) {
      expect(c).toMatchObject({ status: 'completed', outcome: 'done', total: 150 });
      expect(c.results).toEqual(ITEMS.map((n) => n * 10));
    }
    // one task and one timer per instance, each done once, none cancelled
    const tasks = await rows(
      `SELECT instance_id, status, count(*)::int AS n FROM tasks GROUP BY 1, 2`,
    );
    expect(tasks.every((r) => r.status === 'completed' && r.n === ITEMS.length)).toBe(true);
    expect(tasks).toHaveLength(CASES);
    const timers = await rows(
      `SELECT status, fire_count, count(*)::int AS n FROM jobs WHERE kind = 'timer' GROUP BY 1, 2`,
    );
    expect(timers).toEqual([{ status: 'done', fire_count: 1, n: CASES * ITEMS.length }]);
    // each instance completed once in the history
    const completions = await rows(
      `SELECT instance_id, count(*)::int AS n FROM history
        WHERE type = 'multiInstance.instanceCompleted' GROUP BY 1`,
    );
    expect(completions.every((r) => r.n === ITEMS.length)).toBe(true);
    expect(completions).toHaveLength(CASES);
    const violations = await durabilityViolations((q, v) => h.db.query(q, v as unknown[]));
    console.table([
      {
        fault: 'kill -9 during a fan-out',
        injected: kills,
        cases: cases.length,
        instances: CASES * ITEMS.length,
        violations: violations.length,
      },
    ]);
    expect(violations).toEqual([]);
  }, 420_000);
});
