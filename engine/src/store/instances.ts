/**
 * The `instances` table: one row per case, its interpreter state (tokens, variables, the id
 * counter) in `state`, and the revision each step increments.
 */
import { createError } from '../errors.ts';
import type { InstanceState } from '../runtime/index.ts';
import type { Tx } from './index.ts';

export interface InstanceRow {
  id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  /** What the customer sees and quotes (case-reference.ts); null only for rows older than it. */
  reference: string | null;
  status: InstanceState['status'];
  state: InstanceState;
  revision: number;
  history_seq: number;
  parent_id: string | null;
  parent_token_id: string | null;
  outcome: string | null;
  started_by: string | null;
  started_at: Date;
  ended_at: Date | null;
  updated_at: Date;
}

/**
 * Locks the instance row for the rest of the transaction (every step of one case runs under
 * it); `nowait` fails at once with PostgreSQL's 55P03 instead of waiting.
 */
export async function lockInstance(tx: Tx, id: string, nowait = false): Promise<InstanceRow> {
  const r = await tx.query<InstanceRow>(
    `SELECT * FROM instances WHERE id = $1 FOR UPDATE${nowait ? ' NOWAIT' : ''}`,
    [id],
  );
  const row = r.rows[0];
  if (!row)
    throw createError('CW_ERR_NOT_FOUND', `instance ${id} not found`, { data: { instanceId: id } });
  return row;
}
