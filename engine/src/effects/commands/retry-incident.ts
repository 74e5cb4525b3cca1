/**
 * An operator retries an incident: resolved by them, its job pending again at the next
 * attempt (one more allowed) and due now, with an `incident.retried` history entry.
 */
import type { Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { appendHistory, lockInstance, readIncident, retryIncidentJob } from '../../store/index.ts';
import type { CommandContext } from '../context.ts';

export async function retryIncident(
  ctx: CommandContext,
  incidentId: string,
  actor: Actor,
): Promise<void> {
  await ctx.run(async (tx, post) => {
    const i = await readIncident(tx, incidentId);
    if (!i) throw createError('CW_ERR_NOT_FOUND', `incident ${incidentId} not found`);
    const row = await lockInstance(tx, i.instance_id);
    if ((await readIncident(tx, incidentId, true))?.status !== 'open')
      throw createError('CW_ERR_INCIDENT_NOT_OPEN', undefined, { data: { incidentId } });
    const now = ctx.deps.clock.now();
    const attempt = await retryIncidentJob(tx, {
      incidentId,
      jobId: i.job_id,
      by: actor.id,
      now: new Date(now),
    });
    post.dispatch.push({ id: i.job_id, attempt, dueAt: now });
    await appendHistory(
      tx,
      row.id,
      { type: 'incident.retried', actor: actor.id, data: { incidentId, jobId: i.job_id } },
      now,
    );
  });
}
