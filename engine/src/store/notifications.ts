/**
 * The `notifications` table: what SLA warnings and breaches tell people (a user, a group, or
 * everyone holding a role), with the message in both languages; read by each recipient.
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
  kind: string;
  message: unknown;
  data: unknown;
  recipient_kind: string;
  recipient: string;
  created_at: Date;
  read_at: Date | null;
}

/** The actor's notifications (to them, one of their groups or roles), newest first. */
export async function notificationsFor(
  db: Queryable,
  a: Actor,
  q: { unread?: boolean; limit: number },
): Promise<NotificationRow[]> {
  const r = await db.query<NotificationRow>(
    `SELECT * FROM notifications
     WHERE ((recipient_kind = 'user' AND recipient = $1) OR (recipient_kind = 'group' AND recipient = ANY($2)) OR (recipient_kind = 'role' AND recipient = ANY($3)))
       AND ($4::boolean IS NOT TRUE OR read_at IS NULL)
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [a.id, a.groups, a.roles, q.unread ?? null, q.limit],
  );
  return r.rows;
}

/** The groups that supervise these groups (`groups.supervisor_group`), in order. */
export async function supervisorGroupsOf(db: Queryable, groups: string[]): Promise<string[]> {
  const r = await db.query<{ supervisor_group: string }>(
    `SELECT DISTINCT supervisor_group FROM groups WHERE id = ANY($1) AND supervisor_group IS NOT NULL ORDER BY 1`,
    [groups],
  );
  return r.rows.map((x) => x.supervisor_group);
}
