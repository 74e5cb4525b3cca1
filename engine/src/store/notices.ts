/**
 * PostgreSQL NOTIFY and LISTEN: notices every engine on the database receives, delivered when
 * the sending transaction commits. The `tasks` trigger (migration 008) sends each task change
 * on the schema's task channel; identity/ sends access-ended notices on its own channel;
 * changes.ts announces what every engine must apply at once. One engine listens through one
 * connection, shared by all its parts (listener.ts).
 *
 * @example
 *   const l = listenTo(url, [taskChannel(schema)], { notice: (ch, text) => …, lost: () => … });
 *   await l.ready; // listening
 */
import pg from 'pg';
import type { Db } from './db.ts';

/** The channel the `tasks` trigger notifies every created or changed task on. */
export const taskChannel = (schema: string) => `caseway_tasks:${schema}`;

/**
 * The channel the plugin outbox trigger (migration 020) notifies the job rows it wrote on: a JSON
 * array of `[id, due epoch ms]`, or '' when they would not fit a notice.
 */
export const jobsChannel = (schema: string) => `caseway_jobs:${schema}`;

/** Sends a notice on a channel (in a transaction: when it commits). */
export async function notify(
  db: Pick<Db, 'query'>,
  channel: string,
  payload: string,
): Promise<void> {
  await db.query(`SELECT pg_notify($1, $2)`, [channel, payload]);
}

export interface Listener {
  /** Settles when the connection listens on every channel; rejects when it could not. */
  ready: Promise<void>;
  end(): Promise<void>;
}

/**
 * One connection of its own (not the pool's) listening on `channels`. `lost` is called once when
 * a listening connection ends or fails (a database restart: notices sent meanwhile are gone), not
 * when `ready` rejects nor after `end()`.
 */
export function listenTo(
  databaseUrl: string,
  channels: string[],
  on: { notice: (channel: string, payload: string | undefined) => void; lost: () => void },
  applicationName = 'caseway-listener',
): Listener {
  const c = new pg.Client({ connectionString: databaseUrl, application_name: applicationName });
  let live = true;
  const lost = () => {
    if (!live) return;
    live = false;
    on.lost();
  };
  c.on('error', lost);
  c.on('end', lost);
  c.on('notification', (n) => on.notice(n.channel, n.payload));
  const ready = (async () => {
    try {
      await c.connect();
      // one statement list: pg_stat_activity shows every channel this connection listens on
      if (channels.length)
        await c.query(channels.map((ch) => `LISTEN "${ch.replaceAll('"', '""')}"`).join('; '));
    } catch (e) {
      live = false;
      await c.end().catch(() => undefined);
      throw e;
    }
  })();
  return {
    ready,
    async end() {
      live = false;
      await c.end().catch(() => undefined);
    },
  };
}
