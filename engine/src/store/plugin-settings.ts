/**
 * Plugins in the store: `plugin_settings` (each plugin's configuration, and its secrets sealed
 * value by value with the data key ring) and `plugin_subscriptions` (the event types each
 * plugin receives, which the history trigger turns into `@event` jobs).
 *
 * Settings are kept per major version of a plugin, under `<name>@<major>`. Rows written before
 * versions are under the plain `<name>`: a major without a row of its own reads that one, and
 * the first write to a major copies what it does not change from it.
 */
import type { Db, Queryable } from './db.ts';

/** A plugin's stored configuration and sealed secrets (undefined: nothing stored). */
export async function pluginSettings(
  db: Queryable,
  plugin: string,
): Promise<{ config: unknown; secrets: Record<string, unknown> } | undefined> {
  const r = await db.query<{ config: unknown; secrets: Record<string, unknown> }>(
    `SELECT config, secrets FROM plugin_settings WHERE plugin IN ($1, split_part($1, '@', 1))
     ORDER BY plugin = $1 DESC LIMIT 1`,
    [plugin],
  );
  return r.rows[0];
}

/** A plugin's stored configuration only (undefined: nothing stored). */
export async function pluginConfig(db: Queryable, plugin: string): Promise<unknown> {
  const r = await db.query<{ config: unknown }>(
    `SELECT config FROM plugin_settings WHERE plugin IN ($1, split_part($1, '@', 1))
     ORDER BY plugin = $1 DESC LIMIT 1`,
    [plugin],
  );
  return r.rows[0]?.config;
}

export async function writePluginConfig(
  db: Queryable,
  s: { plugin: string; config: Record<string, unknown>; by: string; now: Date },
): Promise<void> {
  await db.query(
    // a major's first row keeps the secrets stored before versions
    `INSERT INTO plugin_settings (plugin, config, secrets, updated_at, updated_by)
     SELECT $1, $2, COALESCE((SELECT secrets FROM plugin_settings
                              WHERE plugin = split_part($1, '@', 1) AND $1 LIKE '%@%'), '{}'), $3, $4
     ON CONFLICT (plugin) DO UPDATE SET config = $2, updated_at = $3, updated_by = $4`,
    [s.plugin, s.config, s.now, s.by],
  );
}

/**
 * Changes a plugin's secrets under a row lock: `change` gets them as stored (read as text, so the
 * sealed envelopes stay sealed and are written back as they are) and returns the new set.
 */
export async function changePluginSecrets(
  db: Db,
  s: { plugin: string; by: string; now: Date },
  change: (stored: Record<string, string>) => Record<string, string>,
): Promise<void> {
  await db.tx(async (tx) => {
    // the major's own row, else (its first write) the row stored before versions
    const r = await tx.query<{ secrets: string; config: unknown; own: boolean }>(
      `SELECT secrets::text AS secrets, config, plugin = $1 AS own FROM plugin_settings
       WHERE plugin IN ($1, split_part($1, '@', 1)) ORDER BY plugin = $1 DESC LIMIT 1 FOR UPDATE`,
      [s.plugin],
    );
    const row = r.rows[0];
    const secrets = change(JSON.parse(row?.secrets ?? '{}') as Record<string, string>);
    await tx.query(
      `INSERT INTO plugin_settings (plugin, config, secrets, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plugin) DO UPDATE SET secrets = $3, updated_at = $4, updated_by = $5`,
      [s.plugin, row && !row.own ? row.config : null, secrets, s.now, s.by],
    );
  });
}

/** Replaces the event types a plugin receives. */
export async function replacePluginSubscriptions(
  db: Db,
  plugin: string,
  events: readonly string[],
): Promise<void> {
  await db.tx(async (tx) => {
    await tx.query(`DELETE FROM plugin_subscriptions WHERE plugin = $1`, [plugin]);
    for (const type of events)
      await tx.query(`INSERT INTO plugin_subscriptions (plugin, event_type) VALUES ($1, $2)`, [
        plugin,
        type,
      ]);
  });
}
