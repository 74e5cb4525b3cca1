import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDefinition } from '../generated/index.ts';
import { lintCalendar } from './lint-calendar.ts';
import { schemaProblems } from './meta-schemas.ts';

const shipped = (id: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../definitions/calendars/${id}/v1.json`, import.meta.url), 'utf8'),
  ) as CalendarDefinition;
const name = { 'zh-Hant': '測試', en: 'Test' };
const base: CalendarDefinition = {
  id: 'test',
  version: 1,
  name,
  timeZone: 'Asia/Shanghai',
  workingHours: { mon: [{ from: '09:00', to: '18:00' }] },
};
const problems = (over: Partial<CalendarDefinition>) =>
  lintCalendar({ ...base, ...over }).map((p) => [p.code, p.pointer]);
const BAD = 'CW_ERR_DEF_BAD_CALENDAR';

describe('calendar definitions', () => {
  it.each(['natural', 'cn-mainland'])('shipped %s v1 passes the meta-schema and the lint', (id) => {
    const def = shipped(id);
    expect(schemaProblems('calendar', def)).toEqual([]);
    expect(lintCalendar(def)).toEqual([]);
  });

  it('refuses malformed times and unknown properties in the meta-schema', () => {
    const bad = { ...base, workingHours: { mon: [{ from: '9:00', to: '25:00' }] }, open: true };
    expect(
      schemaProblems('calendar', bad)
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['', '/workingHours/mon/0/from', '/workingHours/mon/0/to']);
  });

  it('accepts a minimal calendar', () => {
    expect(problems({})).toEqual([]);
  });

  it('refuses an unknown time zone', () => {
    expect(problems({ timeZone: 'Asia/Beijing' })).toEqual([[BAD, '/timeZone']]);
  });

  it('refuses intervals that end before they start, overlap or are out of order', () => {
    const hours = [
      { from: '13:00', to: '12:00' },
      { from: '09:00', to: '12:00' },
      { from: '11:00', to: '14:00' },
      { from: '14:00', to: '18:00' },
    ];
    expect(problems({ workingHours: { tue: hours } })).toEqual([
      [BAD, '/workingHours/tue/0/to'],
      [BAD, '/workingHours/tue/2/from'],
    ]);
  });

  it('refuses dates that do not exist and ranges that end before they start', () => {
    expect(
      problems({
        holidays: [{ date: '2026-02-30' }, { from: '2026-10-07', to: '2026-10-01' }],
        extraWorkingDays: [{ date: '2026-13-01' }],
      }),
    ).toEqual([
      [BAD, '/holidays/0/date'],
      [BAD, '/holidays/1/to'],
      [BAD, '/extraWorkingDays/0/date'],
    ]);
  });

  it('refuses a day that is both a holiday and a make-up working day, or listed twice', () => {
    expect(
      problems({
        holidays: [{ from: '2026-10-01', to: '2026-10-07' }],
        extraWorkingDays: [{ date: '2026-10-03' }, { date: '2026-10-10' }, { date: '2026-10-10' }],
      }),
    ).toEqual([
      [BAD, '/extraWorkingDays/0/date'],
      [BAD, '/extraWorkingDays/2/date'],
    ]);
  });

  it('refuses a make-up day without hours', () => {
    expect(
      problems({
        extraWorkingDays: [
          { date: '2026-10-10', hours: 'sat' },
          { date: '2026-10-11', hours: [] },
        ],
      }),
    ).toEqual([
      [BAD, '/extraWorkingDays/0/hours'],
      [BAD, '/extraWorkingDays/1/hours'],
    ]);
  });

  it('refuses a calendar with no working time, and one that is both always open and has hours', () => {
    expect(problems({ workingHours: { mon: [] } })).toEqual([[BAD, '/workingHours']]);
    expect(problems({ alwaysOpen: true })).toEqual([[BAD, '/workingHours']]);
    expect(problems({ alwaysOpen: true, workingHours: undefined })).toEqual([]);
  });

  it('refuses covered years in the wrong order', () => {
    expect(problems({ validFrom: 2027, validTo: 2026 })).toEqual([[BAD, '/validTo']]);
  });
});
