/**
 * The figures of the supervisors' dashboards, each an aggregate over the cases the viewer may
 * see (administrators and designers: every case; supervisors: their groups' cases, so each
 * dashboard is scoped to their processes and groups). No row carries personal data.
 *
 *   cycleTimes      completed cases per process, from creation and from the SLA clock's start
 *   stepTimes       time spent per node (entered to left, per token)
 *   workload        open tasks per group or person, claimed, past their SLA (task or case clock)
 *   pastSla         clocks past their target per process, case- and task-level
 *   ageing          open cases per process by age since receipt
 *   throughput      completed tasks and handling time per person or group
 *   breakdown       cases counted by one or two variables
 *   surveyScores    a survey process's scores per period
 *   satisfaction    ratings recorded at task steps of any process, per period and source
 *
 * Every query takes the viewer's visibility as its first three parameters
 * (`instanceVisibleParams`), so a figure never counts what a list would not show.
 */
import { instanceVisibleParams, instanceVisibleSql, type Actor } from '../access/index.ts';
import type { Db } from './db.ts';

type Q = Pick<Db, 'query'>;

/** A `{ "zh-Hant", "en" }` name (a group's), or null. */
type Name = { 'zh-Hant': string; en: string } | null;

/** Count, median, p90 and total of a duration, in milliseconds (null medians: nothing counted). */
export type Durations = {
  count: number;
  medianMs: number | null;
  p90Ms: number | null;
  totalMs: number;
};

export type CycleTimeRow = Durations & {
  processId: string;
  medianFromStartMs: number | null;
  p90FromStartMs: number | null;
  totalFromStartMs: number;
};

export type StepTimeRow = Durations & {
  processId: string;
  nodeId: string;
};

export type WorkloadRow =
  | { group: string; groupName: Name; open: number; claimed: number; breached: number }
  | { person: string; personName: string | null; open: number; breached: number };

export type PastSlaRow = {
  processId: string;
  caseClocks: number;
  taskClocks: number;
  clocks: number;
  cases: number;
};

export type AgeingRow = {
  processId: string;
  open: number;
  upTo1d: number;
  upTo3d: number;
  upTo7d: number;
  upTo15d: number;
  upTo30d: number;
  over30d: number;
  oldestMs: number | null;
};

export type ThroughputRow = Omit<Durations, 'count'> & { completed: number } & (
    { person: string; personName: string | null } | { group: string; groupName: Name }
  );

/** Cases counted by one or two variables: each variable's value (as text) under its name. */
export type BreakdownRow = { count: number; open: number } & Record<string, string | number | null>;

/** `s1` … `s<scale>`: how many gave each whole score. */
export type ScoreCounts = Record<`s${number}`, number>;

export type SurveyScoreRow = {
  period: Date;
  dim: string | null;
  sent: number;
  answered: number;
  declined: number;
  responses: number;
  average: number | null;
} & ScoreCounts;

export type RatingRow = {
  period: Date;
  source: string | null;
  responses: number;
  average: number | null;
} & ScoreCounts;

export interface Range {
  processId?: string;
  from?: string;
  to?: string;
}

/** Parameters starting with the viewer's visibility ($1 id, $2 work groups, $3 sees all). */
function scoped(actor: Actor) {
  const params: unknown[] = [...instanceVisibleParams(actor)];
  return { params, p: (v: unknown) => `$${params.push(v)}`, visible: instanceVisibleSql('i', 1) };
}

/** The instant a case's legal time counts from: its first case-level clock's start, else its creation. */
const RECEIVED = `COALESCE((SELECT min(k.started_at) FROM sla_clocks k WHERE k.instance_id = i.id AND k.task_id IS NULL), i.started_at)`;

/**
 * Median, p90 and total of a duration in whole milliseconds, as float8 so that they arrive as
 * JavaScript numbers (a bigint would arrive as a string; an int would overflow past 24 days).
 */
const PERCENTILES = (ms: string, prefix = '') =>
  `round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}))::float8 AS "median${prefix}Ms",
   round(percentile_cont(0.9) WITHIN GROUP (ORDER BY ${ms}))::float8 AS "p90${prefix}Ms",
   COALESCE(round(sum(${ms})), 0)::float8 AS "total${prefix}Ms"`;

/**
 * Completed cases per process: how many, and their cycle time from creation (`medianMs`…) and
 * from the start of their SLA clock (`medianFromStartMs`…: e.g. from receipt, when the clock
 * counts from `startAt`; from creation when the case has no clock).
 */
export async function cycleTimes(db: Q, actor: Actor, r: Range): Promise<CycleTimeRow[]> {
  const { params, p, visible } = scoped(actor);
  const res = await db.query<CycleTimeRow>(
    `SELECT process_id AS "processId", count(*)::int AS count, ${PERCENTILES('ms')},
            ${PERCENTILES('sms', 'FromStart')}
     FROM (SELECT i.process_id, extract(epoch FROM i.ended_at - i.started_at) * 1000 AS ms,
                  extract(epoch FROM i.ended_at - ${RECEIVED}) * 1000 AS sms
           FROM instances i
           WHERE i.status = 'completed' AND ${visible}
             AND (${p(r.processId ?? null)}::text IS NULL OR i.process_id = $4)
             AND (${p(r.from ?? null)}::timestamptz IS NULL OR i.ended_at >= $5)
             AND (${p(r.to ?? null)}::timestamptz IS NULL OR i.ended_at < $6)) x
     GROUP BY process_id ORDER BY process_id`,
    params,
  );
  return res.rows;
}

/** Each visit of a node: from node.entered to the next node.left of the same token. */
export async function stepTimes(db: Q, actor: Actor, r: Range): Promise<StepTimeRow[]> {
  const { params, p, visible } = scoped(actor);
  const res = await db.query<StepTimeRow>(
    `SELECT i.process_id AS "processId", e.node_id AS "nodeId", count(*)::int AS count, ${PERCENTILES('ms')}
     FROM history e
     JOIN instances i ON i.id = e.instance_id
     CROSS JOIN LATERAL (
       SELECT extract(epoch FROM l.at - e.at) * 1000 AS ms FROM history l
       WHERE l.instance_id = e.instance_id AND l.token_id = e.token_id AND l.node_id = e.node_id
         AND l.type = 'node.left' AND l.seq > e.seq ORDER BY l.seq LIMIT 1) left_at
     WHERE e.type = 'node.entered' AND ${visible}
       AND (${p(r.processId ?? null)}::text IS NULL OR i.process_id = $4)
       AND (${p(r.from ?? null)}::timestamptz IS NULL OR e.at >= $5)
       AND (${p(r.to ?? null)}::timestamptz IS NULL OR e.at < $6)
     GROUP BY i.process_id, e.node_id ORDER BY i.process_id, sum(ms) DESC`,
    params,
  );
  return res.rows;
}

/** An open task is past its SLA when its own clock or a clock of its case has breached. */
const PAST_SLA = `EXISTS (SELECT 1 FROM sla_clocks c WHERE c.instance_id = t.instance_id
  AND (c.task_id = t.id OR c.task_id IS NULL) AND c.breached_at IS NOT NULL AND c.status IN ('running', 'paused'))`;

/**
 * Open tasks per candidate group (how many, claimed, past their SLA) or per assignee, with
 * names; a supervisor sees the groups they belong to or supervise.
 */
export async function workload(
  db: Q,
  actor: Actor,
  by: 'group' | 'person',
): Promise<WorkloadRow[]> {
  const { params, visible } = scoped(actor);
  const res =
    by === 'group'
      ? await db.query<WorkloadRow>(
          `SELECT g AS "group", gr.name AS "groupName", count(*)::int AS open,
                  count(t.assignee)::int AS claimed, count(*) FILTER (WHERE ${PAST_SLA})::int AS breached
           FROM tasks t JOIN instances i ON i.id = t.instance_id
           CROSS JOIN LATERAL unnest(t.candidate_groups) g LEFT JOIN groups gr ON gr.id = g
           WHERE t.status = 'open' AND ${visible} AND ($3 OR g = ANY($2::text[]))
           GROUP BY g, gr.name ORDER BY count(*) DESC, g`,
          params,
        )
      : await db.query<WorkloadRow>(
          `SELECT t.assignee AS person, u.display_name AS "personName", count(*)::int AS open,
                  count(*) FILTER (WHERE ${PAST_SLA})::int AS breached
           FROM tasks t JOIN instances i ON i.id = t.instance_id LEFT JOIN users u ON u.id = t.assignee
           WHERE t.status = 'open' AND t.assignee IS NOT NULL AND ${visible}
             AND ($3 OR t.candidate_groups && $2::text[] OR t.assignee = $1)
           GROUP BY t.assignee, u.display_name ORDER BY count(*) DESC, t.assignee`,
          params,
        );
  return res.rows;
}

/**
 * Clocks still counting past their target, per process: case-level, task-level, in all, and the
 * cases with at least one. Every clock counts, whatever the case waits on.
 */
export async function pastSla(db: Q, actor: Actor, r: Range): Promise<PastSlaRow[]> {
  const { params, p, visible } = scoped(actor);
  const res = await db.query<PastSlaRow>(
    `SELECT i.process_id AS "processId",
            count(*) FILTER (WHERE c.task_id IS NULL)::int AS "caseClocks",
            count(*) FILTER (WHERE c.task_id IS NOT NULL)::int AS "taskClocks",
            count(*)::int AS clocks, count(DISTINCT c.instance_id)::int AS cases
     FROM sla_clocks c JOIN instances i ON i.id = c.instance_id
     WHERE c.status IN ('running', 'paused') AND c.breached_at IS NOT NULL AND i.status = 'active'
       AND ${visible} AND (${p(r.processId ?? null)}::text IS NULL OR i.process_id = $4)
     GROUP BY i.process_id ORDER BY i.process_id`,
    params,
  );
  return res.rows;
}

/** The age groups of open cases, in days since receipt (the clock's start, else creation). */
export const AGE_BUCKETS = [
  { key: 'upTo1d', days: 1 },
  { key: 'upTo3d', days: 3 },
  { key: 'upTo7d', days: 7 },
  { key: 'upTo15d', days: 15 },
  { key: 'upTo30d', days: 30 },
] as const;

/** Open cases per process by age since receipt, with the oldest one's age. */
export async function ageing(db: Q, actor: Actor, r: Range, now: Date): Promise<AgeingRow[]> {
  const { params, p, visible } = scoped(actor);
  const at = p(now);
  let lower = 0;
  const buckets = AGE_BUCKETS.map((b) => {
    const sql = `count(*) FILTER (WHERE age >= ${lower} AND age < ${b.days})::int AS "${b.key}"`;
    lower = b.days;
    return sql;
  });
  const res = await db.query<AgeingRow>(
    `SELECT process_id AS "processId", count(*)::int AS open, ${buckets.join(', ')},
            count(*) FILTER (WHERE age >= ${lower})::int AS "over30d",
            round(max(age) * 86400000)::float8 AS "oldestMs"
     FROM (SELECT i.process_id, extract(epoch FROM ${at}::timestamptz - ${RECEIVED}) / 86400 AS age
           FROM instances i WHERE i.status = 'active' AND ${visible}
             AND (${p(r.processId ?? null)}::text IS NULL OR i.process_id = $5)) x
     GROUP BY process_id ORDER BY process_id`,
    params,
  );
  return res.rows;
}

/**
 * Tasks completed in the range per person (who completed them) or per candidate group, with
 * their handling time (created to completed): how much work went through whom, and how fast.
 */
export async function throughput(
  db: Q,
  actor: Actor,
  by: 'person' | 'group',
  r: Range,
): Promise<ThroughputRow[]> {
  const { params, p, visible } = scoped(actor);
  const range = `(${p(r.processId ?? null)}::text IS NULL OR t.process_id = $4)
    AND (${p(r.from ?? null)}::timestamptz IS NULL OR t.completed_at >= $5)
    AND (${p(r.to ?? null)}::timestamptz IS NULL OR t.completed_at < $6)`;
  const ms = `extract(epoch FROM t.completed_at - t.created_at) * 1000`;
  const res =
    by === 'person'
      ? await db.query<ThroughputRow>(
          `SELECT t.completed_by AS person, u.display_name AS "personName", count(*)::int AS completed,
                  ${PERCENTILES(ms)}
           FROM tasks t JOIN instances i ON i.id = t.instance_id LEFT JOIN users u ON u.id = t.completed_by
           WHERE t.status = 'completed' AND t.completed_by IS NOT NULL AND ${visible} AND ${range}
             AND ($3 OR t.candidate_groups && $2::text[] OR t.completed_by = $1)
           GROUP BY t.completed_by, u.display_name ORDER BY count(*) DESC, t.completed_by`,
          params,
        )
      : await db.query<ThroughputRow>(
          `SELECT g AS "group", gr.name AS "groupName", count(*)::int AS completed, ${PERCENTILES(ms)}
           FROM tasks t JOIN instances i ON i.id = t.instance_id
           CROSS JOIN LATERAL unnest(t.candidate_groups) g LEFT JOIN groups gr ON gr.id = g
           WHERE t.status = 'completed' AND ${visible} AND ${range} AND ($3 OR g = ANY($2::text[]))
           GROUP BY g, gr.name ORDER BY count(*) DESC, g`,
          params,
        );
  return res.rows;
}

/**
 * Cases of a process counted by one or two variables (`keys`, checked by the caller: never
 * personal data), with how many are open.
 */
export async function breakdown(
  db: Q,
  actor: Actor,
  r: Range & { processId: string },
  keys: string[],
): Promise<BreakdownRow[]> {
  const { params, p, visible } = scoped(actor);
  const base = [p(r.processId), p(r.from ?? null), p(r.to ?? null)];
  const dims = keys.map((k) => `i.state->'variables'->>${p(k)}`);
  const res = await db.query<BreakdownRow>(
    `SELECT ${dims.map((d, n) => `${d} AS "${keys[n]}"`).join(', ')}, count(*)::int AS count,
            count(*) FILTER (WHERE i.status = 'active')::int AS open
     FROM instances i WHERE i.process_id = ${base[0]} AND ${visible}
       AND (${base[1]}::timestamptz IS NULL OR i.started_at >= ${base[1]})
       AND (${base[2]}::timestamptz IS NULL OR i.started_at < ${base[2]})
     GROUP BY ${keys.map((_, n) => n + 1).join(', ')} ORDER BY count(*) DESC`,
    params,
  );
  return res.rows;
}

export interface ScoresQuery extends Range {
  processId: string;
  score: string;
  by?: string;
  answered?: string;
  scale: number;
  period: 'day' | 'week' | 'month';
  timeZone: string;
}

/** A survey process's scores per period of case start (and per value of `by`). */
export async function surveyScores(db: Q, actor: Actor, q: ScoresQuery): Promise<SurveyScoreRow[]> {
  const { params, p, visible } = scoped(actor);
  const [pid, from, to, period, zone, by, score, answered] = [
    q.processId,
    q.from ?? null,
    q.to ?? null,
    q.period,
    q.timeZone,
    q.by ?? null,
    q.score,
    q.answered ?? null,
  ].map(p);
  const levels = Array.from({ length: q.scale }, (_, n) => n + 1);
  const res = await db.query<SurveyScoreRow>(
    `WITH s AS (
       SELECT date_trunc(${period}, i.started_at, ${zone}) AS period,
              CASE WHEN ${by}::text IS NULL THEN NULL ELSE i.state->'variables'->>${by} END AS dim,
              CASE WHEN jsonb_typeof(i.state->'variables'->${score}) = 'number'
                   THEN (i.state->'variables'->>${score})::numeric END AS score,
              CASE WHEN ${answered}::text IS NULL THEN jsonb_typeof(i.state->'variables'->${score}) = 'number'
                   ELSE i.state->'variables'->${answered} = 'true'::jsonb END AS answered,
              ${answered}::text IS NOT NULL AND i.state->'variables'->${answered} = 'false'::jsonb AS declined
       FROM instances i WHERE i.process_id = ${pid} AND ${visible}
         AND (${from}::timestamptz IS NULL OR i.started_at >= ${from})
         AND (${to}::timestamptz IS NULL OR i.started_at < ${to}))
     SELECT period, dim, count(*)::int AS sent, count(*) FILTER (WHERE answered)::int AS answered,
            count(*) FILTER (WHERE declined)::int AS declined, count(score)::int AS responses,
            round(avg(score), 2)::float AS average,
            ${levels.map((n) => `count(*) FILTER (WHERE round(score) = ${n})::int AS s${n}`).join(', ')}
     FROM s GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`,
    params,
  );
  return res.rows;
}

/** Where a rating is recorded: a field of the form a process's user task submits. */
export interface RatingSource {
  processId: string;
  nodeId: string;
  field: string;
}

/**
 * Ratings recorded at task steps (a claim's own survey step, an after-sales request's rating, a
 * follow-up visit), per period of completion: for each source and for all of them together
 * (`source` null), how many ratings, their average and how many gave each whole score. A
 * rating is a number or a numeric text (a select's value); anything else is not counted.
 */
export async function satisfaction(
  db: Q,
  actor: Actor,
  q: Omit<Range, 'processId'> & {
    sources: RatingSource[];
    scale: number;
    period: 'day' | 'week' | 'month';
    timeZone: string;
  },
): Promise<RatingRow[]> {
  const { params, p, visible } = scoped(actor);
  const [procs, nodes, fields, from, to, period, zone] = [
    q.sources.map((s) => s.processId),
    q.sources.map((s) => s.nodeId),
    q.sources.map((s) => s.field),
    q.from ?? null,
    q.to ?? null,
    q.period,
    q.timeZone,
  ].map(p);
  const levels = Array.from({ length: q.scale }, (_, n) => n + 1);
  const res = await db.query<RatingRow>(
    `WITH src AS (SELECT * FROM unnest(${procs}::text[], ${nodes}::text[], ${fields}::text[]) AS s(process_id, node_id, field)),
     r AS (
       SELECT date_trunc(${period}, t.completed_at, ${zone}) AS period,
              s.process_id || '/' || s.node_id || '/' || s.field AS source,
              CASE WHEN jsonb_typeof(t.data->s.field) = 'number' THEN (t.data->>s.field)::numeric
                   WHEN t.data->>s.field ~ '^[0-9]{1,3}(\\.[0-9]{1,3})?$' THEN (t.data->>s.field)::numeric END AS score
       FROM src s JOIN tasks t ON t.process_id = s.process_id AND t.node_id = s.node_id
       JOIN instances i ON i.id = t.instance_id
       WHERE t.status = 'completed' AND ${visible}
         AND (${from}::timestamptz IS NULL OR t.completed_at >= ${from})
         AND (${to}::timestamptz IS NULL OR t.completed_at < ${to}))
     SELECT period, source, count(*)::int AS responses, round(avg(score), 2)::float AS average,
            ${levels.map((n) => `count(*) FILTER (WHERE round(score) = ${n})::int AS s${n}`).join(', ')}
     FROM r WHERE score IS NOT NULL
     GROUP BY GROUPING SETS ((period, source), (period)) ORDER BY period, source NULLS FIRST`,
    params,
  );
  return res.rows;
}
