/**
 * The `sla_clocks` table: one row per SLA clock of a case (or of one of its tasks), read back
 * as the pure ClockState of sla/clock.ts.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { ClockState } from '../sla/index.ts';
import type { Queryable, Tx } from './db.ts';

export interface ClockRow {
  id: string;
  instance_id: string;
  task_id: string | null;
  sla_id: string;
  sla_version: number;
  calendar_id: string;
  calendar_version: number;
  status: ClockState['status'];
  target: string;
  target_ms: number;
  elapsed_ms: number;
  segment_start: Date | null;
  cycle: number;
  fired: number[];
  started_at: Date;
  due_at: Date | null;
  breached_at: Date | null;
  stopped_at: Date | null;
}

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function clockFromRow(r: ClockRow): ClockState {
  return {
    id: r.id,
    instanceId: r.instance_id,
    taskId: r.task_id,
    slaId: r.sla_id,
    slaVersion: r.sla_version,
    calendarId: r.calendar_id,
    calendarVersion: r.calendar_version,
    status: r.status,
    target: r.target,
    targetMs: r.target_ms,
    elapsedMs: r.elapsed_ms,
    segmentStart: ms(r.segment_start),
    cycle: r.cycle,
    fired: r.fired,
    startedAt: r.started_at.getTime(),
    dueAt: ms(r.due_at),
    breachedAt: ms(r.breached_at),
    stoppedAt: ms(r.stopped_at),
  };
}

export async function loadClocks(
  q: Queryable,
  where: { instanceId?: string; clockId?: string },
): Promise<ClockState[]> {
  const r = await q.query<ClockRow>(
    where.clockId
      ? `SELECT * FROM sla_clocks WHERE id = $1`
      : `SELECT * FROM sla_clocks WHERE instance_id = $1 ORDER BY started_at, id`,
    [where.clockId ?? where.instanceId],
  );
  return r.rows.map(clockFromRow);
}

const date = (n: number | null) => (n === null ? null : new Date(n));

/** Writes a clock in its new state (`fresh`: its first row). */
export async function writeClock(
  tx: Tx,
  c: ClockState,
  fresh: boolean,
  now: number,
): Promise<void> {
  const values = [
    c.id,
    c.status,
    c.target,
    c.targetMs,
    c.elapsedMs,
    date(c.segmentStart),
    c.cycle,
    c.fired,
    new Date(c.startedAt),
    date(c.dueAt),
    date(c.breachedAt),
    date(c.stoppedAt),
    new Date(now),
  ];
  if (fresh) {
    await tx.query(
      `INSERT INTO sla_clocks (id, status, target, target_ms, elapsed_ms, segment_start, cycle, fired, started_at, due_at, breached_at, stopped_at, updated_at,
         instance_id, task_id, sla_id, sla_version, calendar_id, calendar_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [...values, c.instanceId, c.taskId, c.slaId, c.slaVersion, c.calendarId, c.calendarVersion],
    );
  } else {
    // the versions change only when the clock is replayed against newer ones (sla/replay.ts)
    await tx.query(
      `UPDATE sla_clocks SET status = $2, target = $3, target_ms = $4, elapsed_ms = $5, segment_start = $6, cycle = $7, fired = $8,
         started_at = $9, due_at = $10, breached_at = $11, stopped_at = $12, updated_at = $13,
         sla_version = $14, calendar_id = $15, calendar_version = $16 WHERE id = $1`,
      [...values, c.slaVersion, c.calendarId, c.calendarVersion],
    );
  }
}

/** Adds an entry to a clock's event log (its timeline: start, pauses, warnings, breach…). */
export async function logClock(
  tx: Tx,
  c: ClockState,
  type: string,
  now: number,
  elapsedMs: number,
  data: Record<string, unknown> | null = null,
): Promise<void> {
  await tx.query(
    `INSERT INTO sla_clock_events (clock_id, at, type, elapsed_ms, data) VALUES ($1, $2, $3, $4, $5)`,
    [c.id, new Date(now), type, elapsedMs, data],
  );
}

/** An entry of a clock's event log. */
export interface ClockEventRow {
  clock_id: string;
  at: Date;
  type: string;
  elapsed_ms: number;
  data: Record<string, unknown> | null;
}

/** The event logs of every clock of a case, in order. */
export async function clockEventsOf(db: Queryable, instanceId: string): Promise<ClockEventRow[]> {
  const r = await db.query<ClockEventRow>(
    `SELECT e.clock_id, e.at, e.type, e.elapsed_ms, e.data FROM sla_clock_events e
     JOIN sla_clocks c ON c.id = e.clock_id WHERE c.instance_id = $1 ORDER BY e.id`,
    [instanceId],
  );
  return r.rows;
}

export interface SlaReportRow {
  sla_id: string;
  period: Date;
  met: number;
  breached: number;
  running: number;
  cancelled: number;
  median: number | null;
  p90: number | null;
}

/**
 * SLA compliance per SLA and period of clock start (`period` truncated in `timeZone`): met,
 * breached, running (or paused), cancelled; median and p90 elapsed working time of stopped
 * clocks. Only the clocks of cases the actor may see.
 */
export async function slaReport(
  db: Queryable,
  actor: Actor,
  q: { slaId?: string; from: Date; to: Date; period: 'day' | 'week' | 'month'; timeZone: string },
): Promise<SlaReportRow[]> {
  const r = await db.query<SlaReportRow>(
    `SELECT c.sla_id, date_trunc($7, c.started_at, $8) AS period,
       count(*) FILTER (WHERE c.status = 'stopped' AND c.breached_at IS NULL)::int AS met,
       count(*) FILTER (WHERE c.status <> 'cancelled' AND c.breached_at IS NOT NULL)::int AS breached,
       count(*) FILTER (WHERE c.status IN ('running', 'paused') AND c.breached_at IS NULL)::int AS running,
       count(*) FILTER (WHERE c.status = 'cancelled')::int AS cancelled,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.elapsed_ms) FILTER (WHERE c.status = 'stopped') AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.elapsed_ms) FILTER (WHERE c.status = 'stopped') AS p90
     FROM sla_clocks c JOIN instances i ON i.id = c.instance_id
     WHERE c.started_at >= $4 AND c.started_at < $5 AND ($6::text IS NULL OR c.sla_id = $6)
       AND ${instanceVisibleSql('i', 1)}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [...instanceVisibleParams(actor), q.from, q.to, q.slaId ?? null, q.period, q.timeZone],
  );
  return r.rows;
}

/** A live clock with what a report about it names: its case's process and business key. */
export interface LiveClockOfCase {
  clock: ClockState;
  processId: string;
  businessKey: string | null;
  reference: string | null;
}

/**
 * The live (running or paused) clocks of active cases on a calendar or of an SLA, any version,
 * in due order (clocks due together by their case's business key, as a replay report lists
 * them): what calendar coverage and replays read. No filter: every live clock.
 */
export async function liveClocksOf(
  q: Queryable,
  where: { calendarId?: string; slaId?: string } = {},
): Promise<LiveClockOfCase[]> {
  const r = await q.query<
    ClockRow & { process_id: string; business_key: string | null; reference: string | null }
  >(
    `SELECT c.*, i.process_id, i.business_key, i.reference
     FROM sla_clocks c JOIN instances i ON i.id = c.instance_id
     WHERE c.status IN ('running', 'paused') AND i.status = 'active'
       AND ($1::text IS NULL OR c.calendar_id = $1) AND ($2::text IS NULL OR c.sla_id = $2)
     ORDER BY c.due_at ASC NULLS LAST, i.business_key NULLS LAST, c.id`,
    [where.calendarId ?? null, where.slaId ?? null],
  );
  return r.rows.map((row) => ({
    clock: clockFromRow(row),
    processId: row.process_id,
    businessKey: row.business_key,
    reference: row.reference,
  }));
}
