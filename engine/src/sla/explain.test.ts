/**
 * A clock explained: the due instant after each change and how far a pause moved it, the time
 * used and left, the warning instants, and the non-working days of a business calendar.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar, NATURAL } from '../time/index.ts';
import { explainClock, pauseClock, resumeClock, startClock, type ClockEventRow } from './index.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const cnDef = JSON.parse(
  readFileSync(
    new URL('../../../definitions/calendars/cn-mainland/v1.json', import.meta.url),
    'utf8',
  ),
) as CalendarDefinition;
const cn = compileCalendar(cnDef);
const fresh = { id: 'c', instanceId: 'i', taskId: null, slaId: 's', slaVersion: 1 };

describe('a 30-day decision clock paused while documents were awaited', () => {
  const t0 = Date.parse('2026-11-20T02:00:00Z');
  let c = startClock(
    { ...fresh, calendarId: 'natural', calendarVersion: 1, target: 'P30D' },
    t0,
    NATURAL,
  );
  c = pauseClock(c, t0 + HOUR, NATURAL);
  c = resumeClock(c, t0 + 21 * HOUR, NATURAL);
  const entered = { event: 'nodeEntered' as const, node: 'await-documents' };
  const left = { event: 'nodeLeft' as const, node: 'await-documents' };
  const events: ClockEventRow[] = [
    { at: t0, type: 'start', elapsedMs: 0, data: { cause: { event: 'instanceStarted' } } },
    { at: t0 + HOUR, type: 'pause', elapsedMs: HOUR, data: { cause: entered } },
    { at: t0 + 21 * HOUR, type: 'resume', elapsedMs: HOUR, data: { cause: left } },
    { at: t0 + 16 * DAY, type: 'warning', elapsedMs: 15 * DAY, data: { percent: 50 } },
  ];
  const x = explainClock({
    clock: c,
    events,
    calendar: NATURAL,
    calendarDef: null,
    thresholds: [50, 80],
    now: t0 + 16 * DAY,
  });

  it('moves the due instant by exactly the paused time, and says why it paused and resumed', () => {
    expect(x.firstDueAt).toBe(new Date(t0 + 30 * DAY).toISOString());
    expect(x.events.map((e) => [e.type, e.cause?.node])).toEqual([
      ['start', undefined],
      ['pause', 'await-documents'],
      ['resume', 'await-documents'],
      ['warning', undefined],
    ]);
    const resumed = x.events[2]!;
    expect(resumed.pausedMs).toBe(20 * HOUR);
    expect(resumed.movedByMs).toBe(20 * HOUR);
    expect(resumed.dueAt).toBe(new Date(t0 + 30 * DAY + 20 * HOUR).toISOString());
    expect(x.dueAt).toBe(resumed.dueAt);
    expect(x.pausedMs).toBe(20 * HOUR);
  });

  it('counts the working time used and left, and when each threshold fires', () => {
    expect(x.usedMs).toBe(16 * DAY - 20 * HOUR);
    expect(x.leftMs).toBe(30 * DAY - x.usedMs);
    expect(x.thresholds).toEqual([
      { percent: 50, at: new Date(t0 + 16 * DAY).toISOString(), fired: true },
      { percent: 80, at: new Date(t0 + 24 * DAY + 20 * HOUR).toISOString(), fired: false },
    ]);
    expect(x.calendar).toMatchObject({ id: 'natural', alwaysOpen: true, nonWorkingDays: [] });
  });
});

describe('a business-day clock across the National Day holidays', () => {
  it('lists the days off between the start and the due instant, the holidays by name', () => {
    const start = Date.parse('2026-09-30T10:00:00+08:00');
    const c = startClock(
      { ...fresh, calendarId: 'cn-mainland', calendarVersion: 1, target: 'P2D' },
      start,
      cn,
    );
    const x = explainClock({
      clock: c,
      events: [{ at: start, type: 'start', elapsedMs: 0, data: null }],
      calendar: cn,
      calendarDef: cnDef,
      thresholds: [],
      now: start,
    });
    // two business days from 30 September: 8 and 9 October, past the Golden Week
    expect(x.dueAt).toBe(new Date(Date.parse('2026-10-09T10:00:00+08:00')).toISOString());
    const days = x.calendar.nonWorkingDays;
    expect(days[0]).toEqual({
      date: '2026-10-01',
      holiday: { 'zh-Hant': '國慶節', en: 'National Day' },
    });
    expect(days.map((d) => d.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(x.calendar.name).toEqual(cnDef.name);
  });
});
