/** Cancels an active case: the step closes its tasks, cancels its timers and its children. */
import type { Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { instances, type InstanceRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext } from '../context.ts';

export async function cancelInstance(
  ctx: CommandContext,
  id: string,
  actor: Actor,
  reason: string,
): Promise<InstanceRow> {
  return ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, id);
    if (row.status !== 'active')
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, {
        data: { instanceId: id, status: row.status },
      });
    return applyEvent(ctx.deps, tx, row, { type: 'cancel', actor: actor.id, reason }, post);
  });
}
