/**
 * Calendar-month logic for the calendar editor's month view: the weeks of a month (Monday
 * first), what kind of day each date is in a business calendar (holiday, make-up working
 * day, day off, working day), and keyboard moves between dates. Pure: dates are local
 * `YYYY-MM-DD` strings of the calendar's zone, computed in UTC so no host zone leaks in.
 *
 * ```ts
 * monthWeeks(2026, 2)[0]; // the week holding 1 Feb 2026: ['2026-01-26', …, '2026-02-01']
 * dayInfo(cnMainland, '2026-02-14'); // { kind: 'extra', name: … } (a Saturday worked)
 * ```
 */
import type { CalendarDefinition, Weekday } from '@caseway/engine/types';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export type DayKind = 'holiday' | 'extra' | 'off' | 'working';

export interface DayInfo {
  kind: DayKind;
  /** The holiday's or make-up day's `{ zh-Hant, en }` name, when it has one. */
  name?: { 'zh-Hant': string; en: string };
}

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function toMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

function fromMs(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DD` of a year, a month (1-12) and a day. */
export const isoDate = (year: number, month: number, day: number) =>
  `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/** Whether `value` is a real `YYYY-MM-DD` date (no 31 February). */
export function isValidDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromMs(toMs(value)) === value;
}

/** The date `days` days after `date` (negative: before). */
export const addDays = (date: string, days: number) => fromMs(toMs(date) + days * DAY_MS);

/** The weekday of a date. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(new Date(toMs(date)).getUTCDay() + 6) % 7]!;
}

/** The month `delta` months from (year, month), as [year, month]. */
export function addMonths(year: number, month: number, delta: number): [number, number] {
  const index = year * 12 + (month - 1) + delta;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** The number of days of a month. */
export const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The weeks (Monday to Sunday) covering a month, dates outside it included at the edges. */
export function monthWeeks(year: number, month: number): string[][] {
  const first = isoDate(year, month, 1);
  let day = addDays(first, -WEEKDAYS.indexOf(weekdayOf(first)));
  const last = isoDate(year, month, daysInMonth(year, month));
  const weeks: string[][] = [];
  while (day <= last) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1)) week.push(day);
    weeks.push(week);
  }
  return weeks;
}

/** What kind of day `date` is in the calendar: holidays win over make-up days and weekdays. */
export function dayInfo(cal: Partial<CalendarDefinition>, date: string): DayInfo {
  if (cal.alwaysOpen) return { kind: 'working' };
  for (const h of cal.holidays ?? []) {
    const from = 'date' in h ? h.date : h.from;
    const to = 'date' in h ? h.date : h.to;
    if (from <= date && date <= to) return { kind: 'holiday', ...(h.name ? { name: h.name } : {}) };
  }
  const extra = (cal.extraWorkingDays ?? []).find((e) => e.date === date);
  if (extra) return { kind: 'extra', ...(extra.name ? { name: extra.name } : {}) };
  const hours = cal.workingHours?.[weekdayOf(date)];
  return { kind: hours && hours.length ? 'working' : 'off' };
}

/** Keys the month grid understands, with the number of days each moves. */
const MOVES: Record<string, number> = {
  ArrowLeft: -1,
  ArrowRight: 1,
  ArrowUp: -7,
  ArrowDown: 7,
};

/**
 * The date a grid key moves focus to (arrows by day and week, Home/End to the week's ends,
 * PageUp/PageDown by month, clamped to the month's length), or null for other keys.
 */
export function moveDate(date: string, key: string): string | null {
  if (key in MOVES) return addDays(date, MOVES[key]!);
  const index = WEEKDAYS.indexOf(weekdayOf(date));
  if (key === 'Home') return addDays(date, -index);
  if (key === 'End') return addDays(date, 6 - index);
  if (key === 'PageUp' || key === 'PageDown') {
    const [y, m, d] = date.split('-').map(Number);
    const [ny, nm] = addMonths(y!, m!, key === 'PageUp' ? -1 : 1);
    return isoDate(ny, nm, Math.min(d!, daysInMonth(ny, nm)));
  }
  return null;
}
