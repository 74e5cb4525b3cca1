/**
 * Bulk reassignment (supervisors): hands a set of open tasks to one user or one group, all or
 * nothing. The instances are locked in id order (two overlapping requests cannot deadlock),
 * every task is re-read under its lock and checked, and only when every one can move are they
 * moved, each with a `task.reassigned` history entry on its case. A task goes only to a user
 * who may work it (`mayEverWork`: among its candidates, or a supervisor of its groups). The
 * tasks table's trigger announces each change to the inboxes (events.route.ts), after the
 * commit.
 *
 * @example
 *   await executor.reassignTasks(['i1.k1', 'i2.k1'], { user: 'adam' }, supervisor, 'en');
 */
import {
  createError,
  fieldError,
  defaultMessage,
  type ErrorCode,
  type ErrorDetail,
  type Lang,
} from '../../errors.ts';
import { mayEverWork, mayReassign, mayReassignTo, type Actor } from '../../access/index.ts';
import { history, identity, instances, tasks, type Tx } from '../../store/index.ts';
import type { CommandContext } from '../context.ts';

/** Exactly one of user (assign to them) or group (offer to the group, unassigned). */
export type ReassignTarget =
  { user: string; group?: undefined } | { group: string; user?: undefined };

export interface Reassigned {
  taskId: string;
  instanceId: string;
  previous: { assignee: string | null; candidateGroups: string[]; candidateUsers: string[] };
}

export async function reassignTasks(
  ctx: CommandContext,
  taskIds: string[],
  to: ReassignTarget,
  actor: Actor,
  lang: Lang,
  reason = '',
): Promise<Reassigned[]> {
  const ids = [...new Set(taskIds)];
  return ctx.run(async (tx) => {
    await checkTarget(tx, to, actor, lang);
    for (const instanceId of (await tasks.tasksInstanceIds(tx, ids)).sort())
      await instances.lockInstance(tx, instanceId);
    const byId = new Map((await tasks.readTasks(tx, ids)).map((r) => [r.id, r]));
    const problems: ErrorDetail[] = [];
    const refuse = (i: number, code: ErrorCode) =>
      problems.push({
        code,
        pointer: `/taskIds/${taskIds.indexOf(ids[i]!)}`,
        message: defaultMessage(code, lang),
      });
    // a user must be one the task may go to: the same rule as for working it
    const worker =
      to.user === undefined
        ? null
        : ((
            await identity.possibleWorkers(tx, { candidateGroups: [], candidateUsers: [] }, [
              to.user,
            ])
          )[0] ?? null);
    ids.forEach((id, i) => {
      const t = byId.get(id);
      // a task the supervisor could never work on is not theirs to move (and not told it exists)
      if (!t || !mayReassign(actor, t)) refuse(i, 'CW_ERR_NOT_FOUND');
      else if (t.status !== 'open') refuse(i, 'CW_ERR_TASK_NOT_OPEN');
      else if (worker && !mayEverWork(worker, { ...t, assignee: null }))
        refuse(i, 'CW_ERR_REASSIGN_NOT_CANDIDATE');
    });
    if (problems.length)
      throw createError('CW_ERR_REASSIGN_REFUSED', undefined, { details: problems });
    const now = ctx.deps.clock.now();
    const out: Reassigned[] = [];
    for (const id of ids) {
      const t = byId.get(id)!;
      if (to.user !== undefined) await tasks.setAssignee(tx, id, to.user);
      else await tasks.offerToGroup(tx, id, to.group);
      const previous = {
        assignee: t.assignee,
        candidateGroups: t.candidate_groups,
        candidateUsers: t.candidate_users,
      };
      await history.appendHistory(
        tx,
        t.instance_id,
        {
          type: 'task.reassigned',
          nodeId: t.node_id,
          actor: actor.id,
          data: { taskId: id, from: previous, to, ...(reason ? { reason } : {}) },
        },
        now,
      );
      out.push({ taskId: id, instanceId: t.instance_id, previous });
    }
    return out;
  });
}

/**
 * The target must exist (an enabled user; a group someone belongs to or the groups table
 * names) and, for a supervisor, be within the groups they belong to or supervise.
 */
async function checkTarget(tx: Tx, to: ReassignTarget, actor: Actor, lang: Lang): Promise<void> {
  const refused = (pointer: string) => fieldError('CW_ERR_REASSIGN_TARGET', pointer, lang);
  if (to.user !== undefined) {
    const groups = await identity.enabledUserGroups(tx, to.user);
    if (!groups || !mayReassignTo(actor, { userGroups: groups })) throw refused('/to/user');
    return;
  }
  if (!(await identity.groupKnown(tx, to.group)) || !mayReassignTo(actor, { group: to.group }))
    throw refused('/to/group');
}
