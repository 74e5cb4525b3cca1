/**
 * Changes every engine must apply at once, announced with PostgreSQL NOTIFY on the schema's
 * `caseway_changes:<schema>` channel when they commit: a definition version recorded in the
 * ledger (every engine reloads its registry), a plugin's settings (every engine re-reads
 * them), plugins reloaded by an administrator (every engine looks at its plugin folders again). The announcing engine names itself, so it does not apply its own change twice.
 *
 * @example
 *   await announceChange(db, { kind: 'definitions', from: engineId });
 */
import type { Queryable } from './db.ts';

export type Change =
  | { kind: 'definitions'; from: string }
  | { kind: 'plugin-settings'; plugin: string; from: string }
  | { kind: 'plugins-reloaded'; from: string };

export const changesChannel = (schema: string) => `caseway_changes:${schema}`;

/** Tells every engine (this one too, which skips its own) that something changed. */
export async function announceChange(db: Queryable & { schema: string }, change: Change) {
  await db.query(`SELECT pg_notify($1, $2)`, [changesChannel(db.schema), JSON.stringify(change)]);
}

/** A change notice, or null when the payload is not one (it is ignored). */
export function parseChange(payload: string | undefined): Change | null {
  try {
    const c = JSON.parse(payload ?? 'null') as Record<string, unknown> | null;
    if (!c || typeof c.from !== 'string') return null;
    if (c.kind === 'definitions') return { kind: 'definitions', from: c.from };
    if (c.kind === 'plugins-reloaded') return { kind: 'plugins-reloaded', from: c.from };
    if (c.kind === 'plugin-settings' && typeof c.plugin === 'string')
      return { kind: 'plugin-settings', plugin: c.plugin, from: c.from };
    return null;
  } catch {
    return null;
  }
}
