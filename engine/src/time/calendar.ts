/**
 * Business calendars: when the SLA clock runs and how durations are counted in it.
 * Semantics are documented in docs/slas.md, section "Business calendars".
 *
 * @example
 *   const cn = compileCalendar(cnMainlandV1);
 *   cn.addDuration(Date.parse('2026-09-30T10:00:00+08:00'), 'P1D');
 *   // -> 2026-10-08T10:00+08:00: National Day Oct 1-7 is off, Oct 8 is the next business day
 *   NATURAL.addDuration(Date.parse('2026-01-31T00:00:00Z'), 'P1M'); // -> 2026-02-28T00:00Z
 */
import { createError } from '../errors.ts';
import type { CalendarDefinition } from '../generated/index.ts';
import { BusinessHoursCalendar } from './business-hours-calendar.ts';
import { addDuration } from './duration.ts';
import { checkMs, isValidTimeZone, localDay, UTC, yearOf } from './local-time.ts';

export interface BusinessCalendar {
  readonly id: string;
  readonly version: number;
  readonly timeZone: string;
  /** 24x7: every instant is working time and durations are plain calendar time. */
  readonly alwaysOpen: boolean;
  /** Is the instant inside working time? */
  isWorking(at: number): boolean;
  /** Working milliseconds in [from, to) (0 if to <= from). */
  workingMs(from: number, to: number): number;
  /**
   * The instant after `ms` of working time counted from `from` (from itself if ms = 0 and
   * from is working time; otherwise rolls forward to the next working instant). A deadline
   * that uses up a working interval exactly is that interval's end (18:00, not 09:00 next day).
   */
  addWorkingMs(from: number, ms: number): number;
  /** Adds an ISO 8601 duration in this calendar's sense (docs/slas.md, "Business calendars"). */
  addDuration(from: number, iso: string): number;
  /** Next instant >= at that is working time. */
  nextWorking(at: number): number;
  /**
   * Whether the calendar's holidays are known for the local year of `at` (validFrom..validTo;
   * always true when the definition sets neither). Outside, weekly hours still apply but
   * public holidays are unknown: the SLA clock should flag such deadlines.
   */
  covers(at: number): boolean;
  /** The years `covers` accepts (validFrom..validTo; null: no bound on that side). */
  readonly knownYears: { from: number | null; to: number | null };
}

/**
 * The local calendar year of an instant in a zone (the year `covers` asks about).
 *
 * @example
 *   localYear(Date.parse('2026-12-31T17:00:00Z'), 'Asia/Shanghai'); // 2027
 */
export function localYear(at: number, zone: string): number {
  return yearOf(localDay(at, zone));
}

/**
 * Compiles a calendar definition that passed validation (meta-schema and `lintCalendar`).
 * Throws CW_ERR_DEF_BAD_CALENDAR for an unknown time zone.
 *
 * @example
 *   const cal = compileCalendar({ id: 'office', version: 1, name, timeZone: 'Europe/London',
 *     workingHours: { mon: [{ from: '09:00', to: '17:00' }] } });
 *   cal.isWorking(Date.parse('2026-11-23T10:00:00Z')); // true (a Monday)
 */
export function compileCalendar(def: CalendarDefinition): BusinessCalendar {
  if (!isValidTimeZone(def.timeZone))
    throw createError('CW_ERR_DEF_BAD_CALENDAR', `unknown time zone "${def.timeZone}"`, {
      data: { id: def.id, version: def.version },
    });
  const covers = (at: number): boolean => {
    if (def.validFrom === undefined && def.validTo === undefined) return true;
    const year = yearOf(localDay(at, def.timeZone));
    return year >= (def.validFrom ?? -Infinity) && year <= (def.validTo ?? Infinity);
  };
  return def.alwaysOpen
    ? new AlwaysOpenCalendar(def, covers)
    : new BusinessHoursCalendar(def, covers);
}

class AlwaysOpenCalendar implements BusinessCalendar {
  readonly id: string;
  readonly version: number;
  readonly timeZone: string;
  readonly alwaysOpen = true;
  readonly covers: (at: number) => boolean;
  readonly knownYears: { from: number | null; to: number | null };

  constructor(def: CalendarDefinition, covers: (at: number) => boolean) {
    this.id = def.id;
    this.version = def.version;
    this.timeZone = def.timeZone;
    this.covers = covers;
    this.knownYears = { from: def.validFrom ?? null, to: def.validTo ?? null };
  }

  isWorking(): boolean {
    return true;
  }

  workingMs(from: number, to: number): number {
    return Math.max(0, to - from);
  }

  addWorkingMs(from: number, ms: number): number {
    checkMs(ms);
    return from + ms;
  }

  nextWorking(at: number): number {
    return at;
  }

  /** Plain calendar time in the calendar's zone: the time module's addDuration. */
  addDuration(from: number, iso: string): number {
    return addDuration(from, iso, this.timeZone);
  }
}

/** 24x7 in UTC: working time is elapsed time, durations are plain ISO 8601 addition. */
export const NATURAL: BusinessCalendar = compileCalendar({
  id: 'natural',
  version: 1,
  name: { 'zh-Hant': '自然日（全天候）', en: 'Natural time (24x7)' },
  timeZone: UTC,
  alwaysOpen: true,
});
