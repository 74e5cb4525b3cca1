/**
 * Replaying a live clock against a newer calendar or SLA version, pure. Published versions
 * never change, so a running clock keeps the versions it started with until someone replays
 * it: the working time already used stays as it was counted (the past is a fact), the target
 * is evaluated again in the new versions (a supervisor's move, the difference between the
 * clock's target and its evaluation in the old versions, is kept), and the due and warning
 * instants are counted again from now in the new calendar. A clock that breached is not
 * replayed: a breach is a fact no later version undoes.
 *
 * @example
 *   const r = replayClock(clock, { sla: v1, calendar: cnV1, thresholds: [50] },
 *     { sla: v1, calendar: cnV2, thresholds: [50], target: 'P50D' }, now);
 *   r.clock.dueAt; // counted through the 2027 Spring Festival holidays of v2
 */
import type { BusinessCalendar } from '../time/index.ts';
import { BREACH, elapsedAt, type ClockState } from './clock.ts';
import { comingInstants, type ClockInstant } from './coverage.ts';

/** The versions a clock counts in: its SLA's version, its target and thresholds, its calendar. */
export interface ClockVersions {
  slaVersion: number;
  /** The target duration as evaluated in this SLA version for the clock's case. */
  target: string;
  thresholds: readonly number[];
  calendar: BusinessCalendar;
}

/** Why a clock's instants move: each difference between the old versions and the new. */
export type ReplayReason =
  | { kind: 'calendar'; id: string; from: number; to: number }
  | { kind: 'sla'; id: string; from: number; to: number }
  | { kind: 'target'; from: string; to: string }
  | { kind: 'thresholds'; from: number[]; to: number[] };

export interface ClockReplay {
  /** The clock counted in the new versions (a new cycle when it runs). */
  clock: ClockState;
  /** Its coming instants before and after (warnings, then the due instant at 100). */
  before: ClockInstant[];
  after: ClockInstant[];
  reasons: ReplayReason[];
  /** Whether any due or warning instant moves (else only the versions it is pinned to change). */
  moves: boolean;
}

export type ReplaySkip = 'breached' | 'ended' | 'same-versions';

export function replayClock(
  c: ClockState,
  from: ClockVersions,
  to: ClockVersions,
  now: number,
): ClockReplay | { skipped: ReplaySkip } {
  if (c.status !== 'running' && c.status !== 'paused') return { skipped: 'ended' };
  if (c.breachedAt !== null || c.fired.includes(BREACH)) return { skipped: 'breached' };
  const reasons = reasonsOf(c, from, to);
  if (!reasons.length) return { skipped: 'same-versions' };
  const moved = c.targetMs - evaluatedMs(c.startedAt, c.target, from.calendar);
  const targetMs = Math.max(0, evaluatedMs(c.startedAt, to.target, to.calendar) + moved);
  const pinned = {
    ...c,
    slaVersion: to.slaVersion,
    calendarId: to.calendar.id,
    calendarVersion: to.calendar.version,
    target: to.target,
    targetMs,
  };
  let clock: ClockState;
  if (c.status === 'paused') clock = pinned;
  else {
    // the running segment so far counted in the old calendar, the rest in the new one
    const elapsed = elapsedAt(c, now, from.calendar);
    const due = to.calendar.addWorkingMs(now, Math.max(0, targetMs - elapsed));
    clock = {
      ...pinned,
      elapsedMs: elapsed,
      segmentStart: now,
      cycle: c.cycle + 1,
      // 18:00 on Friday and 09:00 on Monday are one instant in working time: keep the one the
      // clock showed when nothing in between counts
      dueAt:
        c.dueAt !== null && c.dueAt >= due && to.calendar.workingMs(due, c.dueAt) === 0
          ? c.dueAt
          : due,
    };
  }
  const before = comingInstants(c, from.thresholds, from.calendar, now);
  const after = comingInstants(clock, to.thresholds, to.calendar, now);
  return { clock, before, after, reasons, moves: !sameInstants(before, after) };
}

/** A target's working time counted from `start` in a calendar (as `startClock` does). */
function evaluatedMs(start: number, target: string, cal: BusinessCalendar): number {
  return Math.max(0, cal.workingMs(start, cal.addDuration(start, target)));
}

function reasonsOf(c: ClockState, from: ClockVersions, to: ClockVersions): ReplayReason[] {
  const out: ReplayReason[] = [];
  if (from.calendar.id !== to.calendar.id || from.calendar.version !== to.calendar.version)
    out.push({
      kind: 'calendar',
      id: to.calendar.id,
      from: from.calendar.version,
      to: to.calendar.version,
    });
  if (from.slaVersion !== to.slaVersion)
    out.push({ kind: 'sla', id: c.slaId, from: from.slaVersion, to: to.slaVersion });
  if (from.target !== to.target) out.push({ kind: 'target', from: from.target, to: to.target });
  const a = [...from.thresholds].sort((x, y) => x - y);
  const b = [...to.thresholds].sort((x, y) => x - y);
  if (a.join() !== b.join()) out.push({ kind: 'thresholds', from: a, to: b });
  return out;
}

function sameInstants(a: ClockInstant[], b: ClockInstant[]): boolean {
  return (
    a.length === b.length && a.every((x, i) => x.percent === b[i]!.percent && x.at === b[i]!.at)
  );
}
