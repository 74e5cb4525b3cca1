/**
 * SLA clocks in the store. `applySlaStep` runs inside every step's transaction: it derives the
 * engine events from the step's effects, asks the pure transitions which clocks change, writes
 * the clock rows and their event log, and re-arms each running clock's warning and breach
 * timers as `jobs` rows (kind 'sla') with ids that name the clock's cycle, so a paused clock's
 * old timers are cancelled (but those it reached and that have not fired yet) and a Redis
 * flush loses none (the decisions are the pure `planSlaStep`). `fireSlaThreshold` fires one
 * threshold, exactly once, never early (the pure `fireThreshold`).
 */
import type { HistoryEntry, Effect, InstanceState } from '../runtime/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { SlaDefinition } from '../generated/index.ts';
import {
  BREACH,
  clockTimers,
  elapsedAt,
  fireThreshold,
  moveDue,
  planSlaStep,
  slaEvents,
  thresholdsOf,
  type ClockReplay,
  type ClockState,
  type ClockTimer,
} from '../sla/index.ts';
import { jobs, slaClocks, type InstanceRow, type Tx } from '../store/index.ts';
import type { PostCommit } from './apply.ts';
import { scheduleJob } from './rows.ts';

export interface SlaDeps {
  registry: DefinitionRegistry;
}

/** Runs the SLA side of one step; returns the history entries it adds. */
export async function applySlaStep(
  deps: SlaDeps,
  tx: Tx,
  row: InstanceRow,
  state: InstanceState,
  effects: readonly Effect[],
  now: number,
  post: PostCommit,
): Promise<HistoryEntry[]> {
  // Most processes have no SLA: no query at all for them.
  if (!deps.registry.measured(row.process_id)) return [];
  const slas = deps.registry.slasFor(row.process_id, row.process_version);
  const clocks = await slaClocks.loadClocks(tx, { instanceId: row.id });
  if (!slas.length && !clocks.length) return [];
  const plan = planSlaStep({
    instanceId: row.id,
    slas,
    slaVersion: (id, v) => deps.registry.sla(id, v),
    calendar: (id, v) => deps.registry.calendar(id, v),
    clocks,
    events: slaEvents(effects),
    variables: state.variables,
    now,
    zone: deps.registry.process(row.process_id, row.process_version).definition.timeZone,
  });
  // A broken target expression does not stop the case: the history says which clock is missing.
  if (!plan.changed.length) return plan.history;
  const existing = new Set(clocks.map((c) => c.id));
  for (const c of plan.changed) await slaClocks.writeClock(tx, c, !existing.has(c.id), now);
  for (const l of plan.log)
    await slaClocks.logClock(tx, l.clock, l.change, now, l.elapsedMs, { cause: l.cause });
  for (const t of plan.timers) await armClock(tx, t.clock, t.timers, now, post);
  return plan.history;
}

/** Cancels the clock's pending timers of other cycles and adds this cycle's (idempotent). */
async function armClock(
  tx: Tx,
  c: ClockState,
  timers: readonly ClockTimer[],
  now: number,
  post: PostCommit,
): Promise<void> {
  await jobs.cancelClockTimers(tx, {
    instanceId: c.instanceId,
    clockId: c.id,
    keep: timers.map((t) => t.jobId),
    now,
  });
  for (const t of timers)
    await scheduleJob(
      tx,
      {
        id: t.jobId,
        instanceId: c.instanceId,
        kind: 'sla',
        dueAt: t.dueAt,
        now: new Date(now),
        payload: { clockId: c.id, percent: t.percent },
      },
      post,
    );
}

/**
 * Moves a running clock's due instant under the instance lock (the pure `moveDue`): the clock
 * row, a `move` entry in its log (who, why, the target before and after) and its threshold
 * timers armed again for the new cycle. Null when the clock cannot move (see `moveDue`).
 */
export async function moveClockDue(
  deps: SlaDeps,
  tx: Tx,
  c: ClockState,
  m: { dueAt: number; by: string; reason: string },
  now: number,
  post: PostCommit,
): Promise<ClockState | null> {
  const cal = deps.registry.calendar(c.calendarId, c.calendarVersion);
  const moved = moveDue(c, m.dueAt, now, cal);
  if (!moved) return null;
  await slaClocks.writeClock(tx, moved, false, now);
  await slaClocks.logClock(tx, moved, 'move', now, elapsedAt(c, now, cal), {
    previousTargetMs: c.targetMs,
    targetMs: moved.targetMs,
    by: m.by,
    reason: m.reason,
  });
  const thresholds = thresholdsOf(deps.registry.sla(c.slaId, c.slaVersion));
  await armClock(tx, moved, clockTimers(moved, thresholds, cal), now, post);
  return moved;
}

export type FireResult = { fired: ClockState; sla: SlaDefinition } | 'noop' | { early: number };

/**
 * Fires a threshold of a clock under the instance lock: nothing if the clock no longer runs
 * (unless it paused after reaching the threshold) or the threshold already fired; `{ early }`
 * if its working time has not reached the threshold.
 */
export async function fireSlaThreshold(
  deps: SlaDeps,
  tx: Tx,
  clockId: string,
  percent: number,
  now: number,
): Promise<FireResult> {
  const [c] = await slaClocks.loadClocks(tx, { clockId });
  if (!c) return 'noop';
  const cal = deps.registry.calendar(c.calendarId, c.calendarVersion);
  const r = fireThreshold(c, percent, now, cal);
  if (r === 'noop' || 'early' in r) return r;
  await slaClocks.writeClock(tx, r.fired, false, now);
  await slaClocks.logClock(
    tx,
    r.fired,
    percent === BREACH ? 'breach' : 'warning',
    now,
    elapsedAt(c, now, cal),
    {
      percent,
    },
  );
  return { fired: r.fired, sla: deps.registry.sla(c.slaId, c.slaVersion) };
}

/**
 * Writes a replayed clock (sla/replay.ts) under the instance lock: the clock row in its new
 * versions, a `replay` entry in its log (versions, target and due instant before and after, why)
 * and, when it runs, its threshold timers armed again for its new cycle.
 */
export async function writeReplayedClock(
  deps: SlaDeps,
  tx: Tx,
  before: ClockState,
  r: ClockReplay,
  by: string,
  now: number,
  post: PostCommit,
): Promise<void> {
  const cal = deps.registry.calendar(r.clock.calendarId, r.clock.calendarVersion);
  await slaClocks.writeClock(tx, r.clock, false, now);
  await slaClocks.logClock(tx, r.clock, 'replay', now, elapsedAt(r.clock, now, cal), {
    previousTargetMs: before.targetMs,
    targetMs: r.clock.targetMs,
    previousDueAt: before.dueAt === null ? null : new Date(before.dueAt).toISOString(),
    dueAt: r.clock.dueAt === null ? null : new Date(r.clock.dueAt).toISOString(),
    reasons: r.reasons,
    by,
  });
  const thresholds = thresholdsOf(deps.registry.sla(r.clock.slaId, r.clock.slaVersion));
  await armClock(tx, r.clock, clockTimers(r.clock, thresholds, cal), now, post);
}
