/**
 * Messages and the waits for them: `subscriptions` (a case waiting at a message catch for a
 * message of a name and correlation key) and `messages` (every message received, correlated to
 * a subscription or buffered for its time-to-live). Correlation for one (name, key) is
 * serialised by an advisory lock held to the commit, taken both by a message arriving and by
 * a step that subscribes, so a message is never taken twice nor missed.
 */
import type { Queryable, Tx } from './db.ts';

/**
 * Serialises correlation for one (name, key) until the commit. Never wait for an instance
 * lock while holding it after a subscription was chosen: the step that subscribes holds them
 * in the other order (see the executor).
 */
export async function lockCorrelation(tx: Tx, name: string, key: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${name}\u001f${key}`]);
}

export interface MessageRow {
  hash: string;
  status: 'correlated' | 'buffered' | 'expired';
  instance_id: string | null;
  subscription_id: string | null;
}

export async function readMessage(db: Queryable, id: string): Promise<MessageRow | undefined> {
  const r = await db.query<MessageRow>(
    `SELECT hash, status, instance_id, subscription_id FROM messages WHERE id = $1`,
    [id],
  );
  return r.rows[0];
}

export interface NewMessage {
  id: string;
  name: string;
  correlationKey: string;
  payload: Record<string, unknown>;
  hash: string;
  receivedAt: Date;
  expiresAt: Date;
}

/** A message nobody waits for yet, kept until `expiresAt`. */
export async function insertBufferedMessage(tx: Tx, m: NewMessage): Promise<void> {
  await tx.query(
    `INSERT INTO messages (id, name, correlation_key, payload, hash, status, received_at, expires_at) VALUES ($1, $2, $3, $4, $5, 'buffered', $6, $7)`,
    [m.id, m.name, m.correlationKey, m.payload, m.hash, m.receivedAt, m.expiresAt],
  );
}

/** A message that answers a subscription now (correlated when received). */
export async function insertCorrelatedMessage(
  tx: Tx,
  m: NewMessage & { instanceId: string; subscriptionId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO messages (id, name, correlation_key, payload, hash, status, instance_id, subscription_id, received_at, expires_at, correlated_at)
     VALUES ($1, $2, $3, $4, $5, 'correlated', $6, $7, $8, $9, $8)`,
    [
      m.id,
      m.name,
      m.correlationKey,
      m.payload,
      m.hash,
      m.instanceId,
      m.subscriptionId,
      m.receivedAt,
      m.expiresAt,
    ],
  );
}

/** The oldest pending subscription for a message of this name and key. */
export async function oldestSubscription(
  tx: Tx,
  name: string,
  key: string,
): Promise<{ id: string; instance_id: string } | undefined> {
  const r = await tx.query<{ id: string; instance_id: string }>(
    `SELECT id, instance_id FROM subscriptions WHERE message = $1 AND correlation_key = $2 AND status = 'pending' ORDER BY created_at, id LIMIT 1`,
    [name, key],
  );
  return r.rows[0];
}

export interface SubscriptionRow {
  id: string;
  message: string;
  correlation_key: string;
  status: string;
}

/** A subscription of one case (undefined: not this case's). */
export async function readSubscription(
  db: Queryable,
  id: string,
  instanceId: string,
): Promise<SubscriptionRow | undefined> {
  const r = await db.query<SubscriptionRow>(
    `SELECT id, message, correlation_key, status FROM subscriptions WHERE id = $1 AND instance_id = $2`,
    [id, instanceId],
  );
  return r.rows[0];
}

/** The pending waits of a case, oldest first. */
export async function pendingSubscriptionsOf(
  db: Queryable,
  instanceId: string,
): Promise<{ id: string; message: string }[]> {
  const r = await db.query<{ id: string; message: string }>(
    `SELECT id, message FROM subscriptions WHERE instance_id = $1 AND status = 'pending' ORDER BY created_at`,
    [instanceId],
  );
  return r.rows;
}

export async function insertSubscription(
  tx: Tx,
  s: {
    id: string;
    instanceId: string;
    tokenId: string;
    nodeId: string;
    message: string;
    correlationKey: string;
    now: Date;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO subscriptions (id, instance_id, token_id, node_id, message, correlation_key, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)`,
    [s.id, s.instanceId, s.tokenId, s.nodeId, s.message, s.correlationKey, s.now],
  );
}

export async function subscriptionDone(tx: Tx, id: string): Promise<void> {
  await tx.query(`UPDATE subscriptions SET status = 'done' WHERE id = $1`, [id]);
}

export async function cancelSubscription(tx: Tx, id: string): Promise<void> {
  await tx.query(
    `UPDATE subscriptions SET status = 'cancelled' WHERE id = $1 AND status = 'pending'`,
    [id],
  );
}

/**
 * Takes the oldest buffered message for a new subscription, if one arrived before anyone
 * waited for it and has not expired: it becomes correlated to the subscription, which is done.
 * Call it with the correlation lock held.
 */
export async function takeBufferedMessage(
  tx: Tx,
  s: { name: string; key: string; instanceId: string; subscriptionId: string; now: Date },
): Promise<{ id: string; payload: Record<string, unknown> } | undefined> {
  const r = await tx.query<{ id: string; payload: Record<string, unknown> }>(
    `UPDATE messages SET status = 'correlated', instance_id = $3, subscription_id = $4, correlated_at = $5
     WHERE id = (SELECT id FROM messages WHERE name = $1 AND correlation_key = $2 AND status = 'buffered' AND expires_at > $5
                 ORDER BY received_at LIMIT 1 FOR UPDATE)
     RETURNING id, payload`,
    [s.name, s.key, s.instanceId, s.subscriptionId, s.now],
  );
  const m = r.rows[0];
  if (m) await subscriptionDone(tx, s.subscriptionId);
  return m;
}
