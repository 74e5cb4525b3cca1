/**
 * Bulk migration of running cases to another version of their process, with one node mapping
 * (issue 21, item 4). A dry run plans every case the batch would take and reports what each
 * would do (the waiting nodes it maps, or why it is refused) without writing anything. Started,
 * a batch is rows (migration 026): the batch, a pending row per case, and a job row whose runs
 * migrate the pending cases a chunk at a time in the background. Each case moves in its own
 * transaction under its lock, with its row marked in that same transaction (moved, refused with
 * its problems, or skipped when it ended or moved meanwhile), so a batch killed anywhere resumes
 * where it stopped (the job's next attempt is armed before a run starts, a lease later) and no
 * case moves twice. Progress is a count of its cases by status.
 *
 * @example
 *   const preview = await executor.previewBulkMigration({ processId: 'claim', fromVersion: 3, toVersion: 4, mapping: {} }, 'en');
 *   const batch = await executor.startBulkMigration({ … }, actor, 'en'); // running, 0 of 120 done
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../access/index.ts';
import { createError, fieldError, isCasewayError, type Lang } from '../../errors.ts';
import { migrationReason, problemsIn, type MigrationPlan } from '../../runtime/index.ts';
import {
  audit,
  instances,
  migrationBatches,
  AUDIT,
  type BatchCaseStatus,
  type BatchRow,
} from '../../store/index.ts';
import type { CommandContext, JobOutcome } from '../context.ts';
import { applyPlan, planFor } from './migrate-instance.ts';

export interface BulkMigrationRequest {
  processId: string;
  /** The version whose cases move; null: the cases on every version but the target. */
  fromVersion: number | null;
  toVersion: number;
  mapping: Record<string, string>;
}

/** What one case would do. */
export interface CasePlan {
  instanceId: string;
  reference: string;
  businessKey: string | null;
  fromVersion: number;
  moves: MigrationPlan['moves'];
  /** Each reason in the caller's language (stored with its `reason` and `params` to be said again). */
  problems: {
    code: string;
    tokenId: string;
    nodeId: string;
    pointer: string;
    message: string;
    reason?: string;
    params?: Record<string, string | number>;
  }[];
}

export interface BulkMigrationPreview {
  processId: string;
  fromVersion: number | null;
  toVersion: number;
  /** Cases the batch would take, of which `movable` would move and `refused` would not. */
  total: number;
  movable: number;
  refused: number;
  /** The waiting nodes the cases would move from and to, with how many tokens each. */
  mapping: { from: string; to: string; wait: string; tokens: number }[];
  /** Each case's plan, the refused ones first, up to REPORTED; `more` is how many are left out. */
  items: CasePlan[];
  more: number;
}

export interface BulkMigration {
  id: string;
  processId: string;
  fromVersion: number | null;
  toVersion: number;
  mapping: Record<string, string>;
  status: BatchRow['status'];
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  /** Cases it holds, by what became of them (`done` counts all but the pending ones). */
  total: number;
  done: number;
  progress: Record<BatchCaseStatus, number>;
}

/** Cases a dry run reports one by one (the counts cover them all). */
export const REPORTED = 1_000;
/** Cases a run migrates before it hands on to the next run. */
const CHUNK = 25;
/** How long a run may take before its batch's next attempt resumes it (a run that died). */
export const MIGRATION_LEASE_MS = 5 * 60_000;
export const MIGRATION_JOB_PREFIX = 'migration/';

/** The request is one a batch can run: another version than the target, which exists. */
function check(ctx: CommandContext, req: BulkMigrationRequest, lang: Lang): void {
  if (req.fromVersion === req.toVersion)
    throw fieldError('CW_ERR_MIGRATION_SAME_VERSION', '/fromVersion', lang);
  try {
    ctx.deps.registry.process(req.processId, req.toVersion);
  } catch (e) {
    if (isCasewayError(e) && e.code === 'CW_ERR_NOT_FOUND')
      throw Object.assign(fieldError('CW_ERR_NOT_FOUND', '/toVersion', lang), { data: e.data });
    throw e;
  }
}

export async function previewBulkMigration(
  ctx: CommandContext,
  req: BulkMigrationRequest,
  lang: Lang,
): Promise<BulkMigrationPreview> {
  check(ctx, req, lang);
  const out: BulkMigrationPreview = {
    processId: req.processId,
    fromVersion: req.fromVersion,
    toVersion: req.toVersion,
    total: 0,
    movable: 0,
    refused: 0,
    mapping: [],
    items: [],
    more: 0,
  };
  const edges = new Map<string, { from: string; to: string; wait: string; tokens: number }>();
  const refused: CasePlan[] = [];
  const movable: CasePlan[] = [];
  for (let after: { startedAt: Date; id: string } | null = null; ;) {
    const page = await migrationBatches.candidatePage(ctx.deps.db, req, after, 500);
    for (const row of page) {
      const plan = planFor(
        ctx,
        { ...row, process_id: req.processId },
        { targetVersion: req.toVersion, mapping: req.mapping },
      );
      out.total++;
      const item: CasePlan = {
        instanceId: row.id,
        reference: row.reference,
        businessKey: row.business_key,
        fromVersion: row.process_version,
        moves: plan.moves,
        problems: problemsIn(plan.problems, lang),
      };
      if (plan.problems.length) {
        out.refused++;
        if (refused.length < REPORTED) refused.push(item);
        continue;
      }
      out.movable++;
      if (movable.length < REPORTED) movable.push(item);
      for (const m of plan.moves) {
        const key = `${m.from}\u0000${m.to}\u0000${m.wait}`;
        const e = edges.get(key) ?? { from: m.from, to: m.to, wait: m.wait, tokens: 0 };
        e.tokens++;
        edges.set(key, e);
      }
    }
    if (page.length < 500) break;
    const last = page.at(-1)!;
    after = { startedAt: last.started_at, id: last.id };
  }
  out.items = [...refused, ...movable].slice(0, REPORTED);
  out.more = out.total - out.items.length;
  out.mapping = [...edges.values()].sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return out;
}

/** Writes the batch with a pending row per case and arms its job; answers its first progress. */
export async function startBulkMigration(
  ctx: CommandContext,
  req: BulkMigrationRequest,
  actor: Actor,
  lang: Lang,
): Promise<BulkMigration> {
  check(ctx, req, lang);
  const id = randomUUID();
  const jobId = `${MIGRATION_JOB_PREFIX}${id}`;
  const now = ctx.deps.clock.now();
  await ctx.run(async (tx, post) => {
    const total = await migrationBatches.insertBatch(tx, {
      id,
      jobId,
      ...req,
      createdBy: actor.id,
      now: new Date(now),
    });
    if (total === 0)
      await migrationBatches.endBatch(tx, { id, jobId, status: 'done', now: new Date(now) });
    else post.dispatch.push({ id: jobId, attempt: 1, dueAt: now });
    await audit.recordAudit(
      tx,
      {
        actor: actor.id,
        action: AUDIT.migrationStarted,
        subject: `process/${req.processId}`,
        data: {
          batchId: id,
          fromVersion: req.fromVersion,
          toVersion: req.toVersion,
          mapping: req.mapping,
          cases: total,
        },
      },
      now,
    );
  });
  return (await readBulkMigration(ctx, id))!;
}

/** A batch with its progress, or undefined. */
export async function readBulkMigration(
  ctx: CommandContext,
  id: string,
): Promise<BulkMigration | undefined> {
  const row = await migrationBatches.readBatch(ctx.deps.db, id);
  if (!row) return undefined;
  return bulkMigrationView(row, (await migrationBatches.batchProgress(ctx.deps.db, [id])).get(id)!);
}

export function bulkMigrationView(
  row: BatchRow,
  progress: Record<BatchCaseStatus, number>,
): BulkMigration {
  const total = Object.values(progress).reduce((a, b) => a + b, 0);
  return {
    id: row.id,
    processId: row.process_id,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    mapping: row.mapping,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    total,
    done: total - progress.pending,
    progress,
  };
}

/** Stops a running batch: its pending cases are not migrated (those moved stay moved). */
export async function cancelBulkMigration(
  ctx: CommandContext,
  id: string,
  actor: Actor,
  lang: Lang,
): Promise<BulkMigration> {
  const row = await migrationBatches.readBatch(ctx.deps.db, id);
  if (!row) throw createError('CW_ERR_NOT_FOUND', `bulk migration ${id} not found`);
  const now = ctx.deps.clock.now();
  const ended = await ctx.run(async (tx) => {
    const ended = await migrationBatches.endBatch(tx, {
      id,
      jobId: `${MIGRATION_JOB_PREFIX}${id}`,
      status: 'cancelled',
      now: new Date(now),
    });
    if (ended) {
      const progress = (await migrationBatches.batchProgress(tx, [id])).get(id)!;
      await audit.recordAudit(
        tx,
        {
          actor: actor.id,
          action: AUDIT.migrationCancelled,
          subject: `process/${row.process_id}`,
          data: {
            batchId: id,
            fromVersion: row.from_version,
            toVersion: row.to_version,
            moved: progress.moved,
            cancelled: progress.cancelled,
          },
        },
        now,
      );
    }
    return ended;
  });
  if (!ended) throw fieldError('CW_ERR_MIGRATION_ENDED', '', lang);
  return (await readBulkMigration(ctx, id))!;
}

/**
 * A run of a batch's job: arms the next attempt a lease away (so a run that dies is resumed),
 * migrates up to CHUNK pending cases, then hands on to the next attempt at once, or ends the
 * batch when none is pending.
 */
export async function runBulkMigration(
  ctx: CommandContext,
  jobId: string,
  attempt: number,
): Promise<JobOutcome> {
  const { deps } = ctx;
  const job = await migrationBatches.readMigrationJob(deps.db, jobId);
  if (!job || job.attempt !== attempt || !job.payload.batchId) return 'noop';
  const now = deps.clock.now();
  if (job.due_at.getTime() > now) return { early: job.due_at.getTime() };
  const claimed = await claim(ctx, jobId, attempt, now + MIGRATION_LEASE_MS, true);
  if (claimed === undefined) return 'noop';
  const batch = await migrationBatches.readBatch(deps.db, job.payload.batchId);
  if (!batch || batch.status !== 'running') return 'noop';
  // the target may have been published through another engine whose notice is on its way
  try {
    deps.registry.process(batch.process_id, batch.to_version);
  } catch {
    await deps.refreshDefinitions?.();
  }
  for (const c of await migrationBatches.pendingBatchCases(deps.db, batch.id, CHUNK))
    await migrateBatchCase(ctx, batch, c.seq);
  if (await migrationBatches.hasPendingCases(deps.db, batch.id)) {
    await claim(ctx, jobId, claimed, deps.clock.now(), false);
    return 'done';
  }
  await ctx.run((tx) =>
    migrationBatches.endBatch(tx, {
      id: batch.id,
      jobId,
      status: 'done',
      now: new Date(deps.clock.now()),
    }),
  );
  return 'done';
}

/** Moves the job on to its next attempt, due at `dueAt`, and hands that attempt to the queue. */
function claim(
  ctx: CommandContext,
  jobId: string,
  attempt: number,
  dueAt: number,
  due: boolean,
): Promise<number | undefined> {
  return ctx.run(async (tx, post) => {
    const next = await migrationBatches.claimMigrationRun(tx, {
      id: jobId,
      attempt,
      nextDue: dueAt,
      now: ctx.deps.clock.now(),
      due,
    });
    if (next !== undefined) post.dispatch.push({ id: jobId, attempt: next, dueAt });
    return next;
  });
}

/** One case of a batch, in one transaction with its row: moved, refused or skipped. */
async function migrateBatchCase(ctx: CommandContext, batch: BatchRow, seq: number): Promise<void> {
  const finish = (
    tx: Parameters<typeof migrationBatches.finishBatchCase>[0],
    status: 'moved' | 'refused' | 'skipped',
    plan: Pick<MigrationPlan, 'moves'> & { problems: CasePlan['problems'] },
  ) =>
    migrationBatches.finishBatchCase(tx, {
      batchId: batch.id,
      seq,
      status,
      moves: plan.moves,
      problems: plan.problems,
      now: new Date(ctx.deps.clock.now()),
    });
  try {
    await ctx.run(async (tx) => {
      const c = await migrationBatches.lockPendingBatchCase(tx, batch.id, seq);
      if (!c) return;
      const row = await instances.lockInstance(tx, c.instance_id);
      const gone = (
        code: string,
        reason: 'caseEnded' | 'alreadyOnTarget',
        params: Record<string, string> = {},
      ) =>
        finish(tx, 'skipped', {
          moves: [],
          problems: [
            {
              code,
              tokenId: '',
              nodeId: '',
              pointer: '',
              message: migrationReason(reason, params, 'en'),
              reason,
              params,
            },
          ],
        });
      if (row.status !== 'active')
        return gone('CW_ERR_INSTANCE_NOT_ACTIVE', 'caseEnded', { status: row.status });
      if (row.process_version === batch.to_version)
        return gone('CW_ERR_MIGRATION_SAME_VERSION', 'alreadyOnTarget');
      const plan = planFor(ctx, row, {
        targetVersion: batch.to_version,
        mapping: batch.mapping,
      });
      if (plan.problems.length) return finish(tx, 'refused', plan);
      await applyPlan(ctx, tx, row, plan, batch.to_version, batch.created_by, {
        batchId: batch.id,
      });
      return finish(tx, 'moved', plan);
    });
  } catch (e) {
    // a case the engine cannot plan (its version unknown here) is refused with the reason;
    // anything else fails the run, and the batch's next attempt resumes it
    if (!isCasewayError(e)) throw e;
    await ctx.run(async (tx) => {
      if (!(await migrationBatches.lockPendingBatchCase(tx, batch.id, seq))) return;
      await finish(tx, 'refused', {
        moves: [],
        problems: [{ code: e.code, tokenId: '', nodeId: '', pointer: '', message: e.message }],
      });
    });
  }
}
