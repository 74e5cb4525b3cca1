/**
 * The working time of each local date of a business calendar, as instants: weekly hours,
 * minus holidays, plus make-up working days. Computed once per date and cached, so the
 * calendar's arithmetic walks whole days and never minutes.
 */
import type { CalendarDefinition, DayHours, Weekday } from '../generated/index.ts';
import {
  WEEKDAYS,
  instantAt,
  parseClock,
  parseLocalDate,
  weekdayIndex,
  type DayNumber,
} from './local-time.ts';

/** A working interval [start, end) as instants (ms since epoch). */
export type Span = readonly [start: number, end: number];

/** Wall-clock intervals [from, to) in ms since local midnight. */
type WallHours = readonly (readonly [number, number])[];

const CACHE_LIMIT = 20_000;

export class WorkingDays {
  readonly #zone: string;
  readonly #weekly: WallHours[];
  readonly #holidays = new Set<DayNumber>();
  readonly #extra = new Map<DayNumber, WallHours>();
  readonly #cache = new Map<DayNumber, readonly Span[]>();

  constructor(def: CalendarDefinition) {
    this.#zone = def.timeZone;
    this.#weekly = WEEKDAYS.map((d) => wallHours(def.workingHours?.[d]));
    for (const h of def.holidays ?? []) {
      const from = parseLocalDate('date' in h ? h.date : h.from);
      const to = parseLocalDate('date' in h ? h.date : h.to);
      if (from === undefined || to === undefined) continue; // refused by lintCalendar
      for (let d = from; d <= to; d++) this.#holidays.add(d);
    }
    for (const x of def.extraWorkingDays ?? []) {
      const day = parseLocalDate(x.date);
      if (day === undefined) continue;
      this.#extra.set(day, this.#resolve(x.hours));
    }
  }

  #resolve(hours: Weekday | DayHours | undefined): WallHours {
    if (Array.isArray(hours)) return wallHours(hours);
    return this.#weekly[WEEKDAYS.indexOf(hours ?? 'mon')] ?? [];
  }

  /** The day's working wall-clock hours: holidays first, then make-up days, then the week. */
  hours(day: DayNumber): WallHours {
    if (this.#holidays.has(day)) return [];
    return this.#extra.get(day) ?? this.#weekly[weekdayIndex(day)] ?? [];
  }

  /** The day's working intervals as instants, in order; empty on a day off. */
  spans(day: DayNumber): readonly Span[] {
    let spans = this.#cache.get(day);
    if (!spans) {
      spans = this.hours(day)
        .map(([a, b]): Span => [instantAt(day, a, this.#zone), instantAt(day, b, this.#zone)])
        .filter(([a, b]) => b > a);
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(day, spans);
    }
    return spans;
  }

  isBusinessDay(day: DayNumber): boolean {
    return this.spans(day).length > 0;
  }
}

function wallHours(hours: DayHours | undefined): WallHours {
  return (hours ?? []).map((i) => [parseClock(i.from), parseClock(i.to)] as const);
}
