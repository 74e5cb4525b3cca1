/**
 * Semantic checks of a calendar definition that its meta-schema cannot express: a known IANA
 * time zone, real dates, working intervals in order and not overlapping, no date both off and
 * a make-up working day, covered years in order, and some working time at all.
 *
 * @example
 *   lintCalendar(def); // [] or [{ code: 'CW_ERR_DEF_BAD_CALENDAR', pointer: '/holidays/2/to', ... }]
 */
import type { ErrorDetail } from '../errors.ts';
import type { CalendarDefinition, DayHours } from '../generated/index.ts';
import {
  formatLocalDate,
  isValidTimeZone,
  parseClock,
  parseLocalDate,
  type DayNumber,
} from '../time/index.ts';

const ptr = (...parts: (string | number)[]) => parts.map((p) => `/${p}`).join('');

export function lintCalendar(def: CalendarDefinition): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (pointer: string, message: string) =>
    problems.push({ code: 'CW_ERR_DEF_BAD_CALENDAR', pointer, message });

  if (!isValidTimeZone(def.timeZone))
    add('/timeZone', `"${def.timeZone}" is not an IANA time zone`);
  if (def.validFrom !== undefined && def.validTo !== undefined && def.validFrom > def.validTo)
    add('/validTo', `validTo ${def.validTo} is before validFrom ${def.validFrom}`);

  if (def.alwaysOpen) {
    for (const key of ['workingHours', 'holidays', 'extraWorkingDays'] as const)
      if (def[key] !== undefined)
        add(`/${key}`, `an alwaysOpen calendar has no ${key}: every instant is working time`);
    return problems;
  }

  const week = def.workingHours ?? {};
  for (const [day, hours] of Object.entries(week)) checkHours(hours, ptr('workingHours', day), add);
  if (!Object.values(week).some((h) => h.length > 0))
    add('/workingHours', 'a calendar needs working hours on some weekday, or alwaysOpen: true');

  const off = new Map<DayNumber, string>();
  (def.holidays ?? []).forEach((h, i) => {
    const at = (field: string) => ptr('holidays', i, field);
    const range = 'date' in h ? { from: h.date, to: h.date } : h;
    const from = date(range.from, at('date' in h ? 'date' : 'from'), add);
    const to = 'date' in h ? from : date(range.to, at('to'), add);
    if (from === undefined || to === undefined) return;
    if (to < from) add(at('to'), `the range ends (${range.to}) before it starts`);
    else if (to - from > 366) add(at('to'), 'a holiday range longer than a year');
    else for (let d = from; d <= to; d++) off.set(d, ptr('holidays', i));
  });

  const extra = new Set<DayNumber>();
  (def.extraWorkingDays ?? []).forEach((x, i) => {
    const day = date(x.date, ptr('extraWorkingDays', i, 'date'), add);
    if (day !== undefined) {
      if (extra.has(day))
        add(ptr('extraWorkingDays', i, 'date'), `${x.date} is listed twice as a working day`);
      extra.add(day);
      const holiday = off.get(day);
      if (holiday)
        add(
          ptr('extraWorkingDays', i, 'date'),
          `${formatLocalDate(day)} is both a holiday (${holiday}) and a make-up working day`,
        );
    }
    const at = ptr('extraWorkingDays', i, 'hours');
    if (Array.isArray(x.hours)) {
      checkHours(x.hours, at, add);
      if (!x.hours.length) add(at, 'a make-up working day needs working hours');
    } else if (!(week[x.hours ?? 'mon'] ?? []).length) {
      add(x.hours ? at : ptr('extraWorkingDays', i), `${x.hours ?? 'mon'} has no working hours`);
    }
  });
  return problems;
}

function date(
  text: string,
  pointer: string,
  add: (pointer: string, message: string) => void,
): DayNumber | undefined {
  const day = parseLocalDate(text);
  if (day === undefined) add(pointer, `${text} is not a calendar date`);
  return day;
}

function checkHours(
  hours: DayHours,
  pointer: string,
  add: (pointer: string, message: string) => void,
): void {
  let prevEnd = -1;
  hours.forEach((h, i) => {
    const [from, to] = [parseClock(h.from), parseClock(h.to)];
    if (from >= to) return add(`${pointer}/${i}/to`, `${h.to} is not after ${h.from}`);
    if (from < prevEnd)
      add(`${pointer}/${i}/from`, `${h.from} overlaps or precedes the previous interval`);
    prevEnd = Math.max(prevEnd, to);
  });
}
