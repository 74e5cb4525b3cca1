/**
 * Calendars that never run out silently (issue 21, item 8): clocks whose due or warning instants
 * fall beyond their calendar's known years are flagged in the clock API, the case read and the
 * operations coverage; operations are warned 60 days before a calendar in use runs out; once a
 * version that knows the next year is published, a dry run reports every clock that would move
 * and the replay applies it with a history entry per clock.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { mainland2027, publishCalendar, shippedCalendar, sla } from '../fixtures/slas.ts';
import { settle, startInstance } from '../helpers/scenario.ts';

const bj = (local: string) => Date.parse(`${local}+08:00`);

// Given a complaint handled in the mainland calendar, which knows 2026 only, with a
// 50-working-day resolution SLA (warning at half) and a 5-working-day acknowledgement SLA
const complaint = process(
  'complaint',
  [start(), userTask('resolve'), end()],
  [
    ['start', 'resolve'],
    ['resolve', 'end'],
  ],
);
const resolution = sla('resolution', 'complaint', {
  calendar: { id: 'cn-mainland' },
  target: { duration: 'P50D' },
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'instanceCompleted' }],
  thresholds: [{ percent: 50 }],
});
const acknowledgement = sla('acknowledgement', 'complaint', {
  calendar: { id: 'cn-mainland' },
  target: { duration: 'P5D' },
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'instanceCompleted' }],
});
// And, later, a version 2 of cn-mainland that knows 2027
const v2 = mainland2027();

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    start: new Date(bj('2026-10-15T09:00:00')).toISOString(),
    definitions: {
      ...files(complaint),
      ...shippedCalendar('cn-mainland'),
      'slas/resolution/v1.json': resolution,
      'slas/acknowledgement/v1.json': acknowledgement,
    },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

// the engine clock runs on at real speed after each move: instants are compared to the minute
const minute = (iso: string) =>
  new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
const at = (local: string) => new Date(bj(local)).toISOString();
const moveTo = (at: number) => t.clock.advance(Math.max(0, at - t.clock.now()));
const coverage = async (as: 'admin' | 'supervisor' = 'admin') => {
  const r = await t.api('GET', '/api/calendars/coverage', undefined, { as });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.find((i: { calendar: { id: string } }) => i.calendar.id === 'cn-mainland');
};
const clocksOf = async (id: string) => (await t.api('GET', `/api/instances/${id}/slas`)).body.items;

const cases: string[] = [];

describe('a calendar in use that runs out', () => {
  it('is fine 78 days before its end, and a warning from 60 days before', async () => {
    expect(await coverage()).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      knownYears: { from: 2026, to: 2026 },
      knownUntil: new Date(bj('2027-01-01T00:00:00')).toISOString(),
      state: 'ok',
      liveClocks: 0,
      message: null,
    });
    moveTo(bj('2026-11-05T09:00:00'));
    const c = await coverage('supervisor');
    expect(c).toMatchObject({ state: 'runsOutSoon', daysLeft: 56, beyond: 0 });
    expect(c.message.en).toBe(
      "cn-mainland covers 2026; it runs out in 56 days: publish the next year's holidays",
    );
    expect(c.message['zh-Hant']).toContain('56 天後用盡');
  });

  it('is not for staff to read', async () => {
    expect(
      (await t.api('GET', '/api/calendars/coverage', undefined, { as: 'adjuster' })).status,
    ).toBe(403);
  });
});

describe('clocks beyond the known years', () => {
  beforeAll(async () => {
    // When two complaints arrive on Monday 2026-12-21
    moveTo(bj('2026-12-21T09:00:00'));
    cases.push((await startInstance(t, 'complaint')).id, (await startInstance(t, 'complaint')).id);
  });

  it('are flagged in the clock API: the resolution falls in 2027, the acknowledgement does not', async () => {
    const clocks = await clocksOf(cases[0]!);
    const resolution = clocks.find((c: { slaId: string }) => c.slaId === 'resolution');
    const ack = clocks.find((c: { slaId: string }) => c.slaId === 'acknowledgement');
    // due 2027-03-01, counted straight through the 2027 Spring Festival
    expect(minute(resolution.dueAt)).toBe(at('2027-03-01T09:00:00'));
    expect(resolution.calendarGap).toMatchObject({
      calendar: { id: 'cn-mainland', version: 1 },
      knownYears: { from: 2026, to: 2026 },
      years: [2027],
      newerVersion: null,
    });
    expect(resolution.calendarGap.beyond.map((b: { percent: number }) => b.percent)).toEqual([
      50, 100,
    ]);
    expect(ack.calendarGap).toBeNull();
  });

  it('are flagged on the case page too', async () => {
    const r = await t.api('GET', `/api/cases/${cases[0]}`);
    expect(r.status).toBe(200);
    const flagged = r.body.clocks.filter((c: { calendarGap: unknown }) => c.calendarGap);
    expect(flagged.map((c: { slaId: string }) => c.slaId)).toEqual(['resolution']);
  });

  it('are counted for operations, by year', async () => {
    const c = await coverage();
    expect(c).toMatchObject({
      state: 'runsOutSoon',
      daysLeft: 10,
      liveClocks: 4,
      beyond: 2,
      byYear: [{ year: 2027, clocks: 2 }],
      olderVersion: 0,
    });
    expect(c.message.en).toBe(
      "cn-mainland covers 2026; 2 running clocks depend on 2027; it runs out in 10 days: publish the next year's holidays",
    );
    expect(c.message['zh-Hant']).toBe(
      'cn-mainland 只涵蓋 2026 年；2 個進行中的時鐘依賴 2027 年；10 天後用盡：請發佈下一年的假期',
    );
  });
});

describe('a replay against the version that knows 2027', () => {
  let dryRun: any;

  beforeAll(async () => {
    // When a week later, before Monday's working hours, the designer publishes version 2
    moveTo(bj('2026-12-28T08:00:00'));
    await publishCalendar(t, v2);
  });

  it('is offered: the clocks say a newer version exists, operations count them', async () => {
    const [clock] = (await clocksOf(cases[0]!)).filter(
      (c: { slaId: string }) => c.slaId === 'resolution',
    );
    expect(clock.calendarGap.newerVersion).toBe(2);
    const c = await coverage();
    expect(c).toMatchObject({ calendar: { version: 2 }, state: 'ok', olderVersion: 4, beyond: 2 });
    expect(c.message.en).toBe(
      'cn-mainland covers 2026–2027; 2 running clocks still count in an older version that does not know 2027: replay them',
    );
  });

  it('reports first, as a dry run, every clock that would move, by how much and why', async () => {
    const r = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    dryRun = r.body;
    expect(dryRun).toMatchObject({
      applied: false,
      to: { calendar: { id: 'cn-mainland', version: 2 } },
    });
    const moving = dryRun.items.filter((i: { moves: boolean }) => i.moves);
    expect(moving).toHaveLength(2);
    for (const i of moving) {
      expect(i).toMatchObject({
        slaId: 'resolution',
        processId: 'complaint',
        status: 'running',
        from: { calendar: { id: 'cn-mainland', version: 1 } },
        to: { calendar: { id: 'cn-mainland', version: 2 } },
        reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
      });
      // a week later: New Year and the Spring Festival week are off, Saturday Feb 13 works
      expect(minute(i.from.dueAt)).toBe(at('2027-03-01T09:00:00'));
      expect(minute(i.to.dueAt)).toBe(at('2027-03-08T09:00:00'));
      expect(Math.round(i.differenceMs / 60_000)).toBe(7 * 24 * 60);
      expect(i.instants.map((x: { percent: number }) => x.percent)).toEqual([50, 100]);
    }
    // the acknowledgements fall in 2026: they change version, not instant
    const still = dryRun.items.filter((i: { moves: boolean }) => !i.moves);
    expect(still.map((i: { slaId: string }) => i.slaId)).toEqual([
      'acknowledgement',
      'acknowledgement',
    ]);
    // and nothing was written
    const rows = await t.sql(`SELECT DISTINCT calendar_version FROM sla_clocks`);
    expect(rows).toEqual([{ calendar_version: 1 }]);
    expect(await t.sql(`SELECT 1 FROM history WHERE type = 'sla.replayed'`)).toEqual([]);
  });

  it('is for those who publish definitions, not staff', async () => {
    const r = await t.api(
      'POST',
      '/api/sla-clocks/replay',
      { calendarId: 'cn-mainland' },
      { as: 'adjuster' },
    );
    expect(r.status).toBe(403);
    const both = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'x', slaId: 'y' });
    expect(both.status).toBe(400);
  });

  it('applies as reported, with a history entry and a log entry per clock, timers re-armed', async () => {
    const r = await t.api('POST', '/api/sla-clocks/replay', {
      calendarId: 'cn-mainland',
      apply: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.applied).toBe(true);
    const byClock = (report: any) =>
      Object.fromEntries(report.items.map((i: any) => [i.clockId, [i.to.dueAt, i.moves]]));
    expect(byClock(r.body)).toEqual(byClock(dryRun));
    const history = await t.sql(
      `SELECT instance_id, data FROM history WHERE type = 'sla.replayed' ORDER BY instance_id, seq`,
    );
    expect(history).toHaveLength(4);
    const entry = history.filter((h) => h.data.slaId === 'resolution')[0]!.data;
    expect(entry).toMatchObject({
      from: { calendar: { version: 1 } },
      to: { calendar: { version: 2 } },
      reasons: [{ kind: 'calendar', id: 'cn-mainland', from: 1, to: 2 }],
    });
    expect(minute(entry.to.dueAt)).toBe(at('2027-03-08T09:00:00'));
    expect(
      await t.sql(`SELECT count(*)::int AS n FROM sla_clock_events WHERE type = 'replay'`),
    ).toEqual([{ n: 4 }]);
    // the resolution's breach timer now waits for the new due instant; the old one is cancelled
    const timers = await t.sql(
      `SELECT status, due_at FROM jobs WHERE kind = 'sla' AND instance_id = $1 AND payload->>'percent' = '100'
       AND payload->>'clockId' LIKE '%resolution' ORDER BY created_at`,
      [cases[0]],
    );
    expect(timers.map((j) => [j.status, minute(j.due_at.toISOString())])).toEqual([
      ['cancelled', at('2027-03-01T09:00:00')],
      ['pending', at('2027-03-08T09:00:00')],
    ]);
    // the case page explains it
    const page = await t.api('GET', `/api/cases/${cases[0]}`);
    const clock = page.body.clocks.find((c: { slaId: string }) => c.slaId === 'resolution');
    expect(clock.calendarGap).toBeNull();
    const replayed = clock.explanation.events.at(-1);
    expect(replayed).toMatchObject({ type: 'replay', reasons: [{ kind: 'calendar' }] });
    expect(minute(replayed.dueAt)).toBe(at('2027-03-08T09:00:00'));
    expect(Math.round(replayed.movedByMs / 60_000)).toBe(7 * 24 * 60);
  });

  it('leaves nothing to flag or replay', async () => {
    expect(await coverage()).toMatchObject({
      beyond: 0,
      olderVersion: 0,
      state: 'ok',
      message: null,
    });
    const again = await t.api('POST', '/api/sla-clocks/replay', { calendarId: 'cn-mainland' });
    expect(again.body.items).toEqual([]);
    expect(again.body.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'same-versions',
      'same-versions',
      'same-versions',
      'same-versions',
    ]);
  });

  it('breaches at the new due instant, not the old one', async () => {
    const resolutionOf = async () =>
      (await clocksOf(cases[0]!)).find((c: { slaId: string }) => c.slaId === 'resolution');
    // When the old due instant passes (the warning at half fired on the way)
    moveTo(bj('2027-03-01T09:30:00'));
    await settle(t);
    const warned = await t.until(async () => {
      const c = await resolutionOf();
      return c.thresholdsFired.includes(50) ? c : null;
    }, 'the warning at half the replayed target');
    // Then the clock runs on: the old breach timer stays cancelled
    expect(warned).toMatchObject({ state: 'running', breachedAt: null });
    const old = await t.sql(
      `SELECT status FROM jobs WHERE kind = 'sla' AND instance_id = $1 AND payload->>'percent' = '100'
       AND payload->>'clockId' LIKE '%resolution' AND due_at < $2`,
      [cases[0], new Date(bj('2027-03-02T00:00:00'))],
    );
    expect(old).toEqual([{ status: 'cancelled' }]);
    // When the new one passes, it breaches there
    moveTo(bj('2027-03-08T09:30:00'));
    const breached = await t.until(async () => {
      const c = await resolutionOf();
      return c.state === 'breached' ? c : null;
    }, 'the breach at the replayed due instant');
    expect(minute(breached.breachedAt)).toBe(at('2027-03-08T09:00:00'));
    const events = await t.sql(
      `SELECT type FROM sla_clock_events WHERE clock_id = $1 AND type IN ('warning', 'breach', 'replay') ORDER BY id`,
      [breached.id],
    );
    expect(events.map((e) => e.type)).toEqual(['replay', 'warning', 'breach']);
  });
});

describe("an SLA's replay against its newer version", () => {
  it('reports each reason in its own shape: the version, the target, the thresholds', async () => {
    // Given a case whose acknowledgement clock counts in version 1 (5 working days, no warning)
    const { id } = await startInstance(t, 'complaint', {});
    await settle(t);
    // When version 2 gives 6 working days with a warning at 80 %
    const dir = join(t.definitionsDir, 'slas', 'acknowledgement');
    await mkdir(dir, { recursive: true });
    const v2Ack = {
      ...acknowledgement,
      version: 2,
      target: { duration: 'P6D' },
      thresholds: [{ percent: 80 }],
    };
    await writeFile(join(dir, 'v2.json'), JSON.stringify(v2Ack));
    await t.engine.reloadDefinitions();
    // Then the dry run answers it as the API document says, every reason with its values
    const r = await t.api('POST', '/api/sla-clocks/replay', { slaId: 'acknowledgement' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      applied: false,
      to: { sla: { id: 'acknowledgement', version: 2 } },
      timers: [],
      tasks: [],
    });
    const item = r.body.items.find((i: { instanceId: string }) => i.instanceId === id);
    expect(item).toMatchObject({ slaId: 'acknowledgement', status: 'running', moves: true });
    expect(item.reasons).toEqual([
      { kind: 'sla', id: 'acknowledgement', from: 1, to: 2 },
      { kind: 'target', from: 'P5D', to: 'P6D' },
      { kind: 'thresholds', from: [], to: [80] },
    ]);
  });
});
