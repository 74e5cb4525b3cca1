/**
 * The `plays` table: each designer's play-mode sandboxes, one JSON state per play. Every
 * statement that touches it is here. A play is reached only through its owner; one that is
 * gone, or someone else's, is not found.
 */
import { createError } from '../errors.ts';
import type { Db } from './db.ts';

export interface PlayRow<S> {
  id: string;
  owner: string;
  processId: string;
  state: S;
  createdAt: Date;
  updatedAt: Date;
}

interface Row<S> {
  id: string;
  owner: string;
  process_id: string;
  state: S;
  created_at: Date;
  updated_at: Date;
}

const view = <S>(r: Row<S>): PlayRow<S> => ({
  id: r.id,
  owner: r.owner,
  processId: r.process_id,
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const notFound = (id: string) =>
  createError('CW_ERR_NOT_FOUND', `play ${id} not found`, { data: { playId: id } });

export async function insertPlay<S>(
  db: Db,
  p: { id: string; owner: string; processId: string; state: S; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO plays (id, owner, process_id, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
    [p.id, p.owner, p.processId, p.state, p.now],
  );
}

export async function readPlay<S>(db: Db, id: string, owner: string): Promise<PlayRow<S>> {
  const r = await db.query<Row<S>>(`SELECT * FROM plays WHERE id = $1 AND owner = $2`, [id, owner]);
  if (!r.rows[0]) throw notFound(id);
  return view(r.rows[0]);
}

/** Moves a play under its row lock: two requests at once for one play run one after the other. */
export async function updatePlay<S>(
  db: Db,
  id: string,
  owner: string,
  now: Date,
  fn: (state: S) => S | Promise<S>,
): Promise<PlayRow<S>> {
  return db.tx(async (tx) => {
    const r = await tx.query<Row<S>>(
      `SELECT * FROM plays WHERE id = $1 AND owner = $2 FOR UPDATE`,
      [id, owner],
    );
    if (!r.rows[0]) throw notFound(id);
    const state = await fn(r.rows[0].state);
    const u = await tx.query<Row<S>>(
      `UPDATE plays SET state = $2, updated_at = $3 WHERE id = $1 RETURNING *`,
      [id, state, now],
    );
    return view(u.rows[0]!);
  });
}

/** The owner's plays, newest first, without their states. */
export async function listPlays(db: Db, owner: string): Promise<Omit<PlayRow<never>, 'state'>[]> {
  const r = await db.query<Omit<Row<never>, 'state'>>(
    `SELECT id, owner, process_id, created_at, updated_at FROM plays WHERE owner = $1 ORDER BY updated_at DESC, id`,
    [owner],
  );
  return r.rows.map((x) => ({
    id: x.id,
    owner: x.owner,
    processId: x.process_id,
    createdAt: x.created_at,
    updatedAt: x.updated_at,
  }));
}

export async function deletePlay(db: Db, id: string, owner: string): Promise<void> {
  const r = await db.query(`DELETE FROM plays WHERE id = $1 AND owner = $2`, [id, owner]);
  if (!r.rowCount) throw notFound(id);
}

/**
 * Forgets plays unused since `idleBefore` (anyone's), and the owner's oldest beyond `keep`
 * (room for one more).
 */
export async function prunePlays(
  db: Db,
  owner: string,
  idleBefore: Date,
  keep: number,
): Promise<void> {
  await db.query(`DELETE FROM plays WHERE updated_at < $1`, [idleBefore]);
  await db.query(
    `DELETE FROM plays WHERE owner = $1 AND id NOT IN (
       SELECT id FROM plays WHERE owner = $1 ORDER BY updated_at DESC, id LIMIT $2)`,
    [owner, Math.max(0, keep - 1)],
  );
}
