/**
 * Migrates an active case to another version of its process with an explicit node mapping
 * (runtime/migrate.ts plans it): its tokens, tasks, subscriptions and their own timers move;
 * a dry run only reports. Refused (409 with each problem) when the plan has problems.
 */
import type { Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import { applyMigration, planMigration, type MigrationPlan } from '../../runtime/index.ts';
import { appendHistory, lockInstance, moveTokenWork, updateVersion } from '../../store/index.ts';
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
): Promise<MigrationPlan & { applied: boolean }> {
  const { deps } = ctx;
  return ctx.run(async (tx) => {
    const row = await lockInstance(tx, id);
    if (row.status !== 'active')
      throw createError('CW_ERR_INSTANCE_NOT_ACTIVE', undefined, { data: { instanceId: id } });
    const from = deps.registry.process(row.process_id, row.process_version).graph;
    const to = deps.registry.process(row.process_id, req.targetVersion).graph;
    const plan = planMigration(from, to, row.state, req.mapping);
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
    const state = applyMigration(row.state, plan);
    for (const move of plan.moves)
      await moveTokenWork(tx, {
        instanceId: id,
        tokenId: move.tokenId,
        from: move.from,
        to: move.to,
      });
    const now = new Date(deps.clock.now());
    await updateVersion(tx, { id, state, version: req.targetVersion, now });
    // the target version may declare other variables for case search
    await deps.caseIndex?.write(
      tx,
      deps.registry,
      { ...row, process_version: req.targetVersion, state },
      null,
    );
    await appendHistory(
      tx,
      row.id,
      {
        type: 'instance.migrated',
        actor: actor.id,
        data: { from: row.process_version, to: req.targetVersion, moves: plan.moves },
      },
      now.getTime(),
    );
    return { ...plan, applied: true };
  });
}
