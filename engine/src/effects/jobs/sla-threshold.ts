/**
 * An SLA threshold or breach timer fires under the instance lock: exactly once, never before
 * the clock's working time reaches it, with the actions the SLA declares at it.
 */
import { firingOrder, thresholdEntry, thresholdTimerId, thresholdsOf } from '../../sla/index.ts';
import {
  appendHistory,
  cancelJob,
  loadClocks,
  lockInstance,
  markJobDone,
  type JobRow,
} from '../../store/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { fireSlaThreshold } from '../sla.ts';
import { runSlaActions } from '../sla-actions.ts';
import { stillPending } from './pending.ts';

/**
 * Fires a threshold job. Lower thresholds of the same clock that are due but not fired yet
 * (the clock jumped past several at once, or their jobs are still queued) fire first, in the
 * same transaction, so warnings always come in order; their own jobs then find nothing to do.
 */
export async function fireSlaJob(
  s: CommandContext,
  job: JobRow,
  seenAt: number,
): Promise<JobOutcome> {
  const { clockId, percent } = job.payload as { clockId: string; percent: number };
  return s.run(async (tx, post) => {
    const row = await lockInstance(tx, job.instance_id);
    // the instant is read once the instance is locked: a step that committed while this
    // waited (or while the database was away) logged a later elapsed time, and a warning
    // logged at the earlier instant would make the clock's history run backwards
    const now = Math.max(seenAt, s.deps.clock.now());
    if (!(await stillPending(tx, job))) return 'noop';
    const [clock] = await loadClocks(tx, { clockId });
    const sla = clock ? s.deps.registry.sla(clock.slaId, clock.slaVersion) : undefined;
    for (const q of firingOrder(clock, sla ? thresholdsOf(sla) : [], percent)) {
      const r = await fireSlaThreshold(s.deps, tx, clockId, q, now);
      if (r === 'noop' || 'early' in r) {
        if (q !== percent) continue;
        if (r !== 'noop') return r;
        await cancelJob(tx, job.id, now);
        return 'noop';
      }
      await markJobDone(tx, q === percent ? job.id : thresholdTimerId(r.fired, q), now);
      post.facts.push({ type: 'slaThreshold', slaId: r.sla.id, percent: q });
      const entries = [
        thresholdEntry(r.sla, r.fired, q),
        ...(await runSlaActions(s.deps, tx, row, r.fired, r.sla, q, now, post)),
      ];
      for (const h of entries) await appendHistory(tx, row.id, { ...h, actor: 'system' }, now);
    }
    return 'done';
  });
}
