import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start } from '../fixtures/definitions.ts';
import {
  DAY,
  HOUR,
  history,
  isDelayed,
  jobsAt,
  settle,
  startInstance,
  untilStatus,
} from '../helpers/scenario.ts';

// Given three waits: a literal duration, a duration computed from the variables, a date
const waitFor = (id: string, timer: Record<string, string>) =>
  process(
    id,
    [start(), { id: 'wait', type: 'timer', timer }, end('done', 'waited')],
    [
      ['start', 'wait'],
      ['wait', 'done'],
    ],
  );
const literal = waitFor('literal', { duration: 'P3D' });
const computed = waitFor('computed', {
  durationExpression: 'if urgent then "PT2H" else "P1D"',
});
const dated = waitFor('dated', { dateExpression: 'followUpAt' });
const monthly = waitFor('monthly', { duration: 'P1M' });
const berlin = { ...waitFor('berlin', { duration: 'P1D' }), timeZone: 'Europe/Berlin' };

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(literal, computed, dated, monthly, berlin),
    start: '2026-05-04T08:00:00Z',
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** Starts an instance, checks the timer row's due instant, and returns it. */
async function waiting(processId: string, variables: Record<string, unknown>, dueInMs: number) {
  const startedAt = t.clock.now();
  const i = await startInstance(t, processId, variables);
  expect(i.tokens).toEqual([expect.objectContaining({ nodeId: 'wait', waitingFor: 'timer' })]);
  const [timer] = await jobsAt(t, i.id, 'wait');
  expect(timer!.status).toBe('pending');
  const due = timer!.due_at.getTime();
  expect(due - startedAt).toBeGreaterThanOrEqual(dueInMs);
  expect(due - startedAt).toBeLessThan(dueInMs + 60_000);
  return { instance: i, timer: timer!, due };
}

/** Moves the clock to just before the due instant: nothing fires, even if the job is delivered early. */
async function justBefore(instanceId: string, timerId: string, due: number) {
  t.clock.advance(due - t.clock.now() - 60_000);
  await settle(t);
  expect(await isDelayed(t, timerId)).toBe(true);
  // an early delivery (stale delay, clock skew) is re-delayed, never fired
  const job = await t.engine.queue.queue.getJob(`${timerId}#1`);
  await job!.promote();
  await t.until(async () => isDelayed(t, timerId), 'the early job re-delayed');
  const [row] = await jobsAt(t, instanceId, 'wait');
  expect(row).toMatchObject({ status: 'pending', fire_count: 0, fired_at: null });
  const i = await t.api('GET', `/api/instances/${instanceId}`);
  expect(i.body.status).toBe('active');
}

async function firesAfter(instanceId: string, due: number) {
  t.clock.advance(due - t.clock.now() + 1_000);
  const done = await untilStatus(t, instanceId, 'completed');
  expect(done.outcome).toBe('waited');
  const [row] = await jobsAt(t, instanceId, 'wait');
  expect(row).toMatchObject({ status: 'done', fire_count: 1 });
  expect(row!.fired_at!.getTime()).toBeGreaterThanOrEqual(due);
  const h = await history(t, instanceId);
  expect(h.filter((x) => x.type === 'timer.fired')).toEqual([
    expect.objectContaining({ nodeId: 'wait', data: { timerId: row!.id } }),
  ]);
}

describe('intermediate timer', () => {
  it('waits a literal ISO duration and fires only once the clock passes it', async () => {
    const { instance, timer, due } = await waiting('literal', {}, 3 * DAY);
    await justBefore(instance.id, timer.id, due);
    await firesAfter(instance.id, due);
  });

  it('waits a duration computed by a FEEL expression', async () => {
    const { instance, timer, due } = await waiting('computed', { urgent: true }, 2 * HOUR);
    await justBefore(instance.id, timer.id, due);
    await firesAfter(instance.id, due);
  });

  it('waits until a date computed by a FEEL expression', async () => {
    const at = t.clock.now() + 10 * DAY;
    const followUpAt = new Date(at - (at % 1000)).toISOString();
    const { instance, timer, due } = await waiting(
      'dated',
      { followUpAt },
      Date.parse(followUpAt) - t.clock.now(),
    );
    expect(due).toBe(Date.parse(followUpAt));
    await justBefore(instance.id, timer.id, due);
    await firesAfter(instance.id, due);
  });

  it('waits a calendar month: from 31 May to 30 June, the month end clamped', async () => {
    t.clock.advance(Date.parse('2026-05-31T10:00:00Z') - t.clock.now());
    const { instance, due } = await waiting('monthly', {}, 30 * DAY);
    expect(new Date(due).toISOString().slice(0, 16)).toBe('2026-06-30T10:00');
    const h = await history(t, instance.id);
    const scheduled = h.find((x) => x.type === 'timer.scheduled');
    expect(scheduled?.data).toMatchObject({ dueAt: new Date(due).toISOString() });
    await firesAfter(instance.id, due);
  });

  it('counts days in the process’s time zone: P1D is 25 hours the night summer time ends', async () => {
    // Saturday 24 October 2026 12:00 in Berlin (UTC+2); the clocks go back on Sunday at 03:00
    t.clock.advance(Date.parse('2026-10-24T10:00:00Z') - t.clock.now());
    const { instance, due } = await waiting('berlin', {}, 25 * HOUR);
    expect(new Date(due).toISOString().slice(0, 16)).toBe('2026-10-25T11:00'); // 12:00 UTC+1
    await firesAfter(instance.id, due);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
