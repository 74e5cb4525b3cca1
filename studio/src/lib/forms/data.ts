/**
 * The form data model behind the renderer, without any DOM: which fields are visible and
 * required (FEEL over the process variables and the data at the field's level, as the engine
 * evaluates them), the data as it is submitted (hidden and empty fields removed), money
 * between fen and yuan, and JSON pointers.
 *
 * @example
 *   submittedData(form.fields, { decision: 'refuse', amountApproved: 100 }, {})
 *   // { decision: 'refuse' } when amountApproved is visible only if decision = "pay"
 */
import { evaluate, test, type EvaluationTime } from '@caseway/engine/expressions';
import {
  computeValues,
  dataFields,
  fieldAtPointer,
  formatFen,
  isLayout,
  parseYuan,
} from '@caseway/engine/forms';
import type { FormField } from '@caseway/engine/types';

export { dataFields, isLayout };

export type Data = Record<string, unknown>;
export type Path = (string | number)[];

/** A problem as the engine reports it (validateForm, or an API error's details). */
export interface Problem {
  code?: string;
  pointer: string;
  message: string;
}

export function isObject(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** When a form's FEEL runs (`now()`, `today()`): asked at each evaluation. */
export type FormTime = () => EvaluationTime;

/**
 * The editor's preview, which belongs to no case: the browser's clock, days in UTC as a process
 * without a `timeZone` counts them.
 */
export const previewTime: FormTime = () => ({ now: Date.now() });

/**
 * The clock a case's form reads, as the engine does (issue 19, item 4): the engine's instant
 * when the page was read (`clock.now`, moving on with the browser's clock from there) and the
 * process's zone, so `today()` at 01:00 in Beijing is that day in an Asia/Shanghai process, on
 * whatever day the server's or the browser's clock says. The engine checks the data again on
 * its own clock when it is submitted.
 *
 * @example
 *   const time = formClock(task.clock); // { now: '2026-05-04T17:00:00Z', zone: 'Asia/Shanghai' }
 *   time().zone; // 'Asia/Shanghai'
 */
export function formClock(clock: { now: string; zone: string } | null | undefined): FormTime {
  if (!clock) return previewTime;
  const skew = Date.parse(clock.now) - Date.now();
  const zone = clock.zone;
  return () => ({ now: Date.now() + (Number.isFinite(skew) ? skew : 0), zone });
}

/**
 * The day `today()` gives on a form's clock (YYYY-MM-DD): what the editor's preview says its
 * date bounds and rules count from.
 *
 * @example
 *   todayOn(formClock({ now: '2026-05-04T17:00:00Z', zone: 'Asia/Shanghai' })); // '2026-05-05'
 */
export function todayOn(time: FormTime): string {
  return String(evaluate('string(today())', {}, time()));
}

/**
 * A FEEL condition; `fallback` when it cannot be evaluated (the editor's preview may hold a
 * rule that does not parse yet; a published form never does).
 */
export function condition(
  expression: string,
  context: Data,
  fallback: boolean,
  time: FormTime = previewTime,
): boolean {
  try {
    return test(expression, context, time());
  } catch {
    return fallback;
  }
}

/** The FEEL context of one level: the variables, then that level's (submitted) data. */
export function levelContext(variables: Data, level: Data): Data {
  return { ...variables, ...level };
}

export function isVisible(field: FormField, context: Data, time: FormTime = previewTime): boolean {
  return field.visibleIf ? condition(field.visibleIf, context, true, time) : true;
}

export function isRequired(field: FormField, context: Data, time: FormTime = previewTime): boolean {
  if (!isVisible(field, context, time)) return false;
  if (field.required) return true;
  return field.requiredIf ? condition(field.requiredIf, context, false, time) : false;
}

/**
 * The data the engine receives for one level: only visible fields, no empty values
 * ('' and null are "not filled in" for the engine too), groups always an object, repeatable
 * groups a list of at least `minItems` entries, computed fields computed by the engine's own
 * function (what is typed for them is ignored). Sections and pages are looked through: their
 * fields belong to this level. Visibility is settled to a fixed point, since removing a
 * hidden value can hide or show another field.
 */
export function submittedData(
  fields: FormField[],
  raw: unknown,
  variables: Data,
  time: FormTime = previewTime,
): Data {
  const level = isObject(raw) ? raw : {};
  const flat = dataFields(fields);
  let visible = new Set(flat.map((f) => f.key));
  let out: Data = {};
  for (let round = 0; round <= flat.length; round++) {
    out = {};
    for (const f of flat) {
      if (!visible.has(f.key) || f.compute) continue;
      const v = fieldValue(f, level[f.key], variables, time);
      if (v !== undefined) out[f.key] = v;
    }
    out = computed(fields, out, variables, time);
    const context = levelContext(variables, out);
    const next = new Set(flat.filter((f) => isVisible(f, context, time)).map((f) => f.key));
    if (next.size === visible.size && [...next].every((k) => visible.has(k))) break;
    visible = next;
  }
  return out;
}

/** A level with its computed fields; left as it is when a rule fails (the editor's preview). */
function computed(fields: FormField[], level: Data, variables: Data, time: FormTime): Data {
  try {
    return computeValues(fields, level, variables, time(), true);
  } catch {
    return level;
  }
}

function fieldValue(f: FormField, v: unknown, variables: Data, time: FormTime): unknown {
  if (f.type === 'group') {
    const fields = f.fields ?? [];
    if (!f.repeatable) return submittedData(fields, v, variables, time);
    const items: unknown[] = Array.isArray(v) ? v : [];
    const count = Math.max(items.length, f.minItems ?? 0);
    return Array.from({ length: count }, (_, i) =>
      submittedData(fields, items[i], variables, time),
    );
  }
  if (v === undefined || v === null || v === '') return undefined;
  if (f.type === 'multiselect') return Array.isArray(v) && v.length ? [...v] : undefined;
  return v;
}

/** The value at a path in nested data (undefined where it does not exist). */
export function valueAt(data: unknown, path: Path): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = isObject(cur) ? cur[seg] : undefined;
  }
  return cur;
}

/**
 * Sets a value at a path, creating the objects and lists on the way (a list index pads the
 * list with empty entries). `undefined` removes the key.
 */
export function setValueAt(data: Data, path: Path, value: unknown): void {
  let cur: Data | unknown[] = data;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    const nextIsIndex = typeof path[i + 1] === 'number';
    const holder = cur as Record<string | number, unknown>;
    let next = holder[seg];
    if (nextIsIndex ? !Array.isArray(next) : !isObject(next)) {
      holder[seg] = nextIsIndex ? [] : {};
      // Read it back: a reactive holder stores its own (proxied) copy.
      next = holder[seg];
    }
    if (nextIsIndex) {
      const list = next as unknown[];
      const index = path[i + 1] as number;
      while (list.length <= index) list.push({});
    }
    cur = next as Data | unknown[];
  }
  const last = path[path.length - 1]!;
  if (value === undefined && !Array.isArray(cur)) delete (cur as Data)[last as string];
  else (cur as Record<string | number, unknown>)[last] = value;
}

/** The JSON pointer of a path ('' for the whole data). */
export function pointerOf(path: Path): string {
  return path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * A problem pointer from the API made relative to the form data: task completion reports
 * `/data/...`, a start form `/variables/...`.
 */
export function dataPointer(pointer: string): string {
  for (const base of ['/data', '/variables']) {
    if (pointer === base) return '';
    if (pointer.startsWith(base + '/')) return pointer.slice(base.length);
  }
  return pointer;
}

/** The field a data pointer names (layout looked through, list entries skipped), if any. */
export const fieldAt = fieldAtPointer;

/** Fen (integer minor units) as yuan text without separators, for editing: 123450 -> '1234.50'. */
export const fenToYuan = (fen: number): string => formatFen(fen, { grouping: false });

/** Fen as people read it: 123450 -> '1,234.50'. */
export const fenToMoney = (fen: number): string => formatFen(fen);

/**
 * Yuan as typed to fen, without floating point: '1,234.5' -> 123450. `undefined` for an empty
 * entry, `null` for one that is not an amount (or has more than 2 decimals).
 */
export const yuanToFen = parseYuan;

/** An ISO date-time as the value of an <input type="datetime-local"> in this browser's zone. */
export function isoToLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value as an ISO date-time (UTC), or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The index of the wizard page that holds the field a data pointer names (its first segment),
 * or -1 when no page does.
 */
export function pageOfPointer(pages: FormField[], pointer: string): number {
  const key = pointer.split('/')[1];
  if (key === undefined) return -1;
  return pages.findIndex((p) => dataFields(p.fields ?? []).some((f) => f.key === key));
}
