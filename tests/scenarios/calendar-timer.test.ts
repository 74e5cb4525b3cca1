/**
 * Timers on a business calendar through the HTTP API (issue 19, item 1): "wait 5 working days"
 * on the shipped cn-mainland calendar skips the National Day holiday and counts its make-up
 * Saturday, and a reminder repeated every working day (`R3/P1D` on the calendar) skips the
 * weekend and stops when the customer answers. With the real engine, PostgreSQL and Redis; the
 * engine's clock is moved, the timers fire from their rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { shippedCalendar } from '../fixtures/slas.ts';
import {
  complete,
  history,
  jobsAt,
  settle,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';

const MINUTE = 60_000;

// Given a follow-up five working days after the report
const fiveWorkingDays = process(
  'five-working-days',
  [
    start(),
    { id: 'wait', type: 'timer', timer: { duration: 'P5D', calendar: 'cn-mainland' } },
    end('done', 'waited'),
  ],
  [
    ['start', 'wait'],
    ['wait', 'done'],
  ],
  { timeZone: 'Asia/Shanghai' },
);

// And an answer awaited with a reminder each working day, three at most
const remindedOnWorkingDays = process(
  'reminded-working-days',
  [
    start(),
    userTask('answer'),
    {
      id: 'remind',
      type: 'boundaryTimer',
      attachedTo: 'answer',
      interrupting: false,
      timer: { cycle: 'R3/P1D', calendar: 'cn-mainland' },
    },
    service('send-reminder'),
    end('reminder-sent'),
    end('answered', 'answered'),
  ],
  [
    ['start', 'answer'],
    ['answer', 'answered'],
    ['remind', 'send-reminder'],
    ['send-reminder', 'reminder-sent'],
  ],
  { timeZone: 'Asia/Shanghai' },
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(fiveWorkingDays, remindedOnWorkingDays),
      ...shippedCalendar('cn-mainland'),
    },
    // Wednesday 30 September 2026, 17:00 in Beijing: the eve of National Day (1 to 7 October)
    start: '2026-09-30T09:00:00Z',
  });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

/** The instant is `at` (the test clock runs on by milliseconds between two lines). */
const near = (actual: Date, at: string) => {
  expect(actual.getTime()).toBeGreaterThanOrEqual(Date.parse(at));
  expect(actual.getTime()).toBeLessThan(Date.parse(at) + MINUTE);
};

describe('a timer on the cn-mainland business calendar', () => {
  it('waits five working days: over National Day and its make-up Saturday, not five natural days', async () => {
    // When a case starts on Wednesday 30 September at 17:00 Beijing time
    const i = await startInstance(t, 'five-working-days');
    const [timer] = await jobsAt(t, i.id, 'wait');

    // Then it is due on Tuesday 13 October at 17:00: the hour left on the 30th, then the 8th,
    // the 9th, Saturday the 10th (a working day), the 12th and the 13th up to 17:00
    expect(timer!.status).toBe('pending');
    near(timer!.due_at, '2026-10-13T09:00:00Z');

    // and it does not fire on Monday the 5th (five natural days) nor a minute before it is due
    t.clock.advance(Date.parse('2026-10-05T09:00:00Z') - t.clock.now());
    await settle(t);
    t.clock.advance(timer!.due_at.getTime() - t.clock.now() - MINUTE);
    await settle(t);
    expect((await jobsAt(t, i.id, 'wait'))[0]).toMatchObject({ status: 'pending', fire_count: 0 });
    expect((await t.api('GET', `/api/instances/${i.id}`)).body.status).toBe('active');

    // When it is due, it fires once and the case goes on
    t.clock.advance(2 * MINUTE);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.outcome).toBe('waited');
    const [row] = await jobsAt(t, i.id, 'wait');
    expect(row).toMatchObject({ status: 'done', fire_count: 1 });
    expect(row!.fired_at!.getTime()).toBeGreaterThanOrEqual(row!.due_at.getTime());
  });

  it('repeats a reminder each working day over the weekend, and the answer ends the cycle', async () => {
    // Given an answer awaited from Friday 16 October at 17:00 Beijing time
    t.clock.advance(Date.parse('2026-10-16T09:00:00Z') - t.clock.now());
    const i = await startInstance(t, 'reminded-working-days');
    const sent = async () =>
      (await history(t, i.id)).filter(
        (h) => h.type === 'node.entered' && h.nodeId === 'send-reminder',
      ).length;

    // Then the first reminder is due on Monday the 19th at 17:00, not on Saturday
    let rows = await jobsAt(t, i.id, 'remind');
    expect(rows.map((r) => r.status)).toEqual(['pending']);
    near(rows[0]!.due_at, '2026-10-19T09:00:00Z');

    // When it fires, the second is armed a working day later, on Tuesday the 20th
    t.clock.advance(rows[0]!.due_at.getTime() - t.clock.now() + 1_000);
    await settle(t);
    await t.until(async () => ((await sent()) === 1 ? true : null), 'the first reminder');
    rows = await jobsAt(t, i.id, 'remind');
    expect(rows.map((r) => [r.status, r.fire_count])).toEqual([
      ['done', 1],
      ['pending', 0],
    ]);
    near(rows[1]!.due_at, '2026-10-20T09:00:00Z');
    const scheduled = (await history(t, i.id)).filter((h) => h.type === 'timer.scheduled');
    expect(scheduled.at(-1)?.data).toMatchObject({ repetition: 2, of: 3 });

    // When the customer answers before it, the pending reminder is withdrawn and none follows
    const [task] = await tasksOf(t, i.id);
    const after = await complete(t, task!.id, { ok: true });
    expect(after.status).toBe('completed');
    expect(after.outcome).toBe('answered');
    t.clock.advance(Date.parse('2026-10-23T09:00:00Z') - t.clock.now());
    await settle(t);
    expect((await jobsAt(t, i.id, 'remind')).map((r) => r.status)).toEqual(['done', 'cancelled']);
    expect(await sent()).toBe(1);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
