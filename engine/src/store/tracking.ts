/**
 * The `tracking_tokens` table: the secret link a customer follows their case by, stored as a
 * hash only, written in the transaction that starts the case.
 */
import type { Queryable, Tx } from './db.ts';

export async function insertTrackingToken(
  tx: Tx,
  t: { tokenHash: string; instanceId: string; now: Date },
): Promise<void> {
  await tx.query(
    `INSERT INTO tracking_tokens (token_hash, instance_id, created_at) VALUES ($1, $2, $3)`,
    [t.tokenHash, t.instanceId, t.now],
  );
}

/** The case a token's hash follows (undefined: no such link). */
export async function trackedInstanceId(
  db: Queryable,
  tokenHash: string,
): Promise<string | undefined> {
  const r = await db.query<{ instance_id: string }>(
    `SELECT instance_id FROM tracking_tokens WHERE token_hash = $1`,
    [tokenHash],
  );
  return r.rows[0]?.instance_id;
}
