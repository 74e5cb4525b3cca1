/**
 * The SLA side of one step, pure: which clocks change (slaTransitions), what each change logs
 * (with the working time elapsed at that instant), the history entries the case gets, and the
 * threshold timers each changed clock needs from now on. The executor writes the plan in the
 * step's transaction (effects/sla.ts); play mode applies it to its sandbox (play/).
 *
 * @example
 *   const plan = planSlaStep({ ...transitionInput, events: slaEvents(effects) });
 *   plan.timers; // [{ clock, timers: [{ jobId: 'i1.sla-x.c1.p80', percent: 80, dueAt }] }]
 */
import type { HistoryEntry } from '../runtime/index.ts';
import type { SlaDefinition } from '../generated/index.ts';
import { BREACH, clockTimers, elapsedAt, type ClockState, type ClockTimer } from './clock.ts';
import {
  slaTransitions,
  type ClockCause,
  type ClockChange,
  type SlaTransitionInput,
} from './transitions.ts';

const HISTORY_TYPE: Record<ClockChange, string> = {
  start: 'sla.started',
  pause: 'sla.paused',
  resume: 'sla.resumed',
  stop: 'sla.stopped',
  cancel: 'sla.cancelled',
  reset: 'sla.reset',
};

export interface SlaStepPlan {
  /** Clocks created or changed, in their new state. */
  changed: ClockState[];
  /**
   * One entry per change, in order, with the clock's elapsed working time at the instant and
   * the engine event that caused it.
   */
  log: { clock: ClockState; change: ClockChange; elapsedMs: number; cause: ClockCause }[];
  /** What the case's history records: clocks that could not start, then every change. */
  history: HistoryEntry[];
  /** Per changed clock, the threshold timers it needs; its other pending timers are cancelled. */
  timers: { clock: ClockState; timers: ClockTimer[] }[];
}

export function planSlaStep(input: SlaTransitionInput): SlaStepPlan {
  const { changed, log, failed } = slaTransitions(input);
  const history: HistoryEntry[] = failed.map((f) => ({ type: 'sla.failed', data: { ...f } }));
  const calendar = (c: ClockState) => input.calendar(c.calendarId, c.calendarVersion);
  for (const l of log)
    history.push({
      type: HISTORY_TYPE[l.change],
      data: {
        slaId: l.clock.slaId,
        clockId: l.clockId,
        ...(l.clock.taskId ? { taskId: l.clock.taskId } : {}),
        dueAt: l.clock.dueAt === null ? null : new Date(l.clock.dueAt).toISOString(),
      },
    });
  return {
    changed,
    log: log.map((l) => ({
      clock: l.clock,
      change: l.change,
      elapsedMs: elapsedAt(l.clock, input.now, calendar(l.clock)),
      cause: l.cause,
    })),
    history,
    timers: changed.map((c) => ({
      clock: c,
      timers: clockTimers(c, thresholdsOf(input.slaVersion(c.slaId, c.slaVersion)), calendar(c)),
    })),
  };
}

/** The warning percentages an SLA declares (the breach, 100, is implied). */
export const thresholdsOf = (sla: SlaDefinition) => (sla.thresholds ?? []).map((t) => t.percent);

/** The history entry of a fired threshold: a warning, or the breach at 100%. */
export function thresholdEntry(
  sla: SlaDefinition,
  clock: ClockState,
  percent: number,
): HistoryEntry {
  return {
    type: percent === BREACH ? 'sla.breached' : 'sla.warning',
    data: {
      slaId: sla.id,
      clockId: clock.id,
      percent,
      ...(clock.taskId ? { taskId: clock.taskId } : {}),
    },
  };
}
