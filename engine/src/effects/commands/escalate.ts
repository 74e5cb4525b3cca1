/**
 * Escalations a supervisor makes from the deadline worklist, each in one transaction under the
 * case's row lock and recorded in its history: the case's priority raised (through the step,
 * so its next tasks start there too) and an SLA clock's due instant moved with a reason.
 *
 * @example
 *   await executor.raiseCasePriority({ instanceId, priority: 90, reason: '客戶再次來電' }, actor);
 *   await executor.moveClockDue({ clockId, dueAt, reason: '複雜案件延期' }, actor);
 */
import type { Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { history, instances, slaClocks, type InstanceRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext } from '../context.ts';
import { moveClockDue as moveInStore } from '../sla.ts';

/** Raises the case's priority (never lowers it): its open tasks now, its next tasks too. */
export function raiseCasePriority(
  ctx: CommandContext,
  r: { instanceId: string; priority: number; reason: string },
  actor: Actor,
): Promise<InstanceRow> {
  return ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, r.instanceId);
    if (row.status !== 'active')
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
        data: { instanceId: row.id, status: row.status },
      });
    return applyEvent(
      ctx.deps,
      tx,
      row,
      { type: 'priorityRaised', priority: r.priority, actor: actor.id, reason: r.reason },
      post,
    );
  });
}

export interface MovedDue {
  clockId: string;
  instanceId: string;
  from: string;
  to: string;
}

/**
 * Moves a running clock's due instant (`CW_ERR_CLOCK_NOT_MOVABLE` when it is paused, stopped or
 * breached), recorded in the clock's log and in the case's history (`sla.dueMoved`).
 */
export function moveClockDue(
  ctx: CommandContext,
  r: { clockId: string; dueAt: number; reason: string },
  actor: Actor,
): Promise<MovedDue> {
  return ctx.run(async (tx, post) => {
    const [peek] = await slaClocks.loadClocks(tx, { clockId: r.clockId });
    if (!peek)
      throw createError('CW_ERR_NOT_FOUND', `clock ${r.clockId} not found`, {
        data: { clockId: r.clockId },
      });
    const row = await instances.lockInstance(tx, peek.instanceId);
    // re-read under the case's lock: a step may have paused or stopped it meanwhile
    const [clock] = await slaClocks.loadClocks(tx, { clockId: r.clockId });
    const now = ctx.deps.clock.now();
    const moved = await moveInStore(
      ctx.deps,
      tx,
      clock!,
      { dueAt: r.dueAt, by: actor.id, reason: r.reason },
      now,
      post,
    );
    if (!moved)
      throw createError('CW_ERR_CLOCK_NOT_MOVABLE', undefined, {
        data: { clockId: r.clockId, status: clock!.status },
      });
    const out = {
      clockId: clock!.id,
      instanceId: row.id,
      from: new Date(clock!.dueAt!).toISOString(),
      to: new Date(moved.dueAt!).toISOString(),
    };
    await history.appendHistory(
      tx,
      row.id,
      {
        type: 'sla.dueMoved',
        actor: actor.id,
        data: {
          slaId: clock!.slaId,
          clockId: clock!.id,
          ...(clock!.taskId ? { taskId: clock!.taskId } : {}),
          from: out.from,
          to: out.to,
          reason: r.reason,
        },
      },
      now,
    );
    return out;
  });
}
