/**
 * An SLA threshold or breach timer fires under the instance lock: exactly once, never before
 * the clock's working time reaches it, with the actions the SLA declares at it. A burst of
 * thresholds due together (every open claim's warning at 09:00 on the first working day) fires
 * in batches of many cases per transaction, like process timers (drain.ts).
 */
import { firingOrder, thresholdEntry, thresholdTimerId, thresholdsOf } from '../../sla/index.ts';
import {
  history,
  instances,
  jobs,
  slaClocks,
  type InstanceRow,
  type JobRow,
  type Tx,
} from '../../store/index.ts';
import type { PostCommit } from '../apply.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { fireSlaThreshold } from '../sla.ts';
import { runSlaActions } from '../sla-actions.ts';
import { drained, type DrainSpec } from './drain.ts';
import { stillPending } from './pending.ts';

/** The threshold a job row fires. */
interface ThresholdJob {
  id: string;
  payload: { clockId: string; percent: number };
}

/**
 * Fires a threshold job of a locked case whose row is pending. Lower thresholds of the same
 * clock that are due but not fired yet (the clock jumped past several at once, or their jobs
 * are still queued) fire first, in the same transaction, so warnings always come in order;
 * their own jobs then find nothing to do. 'noop' (the row is cancelled) when the clock no
 * longer runs or the threshold fired already; `{ early }` when its working time is not reached.
 */
async function fireLocked(
  s: CommandContext,
  tx: Tx,
  post: PostCommit,
  row: InstanceRow,
  job: ThresholdJob,
  now: number,
): Promise<JobOutcome> {
  const { clockId, percent } = job.payload;
  const [clock] = await slaClocks.loadClocks(tx, { clockId });
  const sla = clock ? s.deps.registry.sla(clock.slaId, clock.slaVersion) : undefined;
  for (const q of firingOrder(clock, sla ? thresholdsOf(sla) : [], percent)) {
    const r = await fireSlaThreshold(s.deps, tx, clockId, q, now);
    if (r === 'noop' || 'early' in r) {
      if (q !== percent) continue;
      if (r !== 'noop') return r;
      await jobs.cancelJob(tx, job.id, now);
      return 'noop';
    }
    await jobs.markJobDone(tx, q === percent ? job.id : thresholdTimerId(r.fired, q), now);
    post.facts.push({ type: 'slaThreshold', slaId: r.sla.id, percent: q });
    const entries = [
      thresholdEntry(r.sla, r.fired, q),
      ...(await runSlaActions(s.deps, tx, row, r.fired, r.sla, q, now, post)),
    ];
    for (const h of entries)
      await history.appendHistory(tx, row.id, { ...h, actor: 'system' }, now);
  }
  return 'done';
}

/** A batch: each case's threshold fires as it would alone; an early one is left to its job. */
export const THRESHOLDS: DrainSpec = {
  kind: 'sla',
  async fire(ctx, tx, post, due, now, current) {
    const left: string[] = [];
    const handled = [];
    // read once the cases are locked, as fireAlone does: no warning logged before a step's
    const at = Math.max(now, ctx.deps.clock.now());
    for (const d of due) {
      current.id = d.timerId;
      const job = { id: d.timerId, payload: d.payload as ThresholdJob['payload'] };
      const outcome = await fireLocked(ctx, tx, post, d.instance, job, at);
      if (typeof outcome === 'object') left.push(d.timerId);
      else handled.push(d);
    }
    return { handled, left };
  },
};

/** Fires a threshold job alone, under its case's lock. */
function fireAlone(s: CommandContext, job: JobRow, seenAt: number): Promise<JobOutcome> {
  return s.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, job.instance_id);
    // the instant is read once the instance is locked: a step that committed while this
    // waited (or while the database was away) logged a later elapsed time, and a warning
    // logged at the earlier instant would make the clock's history run backwards
    const now = Math.max(seenAt, s.deps.clock.now());
    if (!(await stillPending(tx, job))) return 'noop';
    return fireLocked(s, tx, post, row, job as JobRow & ThresholdJob, now);
  });
}

/**
 * A delivered threshold job: drains every due threshold in batches, then fires this one alone
 * if no batch did (its case was busy, or its step failed or was early in a batch).
 */
export function fireSlaJob(s: CommandContext, job: JobRow, seenAt: number): Promise<JobOutcome> {
  return drained(s, THRESHOLDS, job.id, seenAt, () => fireAlone(s, job, seenAt));
}
