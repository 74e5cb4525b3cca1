/**
 * Pending timers for supervisors' Operations page: every `jobs` row that waits for a moment in
 * time, by what it is for: a timer event (`timer`), a boundary timer on a task or call
 * (`boundary`), an SLA threshold (`sla`: a warning percentage or the breach) and a service task
 * waiting to retry after a failure (`retry`). Each with its case, process, node and due time,
 * and whether it is overdue (due before now: the worker is behind, since timers never fire
 * early). Supervisors see those of their groups' cases. Paginated; CSV with `?format=csv`.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { DUTIES, instanceVisibleParams, instanceVisibleSql } from '../../access/index.ts';
import { errorResponse } from '../app.ts';
import { formatParam, sendTable, type TableFormat } from '../csv.ts';

const oversee = { roles: DUTIES.oversee };

/** What a pending timer is for. */
export const TIMER_KINDS = ['timer', 'boundary', 'sla', 'retry'] as const;
export type TimerKind = (typeof TIMER_KINDS)[number];

interface TimersQuery {
  status: 'pending';
  kind?: TimerKind;
  processId?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
  format: TableFormat;
}

/**
 * The kind of a job row as a timer, or NULL when the row is not one: boundary timer ids end in
 * `@<boundary node>` (runtime/step.ts); a service job at a later attempt waits for its backoff.
 */
const KIND_SQL = `CASE WHEN j.kind = 'timer' AND position('@' IN j.id) > 0 THEN 'boundary'
  WHEN j.kind = 'timer' THEN 'timer'
  WHEN j.kind = 'sla' THEN 'sla'
  WHEN j.kind = 'service' AND j.attempt > 1 THEN 'retry' END`;

/** The rows (the SLA threshold's clock and its task give the SLA and the node). */
const FROM = `FROM jobs j
  JOIN instances i ON i.id = j.instance_id
  LEFT JOIN sla_clocks c ON j.kind = 'sla' AND c.id = j.payload->>'clockId'
  LEFT JOIN tasks ct ON ct.id = c.task_id
  CROSS JOIN LATERAL (SELECT ${KIND_SQL} AS kind) k`;

interface TimerRow {
  id: string;
  instance_id: string;
  business_key: string | null;
  process_id: string;
  process_version: number;
  node_id: string | null;
  kind: TimerKind;
  due_at: Date;
  sla_id: string | null;
  task_id: string | null;
  percent: number | null;
  attempt: number;
  max_attempts: number;
  action: string | null;
}

const timerItem = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instanceId: { type: 'string' },
    businessKey: { type: ['string', 'null'] },
    processId: { type: 'string' },
    processVersion: { type: 'integer' },
    nodeId: { type: ['string', 'null'] },
    kind: { type: 'string', enum: TIMER_KINDS },
    dueAt: { type: 'string', format: 'date-time' },
    overdue: { type: 'boolean' },
    slaId: { type: ['string', 'null'] },
    taskId: { type: ['string', 'null'] },
    percent: {
      type: ['integer', 'null'],
      description: 'SLA thresholds: the percentage of the target (100 = breach)',
    },
    attempt: { type: 'integer', description: 'retries: the attempt that will run' },
    maxAttempts: { type: 'integer' },
    action: { type: ['string', 'null'] },
  },
} as const;

export async function timerRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: TimersQuery }>(
    '/timers',
    {
      config: { auth: oversee },
      schema: {
        tags: ['operations'],
        summary:
          'Pending timers: timer events, boundary timers, SLA thresholds and service retries, soonest first, with their case, process, node, due time and whether they are overdue. Supervisors see those of their groups\u2019 cases. `format=csv` gives the page as CSV.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['pending'], default: 'pending' },
            kind: { type: 'string', enum: TIMER_KINDS },
            processId: { type: 'string' },
            overdue: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, default: 0 },
            format: formatParam,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: timerItem },
              total: { type: 'integer' },
              overdue: { type: 'integer', description: 'how many of all the matches are overdue' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const now = new Date(engine.clock.now());
      const where = `j.status = 'pending' AND k.kind IS NOT NULL
        AND ($1::text IS NULL OR k.kind = $1) AND ($2::text IS NULL OR i.process_id = $2)
        AND ($3::boolean IS NULL OR (j.due_at < $4) = $3) AND ${instanceVisibleSql('i', 5)}`;
      const params = [
        q.kind ?? null,
        q.processId ?? null,
        q.overdue ?? null,
        now,
        ...instanceVisibleParams(req.actor),
      ];
      const [rows, count] = await Promise.all([
        engine.db.query<TimerRow>(
          `SELECT j.id, j.instance_id, i.business_key, i.process_id, i.process_version,
                  COALESCE(j.node_id, ct.node_id) AS node_id, k.kind, j.due_at, c.sla_id, c.task_id,
                  (j.payload->>'percent')::int AS percent, j.attempt, j.max_attempts, j.action
           ${FROM} WHERE ${where} ORDER BY j.due_at, j.id LIMIT $8 OFFSET $9`,
          [...params, q.limit, q.offset],
        ),
        engine.db.query<{ n: number; overdue: number }>(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE j.due_at < $4)::int AS overdue
           ${FROM} WHERE ${where}`,
          params,
        ),
      ]);
      const items = rows.rows.map((r) => ({
        id: r.id,
        instanceId: r.instance_id,
        businessKey: r.business_key,
        processId: r.process_id,
        processVersion: r.process_version,
        nodeId: r.node_id,
        kind: r.kind,
        dueAt: r.due_at.toISOString(),
        overdue: r.due_at.getTime() < now.getTime(),
        slaId: r.sla_id,
        taskId: r.task_id,
        percent: r.percent,
        attempt: r.attempt,
        maxAttempts: r.max_attempts,
        action: r.action,
      }));
      const { n, overdue } = count.rows[0]!;
      return sendTable(reply, q.format, items, {
        total: n,
        overdue,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );
}
