/**
 * The `notifications` table: what SLA warnings and breaches tell people (a user, a group, or
 * everyone holding a role), with the message in both languages; read by each recipient on
 * their own (`notification_reads`: a notice to a group is read by each member), newest first
 * with the case it is about; unread counts per kind; marking read.
 */
import type { Actor } from '../access/index.ts';
import type { Queryable, Tx } from './db.ts';

export interface NewNotification {
  instanceId: string;
  taskId: string | null;
  clockId: string;
  recipient: { kind: 'user' | 'group' | 'role'; id: string };
  kind: string;
  message: { 'zh-Hant': string; en: string };
  data: Record<string, unknown>;
  now: Date;
}

export async function insertNotification(tx: Tx, n: NewNotification): Promise<void> {
  await tx.query(
    `INSERT INTO notifications (instance_id, task_id, clock_id, recipient_kind, recipient, kind, message, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      n.instanceId,
      n.taskId,
      n.clockId,
      n.recipient.kind,
      n.recipient.id,
      n.kind,
      n.message,
      n.data,
      n.now,
    ],
  );
}

export interface NotificationRow {
  id: number;
  instance_id: string;
  task_id: string | null;
  clock_id: string | null;
  kind: string;
  message: unknown;
  data: unknown;
  recipient_kind: string;
  recipient: string;
  /** The group's or role's names by language (null for a user, or a group without names). */
  recipient_name: Record<string, string> | null;
  created_at: Date;
  read_at: Date | null;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
}

/**
 * The WHERE clause of "mine": $1 me, $2 my groups, $3 my roles. A notice to a role reaches
 * every holder of it, as the SLA's recipients say (`assigneeSupervisors` without a supervisor
 * group: the supervisors).
 */
const MINE = `((n.recipient_kind = 'user' AND n.recipient = $1)
  OR (n.recipient_kind = 'group' AND n.recipient = ANY($2::text[]))
  OR (n.recipient_kind = 'role' AND n.recipient = ANY($3::text[])))`;
const mine = (a: Actor) => [a.id, a.groups, a.roles];

/** When I read it: my own read, or for a notice to me alone, its read_at. */
const READ_AT = `COALESCE(r.read_at, CASE WHEN n.recipient_kind = 'user' THEN n.read_at END)`;
const FROM = `FROM notifications n JOIN instances i ON i.id = n.instance_id
  LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $1`;

/** The actor's notifications, newest first, with their case, paged; `total` counts every match. */
export async function notificationsFor(
  db: Queryable,
  a: Actor,
  q: { unread?: boolean; kind?: string; limit: number; offset: number },
): Promise<{ items: NotificationRow[]; total: number }> {
  const filter = `${MINE} AND ($4::boolean IS NOT TRUE OR ${READ_AT} IS NULL) AND ($5::text IS NULL OR n.kind = $5)`;
  const params = [...mine(a), q.unread ?? null, q.kind ?? null];
  const [rows, count] = await Promise.all([
    db.query<NotificationRow>(
      `SELECT n.id, n.instance_id, n.task_id, n.clock_id, n.kind, n.message, n.data, n.recipient_kind,
              n.recipient,
              CASE n.recipient_kind
                WHEN 'group' THEN (SELECT g.name FROM groups g WHERE g.id = n.recipient)
                WHEN 'role' THEN (SELECT ro.name FROM roles ro WHERE ro.id = n.recipient)
              END AS recipient_name,
              n.created_at, ${READ_AT} AS read_at, i.process_id, i.process_version,
              i.business_key, i.reference
       ${FROM} WHERE ${filter} ORDER BY n.created_at DESC, n.id DESC LIMIT $6 OFFSET $7`,
      [...params, q.limit, q.offset],
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} WHERE ${filter}`, params),
  ]);
  return { items: rows.rows, total: count.rows[0]!.n };
}

/** The actor's unread notices per kind (`sla.breach`, `sla.warning`, …). */
export async function unreadCounts(db: Queryable, a: Actor): Promise<Record<string, number>> {
  const r = await db.query<{ kind: string; n: number }>(
    `SELECT n.kind, count(*)::int AS n ${FROM} WHERE ${MINE} AND ${READ_AT} IS NULL GROUP BY n.kind`,
    mine(a),
  );
  return Object.fromEntries(r.rows.map((x) => [x.kind, x.n]));
}

/**
 * Marks notices read for the actor: those of `ids` addressed to them (others are ignored), or
 * with `all` every one. Returns how many became read.
 */
export async function markRead(
  db: Queryable,
  a: Actor,
  which: { ids?: number[]; all?: boolean },
  now: Date,
): Promise<number> {
  const r = await db.query(
    `INSERT INTO notification_reads (user_id, notification_id, read_at)
     SELECT $1, n.id, $4 FROM notifications n
     WHERE ${MINE} AND ($5::boolean OR n.id = ANY($6::bigint[]))
     ON CONFLICT DO NOTHING`,
    [...mine(a), now, which.all === true, which.ids ?? []],
  );
  return r.rowCount ?? 0;
}

/** The groups that supervise these groups (`groups.supervisor_group`), in order. */
export async function supervisorGroupsOf(db: Queryable, groups: string[]): Promise<string[]> {
  const r = await db.query<{ supervisor_group: string }>(
    `SELECT DISTINCT supervisor_group FROM groups WHERE id = ANY($1) AND supervisor_group IS NOT NULL ORDER BY 1`,
    [groups],
  );
  return r.rows.map((x) => x.supervisor_group);
}
