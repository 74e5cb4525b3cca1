/**
 * The `sla_clocks` table: one row per SLA clock of a case (or of one of its tasks), read back
 * as the pure ClockState of sla/clock.ts.
 */
import type { ClockState } from '../sla/index.ts';
import type { Tx } from './index.ts';

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

function clockFromRow(r: ClockRow): ClockState {
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
  q: Pick<Tx, 'query'>,
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
