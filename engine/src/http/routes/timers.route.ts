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
import { TIMER_KINDS, type TimerKind } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { formatParam, sendTable, type TableFormat } from '../csv.ts';
import { answer } from '../schemas.ts';

const oversee = { duties: ['oversee'] } as const;

interface TimersQuery {
  status: 'pending';
  kind?: TimerKind;
  processId?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
  format: TableFormat;
}

const timerItem = answer({
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
});

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
          200: answer({
            items: { type: 'array', items: timerItem },
            total: { type: 'integer' },
            overdue: { type: 'integer', description: 'how many of all the matches are overdue' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
          }),
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const now = new Date(engine.clock.now());
      const { rows, total, overdue } = await engine.data.jobs.pendingTimers(req.actor, {
        kind: q.kind,
        processId: q.processId,
        overdue: q.overdue,
        now,
        limit: q.limit,
        offset: q.offset,
      });
      const items = rows.map((r) => ({
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
      return sendTable(reply, q.format, items, {
        total,
        overdue,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );
}
