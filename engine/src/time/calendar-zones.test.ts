/**
 * Calendars in time zones with daylight saving time, and days whose hours differ (clamping
 * a business-day deadline to the target day's hours).
 */
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition, DayHours } from '../generated/index.ts';
import { compileCalendar } from './index.ts';

const HOUR = 3600_000;
const name = { 'zh-Hant': '測試', en: 'Test' };
const nineToFive: DayHours = [{ from: '09:00', to: '17:00' }];
const calendar = (over: Partial<CalendarDefinition>) =>
  compileCalendar({ id: 'test', version: 1, name, timeZone: 'UTC', ...over });

describe('America/New_York office hours across the March 8, 2026 switch to daylight time', () => {
  const ny = calendar({
    timeZone: 'America/New_York',
    workingHours: {
      mon: nineToFive,
      tue: nineToFive,
      wed: nineToFive,
      thu: nineToFive,
      fri: nineToFive,
    },
  });
  // Friday Mar 6 is EST (UTC-5); Monday Mar 9 is EDT (UTC-4).
  it('reads 09:00 local at a different UTC hour on each side of the switch', () => {
    expect(ny.isWorking(Date.parse('2026-03-06T13:30:00Z'))).toBe(false); // 08:30 EST
    expect(ny.isWorking(Date.parse('2026-03-06T14:00:00Z'))).toBe(true); // 09:00 EST
    expect(ny.isWorking(Date.parse('2026-03-09T13:00:00Z'))).toBe(true); // 09:00 EDT
    expect(ny.nextWorking(Date.parse('2026-03-06T22:00:00Z'))).toBe(
      Date.parse('2026-03-09T13:00:00Z'),
    );
  });
  it('adds working hours over the weekend of the switch', () => {
    // Fri 16:00 EST + 2 working hours = Mon 10:00 EDT
    expect(ny.addDuration(Date.parse('2026-03-06T21:00:00Z'), 'PT2H')).toBe(
      Date.parse('2026-03-09T14:00:00Z'),
    );
    expect(
      ny.workingMs(Date.parse('2026-03-06T21:00:00Z'), Date.parse('2026-03-09T14:00:00Z')),
    ).toBe(2 * HOUR);
  });
  it('keeps the local time for a business day: 71 hours of clock time, not 72', () => {
    const from = Date.parse('2026-03-06T15:00:00Z'); // Fri 10:00 EST
    const due = ny.addDuration(from, 'P1D');
    expect(due).toBe(Date.parse('2026-03-09T14:00:00Z')); // Mon 10:00 EDT
    expect(due - from).toBe(71 * HOUR);
  });
  it('keeps the local time when the clocks go back on November 1', () => {
    expect(ny.addDuration(Date.parse('2026-10-30T14:00:00Z'), 'P1D')).toBe(
      Date.parse('2026-11-02T15:00:00Z'), // Fri 10:00 EDT -> Mon 10:00 EST
    );
  });
});

describe('Europe/London: days of 23 and 25 hours', () => {
  const allDay: DayHours = [{ from: '00:00', to: '24:00' }];
  const sundays = calendar({ timeZone: 'Europe/London', workingHours: { sun: allDay } });
  it('counts the real length of a working day that contains a DST change', () => {
    const mar29 = Date.parse('2026-03-29T00:00:00Z'); // 00:00 GMT, BST from 01:00 UTC
    expect(sundays.workingMs(mar29 - HOUR, mar29 + 48 * HOUR)).toBe(23 * HOUR);
    const oct25 = Date.parse('2026-10-24T23:00:00Z'); // 00:00 BST
    expect(sundays.workingMs(oct25 - HOUR, oct25 + 48 * HOUR)).toBe(25 * HOUR);
  });
  it('moves a working interval that starts in the skipped hour to its real start', () => {
    const night = calendar({
      timeZone: 'Europe/London',
      workingHours: { sun: [{ from: '01:30', to: '03:00' }] },
    });
    // On Mar 29 local 01:30 does not exist: the interval is 02:30 BST (01:30Z) to 03:00 BST (02:00Z)
    expect(
      night.workingMs(Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-30T00:00:00Z')),
    ).toBe(HOUR / 2);
  });
  it('treats an always-open calendar in a DST zone by its local calendar', () => {
    const london = calendar({ timeZone: 'Europe/London', alwaysOpen: true });
    const sat = Date.parse('2026-03-28T12:00:00Z'); // Sat 12:00 GMT
    expect(london.addDuration(sat, 'P1D')).toBe(Date.parse('2026-03-29T11:00:00Z')); // Sun 12:00 BST
    expect(london.addDuration(sat, 'PT24H')).toBe(sat + 24 * HOUR);
    expect(london.workingMs(sat, sat + 24 * HOUR)).toBe(24 * HOUR);
  });
});

describe('a business-day deadline on a day with other hours', () => {
  const cal = calendar({
    timeZone: 'Asia/Shanghai',
    workingHours: {
      mon: [{ from: '09:00', to: '18:00' }],
      tue: [
        { from: '09:00', to: '12:00' },
        { from: '14:00', to: '18:00' },
      ],
      wed: [{ from: '09:00', to: '18:00' }],
      thu: [{ from: '09:00', to: '18:00' }],
      fri: [{ from: '09:00', to: '15:00' }],
    },
    extraWorkingDays: [{ date: '2026-11-28', hours: [{ from: '10:00', to: '12:00' }] }],
  });
  const bj = (local: string) => Date.parse(`${local}+08:00`);
  it('clamps to the end of the target day when its hours end earlier', () => {
    expect(cal.addDuration(bj('2026-11-26T17:00:00'), 'P1D')).toBe(bj('2026-11-27T15:00:00'));
  });
  it('moves to the next working instant of the target day when the time falls in a gap', () => {
    expect(cal.addDuration(bj('2026-11-23T13:00:00'), 'P1D')).toBe(bj('2026-11-24T14:00:00'));
    expect(cal.addDuration(bj('2026-11-26T09:30:00'), 'P2D')).toBe(bj('2026-11-28T10:00:00'));
  });
  it('continues with working hours after a clamped day', () => {
    // Thu 17:00 + 1 business day = Fri 15:00 (clamped), + 1 working hour = Sat make-up 11:00
    expect(cal.addDuration(bj('2026-11-26T17:00:00'), 'P1DT1H')).toBe(bj('2026-11-28T11:00:00'));
  });
});
