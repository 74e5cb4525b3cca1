/**
 * Business calendar arithmetic against the shipped Mainland China 2026 calendar (Asia/Shanghai,
 * 09:00-12:00 and 13:00-18:00 Monday to Friday, State Council holidays and make-up days) and
 * the 24x7 NATURAL calendar. Instants are written in local time with their offset.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar, NATURAL } from './index.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const load = (id: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../definitions/calendars/${id}/v1.json`, import.meta.url), 'utf8'),
  ) as CalendarDefinition;
const cn = compileCalendar(load('cn-mainland'));
/** Beijing local time to an instant. */
const bj = (local: string) => Date.parse(`${local}+08:00`);
const add = (local: string, iso: string) => cn.addDuration(bj(local), iso);

describe('NATURAL: 24x7 in UTC, plain ISO 8601 addition', () => {
  const t = Date.parse('2026-01-31T10:00:00Z');
  it('counts every instant as working time', () => {
    expect(NATURAL.isWorking(t)).toBe(true);
    expect(NATURAL.nextWorking(t)).toBe(t);
    expect(NATURAL.workingMs(t, t + 5 * DAY)).toBe(5 * DAY);
    expect(NATURAL.workingMs(t, t - 1)).toBe(0);
    expect(NATURAL.addWorkingMs(t, 90_000)).toBe(t + 90_000);
    expect(NATURAL.covers(Date.parse('2099-01-01T00:00:00Z'))).toBe(true);
  });
  it('adds days as 24 hours and months by the calendar (clamped to the month end)', () => {
    expect(NATURAL.addDuration(t, 'P30D')).toBe(t + 30 * DAY);
    expect(NATURAL.addDuration(t, 'P3D')).toBe(t + 72 * HOUR);
    expect(NATURAL.addDuration(t, 'P1DT4H')).toBe(t + 28 * HOUR);
    expect(NATURAL.addDuration(t, 'P1M')).toBe(Date.parse('2026-02-28T10:00:00Z'));
    expect(NATURAL.addDuration(t, 'P1Y2W')).toBe(Date.parse('2027-02-14T10:00:00Z'));
  });
  it('refuses what is not an ISO 8601 duration, and negative working time', () => {
    expect(() => NATURAL.addDuration(t, '3 days')).toThrow(
      expect.objectContaining({ code: 'CW_ERR_EXPRESSION_FAILED' }),
    );
    expect(() => NATURAL.addWorkingMs(t, -1)).toThrow(RangeError);
  });
});

describe('cn-mainland 2026: what is working time', () => {
  it.each([
    ['2026-11-23T10:00:00', true, 'a Monday morning'],
    ['2026-11-23T12:30:00', false, 'the lunch break'],
    ['2026-11-23T18:00:00', false, 'the end of the day (exclusive)'],
    ['2026-11-21T10:00:00', false, 'a Saturday'],
    ['2026-10-01T10:00:00', false, 'National Day'],
    ['2026-02-16T10:00:00', false, 'a Monday inside the Spring Festival holiday'],
    ['2026-02-14T10:00:00', true, 'the make-up Saturday before the Spring Festival'],
    ['2026-01-04T10:00:00', true, 'the make-up Sunday after New Year'],
    ['2026-09-20T17:59:59', true, 'the make-up Sunday before National Day'],
  ])('%s is working: %s (%s)', (local, working) => {
    expect(cn.isWorking(bj(local))).toBe(working);
  });

  it('reads an instant given in UTC in the calendar time zone', () => {
    expect(cn.isWorking(Date.parse('2026-11-23T01:00:00Z'))).toBe(true); // 09:00 in Shanghai
    expect(cn.isWorking(Date.parse('2026-11-23T00:30:00Z'))).toBe(false); // 08:30
    expect(cn.nextWorking(Date.parse('2026-11-23T00:30:00Z'))).toBe(
      Date.parse('2026-11-23T01:00:00Z'),
    );
    expect(cn.isWorking(Date.parse('2026-11-22T23:00:00Z'))).toBe(false); // Monday 07:00
  });

  it('rolls forward to the next working instant', () => {
    expect(cn.nextWorking(bj('2026-11-23T10:00:00'))).toBe(bj('2026-11-23T10:00:00'));
    expect(cn.nextWorking(bj('2026-11-23T12:30:00'))).toBe(bj('2026-11-23T13:00:00'));
    expect(cn.nextWorking(bj('2026-11-20T18:30:00'))).toBe(bj('2026-11-23T09:00:00'));
    expect(cn.nextWorking(bj('2026-10-01T00:00:00'))).toBe(bj('2026-10-08T09:00:00'));
  });

  it('knows the years it holds holidays for', () => {
    expect(cn.covers(bj('2026-12-31T23:59:59'))).toBe(true);
    expect(cn.covers(bj('2027-01-01T00:00:00'))).toBe(false);
    expect(cn.covers(bj('2025-12-31T23:59:59'))).toBe(false);
  });
});

describe('cn-mainland 2026: elapsed working time', () => {
  it('skips the lunch break, nights and weekends', () => {
    expect(cn.workingMs(bj('2026-11-23T11:00:00'), bj('2026-11-23T14:00:00'))).toBe(2 * HOUR);
    expect(cn.workingMs(bj('2026-11-20T17:00:00'), bj('2026-11-23T10:00:00'))).toBe(2 * HOUR);
    expect(cn.workingMs(bj('2026-11-23T00:00:00'), bj('2026-11-30T00:00:00'))).toBe(40 * HOUR);
    expect(cn.workingMs(bj('2026-11-23T14:00:00'), bj('2026-11-23T11:00:00'))).toBe(0);
  });
  it('counts three business days across the Spring Festival, make-up Saturday included', () => {
    // Fri Feb 13, Sat Feb 14 (make-up), then nothing until Tue Feb 24
    expect(cn.workingMs(bj('2026-02-13T09:00:00'), bj('2026-02-25T09:00:00'))).toBe(24 * HOUR);
  });
  it('counts October 2026: 22 weekdays, less 5 holiday weekdays, plus make-up Sat Oct 10', () => {
    expect(cn.workingMs(bj('2026-10-01T00:00:00'), bj('2026-11-01T00:00:00'))).toBe(18 * 8 * HOUR);
  });
  it('adds working hours over the lunch break and into the next day', () => {
    expect(cn.addWorkingMs(bj('2026-11-23T11:00:00'), 2 * HOUR)).toBe(bj('2026-11-23T14:00:00'));
    expect(cn.addWorkingMs(bj('2026-11-23T12:15:00'), HOUR)).toBe(bj('2026-11-23T14:00:00'));
    expect(cn.addWorkingMs(bj('2026-11-23T17:00:00'), HOUR)).toBe(bj('2026-11-23T18:00:00'));
    expect(cn.addWorkingMs(bj('2026-11-23T17:00:00'), 2 * HOUR)).toBe(bj('2026-11-24T10:00:00'));
  });
  it('adds zero: the instant itself in working time, else the next working instant', () => {
    expect(cn.addWorkingMs(bj('2026-11-23T10:00:00'), 0)).toBe(bj('2026-11-23T10:00:00'));
    expect(cn.addWorkingMs(bj('2026-11-21T10:00:00'), 0)).toBe(bj('2026-11-23T09:00:00'));
  });
});

describe('cn-mainland 2026: durations', () => {
  it.each([
    ['2026-11-23T10:00:00', 'P3D', '2026-11-26T10:00:00', 'three business days, not 72 hours'],
    ['2026-11-20T10:00:00', 'P1D', '2026-11-23T10:00:00', 'Friday to Monday'],
    ['2026-11-21T15:00:00', 'P1D', '2026-11-24T09:00:00', 'a Saturday start rolls to Monday 09:00'],
    ['2026-11-23T20:00:00', 'PT2H', '2026-11-24T11:00:00', 'an evening start rolls to the morning'],
    ['2026-11-23T11:00:00', 'PT2H', '2026-11-23T14:00:00', 'two hours over lunch'],
    ['2026-11-23T10:00:00', 'PT72H', '2026-12-04T10:00:00', '72 working hours = 9 days of 8 h'],
    ['2026-11-23T10:00:00', 'P1DT4H', '2026-11-24T15:00:00', 'days first, then working hours'],
    ['2026-11-23T10:00:00', 'P0D', '2026-11-23T10:00:00', 'nothing to add'],
    ['2026-10-03T10:00:00', 'PT1H', '2026-10-08T10:00:00', 'start on a holiday'],
    ['2026-10-03T10:00:00', 'P1D', '2026-10-09T09:00:00', 'a holiday start rolls, then a day'],
    ['2026-02-14T10:00:00', 'P1D', '2026-02-24T10:00:00', 'start on the make-up Saturday'],
    ['2026-02-14T10:00:00', 'PT8H', '2026-02-24T10:00:00', 'working hours over Spring Festival'],
    ['2026-02-13T10:00:00', 'P1D', '2026-02-14T10:00:00', 'the make-up Saturday is a business day'],
    ['2026-09-30T10:00:00', 'P1D', '2026-10-08T10:00:00', 'across National Day'],
    ['2026-09-30T10:00:00', 'P3D', '2026-10-10T10:00:00', 'onto the make-up Saturday Oct 10'],
    ['2026-09-18T10:00:00', 'P1D', '2026-09-20T10:00:00', 'onto the make-up Sunday Sep 20'],
    ['2026-09-24T10:00:00', 'P1D', '2026-09-28T10:00:00', 'across Mid-Autumn'],
    ['2026-11-23T10:00:00', 'P1W', '2026-11-30T10:00:00', 'a week is seven calendar days'],
    ['2026-09-30T10:00:00', 'P1W', '2026-10-08T10:00:00', 'a week ending on a holiday moves on'],
    ['2026-01-15T10:00:00', 'P1M', '2026-02-24T10:00:00', 'a month ending in Spring Festival'],
    ['2026-03-31T10:00:00', 'P2M', '2026-06-01T10:00:00', 'May 31 is a Sunday'],
    ['2026-03-31T10:00:00', 'P1M', '2026-04-30T10:00:00', 'month end clamps to Apr 30'],
    ['2026-11-02T10:00:00', 'P1M1D', '2026-12-03T10:00:00', 'a month, then one business day'],
    ['2026-11-02T10:00:00', 'P1MT13H', '2026-12-03T16:00:00', 'a month, then 13 working hours'],
  ])('%s + %s = %s (%s)', (from, iso, due) => {
    expect(add(from, iso)).toBe(bj(due));
  });

  it('is the same as NATURAL for P3D only when no weekend or holiday is in the way', () => {
    expect(add('2026-11-23T10:00:00', 'P3D')).toBe(
      NATURAL.addDuration(bj('2026-11-23T10:00:00'), 'P3D'),
    );
    expect(add('2026-11-26T10:00:00', 'P3D')).toBe(bj('2026-12-01T10:00:00'));
  });

  it('keeps a deadline past the covered years computable and flagged', () => {
    const due = add('2026-12-30T10:00:00', 'P3D');
    expect(due).toBe(bj('2027-01-04T10:00:00')); // Jan 1 2027 counts as a weekday: unknown holidays
    expect(cn.covers(due)).toBe(false);
  });
});
