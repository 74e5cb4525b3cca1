/**
 * Local dates and times in a zone: reading a local date-time (as FEEL, forms and the studio
 * write it) and the one rule for times that daylight saving skips or repeats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  durationWords,
  formatInstant,
  instantAt,
  localDateTime,
  localDay,
  parseInstant,
} from './index.ts';

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

describe('parseInstant', () => {
  it.each([
    ['2026-03-01T10:00:00Z', 'Asia/Shanghai', '2026-03-01T10:00:00.000Z', 'an offset wins'],
    ['2026-03-01T10:00:00+08:00', 'UTC', '2026-03-01T02:00:00.000Z', 'an offset wins'],
    ['2026-03-01T10:00:00-0500', 'UTC', '2026-03-01T15:00:00.000Z', 'a basic offset'],
    ['2026-03-01T10:00:00.250Z', 'UTC', '2026-03-01T10:00:00.250Z', 'milliseconds'],
    ['2026-03-01T10:00:00', 'Asia/Shanghai', '2026-03-01T02:00:00.000Z', 'local to the zone'],
    ['2026-03-01T10:00', 'Europe/Berlin', '2026-03-01T09:00:00.000Z', 'without seconds'],
    ['2026-07-01T10:00', 'Europe/Berlin', '2026-07-01T08:00:00.000Z', 'summer time'],
    ['2026-03-01', 'Asia/Shanghai', '2026-02-28T16:00:00.000Z', 'a date is local midnight'],
    ['2026-03-01', 'UTC', '2026-03-01T00:00:00.000Z', 'a date in UTC'],
    [
      '2026-02-28T10:00:00@Europe/Berlin',
      'Asia/Shanghai',
      '2026-02-28T09:00:00.000Z',
      'a FEEL zoned date-time',
    ],
    ['2026-03-29T02:30', 'Europe/Berlin', '2026-03-29T01:30:00.000Z', 'skipped: 03:30 CEST'],
    ['2026-10-25T02:30', 'Europe/Berlin', '2026-10-25T00:30:00.000Z', 'repeated: the first'],
    ['2026-03-08T02:30', 'America/New_York', '2026-03-08T07:30:00.000Z', 'skipped: 03:30 EDT'],
    ['2026-11-01T01:30', 'America/New_York', '2026-11-01T05:30:00.000Z', 'repeated: EDT'],
  ])('%s in %s is %s (%s)', (text, zone, expected) => {
    expect(iso(parseInstant(text, zone))).toBe(expected);
  });

  it.each([
    '2026-02-30',
    '2026-13-01T10:00Z',
    '2026-03-01T24:00',
    '2026-03-01T10:60',
    '2026-03-01 10:00',
    'T10:00',
    '2026-W09',
    'Sun, 01 Mar 2026 10:00:00 GMT',
    '2026-03-01T10:00@Nowhere/City',
    '',
  ])('refuses %j', (text) => {
    expect(parseInstant(text, 'UTC')).toBeUndefined();
  });

  it('does not depend on the machine’s zone', () => {
    // Date.parse reads a local date-time in the machine's zone; parseInstant never does
    expect(parseInstant('2026-03-01T10:00:00')).toBe(Date.UTC(2026, 2, 1, 10));
  });
});

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
const zone = fc.constantFrom(...ZONES);
const instant = fc.integer({
  min: Date.parse('2000-01-01T00:00:00Z'),
  max: Date.parse('2060-01-01T00:00:00Z'),
});

describe('properties of local times', () => {
  it('a local date-time read back in its zone shows the same wall clock', () => {
    fc.assert(
      fc.property(instant, zone, (a, z) => {
        const local = localDateTime(a, z);
        const back = parseInstant(local, z)!;
        // a repeated hour reads as its first instant: at most an hour earlier, never later
        return localDateTime(back, z) === local && back <= a && a - back < 3600_000 + 60_000;
      }),
      { numRuns: 500 },
    );
  });

  it('instantAt is the first instant of a local date and time that exists', () => {
    fc.assert(
      fc.property(instant, zone, (a, z) => {
        const day = localDay(a, z);
        const midnight = instantAt(day, 0, z);
        return localDay(midnight, z) === day && localDay(midnight - 1, z) === day - 1;
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatInstant', () => {
  it('shows an instant in the zone, in the reader’s language', () => {
    expect(formatInstant('2026-03-02T01:00:00.000Z', 'Asia/Shanghai', 'en')).toContain('09:00');
    expect(formatInstant(Date.parse('2026-07-01T08:00:00Z'), 'Europe/Berlin', 'en')).toMatch(
      /10:00 CEST/,
    );
    expect(formatInstant('2026-03-02T01:00:00.000Z', 'Asia/Shanghai', 'zh-Hant')).toContain(
      '09:00',
    );
  });
});

describe('durationWords', () => {
  it.each([
    ['en', 'PT1H', '1 hour'],
    ['en', 'P1DT30M', '1 day 30 minutes'],
    ['en', 'P1Y6M', '1 year 6 months'],
    ['en', 'PT1.5S', '1.5 seconds'],
    ['en', 'P0D', '0 seconds'],
    ['zh-Hant', 'P1Y6M', '1 年 6 個月'],
    ['zh-Hant', 'P2WT3M', '2 週 3 分鐘'],
  ])('says %s %s as %s', (lang, iso, words) => {
    expect(durationWords(iso, lang)).toBe(words);
  });

  it('gives null for what is not a duration', () => {
    expect(durationWords('8h', 'en')).toBeNull();
  });
});
