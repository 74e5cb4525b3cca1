/**
 * The figures a metrics scrape reads from PostgreSQL: they describe the whole deployment (every
 * engine process shares the database), so each process reports the same values. All of them
 * are aggregates over partial indexes (`jobs_pending_due`, `incidents_open`, `sla_clocks_live`)
 * or the process index of `instances`.
 */
import type { Queryable } from './db.ts';

export interface JobQueueFigure {
  kind: string;
  /** Pending rows already due: work waiting for a worker. */
  due: number;
  /** Pending rows not due yet (timers, SLA thresholds, backoffs). */
  scheduled: number;
  /** The due instant of the oldest due row (null when nothing is due). */
  oldest_due_at: Date | null;
}

/** Pending job rows per kind as seen at `now`. */
export async function jobQueueFigures(db: Queryable, now: Date): Promise<JobQueueFigure[]> {
  const r = await db.query<JobQueueFigure>(
    `SELECT kind,
            count(*) FILTER (WHERE due_at <= $1)::int AS due,
            count(*) FILTER (WHERE due_at > $1)::int AS scheduled,
            min(due_at) FILTER (WHERE due_at <= $1) AS oldest_due_at
     FROM jobs WHERE status = 'pending' GROUP BY kind ORDER BY kind`,
    [now],
  );
  return r.rows;
}

/** Open incidents per process. */
export async function openIncidentFigures(
  db: Queryable,
): Promise<{ process_id: string; open: number }[]> {
  const r = await db.query<{ process_id: string; open: number }>(
    `SELECT i.process_id, count(*)::int AS open
     FROM incidents x JOIN instances i ON i.id = x.instance_id
     WHERE x.status = 'open' GROUP BY i.process_id ORDER BY i.process_id`,
  );
  return r.rows;
}

/** Active cases per process. */
export async function activeInstanceFigures(
  db: Queryable,
): Promise<{ process_id: string; active: number }[]> {
  const r = await db.query<{ process_id: string; active: number }>(
    `SELECT process_id, count(*)::int AS active FROM instances
     WHERE status = 'active' GROUP BY process_id ORDER BY process_id`,
  );
  return r.rows;
}

/** Running or paused SLA clocks per SLA, and how many of them are past their breach. */
export async function liveClockFigures(
  db: Queryable,
): Promise<{ sla_id: string; live: number; breached: number }[]> {
  const r = await db.query<{ sla_id: string; live: number; breached: number }>(
    `SELECT sla_id, count(*)::int AS live, count(breached_at)::int AS breached
     FROM sla_clocks WHERE status IN ('running', 'paused') GROUP BY sla_id ORDER BY sla_id`,
  );
  return r.rows;
}
