/**
 * The time module's contract for durations: month ends, leap years, Asia/Shanghai and two zones
 * with daylight saving time (Europe/Berlin, America/New_York). Every case runs against both
 * ways of adding a duration in a zone: the module's addDuration and an always-open calendar in
 * that zone (what SLA clocks use), so the two can never disagree again.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  compileCalendar,
  DAY,
  durationMs,
  HOUR,
  ISO_DURATION_PATTERN,
  isIsoDuration,
  localDateTime,
  localDay,
  parseDuration,
  parseLocalDate,
} from './index.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const alwaysOpen = (timeZone: string) =>
  compileCalendar({ id: 'open', version: 1, name, timeZone, alwaysOpen: true });

const implementations: [string, (at: number, iso: string, zone: string) => number][] = [
  ['addDuration', (at, iso, zone) => addDuration(at, iso, zone)],
  ['an always-open calendar', (at, iso, zone) => alwaysOpen(zone).addDuration(at, iso)],
];

/** [zone, start (with its offset), duration, expected (with its offset), why] */
const CASES: [string, string, string, string, string][] = [
  ['UTC', '2026-01-31T10:00:00Z', 'P1M', '2026-02-28T10:00:00Z', 'a month end clamps'],
  ['UTC', '2026-03-31T10:00:00Z', 'P1M', '2026-04-30T10:00:00Z', 'into a 30-day month'],
  ['UTC', '2026-12-31T10:00:00Z', 'P2M', '2027-02-28T10:00:00Z', 'across a year end'],
  ['UTC', '2024-01-31T10:00:00Z', 'P1M', '2024-02-29T10:00:00Z', 'a leap February'],
  ['UTC', '2024-02-29T10:00:00Z', 'P1Y', '2025-02-28T10:00:00Z', '29 February, a year on'],
  ['UTC', '2024-02-29T10:00:00Z', 'P4Y', '2028-02-29T10:00:00Z', 'the next leap year'],
  ['UTC', '2024-02-28T10:00:00Z', 'P1D', '2024-02-29T10:00:00Z', 'a leap day is a day'],
  ['UTC', '2026-01-31T10:00:00Z', 'P1M1D', '2026-03-01T10:00:00Z', 'months first, then days'],
  ['UTC', '2026-01-31T10:00:00Z', 'P1Y2M3W4D', '2027-04-25T10:00:00Z', 'every calendar unit'],
  ['UTC', '2026-01-31T10:00:00Z', 'PT36H', '2026-02-01T22:00:00Z', 'hours are elapsed time'],
  ['UTC', '2026-01-31T10:00:00Z', 'PT0.5S', '2026-01-31T10:00:00.500Z', 'fractional seconds'],
  ['UTC', '2026-01-31T10:00:00Z', 'P0D', '2026-01-31T10:00:00Z', 'nothing to add'],
  // Asia/Shanghai (UTC+8, no DST): a local date differs from the UTC date before 08:00
  [
    'Asia/Shanghai',
    '2026-01-31T05:00:00+08:00',
    'P1M',
    '2026-02-28T05:00:00+08:00',
    'the local month end (in UTC it is still 30 January)',
  ],
  [
    'Asia/Shanghai',
    '2026-09-30T23:30:00+08:00',
    'P1D',
    '2026-10-01T23:30:00+08:00',
    'a day is 24 hours',
  ],
  // Europe/Berlin: summer time from 29 March 2026 02:00, winter time from 25 October 03:00
  [
    'Europe/Berlin',
    '2026-03-28T12:00:00+01:00',
    'P1D',
    '2026-03-29T12:00:00+02:00',
    'same local time, 23 hours later',
  ],
  [
    'Europe/Berlin',
    '2026-03-28T12:00:00+01:00',
    'PT24H',
    '2026-03-29T13:00:00+02:00',
    '24 elapsed hours',
  ],
  [
    'Europe/Berlin',
    '2026-10-24T12:00:00+02:00',
    'P1D',
    '2026-10-25T12:00:00+01:00',
    'same local time, 25 hours later',
  ],
  [
    'Europe/Berlin',
    '2026-03-28T02:30:00+01:00',
    'P1D',
    '2026-03-29T03:30:00+02:00',
    '02:30 does not exist that night: moves forward by the gap',
  ],
  [
    'Europe/Berlin',
    '2026-10-24T02:30:00+02:00',
    'P1D',
    '2026-10-25T02:30:00+02:00',
    '02:30 happens twice that night: the first',
  ],
  [
    'Europe/Berlin',
    '2020-10-25T02:30:00+01:00',
    'P6Y',
    '2026-10-25T02:30:00+02:00',
    'the first of a repeated time, even from the second one',
  ],
  [
    'Europe/Berlin',
    '2026-01-31T12:00:00+01:00',
    'P2M',
    '2026-03-31T12:00:00+02:00',
    'months across the switch',
  ],
  // America/New_York: daylight time from 8 March 2026 02:00, standard from 1 November 02:00
  [
    'America/New_York',
    '2026-03-07T09:00:00-05:00',
    'P1D',
    '2026-03-08T09:00:00-04:00',
    'same local time across the switch',
  ],
  [
    'America/New_York',
    '2026-03-07T02:30:00-05:00',
    'P1D',
    '2026-03-08T03:30:00-04:00',
    'a skipped time moves forward',
  ],
  [
    'America/New_York',
    '2026-10-31T01:30:00-04:00',
    'P1D',
    '2026-11-01T01:30:00-04:00',
    'a repeated time is the first',
  ],
  [
    'America/New_York',
    '2026-01-31T21:00:00-05:00',
    'P1M',
    '2026-02-28T21:00:00-05:00',
    'the local month end (in UTC it is already 1 February)',
  ],
];

describe.each(implementations)('adding a duration in a zone: %s', (_, add) => {
  it.each(CASES)('%s: %s + %s = %s (%s)', (zone, start, iso, expected) => {
    expect(new Date(add(Date.parse(start), iso, zone)).toISOString()).toBe(
      new Date(Date.parse(expected)).toISOString(),
    );
  });
});

describe('ISO 8601 durations', () => {
  it('reads every unit and refuses anything else', () => {
    expect(parseDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7.5,
    });
    for (const bad of [
      'P',
      'PT',
      'P1H',
      'PT1D',
      '-P1D',
      'P1.5D',
      'PT1.5H',
      '1D',
      ' P1D',
      'p1d',
      '',
    ])
      expect(() => parseDuration(bad), bad).toThrow(
        expect.objectContaining({ code: 'CW_ERR_EXPRESSION_FAILED' }),
      );
    expect(isIsoDuration('PT8H')).toBe(true);
    expect(isIsoDuration('P')).toBe(false);
    expect(isIsoDuration(8)).toBe(false);
  });

  it('refuses a duration beyond the range of dates instead of giving NaN', () => {
    for (const huge of ['P99999999Y', 'P999999999999D', `PT${'9'.repeat(30)}S`])
      expect(() => addDuration(0, huge), huge).toThrow(
        expect.objectContaining({ code: 'CW_ERR_EXPRESSION_FAILED' }),
      );
  });

  it('keeps its message short whatever it is given', () => {
    const long = `P${'1'.repeat(10_000)}X`;
    expect(() => parseDuration(long)).toThrow(/^not an ISO 8601 duration: "P1{61}…$/);
  });

  it('measures lengths from the epoch in UTC', () => {
    expect(durationMs('PT1M30S')).toBe(90_000);
    expect(durationMs('P1D')).toBe(DAY);
    expect(durationMs('P1M')).toBe(31 * DAY);
  });

  it('is the pattern every meta-schema carries', () => {
    for (const kind of ['process', 'sla', 'scenario']) {
      const text = readFileSync(
        new URL(`../../../definitions/schema/${kind}.schema.json`, import.meta.url),
        'utf8',
      );
      const patterns = [...text.matchAll(/"pattern": "(\^P[^"]*)"/g)].map((m) =>
        JSON.parse(`"${m[1]}"`),
      );
      expect(patterns.length, kind).toBeGreaterThan(0);
      for (const p of patterns) expect(p, kind).toBe(ISO_DURATION_PATTERN);
    }
  });
});

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
const zone = fc.constantFrom(...ZONES);
/** Instants from 2000 to 2060: plenty of DST switches and leap years. */
const instant = fc.integer({
  min: Date.parse('2000-01-01T00:00:00Z'),
  max: Date.parse('2060-01-01T00:00:00Z'),
});
const small = fc.integer({ min: 0, max: 400 });
const duration = fc
  .record({ y: small, mo: small, w: small, d: small, h: small, mi: small, s: small })
  .map(({ y, mo, w, d, h, mi, s }) => `P${y % 30}Y${mo % 24}M${w % 10}W${d}DT${h}H${mi}M${s}S`);
const runs = { numRuns: 400 };

describe('properties of adding a duration', () => {
  it('never goes back in time', () => {
    fc.assert(
      fc.property(instant, duration, zone, (a, iso, z) => addDuration(a, iso, z) >= a),
      runs,
    );
  });

  it('n days move the local date by n, whatever the zone does', () => {
    fc.assert(
      fc.property(instant, small, zone, (a, n, z) => {
        return localDay(addDuration(a, `P${n}D`, z), z) === localDay(a, z) + n;
      }),
      runs,
    );
  });

  it('keeps the local time of day unless it does not exist on the day reached', () => {
    fc.assert(
      fc.property(instant, small, zone, (a, n, z) => {
        const before = localDateTime(a, z).slice(11);
        const after = localDateTime(addDuration(a, `P${n}D`, z), z).slice(11);
        // only a skipped hour (spring forward) may move it, by at most an hour
        return after === before || addDuration(a, `P${n}D`, z) - a - n * DAY <= HOUR;
      }),
      runs,
    );
  });

  it('a month later is the same day of the month, or the month end when it has fewer days', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), zone, (a, n, z) => {
        const from = localDateTime(a, z);
        const to = localDateTime(addDuration(a, `P${n}M`, z), z);
        const [y, m, d] = from.slice(0, 10).split('-').map(Number) as [number, number, number];
        const month = (y * 12 + (m - 1) + n) % 12;
        const year = Math.floor((y * 12 + (m - 1) + n) / 12);
        const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
        const expected = `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
        return to.slice(0, 10) === expected && parseLocalDate(expected) !== undefined;
      }),
      runs,
    );
  });

  it('hours, minutes and seconds are elapsed time in every zone', () => {
    fc.assert(
      fc.property(instant, small, small, zone, (a, h, s, z) => {
        return addDuration(a, `PT${h}H${s}S`, z) === a + h * HOUR + s * 1000;
      }),
      runs,
    );
  });

  it('accepts exactly what the pattern accepts', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^P?[0-9YMWDTHS.]{0,8}$/), (text) => {
        let parsed = true;
        try {
          parseDuration(text);
        } catch {
          parsed = false;
        }
        return parsed === isIsoDuration(text);
      }),
      { numRuns: 1000 },
    );
  });
});
