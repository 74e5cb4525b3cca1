/**
 * Bulk reassignment (supervisors): hands a set of open tasks to one user or one group, all or
 * nothing. The instances are locked in id order (two overlapping requests cannot deadlock),
 * every task is re-read under its lock and checked, and only when every one can move are they
 * moved, each with a `task.reassigned` history entry on its case. The tasks table's trigger
 * announces each change to the inboxes (events.route.ts), after the commit.
 *
 * @example
 *   await reassignTasks(deps, ['i1.k1', 'i2.k1'], { user: 'adam' }, supervisor, 'en');
 */
import {
  createError,
  fieldError,
  defaultMessage,
  type ErrorCode,
  type ErrorDetail,
  type Lang,
} from '../errors.ts';
import { mayReassign, mayReassignTo, type Actor } from '../access/index.ts';
import { lockInstance, type Tx } from '../store/index.ts';
import type { ExecutorDeps } from './executor.ts';
import { appendHistory } from './rows.ts';

/** Exactly one of user (assign to them) or group (offer to the group, unassigned). */
export type ReassignTarget =
  { user: string; group?: undefined } | { group: string; user?: undefined };

export interface Reassigned {
  taskId: string;
  instanceId: string;
  previous: { assignee: string | null; candidateGroups: string[]; candidateUsers: string[] };
}

interface TaskRow {
  id: string;
  instance_id: string;
  node_id: string;
  status: string;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
}

export async function reassignTasks(
  deps: Pick<ExecutorDeps, 'db' | 'clock'>,
  taskIds: string[],
  to: ReassignTarget,
  actor: Actor,
  lang: Lang,
  reason = '',
): Promise<Reassigned[]> {
  const ids = [...new Set(taskIds)];
  return deps.db.tx(async (tx) => {
    await checkTarget(tx, to, actor, lang);
    const owners = await tx.query<{ id: string; instance_id: string }>(
      `SELECT id, instance_id FROM tasks WHERE id = ANY($1::text[])`,
      [ids],
    );
    for (const instanceId of [...new Set(owners.rows.map((o) => o.instance_id))].sort())
      await lockInstance(tx, instanceId);
    const rows = await tx.query<TaskRow>(
      `SELECT id, instance_id, node_id, status, assignee, candidate_groups, candidate_users FROM tasks WHERE id = ANY($1::text[])`,
      [ids],
    );
    const byId = new Map(rows.rows.map((r) => [r.id, r]));
    const problems: ErrorDetail[] = [];
    const refuse = (i: number, code: ErrorCode) =>
      problems.push({
        code,
        pointer: `/taskIds/${taskIds.indexOf(ids[i]!)}`,
        message: defaultMessage(code, lang),
      });
    ids.forEach((id, i) => {
      const t = byId.get(id);
      // a task the supervisor could never work on is not theirs to move (and not told it exists)
      if (!t || !mayReassign(actor, t)) refuse(i, 'CW_ERR_NOT_FOUND');
      else if (t.status !== 'open') refuse(i, 'CW_ERR_TASK_NOT_OPEN');
    });
    if (problems.length)
      throw createError('CW_ERR_REASSIGN_REFUSED', undefined, { details: problems });
    const now = deps.clock.now();
    const out: Reassigned[] = [];
    for (const id of ids) {
      const t = byId.get(id)!;
      if (to.user !== undefined)
        await tx.query(`UPDATE tasks SET assignee = $2 WHERE id = $1`, [id, to.user]);
      else
        await tx.query(
          `UPDATE tasks SET assignee = NULL, candidate_groups = $2, candidate_users = '{}' WHERE id = $1`,
          [id, [to.group]],
        );
      const previous = {
        assignee: t.assignee,
        candidateGroups: t.candidate_groups,
        candidateUsers: t.candidate_users,
      };
      await appendHistory(
        tx,
        { id: t.instance_id },
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
    const u = await tx.query<{ groups: string[] }>(
      `SELECT groups FROM users WHERE id = $1 AND NOT disabled`,
      [to.user],
    );
    const user = u.rows[0];
    if (!user || !mayReassignTo(actor, { userGroups: user.groups })) throw refused('/to/user');
    return;
  }
  const known = await tx.query(
    `SELECT 1 FROM groups WHERE id = $1 UNION ALL SELECT 1 FROM users WHERE $1 = ANY(groups) AND NOT disabled LIMIT 1`,
    [to.group],
  );
  if (!known.rows.length || !mayReassignTo(actor, { group: to.group })) throw refused('/to/group');
}
