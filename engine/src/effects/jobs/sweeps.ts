/**
 * Sweeps that belong to no case, scheduled as jobs like the others: each is one row
 * (`sweep/<name>`, kind `sweep`) whose BullMQ pointer the reconciler re-arms, so a sweep
 * survives a Redis flush and a restart, runs after a clock jump in tests, and runs on one
 * engine at a time. A run moves the row on to its next attempt, due one interval later, then
 * sweeps outside any transaction (each sweep commits its own small transactions and may be
 * interrupted: the next run carries on).
 */
import { idempotency, jobs } from '../../store/index.ts';
import type { CommandContext, ExecutorDeps, JobOutcome } from '../context.ts';
import { sweepArchive } from '../archive.ts';
import { sweepRetention } from '../retention.ts';

/** Each sweep: what it does and how often. */
interface Sweep {
  every(deps: ExecutorDeps): number;
  run(deps: ExecutorDeps): Promise<unknown>;
}

const SWEEPS: Record<string, Sweep> = {
  // personal data of closed cases past their process's retention (effects/retention.ts)
  retention: {
    every: (d) => d.sweepIntervals?.retention ?? 3_600_000,
    run: (d) => sweepRetention(d),
  },
  // closed cases to the archive tables, out of the live ones' way (effects/archive.ts)
  archive: {
    every: (d) => d.sweepIntervals?.archive ?? 600_000,
    run: (d) => sweepArchive(d),
  },
  // expired idempotency keys: already ignored when claimed, the sweep keeps the table small
  'idempotency-keys': {
    every: (d) => d.sweepIntervals?.idempotencyKeys ?? 3_600_000,
    run: (d) => idempotency.deleteExpiredKeys(d.db, new Date(d.clock.now())),
  },
};

export const SWEEP_PREFIX = 'sweep/';

/** Writes each sweep's row unless it exists, first due one interval from now. */
export async function ensureSweeps(deps: ExecutorDeps): Promise<void> {
  const now = deps.clock.now();
  for (const [name, s] of Object.entries(SWEEPS))
    await jobs.ensureSweep(deps.db, {
      id: `${SWEEP_PREFIX}${name}`,
      dueAt: now + s.every(deps),
      now,
    });
}

export async function runSweep(
  ctx: CommandContext,
  id: string,
  attempt: number,
): Promise<JobOutcome> {
  const { deps } = ctx;
  const sweep = SWEEPS[id.slice(SWEEP_PREFIX.length)];
  const row = await jobs.readSweep(deps.db, id);
  if (!sweep || !row || row.attempt !== attempt) return 'noop';
  const now = deps.clock.now();
  if (row.due_at.getTime() > now) return { early: row.due_at.getTime() };
  const next = await ctx.run(async (tx, post) => {
    const nextDue = now + sweep.every(deps);
    const claimed = await jobs.claimSweep(tx, { id, attempt, nextDue, now });
    if (claimed !== undefined) post.dispatch.push({ id, attempt: claimed, dueAt: nextDue });
    return claimed;
  });
  if (next === undefined) return 'noop'; // another engine took this run
  try {
    await sweep.run(deps);
  } catch (e) {
    // the next run tries again; a sweep has no case to hold an incident
    deps.logger.warn({ err: e, sweep: id }, 'sweep failed; it runs again at its next interval');
  }
  return 'done';
}
