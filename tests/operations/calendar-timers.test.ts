/**
 * Process timers on a business calendar that runs out (issue 21, item 8, with issue 19's
 * `calendar` on timers): a timer event or boundary timer counted on `cn-mainland`, which knows
 * 2026 only, whose due instant falls in 2027 is flagged like an SLA clock (clock API, case read,
 * operations coverage); once a version that knows 2027 is published, the calendar's replay
 * reports it in its dry run (before, after, difference, why), and applying it moves the timer's
 * row with a history entry, so the timer fires at the new instant and not at the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { mainland2027, publishCalendar, shippedCalendar } from '../fixtures/slas.ts';
import { getInstance, isDelayed, settle, startInstance, untilAt } from '../helpers/scenario.ts';

const bj = (local: string) => Date.parse(`${local}+08:00`);
const at = (local: string) => new Date(bj(local)).toISOString();
// the engine clock runs on at real speed after each move: instants are compared to the minute
const minute = (iso: string) =>
  new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();

// Given a follow-up that waits 50 working days on the mainland calendar before calling back
const followUp = process(
  'follow-up',
  [
    start(),
    { id: 'wait', type: 'timer', timer: { duration: 'P50D', calendar: 'cn-mainland' } },
    userTask('call'),
    end(),
  ],
  [
    ['start', 'wait'],
    ['wait', 'call'],
    ['call', 'end'],
  ],
);
// And a review that escalates after 30 working days (a boundary timer on the same calendar)
const review = process(
  'review',
  [
    start(),
    userTask('review'),
    {
      id: 'late',
      type: 'boundaryTimer',
      attachedTo: 'review',
      timer: { duration: 'P30D', calendar: 'cn-mainland' },
    },
    end(),
    end('escalated', 'escalated'),
  ],
  [
    ['start', 'review'],
    ['review', 'end'],
    ['late', 'escalated'],
  ],
);
// And, later, a version 2 of cn-mainland that knows 2027
const v2 = mainland2027();

let t: TestEngine;
let waiting: string;
let reviewing: string;
beforeAll(async () => {
  // When both start on Monday 2026-12-21 at 09:00 in Beijing
  t = await startTestEngine({
    start: new Date(bj('2026-12-21T09:00:00')).toISOString(),
    definitions: { ...files(followUp, review), ...shippedCalendar('cn-mainland') },
  });
  waiting = (await startInstance(t, 'follow-up')).id;
  reviewing = (await startInstance(t, 'review')).id;
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const moveTo = (to: number) => t.clock.advance(Math.max(0, to - t.clock.now()));
const timersOf = async (id: string) => {
  const r = await t.api('GET', `/api/instances/${id}/slas`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.timers;
};
const coverage = async () => {
  const r = await t.api('GET', '/api/calendars/coverage');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.find((i: { calendar: { id: string } }) => i.calendar.id === 'cn-mainland');
};

describe('timers counted beyond the known years', () => {
  it('are flagged in the clock API: due in 2027, counted through holidays nobody entered', async () => {
    const [timer] = await timersOf(waiting);
    expect(timer).toMatchObject({
      nodeId: 'wait',
      duration: 'P50D',
      calendar: { id: 'cn-mainland', version: 1 },
      calendarGap: {
        calendar: { id: 'cn-mainland', version: 1 },
        knownYears: { from: 2026, to: 2026 },
        years: [2027],
        newerVersion: null,
      },
    });
    expect(minute(timer.dueAt)).toBe(at('2027-03-01T09:00:00'));
    expect(timer.calendarGap.beyond).toEqual([{ percent: 100, at: timer.dueAt, year: 2027 }]);
    const [late] = await timersOf(reviewing);
    expect(late).toMatchObject({ nodeId: 'late', calendarGap: { years: [2027] } });
    expect(minute(late.dueAt)).toBe(at('2027-02-01T09:00:00'));
  });

  it('are flagged on the case page', async () => {
    const r = await t.api('GET', `/api/cases/${reviewing}`);
    expect(r.status).toBe(200);
    expect(r.body.calendarTimers).toHaveLength(1);
    expect(r.body.calendarTimers[0]).toMatchObject({
      nodeId: 'late',
      calendarGap: { years: [2027] },
    });
  });

  it('are counted for operations, with the calendar in use because of them alone', async () => {
    const c = await coverage();
    expect(c).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      state: 'runsOutSoon',
      daysLeft: 10,
      liveClocks: 0,
      beyond: 2,
      byYear: [{ year: 2027, clocks: 2 }],
      timers: { pending: 2, beyond: 2, olderVersion: 0 },
    });
    expect(c.message.en).toBe(
      "cn-mainland covers 2026; 2 pending timers depend on 2027; it runs out in 10 days: publish the next year's holidays",
    );
    expect(c.message['zh-Hant']).toContain('2 個待觸發的計時器依賴 2027 年');
    expect(c.message['zh-Hans']).toContain('2 个待触发的计时器依赖 2027 年');
  });

  it('is not for staff to read', async () => {
    const r = await t.api('GET', '/api/calendars/coverage', undefined, { as: 'adjuster' });
    expect(r.status).toBe(403);
  });
});

describe('a replay against the version that knows 2027', () => {
  let dryRun: any;

  beforeAll(async () => {
    // When a week later the designer publishes version 2
    moveTo(bj('2026-12-28T08:00:00'));
    await publishCalendar(t, v2);
  });

  it('is offered: the timers say a newer version exists, operations count them as older', async () => {
    const [timer] = await timersOf(waiting);
    expect(timer.calendarGap.newerVersion).toBe(2);
    const c = await coverage();
    expect(c).toMatchObject({
      calendar: { version: 2 },
      olderVersion: 2,
      timers: { pending: 2, beyond: 2, olderVersion: 2 },
    });
    expect(c.message.en).toBe(
      'cn-mainland covers 2026–2027; 2 pending timers still count in an older version that does not know 2027: replay them',
    );
  });

  it('reports each timer in the dry run: before, after, the difference and why; writes nothing', async () => {
    const r = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    dryRun = r.body;
    expect(dryRun).toMatchObject({ applied: false, items: [], skipped: [] });
    const byNode = Object.fromEntries(dryRun.timers.map((x: any) => [x.nodeId, x]));
    // 30 working days: New Year's Day is off now, one day later
    expect(byNode.late).toMatchObject({
      instanceId: reviewing,
      processId: 'review',
      duration: 'P30D',
      from: { calendar: { id: 'cn-mainland', version: 1 } },
      to: { calendar: { id: 'cn-mainland', version: 2 } },
      reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      moves: true,
    });
    expect(minute(byNode.late.to.dueAt)).toBe(at('2027-02-02T09:00:00'));
    expect(Math.round(byNode.late.differenceMs / 60_000)).toBe(24 * 60);
    // 50 working days: New Year, the Spring Festival week off, Saturday Feb 13 worked
    expect(byNode.wait).toMatchObject({ instanceId: waiting, duration: 'P50D', moves: true });
    expect(minute(byNode.wait.armedAt)).toBe(at('2026-12-21T09:00:00'));
    expect(minute(byNode.wait.from.dueAt)).toBe(at('2027-03-01T09:00:00'));
    expect(minute(byNode.wait.to.dueAt)).toBe(at('2027-03-08T09:00:00'));
    expect(Math.round(byNode.wait.differenceMs / 60_000)).toBe(7 * 24 * 60);
    const rows = await t.sql(
      `SELECT DISTINCT attempt, payload->'calendar'->>'version' AS v FROM jobs WHERE kind = 'timer'`,
    );
    expect(rows).toEqual([{ attempt: 1, v: '1' }]);
    expect(await t.sql(`SELECT 1 FROM history WHERE type = 'timer.replayed'`)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE action = 'clocks.replayed'`)).toEqual([]);
  });

  it('applies as reported: each row moved with a history entry, its queue entry armed anew', async () => {
    const r = await t.api('POST', '/api/sla-clocks/replay', {
      calendarId: 'cn-mainland',
      apply: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const byTimer = (report: any) =>
      Object.fromEntries(report.timers.map((x: any) => [x.timerId, [x.to.dueAt, x.moves]]));
    expect(byTimer(r.body)).toEqual(byTimer(dryRun));
    const history = await t.sql(
      `SELECT instance_id, node_id, actor, data FROM history WHERE type = 'timer.replayed' ORDER BY instance_id`,
    );
    expect(history).toHaveLength(2);
    const entry = history.find((h) => h.instance_id === waiting)!;
    expect(entry).toMatchObject({
      node_id: 'wait',
      actor: 'admin',
      data: {
        from: { calendar: { version: 1 } },
        to: { calendar: { version: 2 } },
        reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      },
    });
    const [row] = await t.sql(
      `SELECT id, attempt, due_at, payload FROM jobs WHERE kind = 'timer' AND instance_id = $1`,
      [waiting],
    );
    expect(row).toMatchObject({ attempt: 2, payload: { calendar: { version: 2 } } });
    expect(minute(row.due_at.toISOString())).toBe(at('2027-03-08T09:00:00'));
    // an administrative act: the audit log says who replayed what against which version
    expect(
      await t.sql(`SELECT actor, subject, data FROM audit_log WHERE action = 'clocks.replayed'`),
    ).toEqual([
      {
        actor: 'admin',
        subject: 'calendar/cn-mainland@2',
        data: { clocks: 0, timers: 2, tasks: 0 },
      },
    ]);
    // the new instant's queue entry waits; the old one points at an attempt that is gone
    expect(await isDelayed(t, row.id, 2)).toBe(true);
    // nothing left to flag or replay
    const [timer] = await timersOf(waiting);
    expect(timer.calendarGap).toBeNull();
    expect(await coverage()).toMatchObject({ beyond: 0, olderVersion: 0, message: null });
    const again = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(again.body.timers).toEqual([]);
    expect(again.body.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'same-versions',
      'same-versions',
    ]);
  });

  it('fires at the new instant, not the old one', async () => {
    // When the old due instant passes, the follow-up still waits
    moveTo(bj('2027-03-01T09:30:00'));
    await settle(t);
    await t.engine.queue.reconcile(true);
    expect((await getInstance(t, waiting)).tokens.map((x) => x.nodeId)).toEqual(['wait']);
    const [row] = await t.sql(
      `SELECT status, fire_count FROM jobs WHERE kind = 'timer' AND instance_id = $1`,
      [waiting],
    );
    expect(row).toEqual({ status: 'pending', fire_count: 0 });
    // When the new one passes, it fires
    moveTo(bj('2027-03-08T09:30:00'));
    await untilAt(t, waiting, 'call');
    const [fired] = await t.sql(
      `SELECT status, fire_count, fired_at FROM jobs WHERE kind = 'timer' AND instance_id = $1`,
      [waiting],
    );
    expect(fired).toMatchObject({ status: 'done', fire_count: 1 });
    expect(fired.fired_at.getTime()).toBeGreaterThanOrEqual(bj('2027-03-08T09:00:00'));
  });
});
