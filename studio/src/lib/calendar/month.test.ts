import type { CalendarDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import { addMonths, dayInfo, isValidDate, monthWeeks, moveDate, weekdayOf } from './month';

const cal: CalendarDefinition = {
  id: 'cn',
  version: 1,
  name: { 'zh-Hant': '內地', en: 'Mainland' },
  timeZone: 'Asia/Shanghai',
  workingHours: {
    mon: [{ from: '09:00', to: '18:00' }],
    tue: [{ from: '09:00', to: '18:00' }],
    wed: [{ from: '09:00', to: '18:00' }],
    thu: [{ from: '09:00', to: '18:00' }],
    fri: [{ from: '09:00', to: '18:00' }],
    sat: [],
  },
  holidays: [
    { from: '2026-02-15', to: '2026-02-23', name: { 'zh-Hant': '春節', en: 'Spring Festival' } },
    { date: '2026-04-05' },
  ],
  extraWorkingDays: [{ date: '2026-02-14', name: { 'zh-Hant': '補班', en: 'Make-up day' } }],
};

describe('monthWeeks', () => {
  it('covers a month in Monday-first weeks, with the neighbours’ days at the edges', () => {
    const weeks = monthWeeks(2026, 2);
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      '2026-01-26',
      '2026-01-27',
      '2026-01-28',
      '2026-01-29',
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
    ]);
    expect(weeks[4]![6]).toBe('2026-03-01');
    expect(weeks.flat().filter((d) => d.startsWith('2026-02'))).toHaveLength(28);
  });

  it('handles a leap February and a month starting on Monday', () => {
    expect(
      monthWeeks(2024, 2)
        .flat()
        .filter((d) => d.startsWith('2024-02')),
    ).toHaveLength(29);
    expect(monthWeeks(2026, 6)[0]![0]).toBe('2026-06-01');
  });
});

describe('dayInfo', () => {
  it('marks holidays (ranges and single dates), make-up days, days off and working days', () => {
    expect(dayInfo(cal, '2026-02-16')).toEqual({
      kind: 'holiday',
      name: { 'zh-Hant': '春節', en: 'Spring Festival' },
    });
    expect(dayInfo(cal, '2026-02-23').kind).toBe('holiday');
    expect(dayInfo(cal, '2026-04-05')).toEqual({ kind: 'holiday' });
    expect(dayInfo(cal, '2026-02-14')).toMatchObject({ kind: 'extra' });
    expect(dayInfo(cal, '2026-02-28').kind).toBe('off'); // Saturday: empty hours
    expect(dayInfo(cal, '2026-03-01').kind).toBe('off'); // Sunday: absent
    expect(dayInfo(cal, '2026-02-24').kind).toBe('working');
  });

  it('makes every day a working day in an always-open calendar', () => {
    expect(dayInfo({ alwaysOpen: true, holidays: cal.holidays }, '2026-02-16').kind).toBe(
      'working',
    );
  });
});

describe('dates', () => {
  it('knows weekdays, month arithmetic and invalid dates', () => {
    expect(weekdayOf('2026-02-14')).toBe('sat');
    expect(addMonths(2026, 12, 1)).toEqual([2027, 1]);
    expect(addMonths(2026, 1, -1)).toEqual([2025, 12]);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
  });

  it('moves focus by day, week, week ends and month', () => {
    expect(moveDate('2026-02-28', 'ArrowRight')).toBe('2026-03-01');
    expect(moveDate('2026-03-01', 'ArrowUp')).toBe('2026-02-22');
    expect(moveDate('2026-02-18', 'Home')).toBe('2026-02-16');
    expect(moveDate('2026-02-18', 'End')).toBe('2026-02-22');
    expect(moveDate('2026-01-31', 'PageDown')).toBe('2026-02-28');
    expect(moveDate('2026-01-31', 'PageUp')).toBe('2025-12-31');
    expect(moveDate('2026-01-31', 'Enter')).toBeNull();
  });
});
