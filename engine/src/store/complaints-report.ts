/**
 * The complaint figures insurers must keep (2020 consumer-complaint rules for banks and
 * insurers: analysis of complaints and their causes, a yearly disclosure by business category
 * and region): complaints of the cases the viewer may see, per period of receipt and per value
 * of two variables (the business category and the region), received, decided within 15 days,
 * extended to 30, past their legal time, still open, the average handling time, and the root
 * causes of the major ones.
 *
 * Receipt is the start of the decision clocks (they count from `receivedAt`), else the case's
 * creation; the decision is when a decision clock stopped (the complainant was told); a
 * complaint is past its time when a decision clock breached (the 15-day one unless extended,
 * the 30-day one when extended).
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { Db } from './db.ts';

export interface ComplaintReportQuery {
  processId: string;
  /** Variables holding the business category and the region (never personal data). */
  category: string;
  region: string;
  /** The variable saying how severe (its value `major` for a major complaint) and its root cause. */
  severity: string;
  rootCause: string;
  /** The boolean variable set when the complaint was extended to 30 days. */
  extended: string;
  /** The SLAs whose case clocks measure the legal decision time. */
  decisionSlas: string[];
  period: 'month' | 'year';
  timeZone: string;
  from: Date;
  to: Date;
}

export interface ComplaintReportRow {
  period: Date;
  category: string | null;
  region: string | null;
  received: number;
  closedWithin15Days: number;
  extendedTo30Days: number;
  overdue: number;
  open: number;
  major: number;
  /** Decided (the complainant told): what the average handling time is over. */
  decided: number;
  averageHandlingMs: number | null;
}

/** The complaints of the period and dimensions, one CTE (`c`) the two reads share. */
function complaints(actor: Actor, q: ComplaintReportQuery) {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  const p = (v: unknown) => `$${params.push(v)}`;
  const sql = `WITH c AS (
      SELECT i.id, i.status,
             i.state->'variables'->>${p(q.category)} AS category,
             i.state->'variables'->>${p(q.region)} AS region,
             i.state->'variables'->>${p(q.severity)} = 'major' AS major,
             i.state->'variables'->>${p(q.rootCause)} AS root_cause,
             i.state->'variables'->${p(q.extended)} = 'true'::jsonb AS extended,
             COALESCE(k.received, i.started_at) AS received_at, k.decided_at, COALESCE(k.breached, false) AS breached
      FROM instances i
      LEFT JOIN LATERAL (
        SELECT min(started_at) AS received,
               min(stopped_at) FILTER (WHERE status = 'stopped') AS decided_at,
               bool_or(breached_at IS NOT NULL AND status <> 'cancelled') AS breached
        FROM sla_clocks WHERE instance_id = i.id AND task_id IS NULL AND sla_id = ANY(${p(q.decisionSlas)}::text[])) k ON TRUE
      WHERE i.process_id = ${p(q.processId)} AND ${instanceVisibleSql('i', 1)}),
    r AS (SELECT date_trunc(${p(q.period)}, received_at, ${p(q.timeZone)}) AS period, * FROM c
          WHERE received_at >= ${p(q.from)} AND received_at < ${p(q.to)})`;
  return { sql, params };
}

export async function complaintReport(
  db: Pick<Db, 'query'>,
  actor: Actor,
  q: ComplaintReportQuery,
): Promise<{
  rows: ComplaintReportRow[];
  rootCauses: { period: Date; rootCause: string | null; count: number }[];
}> {
  const { sql, params } = complaints(actor, q);
  const [rows, causes] = await Promise.all([
    db.query<ComplaintReportRow>(
      `${sql}
       SELECT period, category, region, count(*)::int AS received,
              count(*) FILTER (WHERE decided_at IS NOT NULL AND decided_at <= received_at + interval '15 days')::int AS "closedWithin15Days",
              count(*) FILTER (WHERE extended)::int AS "extendedTo30Days",
              count(*) FILTER (WHERE breached)::int AS overdue,
              count(*) FILTER (WHERE decided_at IS NULL AND status = 'active')::int AS open,
              count(*) FILTER (WHERE major)::int AS major,
              count(*) FILTER (WHERE decided_at IS NOT NULL)::int AS decided,
              round(avg(extract(epoch FROM decided_at - received_at) * 1000) FILTER (WHERE decided_at IS NOT NULL))::float AS "averageHandlingMs"
       FROM r GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS LAST, 3 NULLS LAST`,
      params,
    ),
    db.query<{ period: Date; rootCause: string | null; count: number }>(
      `${sql}
       SELECT period, root_cause AS "rootCause", count(*)::int AS count FROM r WHERE major
       GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2 NULLS LAST`,
      params,
    ),
  ]);
  return { rows: rows.rows, rootCauses: causes.rows };
}
