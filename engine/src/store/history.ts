/**
 * The `history` table: a case's audit trail, one row per entry, numbered by the instance's
 * `history_seq`. A step writes its entries in one statement; entries outside a step (a claim,
 * a note, a read of personal data) take the next number under the instance row's lock.
 */
import type { Db, Queryable, Tx } from './db.ts';

/** One entry to write. */
export interface NewHistoryEntry {
  type: string;
  nodeId?: string | null;
  tokenId?: string | null;
  /** Who acted; the step's actor when absent. */
  actor?: string | null;
  data?: Record<string, unknown> | null;
}

/** Appends one entry outside a step; returns its number. */
export async function appendHistory(
  tx: Tx,
  instanceId: string,
  h: { type: string; nodeId?: string; actor: string; data?: Record<string, unknown> },
  now: number,
): Promise<number> {
  const seq = await tx.query<{ history_seq: number }>(
    `UPDATE instances SET history_seq = history_seq + 1 WHERE id = $1 RETURNING history_seq`,
    [instanceId],
  );
  await tx.query(
    `INSERT INTO history (instance_id, seq, at, type, node_id, actor, data) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      instanceId,
      seq.rows[0]!.history_seq,
      new Date(now),
      h.type,
      h.nodeId ?? null,
      h.actor,
      h.data ?? null,
    ],
  );
  return seq.rows[0]!.history_seq;
}

/** Appends entries to several cases in one transaction (reads of personal data, searches). */
export async function recordEntries(
  db: Db,
  entries: readonly {
    instanceId: string;
    type: string;
    actor: string;
    data?: Record<string, unknown>;
  }[],
  now: number,
): Promise<number[]> {
  if (!entries.length) return [];
  return db.tx(async (tx) => {
    const seqs: number[] = [];
    for (const { instanceId, ...h } of entries)
      seqs.push(await appendHistory(tx, instanceId, h, now));
    return seqs;
  });
}

/**
 * Writes a step's entries in one statement, numbered after `afterSeq` (the instance row's
 * `history_seq`, which the step's update of the row then advances by as many).
 */
export async function insertStepHistory(
  tx: Tx,
  s: {
    instanceId: string;
    afterSeq: number;
    at: Date;
    actor: string;
    entries: readonly NewHistoryEntry[];
  },
): Promise<void> {
  if (!s.entries.length) return;
  const h = s.entries;
  await tx.query(
    `INSERT INTO history (instance_id, seq, at, type, node_id, token_id, actor, data)
     SELECT $1, $2 + x.n, $3, x.type, x.node_id, x.token_id, COALESCE(x.actor, $4),
            NULLIF($9::jsonb->'data'->(x.n::int - 1), 'null'::jsonb)
     FROM unnest($5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS x(type, node_id, token_id, actor, n)`,
    [
      s.instanceId,
      s.afterSeq,
      s.at,
      s.actor,
      h.map((e) => e.type),
      h.map((e) => e.nodeId ?? null),
      h.map((e) => e.tokenId ?? null),
      h.map((e) => e.actor ?? null),
      // one JSON object (not a jsonb[]), so the store seals its personal data like any other
      { data: h.map((e) => e.data ?? null) },
    ],
  );
}

export interface HistoryRow {
  seq: number;
  at: Date;
  type: string;
  node_id: string | null;
  token_id: string | null;
  actor: string | null;
  /** The acting user's display name (null for `system`, `public`, a deleted user). */
  actor_name: string | null;
  data: unknown;
}

/** A case's entries in order, with the acting user's display name. */
export async function historyOf(db: Queryable, instanceId: string): Promise<HistoryRow[]> {
  const r = await db.query<HistoryRow>(
    `SELECT h.seq, h.at, h.type, h.node_id, h.token_id, h.actor, u.display_name AS actor_name, h.data
     FROM history h LEFT JOIN users u ON u.id = h.actor WHERE h.instance_id = $1 ORDER BY h.seq`,
    [instanceId],
  );
  return r.rows;
}

/** The first entry of a type (the start's `instance.started` holds the start form's data). */
export async function firstEntryOf(
  db: Queryable,
  instanceId: string,
  type: string,
): Promise<{ at: Date; actor: string | null; data: Record<string, unknown> | null } | undefined> {
  const r = await db.query<{
    at: Date;
    actor: string | null;
    data: Record<string, unknown> | null;
  }>(
    `SELECT at, actor, data FROM history WHERE instance_id = $1 AND type = $2 ORDER BY seq LIMIT 1`,
    [instanceId, type],
  );
  return r.rows[0];
}

/** The nodes a case has entered (the steps it went through). */
export async function enteredNodes(db: Queryable, instanceId: string): Promise<string[]> {
  const r = await db.query<{ node_id: string }>(
    `SELECT DISTINCT node_id FROM history WHERE instance_id = $1 AND type = 'node.entered'`,
    [instanceId],
  );
  return r.rows.map((x) => x.node_id);
}

/** One entry with its case's process and business key (what a plugin's event is built from). */
export async function entryWithCase(
  db: Queryable,
  instanceId: string,
  seq: number,
): Promise<
  | {
      at: Date;
      data: Record<string, unknown> | null;
      process_id: string;
      process_version: number;
      business_key: string | null;
    }
  | undefined
> {
  const r = await db.query<{
    at: Date;
    data: Record<string, unknown> | null;
    process_id: string;
    process_version: number;
    business_key: string | null;
  }>(
    `SELECT h.at, h.data, i.process_id, i.process_version, i.business_key
     FROM history h JOIN instances i ON i.id = h.instance_id WHERE h.instance_id = $1 AND h.seq = $2`,
    [instanceId, seq],
  );
  return r.rows[0];
}
