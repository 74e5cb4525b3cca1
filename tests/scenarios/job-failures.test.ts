/**
 * Work that fails for an unexpected reason (not a step refusing, which is an incident at once):
 * each failure is counted on the job's row and the job tried again after a backoff (1 s, 2 s,
 * 4 s on the engine's clock), and past the retry policy it becomes an incident, delivered no
 * more, that an operator can retry. Sweeps that belong to no case (retention, expired
 * idempotency keys) are job rows like the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { HOUR, getInstance, settle, startInstance, untilAt } from '../helpers/scenario.ts';

// Given a process whose timer leads to a task
const waits = process(
  'waits',
  [start(), { id: 'wait', type: 'timer', timer: { duration: 'PT1H' } }, userTask('after'), end()],
  [
    ['start', 'wait'],
    ['wait', 'after'],
    ['after', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(waits), start: '2026-05-04T08:00:00Z' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const timerRow = async (instanceId: string) =>
  (
    await t.sql(
      `SELECT id, status, attempt, failures, last_error, due_at, updated_at FROM jobs WHERE instance_id = $1 AND kind = 'timer'`,
      [instanceId],
    )
  )[0] as {
    id: string;
    status: string;
    attempt: number;
    failures: number;
    last_error: string | null;
    due_at: Date;
    updated_at: Date;
  };

/** Waits until the timer's row has counted `n` failures. */
const failuresReach = (instanceId: string, n: number) =>
  t.until(async () => {
    const row = await timerRow(instanceId);
    return row.failures >= n ? row : undefined;
  }, `${n} failures counted`);

describe('a job that fails unexpectedly', () => {
  it('is counted on its row, retried with backoff, then becomes an incident and is delivered no more', async () => {
    // Given the database refuses the step the timer runs (a fault outside the engine's rules)
    await t.sql(`CREATE FUNCTION refuse_after() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.node_id = 'after' THEN RAISE EXCEPTION 'disk on fire'; END IF;
        RETURN NEW;
      END $$`);
    await t.sql(`CREATE TRIGGER refuse_after BEFORE INSERT ON history
      FOR EACH ROW EXECUTE FUNCTION refuse_after()`);
    const i = await startInstance(t, 'waits');

    // When the timer comes due, its step fails: the failure is counted on the row with its
    // error, and the job is due again after a backoff that doubles (1 s, 2 s, 4 s on the
    // engine's clock, measured from the failure)
    t.clock.advance(HOUR);
    await settle(t);
    let row = await failuresReach(i.id, 1);
    expect(row).toMatchObject({ status: 'pending', attempt: 1, failures: 1 });
    expect(row.last_error).toMatch(/disk on fire/);
    for (const n of [1, 2, 3]) {
      row = await failuresReach(i.id, n);
      expect(row.status).toBe('pending');
      expect(row.due_at.getTime() - row.updated_at.getTime()).toBe(1_000 * 2 ** (n - 1));
    }

    // Then the fourth failure (three retries, the policy) opens an incident instead
    const incident = await t.until(
      async () => (await t.api('GET', `/api/incidents?instanceId=${i.id}`)).body.items[0],
      'incident',
    );
    expect(incident).toMatchObject({ jobId: row.id, nodeId: 'wait', status: 'open' });
    expect(incident.error).toMatch(/disk on fire/);
    expect(await timerRow(i.id)).toMatchObject({ status: 'failed', failures: 4 });

    // and nothing delivers it again, however long one waits
    t.clock.advance(HOUR);
    await settle(t);
    expect(await timerRow(i.id)).toMatchObject({ status: 'failed', failures: 4 });
    expect((await getInstance(t, i.id)).tokens).toEqual([
      expect.objectContaining({ nodeId: 'wait' }),
    ]);

    // When the fault is mended and an operator retries, the case moves on
    await t.sql(`DROP TRIGGER refuse_after ON history`);
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    await untilAt(t, i.id, 'after');
    expect(await timerRow(i.id)).toMatchObject({ status: 'done', attempt: 2, failures: 0 });
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});

describe('sweeps', () => {
  it('are job rows of no case, armed like any job and moved on by each run', async () => {
    const rows = await t.sql(
      `SELECT id, instance_id, status FROM jobs WHERE kind = 'sweep' ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'sweep/archive', instance_id: null, status: 'pending' },
      { id: 'sweep/idempotency-keys', instance_id: null, status: 'pending' },
      { id: 'sweep/retention', instance_id: null, status: 'pending' },
    ]);
    // (once any run the earlier jumps started has moved it on)
    const before = await t.until(async () => {
      const [r] = await t.sql(`SELECT attempt, due_at FROM jobs WHERE id = 'sweep/retention'`);
      return r.due_at.getTime() > t.clock.now() ? r : undefined;
    }, 'retention sweep not due');

    // When its due instant comes on the engine's clock, it runs once and is due again an
    // interval (an hour by default) later
    t.clock.advance(before.due_at.getTime() - t.clock.now());
    await settle(t);
    const after = await t.until(async () => {
      const [r] = await t.sql(
        `SELECT attempt, due_at, fired_at FROM jobs WHERE id = 'sweep/retention'`,
      );
      return r.attempt > before.attempt ? r : undefined;
    }, 'retention sweep ran');
    expect(after.attempt).toBe(before.attempt + 1);
    expect(after.due_at.getTime() - after.fired_at.getTime()).toBe(HOUR);
  });
});
