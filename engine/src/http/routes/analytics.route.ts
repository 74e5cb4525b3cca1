/**
 * Figures for supervisors' dashboards (administrators and supervisors): cycle times per
 * process and per step (median and p90, from the history), workload per group and person,
 * counts of cases by non-sensitive case data (e.g. complaints by category and severity), and
 * scores recorded by survey cases (average, distribution and response rate per period).
 * Every table is also available as CSV (`?format=csv`). Aggregates only: no personal data.
 */
import { DUTIES } from '../../access/index.ts';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError } from '../../errors.ts';
import { errorResponse } from '../app.ts';
import { formatParam, sendTable } from '../csv.ts';

const oversee = { roles: DUTIES.oversee };
const period = {
  processId: { type: 'string' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  format: formatParam,
} as const;
type Period = { processId?: string; from?: string; to?: string; format: 'json' | 'csv' };
const VARIABLE = '^[A-Za-z_][A-Za-z0-9_]*$';

/** Refuses (400) variables that hold personal data as a dimension or a score. */
function refusePersonal(engine: Engine, keys: { key: string | undefined; pointer: string }[]) {
  const personal = keys.filter((k) => k.key !== undefined && engine.personalData.keys.has(k.key));
  if (personal.length)
    throw createError('CW_ERR_VALIDATION', 'personal data cannot be a dimension', {
      details: personal.map((k) => ({
        code: 'CW_ERR_VALIDATION',
        pointer: k.pointer,
        message: `${k.key} is personal data`,
      })),
    });
}

interface ScoresQuery {
  processId: string;
  score: string;
  by?: string;
  answered?: string;
  scale: number;
  from?: string;
  to?: string;
  period: 'day' | 'week' | 'month';
  timeZone: string;
  format: 'json' | 'csv';
}

export async function analyticsRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: Period & { by: 'process' | 'step' } }>(
    '/analytics/cycle-times',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Cycle time of completed cases per process, or time spent per step (node entered to left): count, median, p90 and total, in milliseconds.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...period,
            by: { type: 'string', enum: ['process', 'step'], default: 'process' },
          },
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const args = [q.processId ?? null, q.from ?? null, q.to ?? null];
      const rows =
        q.by === 'process'
          ? await engine.db.query(
              `SELECT process_id AS "processId", count(*)::int AS count,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::bigint AS "medianMs",
                      percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::bigint AS "p90Ms",
                      sum(ms)::bigint AS "totalMs"
               FROM (SELECT process_id, extract(epoch FROM ended_at - started_at) * 1000 AS ms FROM instances
                     WHERE status = 'completed' AND ($1::text IS NULL OR process_id = $1)
                       AND ($2::timestamptz IS NULL OR ended_at >= $2) AND ($3::timestamptz IS NULL OR ended_at < $3)) x
               GROUP BY process_id ORDER BY process_id`,
              args,
            )
          : // each visit of a node: from node.entered to the next node.left of the same token
            await engine.db.query(
              `SELECT i.process_id AS "processId", e.node_id AS "nodeId", count(*)::int AS count,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::bigint AS "medianMs",
                      percentile_cont(0.9) WITHIN GROUP (ORDER BY ms)::bigint AS "p90Ms",
                      sum(ms)::bigint AS "totalMs"
               FROM history e
               JOIN instances i ON i.id = e.instance_id
               CROSS JOIN LATERAL (
                 SELECT extract(epoch FROM l.at - e.at) * 1000 AS ms FROM history l
                 WHERE l.instance_id = e.instance_id AND l.token_id = e.token_id AND l.node_id = e.node_id
                   AND l.type = 'node.left' AND l.seq > e.seq ORDER BY l.seq LIMIT 1) left_at
               WHERE e.type = 'node.entered' AND ($1::text IS NULL OR i.process_id = $1)
                 AND ($2::timestamptz IS NULL OR e.at >= $2) AND ($3::timestamptz IS NULL OR e.at < $3)
               GROUP BY i.process_id, e.node_id ORDER BY i.process_id, sum(ms) DESC`,
              args,
            );
      return sendTable(reply, q.format, rows.rows);
    },
  );

  app.get<{ Querystring: { format: 'json' | 'csv'; by: 'group' | 'person' } }>(
    '/analytics/workload',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Open tasks per candidate group or per assignee: how many, how many claimed, and how many past their SLA.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: period.format,
            by: { type: 'string', enum: ['group', 'person'], default: 'group' },
          },
        },
      },
    },
    async (req, reply) => {
      const breached = `EXISTS (SELECT 1 FROM sla_clocks c WHERE c.task_id = t.id AND c.breached_at IS NOT NULL AND c.status IN ('running', 'paused'))`;
      const rows =
        req.query.by === 'group'
          ? await engine.db.query(
              `SELECT g AS "group", count(*)::int AS open, count(t.assignee)::int AS claimed,
                      count(*) FILTER (WHERE ${breached})::int AS breached
               FROM tasks t CROSS JOIN LATERAL unnest(t.candidate_groups) g
               WHERE t.status = 'open' GROUP BY g ORDER BY count(*) DESC, g`,
            )
          : await engine.db.query(
              `SELECT t.assignee AS person, count(*)::int AS open,
                      count(*) FILTER (WHERE ${breached})::int AS breached
               FROM tasks t WHERE t.status = 'open' AND t.assignee IS NOT NULL
               GROUP BY t.assignee ORDER BY count(*) DESC, t.assignee`,
            );
      return sendTable(reply, req.query.format, rows.rows);
    },
  );

  app.get<{ Querystring: Period & { processId: string; by: string } }>(
    '/analytics/breakdown',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Cases of a process counted by one or two of their variables (e.g. `by=category,severity`), with how many are still open; personal data cannot be a dimension.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['processId', 'by'],
          properties: {
            ...period,
            by: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)?$' },
          },
        },
      },
    },
    async (req, reply) => {
      const keys = req.query.by.split(',');
      refusePersonal(
        engine,
        keys.map((key) => ({ key, pointer: '/by' })),
      );
      const dims = keys.map((_, i) => `state->'variables'->>$${i + 4}`);
      const rows = await engine.db.query(
        `SELECT ${dims.map((d, i) => `${d} AS "${keys[i]}"`).join(', ')}, count(*)::int AS count,
                count(*) FILTER (WHERE status = 'active')::int AS open
         FROM instances WHERE process_id = $1
           AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3)
         GROUP BY ${keys.map((_, i) => i + 1).join(', ')} ORDER BY count(*) DESC`,
        [req.query.processId, req.query.from ?? null, req.query.to ?? null, ...keys],
      );
      return sendTable(reply, req.query.format, rows.rows);
    },
  );

  app.get<{ Querystring: ScoresQuery }>(
    '/analytics/scores',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Scores recorded by the cases of a survey process (e.g. `processId=survey-response&score=overallRating&answered=answered&by=surveyKind`), per period of case start and optionally per value of another variable: surveys sent (cases started), answered, declined, response rate (percent), responses with a score, average score and how many gave each whole score from 1 to `scale`.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['processId', 'score'],
          properties: {
            ...period,
            processId: { type: 'string' },
            score: { type: 'string', pattern: VARIABLE, description: 'the numeric variable' },
            by: { type: 'string', pattern: VARIABLE, description: 'what was surveyed' },
            answered: {
              type: 'string',
              pattern: VARIABLE,
              description:
                'the boolean variable saying the customer answered (true) or declined (false); absent: a score means answered',
            },
            scale: { type: 'integer', minimum: 2, maximum: 10, default: 5 },
            period: { type: 'string', enum: ['day', 'week', 'month'], default: 'month' },
            timeZone: { type: 'string', default: 'UTC', maxLength: 64 },
          },
        },
        response: { 400: errorResponse, 403: errorResponse },
      },
    },
    async (req, reply) => {
      const q = req.query;
      refusePersonal(engine, [
        { key: q.score, pointer: '/score' },
        { key: q.by, pointer: '/by' },
        { key: q.answered, pointer: '/answered' },
      ]);
      if (!Intl.supportedValuesOf('timeZone').includes(q.timeZone) && q.timeZone !== 'UTC')
        throw createError('CW_ERR_VALIDATION', `unknown time zone ${q.timeZone}`, {
          details: [
            {
              code: 'CW_ERR_VALIDATION',
              pointer: '/timeZone',
              message: `unknown time zone ${q.timeZone}`,
            },
          ],
        });
      const levels = Array.from({ length: q.scale }, (_, i) => i + 1);
      const r = await engine.db.query<Record<string, unknown> & { period: Date }>(
        `WITH s AS (
           SELECT date_trunc($4, started_at, $5) AS period,
                  CASE WHEN $6::text IS NULL THEN NULL ELSE state->'variables'->>$6 END AS dim,
                  CASE WHEN jsonb_typeof(state->'variables'->$7) = 'number'
                       THEN (state->'variables'->>$7)::numeric END AS score,
                  CASE WHEN $8::text IS NULL THEN jsonb_typeof(state->'variables'->$7) = 'number'
                       ELSE state->'variables'->$8 = 'true'::jsonb END AS answered,
                  $8::text IS NOT NULL AND state->'variables'->$8 = 'false'::jsonb AS declined
           FROM instances WHERE process_id = $1
             AND ($2::timestamptz IS NULL OR started_at >= $2) AND ($3::timestamptz IS NULL OR started_at < $3))
         SELECT period, dim, count(*)::int AS sent, count(*) FILTER (WHERE answered)::int AS answered,
                count(*) FILTER (WHERE declined)::int AS declined, count(score)::int AS responses,
                round(avg(score), 2)::float AS average,
                ${levels.map((n) => `count(*) FILTER (WHERE round(score) = ${n})::int AS s${n}`).join(', ')}
         FROM s GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`,
        [
          q.processId,
          q.from ?? null,
          q.to ?? null,
          q.period,
          q.timeZone,
          q.by ?? null,
          q.score,
          q.answered ?? null,
        ],
      );
      const items = r.rows.map(({ period: p, dim, sent, answered, ...rest }) => ({
        period: p.toISOString(),
        ...(q.by ? { [q.by]: dim } : {}),
        sent,
        answered,
        responseRate: Math.round(((answered as number) / (sent as number)) * 1000) / 10,
        ...rest,
      }));
      return sendTable(reply, q.format, items);
    },
  );
}
