/**
 * Whether a task reaches anybody: an enabled user who is its assignee, one of its candidate
 * users, or in one of its candidate groups. A task that reaches nobody appears in no inbox
 * ("my tasks" and "my groups' tasks" both need one of these), so the executor records it in the
 * case's history when it creates it, and operations lists every open one (`GET
 * /api/tasks/unroutable`) until a group gains a member or the task is reassigned.
 *
 * @example
 *   await reachesSomebody(tx, { assignee: null, users: [], groups: ['windscreen-team'] }); // false: nobody in it
 */
import type { Db, Tx } from './db.ts';

export interface Routing {
  assignee: string | null;
  users: readonly string[];
  groups: readonly string[];
}

/** An enabled user who can see the task in their inbox exists. */
export async function reachesSomebody(tx: Pick<Tx, 'query'>, r: Routing): Promise<boolean> {
  const res = await tx.query<{ ok: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM users u
        WHERE NOT u.disabled
          AND (u.id = $1 OR u.id = ANY ($2::text[]) OR u.groups && $3::text[])
     ) AS ok`,
    [r.assignee, [...r.users], [...r.groups]],
  );
  return res.rows[0]?.ok === true;
}

export interface UnroutableTaskRow {
  id: string;
  instance_id: string;
  process_id: string;
  process_version: number;
  node_id: string;
  business_key: string | null;
  /** what the customer quotes (instances.reference) */
  reference: string | null;
  assignee: string | null;
  candidate_groups: string[];
  candidate_users: string[];
  created_at: Date;
}

/**
 * Open tasks no enabled user can see, oldest first: all of them, or (`groups` given) those
 * offered to one of these groups.
 */
export async function unroutableTasks(
  db: Pick<Db, 'query'>,
  opts: { groups?: readonly string[]; limit: number; offset: number },
): Promise<{ rows: UnroutableTaskRow[]; total: number }> {
  const params: unknown[] = [opts.limit, opts.offset];
  const scoped = opts.groups
    ? `AND t.candidate_groups && $${params.push([...opts.groups])}::text[]`
    : '';
  const res = await db.query<UnroutableTaskRow & { total: number }>(
    `SELECT t.id, t.instance_id, t.process_id, i.process_version, t.node_id, i.business_key,
            i.reference, t.assignee, t.candidate_groups, t.candidate_users, t.created_at,
            count(*) OVER ()::int AS total
       FROM tasks t JOIN instances i ON i.id = t.instance_id
      WHERE t.status = 'open' ${scoped}
        AND NOT EXISTS (
          SELECT 1 FROM users u
           WHERE NOT u.disabled
             AND (u.id = t.assignee OR u.id = ANY (t.candidate_users) OR u.groups && t.candidate_groups)
        )
      ORDER BY t.created_at, t.id
      LIMIT $1 OFFSET $2`,
    params,
  );
  return { rows: res.rows, total: res.rows[0]?.total ?? 0 };
}
