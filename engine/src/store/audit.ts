/**
 * The `audit_log` table: administrative acts, who did them, when and what (migration 024). It
 * only grows (a trigger refuses UPDATE and DELETE) and no retention touches it. Read newest
 * first, a page at a time by `seq`.
 *
 * @example
 *   await recordAudit(db, { actor: 'admin', action: AUDIT.userCreated, subject: 'user/lin', data: { roles: ['staff'] } }, now);
 *   const page = await auditPage(db, { limit: 50 }); // { items, next }
 */
import type { Queryable, Db } from './db.ts';

/** The administrative acts the log records (`action`), and the subject each names. */
export const AUDIT = {
  /** `process/claim@5`: a definition version published, with its change note. */
  definitionPublished: 'definition.published',
  /** `user/lin`: created with roles, groups, and whether a first password was set. */
  userCreated: 'user.created',
  /** `user/lin`: name, roles, groups or disabled changed (before and after of each). */
  userChanged: 'user.changed',
  /** `user/lin`: an administrator set the user's password (never its value). */
  passwordSet: 'user.password-set',
  /** `role/auditor`: created with its names and permissions. */
  roleCreated: 'role.created',
  /** `role/designer`: names or permissions changed (before and after, permissions added, removed). */
  roleChanged: 'role.changed',
  /** `group/adjusters`: created or replaced (names, supervising group; before and after). */
  groupChanged: 'group.changed',
  /** `plugin/sms`: the configuration replaced (the fields whose values changed). */
  pluginConfigured: 'plugin.configured',
  /** `plugin/sms`: secrets set or cleared by name (never their values). */
  pluginSecretsSet: 'plugin.secrets-set',
  /** `data-keys`: the key ring an engine started with differs from the last one recorded. */
  dataKeysChanged: 'data-keys.changed',
  /** `process/claim`: a bulk migration started (batch, from and to versions, mapping, cases). */
  migrationStarted: 'migration.started',
  /** `process/claim`: a running bulk migration cancelled (batch, versions, cases moved and left). */
  migrationCancelled: 'migration.cancelled',
  /** `calendar/cn-mainland@2` or `sla/resolution@3`: live clocks and timers replayed against it. */
  clocksReplayed: 'clocks.replayed',
} as const;
export type AuditAction = (typeof AUDIT)[keyof typeof AUDIT];

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  subject: string;
  data: Record<string, unknown>;
}

export async function recordAudit(
  db: Queryable,
  e: { actor: string; action: AuditAction; subject: string; data?: Record<string, unknown> },
  now: number,
): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor, action, subject, data) VALUES ($1, $2, $3, $4, $5)`,
    [new Date(now), e.actor, e.action, e.subject, e.data ?? {}],
  );
}

/**
 * A page of the log, newest first: entries before `before` (a `seq`), of one action when
 * given; `next` is the `before` of the following page (null at the end).
 */
export async function auditPage(
  db: Queryable,
  q: { limit: number; before?: number; action?: string },
): Promise<{ items: AuditEntry[]; next: number | null }> {
  const r = await db.query<Omit<AuditEntry, 'at' | 'seq'> & { at: Date; seq: string }>(
    `SELECT seq, at, actor, action, subject, data FROM audit_log
     WHERE ($1::bigint IS NULL OR seq < $1) AND ($2::text IS NULL OR action = $2)
     ORDER BY seq DESC LIMIT $3`,
    [q.before ?? null, q.action ?? null, q.limit + 1],
  );
  const items = r.rows
    .slice(0, q.limit)
    .map((x) => ({ ...x, seq: Number(x.seq), at: x.at.toISOString() }));
  return { items, next: r.rows.length > q.limit ? items.at(-1)!.seq : null };
}

/**
 * Records the data key ring an engine starts with when it differs from the last one recorded
 * (its current key, or the keys it holds): a rotation, or a key added or removed. Ids only.
 * Engines starting together record it once (under a lock).
 */
export async function recordKeyRing(
  db: Db,
  ring: { current: string; keys: readonly string[] },
  now: number,
): Promise<boolean> {
  return db.tx(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':data-keys'))`);
    const last = await tx.query<{ data: { current?: string; keys?: string[] } }>(
      `SELECT data FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1`,
      [AUDIT.dataKeysChanged],
    );
    const before = last.rows[0]?.data;
    const keys = [...ring.keys].sort();
    if (before?.current === ring.current && JSON.stringify(before.keys) === JSON.stringify(keys))
      return false;
    await recordAudit(
      tx,
      {
        actor: 'system',
        action: AUDIT.dataKeysChanged,
        subject: 'data-keys',
        data: {
          current: ring.current,
          keys,
          previous: before ? { current: before.current, keys: before.keys } : null,
        },
      },
      now,
    );
    return true;
  });
}
