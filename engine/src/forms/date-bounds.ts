/**
 * The bounds of date and datetime fields (issue 19, item 3): `min`, `max`, `exclusiveMinimum`
 * and `exclusiveMaximum` are FEEL giving a date or a date and time, evaluated over the
 * variables and the field's level of data on the engine's clock, `today()` in the process's
 * zone. A date field compares days (a date-time bound counts as its day in that zone); a
 * datetime field compares instants, a date bound standing for its whole day (`max: today()`
 * admits today 23:59, `exclusiveMinimum: today()` starts tomorrow 00:00). A bound that gives
 * null or no date is not checked (a variable not set yet).
 *
 * @example
 *   // { key: 'incidentDate', type: 'date', max: 'today()' } at 01:00 Beijing time, zone Asia/Shanghai
 *   dateBounds(field, '2026-05-05', {}, '/incidentDate', 'en', [], time); // [] (it is the 5th there)
 */
import type { ErrorDetail, Lang } from '../errors.ts';
import { say } from '../locale/index.ts';
import type { EvaluationTime } from '../expressions/index.ts';
import type { FormField } from '../generated/index.ts';
import {
  UTC,
  formatLocalDate,
  instantAt,
  localDateTime,
  localDay,
  parseInstant,
  parseLocalDate,
} from '../time/index.ts';
import { ruleValue } from './rule-value.ts';

const BOUNDS = ['min', 'max', 'exclusiveMinimum', 'exclusiveMaximum'] as const;
type BoundKind = (typeof BOUNDS)[number];

/** A date or date-time as the span of time it stands for, [from, to) in ms, and how to say it. */
interface Span {
  from: number;
  to: number;
  /** A day number when it is a date, else undefined. */
  day?: number;
  text: string;
}

export function dateBounds(
  f: FormField,
  value: unknown,
  context: Record<string, unknown>,
  pointer: string,
  lang: Lang,
  out: ErrorDetail[],
  time: EvaluationTime,
): ErrorDetail[] {
  const zone = time.zone ?? UTC;
  const v = typeof value === 'string' ? spanOf(value, zone) : undefined;
  if (!v) return []; // not a date: the format check says so
  const problems: ErrorDetail[] = [];
  for (const kind of BOUNDS) {
    const source = f[kind];
    if (typeof source !== 'string') continue;
    const result = ruleValue(source, context, pointer, lang, out, time);
    const b = typeof result === 'string' ? spanOf(result, zone) : undefined;
    if (!b) continue;
    if (holds(kind, f.type === 'date', v, b, zone)) continue;
    const shown = f.type === 'date' ? formatLocalDate(b.day ?? localDay(b.from, zone)) : b.text;
    problems.push({ code: 'CW_ERR_FORM_INVALID', pointer, message: words(kind, shown, lang) });
  }
  return problems;
}

function holds(kind: BoundKind, dateField: boolean, v: Span, b: Span, zone: string): boolean {
  if (dateField) {
    const day = v.day ?? localDay(v.from, zone);
    const bound = b.day ?? localDay(b.from, zone);
    switch (kind) {
      case 'min':
        return day >= bound;
      case 'max':
        return day <= bound;
      case 'exclusiveMinimum':
        return day > bound;
      case 'exclusiveMaximum':
        return day < bound;
    }
  }
  switch (kind) {
    case 'min':
      return v.from >= b.from;
    case 'max':
      return v.from < b.to;
    case 'exclusiveMinimum':
      return v.from >= b.to;
    case 'exclusiveMaximum':
      return v.from < b.from;
  }
}

/** `YYYY-MM-DD` as its day in `zone`; a date-time as its instant (read in `zone` without offset). */
function spanOf(text: string, zone: string): Span | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseLocalDate(text) : undefined;
  if (day !== undefined) {
    const from = instantAt(day, 0, zone);
    return { from, to: instantAt(day + 1, 0, zone), day, text };
  }
  const at = parseInstant(text, zone);
  if (at === undefined) return undefined;
  return { from: at, to: at + 1, text: localDateTime(at, zone).replace('T', ' ') };
}

function words(kind: BoundKind, shown: string, lang: Lang): string {
  switch (kind) {
    case 'min':
      return say(lang, `不得早於 ${shown}`, `must be on or after ${shown}`);
    case 'max':
      return say(lang, `不得晚於 ${shown}`, `must be on or before ${shown}`);
    case 'exclusiveMinimum':
      return say(lang, `必須晚於 ${shown}`, `must be after ${shown}`);
    case 'exclusiveMaximum':
      return say(lang, `必須早於 ${shown}`, `must be before ${shown}`);
  }
}
