/**
 * Migrates an active case to another version of its process with an explicit node mapping
 * (runtime/migrate.ts plans it): its tokens, tasks, subscriptions and their own timers move;
 * a dry run only reports. Refused (409 with each problem) when the plan has problems. Each
 * problem is said in the caller's language (runtime's `problemsIn`), as a bulk migration's are.
 */
import type { Actor } from '../../access/index.ts';
import { createError, type Lang } from '../../errors.ts';
import {
  applyMigration,
  planMigration,
  problemsIn,
  type MigrationPlan,
} from '../../runtime/index.ts';
import { history, instances, tasks, type InstanceRow, type Tx } from '../../store/index.ts';
import type { CommandContext } from '../context.ts';

export interface MigrationRequest {
  targetVersion: number;
  mapping: Record<string, string>;
  dryRun: boolean;
}

export async function migrateInstance(
  ctx: CommandContext,
  id: string,
  req: MigrationRequest,
  actor: Actor,
  lang: Lang = 'en',
): Promise<MigrationPlan & { applied: boolean }> {
  return ctx.run(async (tx) => {
    const row = await instances.lockInstance(tx, id);
    if (row.status !== 'active')
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, { data: { instanceId: id } });
    const planned = planFor(ctx, row, req);
    const plan = { ...planned, problems: problemsIn(planned.problems, lang) };
    if (plan.problems.length) {
      if (req.dryRun) return { ...plan, applied: false };
      throw createError('CW_ERR_MIGRATION_REFUSED', undefined, {
        details: plan.problems.map((p) => ({
          code: p.code,
          pointer: p.pointer,
          message: p.message,
        })),
        data: { moves: plan.moves },
      });
    }
    if (req.dryRun) return { ...plan, applied: false };
    await applyPlan(ctx, tx, row, plan, req.targetVersion, actor.id);
    return { ...plan, applied: true };
  });
}

/** The plan of a case's migration in the registry's versions (its own and the target). */
export function planFor(
  ctx: CommandContext,
  row: Pick<InstanceRow, 'process_id' | 'process_version' | 'state'>,
  req: Pick<MigrationRequest, 'targetVersion' | 'mapping'>,
): MigrationPlan {
  const from = ctx.deps.registry.process(row.process_id, row.process_version).graph;
  const to = ctx.deps.registry.process(row.process_id, req.targetVersion).graph;
  return planMigration(from, to, row.state, req.mapping);
}

/**
 * Moves a locked case by a plan without problems: its tokens' work, its version and state, its
 * search terms and an `instance.migrated` history entry by `actorId`, in the caller's transaction.
 */
export async function applyPlan(
  ctx: CommandContext,
  tx: Tx,
  row: InstanceRow,
  plan: MigrationPlan,
  targetVersion: number,
  actorId: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  const { deps } = ctx;
  const id = row.id;
  const state = applyMigration(row.state, plan);
  for (const move of plan.moves)
    await tasks.moveTokenWork(tx, {
      instanceId: id,
      tokenId: move.tokenId,
      from: move.from,
      to: move.to,
    });
  const now = new Date(deps.clock.now());
  await instances.updateVersion(tx, { id, state, version: targetVersion, now });
  // the target version may declare other variables for case search
  await deps.caseIndex?.write(
    tx,
    deps.registry,
    { ...row, process_version: targetVersion, state },
    null,
  );
  await history.appendHistory(
    tx,
    row.id,
    {
      type: 'instance.migrated',
      actor: actorId,
      data: { from: row.process_version, to: targetVersion, moves: plan.moves, ...data },
    },
    now.getTime(),
  );
}
