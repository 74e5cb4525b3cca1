/**
 * Pending timers for supervisors' Operations page: every `jobs` row that waits for a moment in
 * time, by what it is for: a timer event (`timer`), a boundary timer on a task or call
 * (`boundary`), an SLA threshold (`sla`: a warning percentage or the breach) and a service task
 * waiting to retry after a failure (`retry`). Each with its case, process, node and due time,
 * and whether it is overdue (due before now: the worker is behind, since timers never fire
 * early); a timer counted on a business calendar with the version it counts in, flagged when its
 * due instant falls beyond the years that version knows. Supervisors see those of their groups' cases. Paginated; CSV with `?format=csv`.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { TIMER_KINDS, type TimerKind } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { formatParam, sendTable, type TableFormat } from '../csv.ts';
import { answer } from '../schemas.ts';
import { dueGapSchema, dueGapView } from '../views.ts';

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
  calendar: {
    type: ['object', 'null'],
    description:
      'A timer event or boundary timer counted on a business calendar: the calendar version it counts in (null otherwise). In CSV `calendar` is `<id> v<version>`.',
    required: ['id', 'version'],
    properties: { id: { type: 'string' }, version: { type: 'integer' } },
  },
  calendarGap: {
    ...dueGapSchema,
    description:
      "Null, or the years beyond its calendar version's known ones that its due instant falls in (holidays not entered there) and whether a newer version exists (`POST /api/sla-clocks/replay` with the calendar counts it again). In CSV `calendarBeyond`: those years.",
  },
});

export async function timerRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: TimersQuery }>(
    '/timers',
    {
      config: { auth: oversee },
      schema: {
        tags: ['operations'],
        summary:
          'Pending timers: timer events, boundary timers, SLA thresholds and service retries, soonest first, with their case, process, node, due time and whether they are overdue; a timer counted on a business calendar with its calendar version (`calendar`) and, when its due instant falls beyond the years that version knows, `calendarGap`. Supervisors see those of their groups\u2019 cases. `format=csv` gives the page as CSV.',
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
        calendar: r.calendar_basis
          ? { id: r.calendar_basis.id, version: r.calendar_basis.version }
          : null,
        calendarGap: r.calendar_basis
          ? dueGapView(engine, r.calendar_basis, r.due_at.getTime())
          : null,
      }));
      // a table's cells are flat: the calendar and the years its due instant falls beyond
      const table =
        q.format === 'csv'
          ? items.map(({ calendar, calendarGap, ...r }) => ({
              ...r,
              calendar: calendar ? `${calendar.id} v${calendar.version}` : null,
              calendarBeyond: calendarGap ? calendarGap.years.join(' ') : null,
            }))
          : items;
      return sendTable(reply, q.format, table, {
        total,
        overdue,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );
}
