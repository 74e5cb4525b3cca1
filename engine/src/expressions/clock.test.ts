/**
 * One clock for all FEEL (issue 19, item 4): `today()` and `now()` read the instant they are
 * given in the process's zone, never the machine's clock or its UTC date. A table around
 * Beijing's midnight: from 00:00 to 08:00 there, the UTC date is still the day before.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from './index.ts';

const SHANGHAI = 'Asia/Shanghai';

describe('today() and now() in the process zone', () => {
  it.each([
    // instant (UTC)              Beijing wall clock          today()       date(now())
    ['2026-05-04T15:59:59Z', '2026-05-04T23:59:59+08:00', '2026-05-04'],
    ['2026-05-04T16:00:00Z', '2026-05-05T00:00:00+08:00', '2026-05-05'],
    ['2026-05-04T17:30:00Z', '2026-05-05T01:30:00+08:00', '2026-05-05'],
    ['2026-05-04T23:59:59Z', '2026-05-05T07:59:59+08:00', '2026-05-05'],
    ['2026-05-05T00:00:00Z', '2026-05-05T08:00:00+08:00', '2026-05-05'],
    // a month and a year turn over in Beijing eight hours before they do in UTC
    ['2026-12-31T16:30:00Z', '2027-01-01T00:30:00+08:00', '2027-01-01'],
  ])('at %s it is %s there, so today() is %s', (instant, wall, day) => {
    const time = { now: Date.parse(instant), zone: SHANGHAI };
    expect(evaluate('today()', {}, time)).toBe(day);
    expect(evaluate('date(now())', {}, time)).toBe(day);
    expect(evaluate('string(now())', {}, time)).toBe(wall);
    // the same instant, whatever the zone writes it as
    expect(evaluate('now() = date and time(t)', { t: instant }, time)).toBe(true);
    // a date field "not after today" holds for that day and refuses the next
    expect(evaluate('incidentDate <= today()', { incidentDate: day }, time)).toBe(true);
  });

  it('is in UTC (written with Z) for a process without a zone', () => {
    const time = { now: Date.parse('2026-05-04T17:30:00Z') };
    expect(evaluate('today()', {}, time)).toBe('2026-05-04');
    expect(evaluate('string(now())', {}, time)).toBe('2026-05-04T17:30:00Z');
  });

  it('never reads the machine clock', () => {
    const time = { now: Date.parse('2001-02-03T04:05:06Z'), zone: SHANGHAI };
    expect(evaluate('today()', {}, time)).toBe('2001-02-03');
    expect(evaluate('string(now())', {}, time)).toBe('2001-02-03T12:05:06+08:00');
  });
});
