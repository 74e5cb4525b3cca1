/**
 * An SLA clock explained, pure: its timeline (started, each pause and resume with the engine
 * event that caused it, warnings, breach, stop) with the due instant after each change and how
 * far a resume moved it, the working time used and left, the warning and due instants, and the
 * calendar's non-working days between the start and the due instant (those moved it too).
 *
 * @example
 *   explainClock({ clock, events, calendar, calendarDef, thresholds: [50, 80], now });
 *   // { events: [{ type: 'pause', cause: { event: 'nodeEntered', node: 'await-documents' } },
 *   //            { type: 'resume', pausedMs: 72000000, dueAt: '…', movedByMs: 72000000 }], … }
 */
import type { CalendarDefinition, LocalizedText } from '../generated/index.ts';
import {
  formatLocalDate,
  instantAt,
  localDay,
  parseLocalDate,
  type BusinessCalendar,
} from '../time/index.ts';
import { BREACH, elapsedAt, instantOf, thresholdMs, type ClockState } from './clock.ts';
import type { ReplayReason } from './replay.ts';
import type { ClockCause } from './transitions.ts';

/** What a clock's event log records (`sla_clock_events.type`). */
export const CLOCK_EVENT_TYPES = [
  'start',
  'pause',
  'resume',
  'stop',
  'cancel',
  'reset',
  'warning',
  'breach',
  'move',
  'replay',
] as const;

/** A row of a clock's event log (`sla_clock_events`). */
export interface ClockEventRow {
  at: number;
  type: (typeof CLOCK_EVENT_TYPES)[number];
  elapsedMs: number;
  data: {
    cause?: ClockCause;
    percent?: number;
    /** A move: the target before and after it (working ms), who moved it and why. */
    previousTargetMs?: number;
    targetMs?: number;
    by?: string;
    reason?: string;
    /** A replay: the due instant before and after it, and why it moved. */
    previousDueAt?: string | null;
    dueAt?: string | null;
    reasons?: ReplayReason[];
  } | null;
}

export interface ExplainedEvent {
  at: string;
  type: ClockEventRow['type'];
  /** Working time counted when it happened. */
  elapsedMs: number;
  /** The engine event behind a start, pause, resume, stop, cancel or reset (absent on older clocks). */
  cause?: ClockCause;
  /** A warning's or the breach's percentage of the target. */
  percent?: number;
  /** The due instant from here on (start, resume, reset). */
  dueAt?: string;
  /** A resume: how long the clock stood paused, and how far that moved the due instant. */
  pausedMs?: number;
  /** A resume or a move: how far the due instant moved. */
  movedByMs?: number;
  /** A move: who moved the due instant, and why. */
  by?: string;
  reason?: string;
  /** A replay against newer versions: what differed (calendar, SLA, target, thresholds). */
  reasons?: ReplayReason[];
}

export interface NonWorkingDay {
  /** The local date in the calendar's time zone. */
  date: string;
  /** The holiday's name when the calendar names it (a weekend day has none). */
  holiday: LocalizedText | null;
}

export interface ClockExplanation {
  events: ExplainedEvent[];
  targetMs: number;
  usedMs: number;
  leftMs: number;
  overdueMs: number;
  /** The due instant the clock had when it started, before any pause moved it. */
  firstDueAt: string | null;
  dueAt: string | null;
  /** Wall-clock time spent paused. */
  pausedMs: number;
  /** Each threshold: when it fired, or when it will while the clock runs. */
  thresholds: { percent: number; at: string | null; fired: boolean }[];
  breachedAt: string | null;
  calendar: {
    id: string;
    version: number;
    name: LocalizedText | null;
    timeZone: string;
    alwaysOpen: boolean;
    /** Days without working time from the start to the due instant (or the end): each moved it. */
    nonWorkingDays: NonWorkingDay[];
  };
}

/** How many days the non-working-day list looks at, at most (a clock of years is not listed). */
const MAX_DAYS = 1000;
const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

export function explainClock(input: {
  clock: ClockState;
  events: readonly ClockEventRow[];
  calendar: BusinessCalendar;
  calendarDef: CalendarDefinition | null;
  thresholds: readonly number[];
  now: number;
}): ClockExplanation {
  const { clock: c, calendar: cal, now } = input;
  const events: ExplainedEvent[] = [];
  let due: number | null = null;
  let firstDue: number | null = null;
  let pausedAt: number | null = null;
  let dueBeforePause: number | null = null;
  let pausedMs = 0;
  // the target each event counted against: the one before the first move, if it moved
  let target =
    input.events.find((e) => e.type === 'move' || e.type === 'replay')?.data?.previousTargetMs ??
    c.targetMs;
  for (const e of input.events) {
    const out: ExplainedEvent = {
      at: new Date(e.at).toISOString(),
      type: e.type,
      elapsedMs: e.elapsedMs,
      ...(e.data?.cause ? { cause: e.data.cause } : {}),
      ...(e.data?.percent !== undefined ? { percent: e.data.percent } : {}),
    };
    if (e.type === 'start' || e.type === 'reset' || e.type === 'resume') {
      // what the clock computed then: the target's remaining working time from this instant
      const left = target - e.elapsedMs;
      due = left > 0 ? cal.addWorkingMs(e.at, left) : e.at;
      out.dueAt = iso(due)!;
      if (e.type === 'start') firstDue ??= due;
      if (e.type === 'resume' && pausedAt !== null) {
        out.pausedMs = e.at - pausedAt;
        pausedMs += e.at - pausedAt;
        if (dueBeforePause !== null) out.movedByMs = due - dueBeforePause;
        pausedAt = null;
      }
    }
    if (e.type === 'pause') {
      pausedAt = e.at;
      dueBeforePause = due;
    }
    if (e.type === 'move') {
      target = e.data?.targetMs ?? target;
      const moved = cal.addWorkingMs(e.at, Math.max(0, target - e.elapsedMs));
      out.dueAt = iso(moved)!;
      if (due !== null) out.movedByMs = moved - due;
      if (e.data?.by) out.by = e.data.by;
      if (e.data?.reason) out.reason = e.data.reason;
      due = moved;
    }
    if (e.type === 'replay') {
      // counted in the new versions: the instant it computed then (its calendar may differ)
      target = e.data?.targetMs ?? target;
      // (the log keeps both instants: the events before it are explained in the new calendar)
      const replayed = e.data?.dueAt ? Date.parse(e.data.dueAt) : null;
      const before = e.data?.previousDueAt ? Date.parse(e.data.previousDueAt) : due;
      if (replayed !== null) {
        out.dueAt = iso(replayed)!;
        if (before !== null) out.movedByMs = replayed - before;
        due = replayed;
      }
      if (e.data?.by) out.by = e.data.by;
      if (e.data?.reasons) out.reasons = e.data.reasons;
    }
    events.push(out);
  }
  if (pausedAt !== null && c.status === 'paused') pausedMs += now - pausedAt;

  const used = elapsedAt(c, now, cal);
  const thresholds = [...new Set(input.thresholds)]
    .filter((p) => p !== BREACH)
    .sort((a, b) => a - b)
    .map((percent) => {
      const fired = input.events.find((e) => e.type === 'warning' && e.data?.percent === percent);
      if (fired) return { percent, at: iso(fired.at), fired: true };
      return { percent, at: iso(instantOf(c, thresholdMs(c, percent), cal)), fired: false };
    });
  const def = input.calendarDef;
  return {
    events,
    targetMs: c.targetMs,
    usedMs: used,
    leftMs: Math.max(0, c.targetMs - used),
    overdueMs: Math.max(0, used - c.targetMs),
    firstDueAt: iso(firstDue),
    dueAt: iso(c.dueAt),
    pausedMs,
    thresholds,
    breachedAt: iso(c.breachedAt),
    calendar: {
      id: cal.id,
      version: cal.version,
      name: def?.name ?? null,
      timeZone: cal.timeZone,
      alwaysOpen: cal.alwaysOpen,
      nonWorkingDays: cal.alwaysOpen
        ? []
        : nonWorkingDays(cal, def, c.startedAt, c.dueAt ?? c.stoppedAt ?? now),
    },
  };
}

/** The local dates in [from, to] without working time, with the holiday's name if it has one. */
export function nonWorkingDays(
  cal: BusinessCalendar,
  def: CalendarDefinition | null,
  from: number,
  to: number,
): NonWorkingDay[] {
  const names = holidayNames(def);
  const out: NonWorkingDay[] = [];
  const zone = cal.timeZone;
  const last = localDay(to, zone);
  for (let day = localDay(from, zone), i = 0; i < MAX_DAYS && day <= last; day++, i++) {
    if (cal.workingMs(instantAt(day, 0, zone), instantAt(day + 1, 0, zone)) === 0) {
      const date = formatLocalDate(day);
      out.push({ date, holiday: names.get(date) ?? null });
    }
  }
  return out;
}

/** Each holiday date of a calendar definition with its name. */
function holidayNames(def: CalendarDefinition | null): Map<string, LocalizedText> {
  const out = new Map<string, LocalizedText>();
  for (const h of def?.holidays ?? []) {
    const name = h.name;
    if (!name) continue;
    if ('date' in h) {
      out.set(h.date, name);
      continue;
    }
    const [from, to] = [parseLocalDate(h.from), parseLocalDate(h.to)];
    if (from === undefined || to === undefined) continue;
    for (let d = from; d <= Math.min(to, from + 365); d++) out.set(formatLocalDate(d), name);
  }
  return out;
}
