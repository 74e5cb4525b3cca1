/**
 * The start of every command on a task: its case locked, then the task re-read under that lock
 * and checked against the access policy (open, and the actor may work it now).
 */
import { assertMayWorkOpenTask, type Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { instances, tasks, type InstanceRow, type TaskRow, type Tx } from '../../store/index.ts';

export async function lockOpenTask(
  tx: Tx,
  taskId: string,
  actor: Actor,
): Promise<{ row: InstanceRow; task: TaskRow }> {
  const instanceId = await tasks.taskInstanceId(tx, taskId);
  if (!instanceId)
    throw createError('CW_ERR_NOT_FOUND', `task ${taskId} not found`, { data: { taskId } });
  const row = await instances.lockInstance(tx, instanceId);
  const task = (await tasks.readTask(tx, taskId))!;
  assertMayWorkOpenTask(actor, task);
  return { row, task };
}
