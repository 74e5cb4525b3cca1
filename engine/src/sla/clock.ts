/**
 * SLA clock arithmetic, pure: a clock accumulates working time of its calendar while it runs.
 * `elapsedMs` is the working time counted before the current running segment began at
 * `segmentStart`; the due instant is recomputed whenever a segment begins (start, resume,
 * reset), so time spent paused never counts and a pause in a business calendar moves the
 * deadline by working time, not by wall-clock time.
 *
 * @example
 *   let c = startClock({ id, ... , target: 'P30D' }, now, NATURAL);
 *   c = pauseClock(c, now + 5 * DAY, NATURAL);   // customer asked for documents
 *   c = resumeClock(c, now + 9 * DAY, NATURAL);  // documents arrived: due moves 4 days later
 */
import type { BusinessCalendar } from '../time/index.ts';

export const ClockStatus = {
  running: 'running',
  paused: 'paused',
  stopped: 'stopped',
  cancelled: 'cancelled',
} as const;
export type ClockStatus = (typeof ClockStatus)[keyof typeof ClockStatus];

/** The percentage at which a clock breaches. */
export const BREACH = 100;

export interface ClockState {
  id: string;
  instanceId: string;
  taskId: string | null;
  slaId: string;
  slaVersion: number;
  calendarId: string;
  calendarVersion: number;
  status: ClockStatus;
  /** ISO 8601 duration as evaluated when the clock started. */
  target: string;
  targetMs: number;
  elapsedMs: number;
  segmentStart: number | null;
  cycle: number;
  /** Thresholds already fired in percent (100 = breach). */
  fired: number[];
  startedAt: number;
  dueAt: number | null;
  breachedAt: number | null;
  stoppedAt: number | null;
}

/** What the API shows: met and breached are derived from the status and the breach instant. */
export type ClockView = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

export function clockView(c: ClockState): ClockView {
  if (c.status === 'cancelled') return 'cancelled';
  if (c.breachedAt !== null) return 'breached';
  if (c.status === 'stopped') return 'met';
  return c.status;
}

export type NewClock = Pick<
  ClockState,
  | 'id'
  | 'instanceId'
  | 'taskId'
  | 'slaId'
  | 'slaVersion'
  | 'calendarId'
  | 'calendarVersion'
  | 'target'
>;

export function startClock(c: NewClock, now: number, cal: BusinessCalendar): ClockState {
  const due = cal.addDuration(now, c.target);
  return {
    ...c,
    status: 'running',
    targetMs: Math.max(0, cal.workingMs(now, due)),
    elapsedMs: 0,
    segmentStart: now,
    cycle: 1,
    fired: [],
    startedAt: now,
    dueAt: due,
    breachedAt: null,
    stoppedAt: null,
  };
}

/** Working time elapsed at `now`. */
export function elapsedAt(c: ClockState, now: number, cal: BusinessCalendar): number {
  return c.elapsedMs + (c.segmentStart === null ? 0 : cal.workingMs(c.segmentStart, now));
}

/** The instant the running clock reaches `workingMs` of elapsed time (null unless running). */
export function instantOf(c: ClockState, workingMs: number, cal: BusinessCalendar): number | null {
  if (c.segmentStart === null) return null;
  return cal.addWorkingMs(c.segmentStart, Math.max(0, workingMs - c.elapsedMs));
}

/** The working time at which a threshold (percent of the target) is reached. */
export const thresholdMs = (c: ClockState, percent: number) =>
  Math.ceil((c.targetMs * percent) / 100);

export function pauseClock(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.status !== 'running') return c;
  return { ...closeSegment(c, now, cal), status: 'paused', dueAt: null };
}

export function resumeClock(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.status !== 'paused') return c;
  const remaining = c.targetMs - c.elapsedMs;
  return {
    ...c,
    status: 'running',
    segmentStart: now,
    cycle: c.cycle + 1,
    dueAt: remaining > 0 ? cal.addWorkingMs(now, remaining) : c.breachedAt,
  };
}

export function stopClock(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.status !== 'running' && c.status !== 'paused') return c;
  return { ...closeSegment(c, now, cal), status: 'stopped', stoppedAt: now, dueAt: c.dueAt };
}

export function cancelClock(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.status !== 'running' && c.status !== 'paused') return c;
  return { ...closeSegment(c, now, cal), status: 'cancelled', stoppedAt: now, dueAt: null };
}

/** Starts over from zero: elapsed time, fired thresholds and the breach are forgotten. */
export function resetClock(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.status !== 'running' && c.status !== 'paused') return c;
  const fresh = startClock(c, now, cal);
  return { ...fresh, cycle: c.cycle + 1 };
}

/**
 * The running clock with its due instant moved to `dueAt` (a supervisor's decision with its
 * reason, e.g. a complex complaint given more time): the target becomes the working time used
 * so far plus the working time from `now` to `dueAt`, in a new cycle (its threshold timers are
 * armed again under new ids); thresholds already fired stay fired. Null when the clock does
 * not run, has breached (a breach is a fact a later due instant does not undo), or `dueAt` is
 * not after `now`.
 */
export function moveDue(
  c: ClockState,
  dueAt: number,
  now: number,
  cal: BusinessCalendar,
): ClockState | null {
  if (c.status !== 'running' || c.breachedAt !== null || !(dueAt > now)) return null;
  const targetMs = elapsedAt(c, now, cal) + Math.max(0, cal.workingMs(now, dueAt));
  const moved = { ...c, targetMs, cycle: c.cycle + 1 };
  return { ...moved, dueAt: instantOf(moved, targetMs, cal) };
}

/**
 * Ends the running segment: its working time joins `elapsedMs`. A clock that passed its target
 * inside the segment without its breach timer having fired yet records the instant it did.
 */
function closeSegment(c: ClockState, now: number, cal: BusinessCalendar): ClockState {
  if (c.segmentStart === null) return c;
  const elapsed = elapsedAt(c, now, cal);
  const breachedAt = c.breachedAt ?? (elapsed > c.targetMs ? instantOf(c, c.targetMs, cal) : null);
  return { ...c, elapsedMs: elapsed, segmentStart: null, breachedAt };
}

/**
 * A timer a clock needs: for a running clock one per threshold not yet fired, and the breach;
 * for a paused one those it reached before the pause that have not fired yet.
 */
export interface ClockTimer {
  jobId: string;
  clockId: string;
  percent: number;
  dueAt: number;
}

/**
 * Whether a paused clock reached a threshold before it paused (the breach: passed its target).
 * Such a threshold still fires while the clock is paused if its timer had not fired yet (the
 * worker was down at the instant): the pause must not swallow a warning or a breach.
 */
export function reachedWhilePaused(c: ClockState, percent: number): boolean {
  if (c.status !== 'paused' || c.fired.includes(percent)) return false;
  return percent === BREACH ? c.breachedAt !== null : c.elapsedMs >= thresholdMs(c, percent);
}

export function clockTimers(
  c: ClockState,
  thresholds: readonly number[],
  cal: BusinessCalendar,
): ClockTimer[] {
  const percents = [...new Set([...thresholds, BREACH])].sort((a, b) => a - b);
  const jobId = (percent: number) => thresholdTimerId(c, percent);
  if (c.status === 'paused')
    // their timers were armed in this cycle and are past due: they stay as they are
    return percents
      .filter((p) => reachedWhilePaused(c, p))
      .map((percent) => ({
        jobId: jobId(percent),
        clockId: c.id,
        percent,
        dueAt: c.breachedAt ?? c.startedAt,
      }));
  if (c.status !== 'running') return [];
  const out: ClockTimer[] = [];
  for (const percent of percents) {
    if (c.fired.includes(percent)) continue;
    const at =
      percent === BREACH && c.dueAt !== null && c.breachedAt === null
        ? c.dueAt
        : instantOf(c, thresholdMs(c, percent), cal)!;
    out.push({ jobId: jobId(percent), clockId: c.id, percent, dueAt: at });
  }
  return out;
}

/** What firing a threshold of a clock does at `now`. */
export type ThresholdFiring = 'noop' | { early: number } | { fired: ClockState };

/**
 * Fires a threshold (percent of the target; 100 = breach): nothing when the clock is gone, no
 * longer runs (unless it paused after reaching the threshold) or fired it already; `{ early }`
 * with the instant it will be reached when its working time has not reached it yet; else the
 * clock with the threshold fired (and, for the breach, the instant it breached).
 */
export function fireThreshold(
  c: ClockState | undefined,
  percent: number,
  now: number,
  cal: BusinessCalendar,
): ThresholdFiring {
  if (!c || c.fired.includes(percent)) return 'noop';
  if (c.status !== 'running' && !reachedWhilePaused(c, percent)) return 'noop';
  const at = thresholdMs(c, percent);
  if (elapsedAt(c, now, cal) < at) return { early: instantOf(c, at, cal) ?? now };
  return {
    fired: {
      ...c,
      fired: [...c.fired, percent].sort((a, b) => a - b),
      breachedAt: percent === BREACH ? (c.breachedAt ?? instantOf(c, at, cal)) : c.breachedAt,
    },
  };
}

/**
 * The thresholds to fire, in order, when the one at `percent` comes due: the lower ones not
 * fired yet first (the clock jumped past several at once, or their timers are late), so
 * warnings always come before the breach.
 */
export function firingOrder(
  c: ClockState | undefined,
  thresholds: readonly number[],
  percent: number,
): number[] {
  const lower = [...new Set([...thresholds, BREACH])]
    .filter((q) => q < percent && !(c?.fired.includes(q) ?? false))
    .sort((a, b) => a - b);
  return [...lower, percent];
}

/** The id of a clock's timer for a threshold in its current cycle (a `jobs` row id). */
export const thresholdTimerId = (c: Pick<ClockState, 'id' | 'cycle'>, percent: number) =>
  `${c.id}.c${c.cycle}.p${percent}`;
