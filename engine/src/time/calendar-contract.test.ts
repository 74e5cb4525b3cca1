/**
 * One property suite for every BusinessCalendar implementation: NATURAL, an always-open
 * calendar in a DST zone, the shipped cn-mainland calendar and a New York office calendar.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { compileCalendar, NATURAL, type BusinessCalendar } from './index.ts';

const HOUR = 3600_000;
const name = { 'zh-Hant': '測試', en: 'Test' };
const cnMainland = JSON.parse(
  readFileSync(
    new URL('../../../definitions/calendars/cn-mainland/v1.json', import.meta.url),
    'utf8',
  ),
) as CalendarDefinition;
const office = [
  { from: '09:00', to: '12:30' },
  { from: '13:30', to: '17:00' },
];

const calendars: [string, BusinessCalendar][] = [
  ['NATURAL', NATURAL],
  [
    'always open in Europe/London',
    compileCalendar({
      id: 'london',
      version: 1,
      name,
      timeZone: 'Europe/London',
      alwaysOpen: true,
    }),
  ],
  ['cn-mainland v1', compileCalendar(cnMainland)],
  [
    'New York office',
    compileCalendar({
      id: 'ny',
      version: 1,
      name,
      timeZone: 'America/New_York',
      workingHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
      holidays: [{ date: '2026-07-03' }, { from: '2026-12-24', to: '2026-12-25' }],
    }),
  ],
];

/** Instants through 2026 (with both DST switches) and working amounts up to 300 hours. */
const instant = fc.integer({
  min: Date.parse('2026-01-01T00:00:00Z'),
  max: Date.parse('2026-12-01T00:00:00Z'),
});
const amount = fc.integer({ min: 0, max: 300 * HOUR });
const runs = { numRuns: 300 };

describe.each(calendars)('BusinessCalendar contract: %s', (_, cal) => {
  it('workingMs(a, addWorkingMs(a, x)) = x', () => {
    fc.assert(
      fc.property(instant, amount, (a, x) => cal.workingMs(a, cal.addWorkingMs(a, x)) === x),
      runs,
    );
  });

  it('workingMs is additive and never exceeds elapsed time', () => {
    fc.assert(
      fc.property(instant, amount, amount, (a, x, y) => {
        const [b, c] = [a + x, a + x + y];
        const ab = cal.workingMs(a, b);
        return ab + cal.workingMs(b, c) === cal.workingMs(a, c) && ab <= b - a;
      }),
      runs,
    );
  });

  it('nextWorking is the first working instant at or after the given one', () => {
    fc.assert(
      fc.property(instant, (a) => {
        const n = cal.nextWorking(a);
        return n >= a && cal.isWorking(n) && cal.workingMs(a, n) === 0;
      }),
      runs,
    );
  });

  it('addWorkingMs grows with the amount and does not go back in time', () => {
    fc.assert(
      fc.property(instant, amount, amount, (a, x, y) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        return cal.addWorkingMs(a, lo) <= cal.addWorkingMs(a, hi) && cal.addWorkingMs(a, lo) >= a;
      }),
      runs,
    );
  });

  it('business days and working hours move a deadline forward, never back', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 20 }),
        (a, d, h) => {
          const due = cal.addDuration(a, `P${d}DT${h}H`);
          return due >= a && due >= cal.addDuration(a, `P${d}D`);
        },
      ),
      runs,
    );
  });
});
