/**
 * The idempotency_keys table (migration 015): every statement that touches it. A key is claimed
 * first thing in the transaction of the work it guards and its answer written last, so the
 * work and its answer commit together, and a concurrent request with the same key waits on the
 * primary key until the first one ends: it then reads that answer, or, when the first attempt
 * rolled back, claims the key itself. Nothing else ever runs the work twice.
 *
 * @example
 *   const claim = await claimKey(tx, { scope: 'user:alice', key, requestHash }, now, ttlMs);
 *   if (claim.kind === 'answered') return claim.answer;  // replay
 *   if (claim.kind === 'conflict') throw …;               // same key, another request
 *   …the work…;
 *   await recordAnswer(tx, { scope: 'user:alice', key }, { status: 201, body });
 */
import type { Db, Tx } from './db.ts';

export interface KeyRef {
  scope: string;
  key: string;
}

export interface StoredAnswer {
  status: number;
  /** A JSON object: sealed by the store where it holds personal data, like any case data. */
  body: Record<string, unknown>;
}

export type Claim =
  { kind: 'claimed' } | { kind: 'answered'; answer: StoredAnswer } | { kind: 'conflict' };

/** Claims the key for this request in the caller's transaction, or says why not. */
export async function claimKey(
  tx: Tx,
  ref: KeyRef & { requestHash: string },
  now: Date,
  ttlMs: number,
): Promise<Claim> {
  const expires = new Date(now.getTime() + ttlMs);
  // Waits, when another transaction holds the key, until that one commits or rolls back.
  const inserted = await tx.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING`,
    [ref.scope, ref.key, ref.requestHash, now, expires],
  );
  if (inserted.rowCount) return { kind: 'claimed' };
  const r = await tx.query<{
    request_hash: string;
    status: number | null;
    body: Record<string, unknown> | null;
    expires_at: Date;
  }>(
    `SELECT request_hash, status, body, expires_at FROM idempotency_keys WHERE scope = $1 AND key = $2 FOR UPDATE`,
    [ref.scope, ref.key],
  );
  const row = r.rows[0];
  // Expired (not yet swept), or deleted meanwhile: the key is free again.
  if (!row || row.expires_at.getTime() <= now.getTime() || row.status === null || !row.body) {
    await tx.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL,
         body = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [ref.scope, ref.key, ref.requestHash, now, expires],
    );
    return { kind: 'claimed' };
  }
  if (row.request_hash !== ref.requestHash) return { kind: 'conflict' };
  return { kind: 'answered', answer: { status: row.status, body: row.body } };
}

/** Writes the answer of the claimed key, in the transaction of the work. */
export async function recordAnswer(tx: Tx, ref: KeyRef, answer: StoredAnswer): Promise<void> {
  await tx.query(
    `UPDATE idempotency_keys SET status = $3, body = $4 WHERE scope = $1 AND key = $2`,
    [ref.scope, ref.key, answer.status, answer.body],
  );
}

/** Deletes keys past their time, a batch at a time; returns how many went. */
export async function deleteExpiredKeys(db: Pick<Db, 'query'>, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await db.query(
      `DELETE FROM idempotency_keys WHERE ctid IN
         (SELECT ctid FROM idempotency_keys WHERE expires_at <= $1 LIMIT 5000)`,
      [now],
    );
    total += r.rowCount ?? 0;
    if ((r.rowCount ?? 0) < 5000) return total;
  }
}
