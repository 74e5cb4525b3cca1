/**
 * A calendar with working hours, holidays and make-up working days. Every operation walks
 * whole local days (cached spans per date), so 60 days of elapsed time is 60 steps.
 */
import { createError } from '../errors.ts';
import type { CalendarDefinition } from '../generated/index.ts';
import type { BusinessCalendar } from './calendar.ts';
import { durationMs, parseDuration } from './duration.ts';
import {
  checkMs,
  DAY,
  instantAt,
  localDay,
  plusCalendar,
  timeMs,
  wallTime,
  type DayNumber,
} from './local-time.ts';
import { WorkingDays } from './working-days.ts';

/** A calendar with no working time for this many consecutive days is refused at use. */
const MAX_IDLE_DAYS = 3660;
/** The longest duration a business calendar adds (a hundred years). */
const MAX_SPAN_DAYS = 36_525;

export class BusinessHoursCalendar implements BusinessCalendar {
  readonly id: string;
  readonly version: number;
  readonly timeZone: string;
  readonly alwaysOpen = false;
  readonly covers: (at: number) => boolean;
  readonly knownYears: { from: number | null; to: number | null };
  readonly #days: WorkingDays;

  constructor(def: CalendarDefinition, covers: (at: number) => boolean) {
    this.id = def.id;
    this.version = def.version;
    this.timeZone = def.timeZone;
    this.covers = covers;
    this.knownYears = { from: def.validFrom ?? null, to: def.validTo ?? null };
    this.#days = new WorkingDays(def);
  }

  isWorking(at: number): boolean {
    return this.#days.spans(this.#day(at)).some(([s, e]) => s <= at && at < e);
  }

  nextWorking(at: number): number {
    for (const [s, e] of this.#spansFrom(at)) if (e > at) return Math.max(s, at);
    throw new Error('unreachable');
  }

  workingMs(from: number, to: number): number {
    if (!(to > from)) return 0;
    let sum = 0;
    const last = this.#day(to);
    for (let day = this.#day(from); day <= last; day++) {
      for (const [s, e] of this.#days.spans(day))
        sum += Math.max(0, Math.min(e, to) - Math.max(s, from));
    }
    return sum;
  }

  addWorkingMs(from: number, ms: number): number {
    checkMs(ms);
    if (ms === 0) return this.nextWorking(from);
    let left = ms;
    for (const [s, e] of this.#spansFrom(from)) {
      if (e <= from) continue;
      const start = Math.max(s, from);
      if (left <= e - start) return start + left;
      left -= e - start;
    }
    throw new Error('unreachable');
  }

  /**
   * Y/M/W move the start's local date by calendar periods (then to the next business day if
   * that date is off), D counts business days, H/M/S count working time; the local time of
   * day is kept (clamped to the target day's hours). See docs/slas.md.
   */
  addDuration(from: number, iso: string): number {
    const d = parseDuration(iso);
    // counted day by day: a duration from a FEEL expression must not keep the engine busy
    if (durationMs(iso) > MAX_SPAN_DAYS * DAY)
      throw createError(
        'CW_ERR_EXPRESSION_FAILED',
        `${iso} is longer than ${MAX_SPAN_DAYS} days: too long for a business calendar`,
      );
    const start = this.nextWorking(from);
    const startDay = this.#day(start);
    let day = startDay;
    if (d.years || d.months || d.weeks) {
      day = plusCalendar(day, { years: d.years, months: d.months, weeks: d.weeks });
      if (!this.#days.isBusinessDay(day)) day = this.#nextBusinessDay(day);
    }
    for (let i = 0; i < d.days; i++) day = this.#nextBusinessDay(day);
    const at = day === startDay ? start : this.#atWallTime(day, wallTime(start, this.timeZone));
    const ms = timeMs(d);
    return ms === 0 ? at : this.addWorkingMs(at, ms);
  }

  #day(at: number): DayNumber {
    return localDay(at, this.timeZone);
  }

  /** The first business day after `day`. */
  #nextBusinessDay(day: DayNumber): DayNumber {
    for (let d = day + 1; d <= day + MAX_IDLE_DAYS; d++) if (this.#days.isBusinessDay(d)) return d;
    throw this.#idle(day);
  }

  /**
   * On a business day, the first working instant at or after the wall-clock time; if the
   * day's hours end before it, the end of the day's last working interval.
   */
  #atWallTime(day: DayNumber, wall: number): number {
    const t = instantAt(day, wall, this.timeZone);
    const spans = this.#days.spans(day);
    for (const [s, e] of spans) if (t < e) return Math.max(s, t);
    return spans.at(-1)![1];
  }

  /** Working spans from the local day of `at` on, without end (bounded by MAX_IDLE_DAYS). */
  *#spansFrom(at: number): Generator<readonly [number, number]> {
    let idle = 0;
    for (let day = this.#day(at); ; day++) {
      const spans = this.#days.spans(day);
      idle = spans.length ? 0 : idle + 1;
      if (idle > MAX_IDLE_DAYS) throw this.#idle(day);
      yield* spans;
    }
  }

  #idle(day: DayNumber): Error {
    return new RangeError(
      `calendar ${this.id} v${this.version} has no working time for ${MAX_IDLE_DAYS} days (day ${day})`,
    );
  }
}
