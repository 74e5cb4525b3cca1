/**
 * Which SLA clocks a step starts, pauses, resumes, stops, cancels or resets: pure, from the
 * engine events the step produced (derived from its effects), the instance variables after
 * the step, and the clocks the instance already has. The executor writes the result in the
 * step's transaction.
 *
 * Per event, each SLA's conditions are checked in a fixed order: start, resume, pause, reset,
 * stop, cancel; a transition that does not apply to the clock's state is ignored (pausing a
 * paused clock, starting a clock that exists). `variable` conditions are checked once after
 * the step's events. Implicit rules: a task-scope clock starts when its task is created,
 * stops when it is completed and is cancelled when the task is cancelled; when the instance
 * completes its running clocks stop, when it is cancelled they are cancelled. An implicit stop
 * gives way to an explicit cancel condition that matches the same event.
 */
import type { SlaCondition, SlaDefinition } from '../generated/index.ts';
import type { Effect } from '../runtime/index.ts';
import { createError, isCasewayError } from '../errors.ts';
import { evaluate, test, type EvaluationTime } from '../expressions/index.ts';
import { isIsoDuration, parseInstant, type BusinessCalendar } from '../time/index.ts';
import {
  cancelClock,
  pauseClock,
  resetClock,
  resumeClock,
  startClock,
  stopClock,
  type ClockState,
} from './clock.ts';

export type SlaEventType = SlaCondition['event'] | 'taskCancelled' | 'instanceCancelled';

export interface SlaEvent {
  type: SlaEventType;
  nodeId?: string;
  taskId?: string;
  message?: string;
  form?: Record<string, unknown>;
}

/** The engine events in a step's effects, in order. */
export function slaEvents(effects: readonly Effect[]): SlaEvent[] {
  const out: SlaEvent[] = [];
  for (const e of effects) {
    if (e.type === 'closeTask' && e.status === 'cancelled')
      out.push({ type: 'taskCancelled', taskId: e.taskId });
    if (e.type !== 'history') continue;
    const h = e.entry;
    const data = (h.data ?? {}) as Record<string, unknown>;
    const nodeId = h.nodeId;
    switch (h.type) {
      case 'instance.started':
        out.push({ type: 'instanceStarted' });
        break;
      case 'instance.completed':
        out.push({ type: 'instanceCompleted' });
        break;
      case 'instance.cancelled':
        out.push({ type: 'instanceCancelled' });
        break;
      case 'node.entered':
        out.push({ type: 'nodeEntered', nodeId });
        break;
      case 'node.left':
        out.push({ type: 'nodeLeft', nodeId });
        break;
      case 'task.created':
        out.push({ type: 'taskCreated', nodeId, taskId: String(data.taskId) });
        break;
      case 'task.completed':
        out.push({
          type: 'taskCompleted',
          nodeId,
          taskId: String(data.taskId),
          form: (data.form ?? {}) as Record<string, unknown>,
        });
        break;
      case 'message.correlated':
        out.push({ type: 'messageReceived', nodeId, message: String(data.message) });
        break;
    }
  }
  return out;
}

export type ClockChange = 'start' | 'pause' | 'resume' | 'stop' | 'cancel' | 'reset';

/** The engine event that made a clock change (why it paused, resumed, stopped…). */
export interface ClockCause {
  event: SlaEventType;
  node?: string;
  message?: string;
}

const causeOf = (ev: SlaEvent): ClockCause => ({
  event: ev.type,
  ...(ev.nodeId ? { node: ev.nodeId } : {}),
  ...(ev.message ? { message: ev.message } : {}),
});

export interface SlaTransitionInput {
  instanceId: string;
  /** The SLAs new clocks of this instance's process would follow (latest versions). */
  slas: readonly SlaDefinition[];
  /** The pinned version of an existing clock's SLA. */
  slaVersion(id: string, version: number): SlaDefinition;
  calendar(id: string, version?: number): BusinessCalendar;
  clocks: readonly ClockState[];
  events: readonly SlaEvent[];
  variables: Record<string, unknown>;
  now: number;
  /** The process's time zone, where FEEL's `today()` counts days (UTC when not given). */
  zone?: string;
}

export interface SlaTransitionResult {
  /** Clocks created or changed, in their new state. */
  changed: ClockState[];
  log: { clockId: string; change: ClockChange; clock: ClockState; cause: ClockCause }[];
  /**
   * Clocks that could not start because their SLA's target expression failed. The step goes on
   * (a broken service level must not stop the business); the caller records each one.
   */
  failed: { slaId: string; slaVersion: number; code: string; message: string }[];
}

export function slaTransitions(input: SlaTransitionInput): SlaTransitionResult {
  const clocks = new Map(input.clocks.map((c) => [c.id, c]));
  const changed = new Set<string>();
  const log: SlaTransitionResult['log'] = [];
  const failed: SlaTransitionResult['failed'] = [];
  const { now, variables } = input;
  const time: EvaluationTime = { now, ...(input.zone ? { zone: input.zone } : {}) };

  const apply = (c: ClockState, change: ClockChange, ev: SlaEvent) => {
    const cal = input.calendar(c.calendarId, c.calendarVersion);
    const next = {
      pause: pauseClock,
      resume: resumeClock,
      stop: stopClock,
      cancel: cancelClock,
      reset: resetClock,
      start: (x: ClockState) => x,
    }[change](c, now, cal);
    if (next === c) return;
    clocks.set(c.id, next);
    changed.add(c.id);
    log.push({ clockId: c.id, change, clock: next, cause: causeOf(ev) });
  };

  const start = (sla: SlaDefinition, id: string, taskId: string | null, ev: SlaEvent) => {
    if (clocks.has(id)) return;
    const cal = input.calendar(sla.calendar.id, sla.calendar.version);
    let target: string;
    try {
      target = targetOf(sla, variables, time);
    } catch (e) {
      if (!isCasewayError(e)) throw e;
      failed.push({ slaId: sla.id, slaVersion: sla.version, code: e.code, message: e.message });
      return;
    }
    const c = startClock(
      {
        id,
        instanceId: input.instanceId,
        taskId,
        slaId: sla.id,
        slaVersion: sla.version,
        calendarId: cal.id,
        calendarVersion: cal.version,
        target,
      },
      startInstant(sla, variables, time, cal.timeZone),
      cal,
    );
    clocks.set(id, c);
    changed.add(id);
    log.push({ clockId: id, change: 'start', clock: c, cause: causeOf(ev) });
  };

  /** Existing clocks of an SLA id (any version), with the version each is pinned to. */
  const clocksOf = (slaId: string) =>
    [...clocks.values()]
      .filter((c) => c.slaId === slaId)
      .map((c) => ({ c, sla: input.slaVersion(c.slaId, c.slaVersion) }));

  const slaIds = new Set([...input.slas.map((s) => s.id), ...input.clocks.map((c) => c.slaId)]);
  const latest = new Map(input.slas.map((s) => [s.id, s]));

  const handle = (ev: SlaEvent) => {
    for (const slaId of slaIds) {
      const fresh = latest.get(slaId);
      // start: new clocks follow the latest version
      if (fresh && ev.type !== 'instanceCancelled') {
        const scope = fresh.scope ?? 'instance';
        if (scope === 'task') {
          if (
            ev.type === 'taskCreated' &&
            ev.taskId &&
            fresh.nodes?.includes(ev.nodeId ?? '') &&
            (!fresh.start?.length || matchesAny(fresh.start, ev, variables, time))
          )
            start(fresh, `${ev.taskId}.sla-${slaId}`, ev.taskId, ev);
        } else if (matchesAny(fresh.start, ev, variables, time)) {
          start(fresh, `${input.instanceId}.sla-${slaId}`, null, ev);
        }
      }
      for (const { c, sla } of clocksOf(slaId)) {
        const own = c.taskId !== null && ev.taskId === c.taskId;
        if (matchesAny(sla.resume, ev, variables, time)) apply(c, 'resume', ev);
        const c1 = clocks.get(c.id)!;
        if (matchesAny(sla.pause, ev, variables, time)) apply(c1, 'pause', ev);
        const c2 = clocks.get(c.id)!;
        if (matchesAny(sla.reset, ev, variables, time)) apply(c2, 'reset', ev);
        const c3 = clocks.get(c.id)!;
        // An implicit stop yields to an explicit cancel on the same event (a declined task,
        // a withdrawn case): else that cancel condition could never take effect.
        const implicitStop =
          ((own && ev.type === 'taskCompleted') || ev.type === 'instanceCompleted') &&
          !matchesAny(sla.cancel, ev, variables, time);
        if (matchesAny(sla.stop, ev, variables, time) || implicitStop) apply(c3, 'stop', ev);
        const c4 = clocks.get(c.id)!;
        if (
          matchesAny(sla.cancel, ev, variables, time) ||
          (own && ev.type === 'taskCancelled') ||
          ev.type === 'instanceCancelled'
        )
          apply(c4, 'cancel', ev);
      }
    }
  };

  for (const ev of input.events) handle(ev);
  handle({ type: 'variable' });
  return { changed: [...changed].map((id) => clocks.get(id)!), log, failed };
}

function matchesAny(
  conditions: readonly SlaCondition[] | undefined,
  ev: SlaEvent,
  variables: Record<string, unknown>,
  time: EvaluationTime,
): boolean {
  return (conditions ?? []).some((c) => matches(c, ev, variables, time));
}

function matches(
  c: SlaCondition,
  ev: SlaEvent,
  variables: Record<string, unknown>,
  time: EvaluationTime,
): boolean {
  if (c.event !== ev.type) return false;
  if (c.node !== undefined && c.node !== ev.nodeId) return false;
  if (c.message !== undefined && c.message !== ev.message) return false;
  if (c.when === undefined) return true;
  return test(c.when, ev.form ? { ...variables, form: ev.form } : variables, time);
}

/**
 * When a new clock counts from: `startAt` if it gives an instant no later than now, else now. A
 * date or date-time without an offset is read in the calendar's zone.
 */
export function startInstant(
  sla: SlaDefinition,
  variables: Record<string, unknown>,
  time: EvaluationTime,
  zone: string,
): number {
  const { now } = time;
  if (!sla.startAt) return now;
  let v: unknown;
  try {
    v = evaluate(sla.startAt, variables, time);
  } catch {
    return now;
  }
  const at = typeof v === 'string' ? parseInstant(v, zone) : undefined;
  return at !== undefined && at <= now ? at : now;
}

/** The target duration: literal, or a FEEL expression over the variables returning one. */
export function targetOf(
  sla: SlaDefinition,
  variables: Record<string, unknown>,
  time: EvaluationTime,
): string {
  if (sla.target.duration) return sla.target.duration;
  const v = evaluate(sla.target.expression!, variables, time);
  if (!isIsoDuration(v))
    throw createError(
      'CW_ERR_EXPRESSION_FAILED',
      `SLA ${sla.id}: the target expression gave ${JSON.stringify(v)}, not an ISO 8601 duration`,
    );
  return v;
}
