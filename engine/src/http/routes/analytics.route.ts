/**
 * Figures for supervisors' dashboards (administrators and supervisors): cycle times per
 * process and per step (median and p90, from the history), workload per group and person,
 * and counts of cases by non-sensitive case data (e.g. complaints by category and severity).
 * Every table is also available as CSV (`?format=csv`). Aggregates only: no personal data.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine.ts';
import { createError } from '../../errors.ts';
import { formatParam, sendTable } from '../csv.ts';

const oversee = { roles: ['admin', 'supervisor'] };
const period = {
  processId: { type: 'string' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  format: formatParam,
} as const;
type Period = { processId?: string; from?: string; to?: string; format: 'json' | 'csv' };

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
      const personal = keys.filter((k) => engine.personalData.keys.has(k));
      if (personal.length)
        throw createError('CW_ERR_VALIDATION', 'personal data cannot be a dimension', {
          details: personal.map((k) => ({
            code: 'CW_ERR_VALIDATION',
            pointer: '/by',
            message: `${k} is personal data`,
          })),
        });
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
}
