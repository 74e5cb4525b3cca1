/**
 * Claims a task (assigns it to the actor) or gives it back to its groups, with a history entry.
 * Someone else's claim is refused; giving back someone else's needs the oversee duty.
 */
import { mayUnclaim, type Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { history, tasks } from '../../store/index.ts';
import type { CommandContext } from '../context.ts';
import { lockOpenTask } from './open-task.ts';

export async function claimTask(
  ctx: CommandContext,
  taskId: string,
  actor: Actor,
  claim: boolean,
): Promise<void> {
  await ctx.run(async (tx) => {
    const { row, task } = await lockOpenTask(tx, taskId, actor);
    const held = claim ? task.assignee && task.assignee !== actor.id : !mayUnclaim(actor, task);
    if (held)
      throw createError('CW_ERR_TASK_CLAIMED', undefined, {
        data: { taskId, assignee: task.assignee },
      });
    await tasks.setAssignee(tx, taskId, claim ? actor.id : null);
    await history.appendHistory(
      tx,
      row.id,
      {
        type: claim ? 'task.claimed' : 'task.unclaimed',
        nodeId: task.node_id,
        actor: actor.id,
        data: { taskId },
      },
      ctx.deps.clock.now(),
    );
  });
}

/** Saves a draft of the form data (not checked, not submitted). */
export async function saveDraft(
  ctx: CommandContext,
  taskId: string,
  draft: Record<string, unknown>,
  actor: Actor,
): Promise<void> {
  await ctx.run(async (tx) => {
    await lockOpenTask(tx, taskId, actor);
    await tasks.saveTaskDraft(tx, taskId, draft);
  });
}
