/**
 * The deadline worklist and what a supervisor does from its rows: raise a case's priority, move
 * a clock's due instant with a reason, and pick whom to give a task (the people who may work
 * it). Reassigning and notes have their own routes (POST /api/tasks/reassign, POST
 * /api/cases/{id}/notes). Administrators see every case; supervisors the cases of the groups
 * they belong to or supervise.
 */
import type { FastifyInstance } from 'fastify';
import { mayEverWork } from '../../access/index.ts';
import type { Engine } from '../../engine-types.ts';
import { createError, fieldError, langFromHeader } from '../../errors.ts';
import { isValidTimeZone } from '../../time/index.ts';
import { DUE_BUCKETS, readWorklist, type DueBucket } from '../../supervision/index.ts';
import { errorResponse } from '../app.ts';
import { answer } from '../schemas.ts';
import { visibleInstance } from './instances.route.ts';

const oversee = { duties: ['oversee'] } as const;
const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 } },
  required: ['id'],
} as const;
const reason = { type: 'string', maxLength: 1000 } as const;
const localized = {
  type: ['object', 'null'],
  properties: { 'zh-Hant': { type: 'string' }, en: { type: 'string' } },
  // any other locale a definition adds (zh-Hans…): response schemas drop undeclared keys
  additionalProperties: { type: 'string' },
} as const;

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const num = { type: 'number' } as const;
const instantOrNull = { type: ['string', 'null'], format: 'date-time' } as const;

/** One counting clock of the worklist (supervision `WorklistRow`). */
const worklistRow = answer({
  clockId: str,
  slaId: str,
  slaName: localized,
  scope: { type: 'string', enum: ['case', 'task'] },
  taskId: strOrNull,
  state: { type: 'string', enum: ['running', 'paused', 'breached'] },
  bucket: { type: 'string', enum: [...DUE_BUCKETS] },
  startedAt: { type: 'string', format: 'date-time' },
  dueAt: instantOrNull,
  breachedAt: instantOrNull,
  targetMs: num,
  elapsedMs: num,
  remainingMs: { type: 'integer' },
  overdueMs: { type: 'integer' },
  percent: num,
  thresholdsFired: { type: 'array', items: num },
  movable: {
    type: 'boolean',
    description: 'Whether a supervisor may move its due instant (running, not breached).',
  },
  case: answer({
    id: str,
    reference: strOrNull,
    businessKey: strOrNull,
    processId: str,
    processVersion: { type: 'integer' },
    processName: localized,
    priority: { type: ['number', 'null'] },
  }),
  waitingOn: {
    type: 'array',
    items: answer(
      {
        kind: {
          type: 'string',
          enum: ['task', 'customer', 'timer', 'incident', 'service', 'subcase', 'gateway'],
        },
        nodeId: str,
        name: localized,
        incidentId: str,
      },
      ['incidentId'],
    ),
  },
  tasks: {
    type: 'array',
    items: answer({
      id: str,
      nodeId: str,
      name: localized,
      assignee: strOrNull,
      assigneeName: strOrNull,
      candidateGroups: { type: 'array', items: str },
      priority: num,
      mayReassign: {
        type: 'boolean',
        description: 'Whether the viewer may reassign it (the rule for working it).',
      },
    }),
  },
});

interface WorklistQuerystring {
  processId?: string;
  group?: string;
  assignee?: string;
  minPercent?: number;
  timeZone: string;
  limit: number;
  offset: number;
}

export async function worklistRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: WorklistQuerystring }>(
    '/worklist',
    {
      config: { auth: oversee },
      schema: {
        tags: ['supervision'],
        summary:
          'The deadline worklist: every SLA clock still counting (case- and task-level) on the active cases you supervise, whatever the case waits on (a task, the customer, a timer, an incident): SLA name, percent of its target used, working time left or overdue, due instant, the group it falls in by day in `timeZone` (overdue, today, tomorrow, week: within seven days, later; paused apart), the case, its process and open tasks with their assignees. Sorted by due instant; filters by process, group, assignee and the percent used; paged, with counts per group.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            processId: { type: 'string', maxLength: 64 },
            group: { type: 'string', maxLength: 100 },
            assignee: { type: 'string', maxLength: 100 },
            minPercent: { type: 'number', minimum: 0, maximum: 10000 },
            timeZone: { type: 'string', default: 'Asia/Shanghai', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
        },
        response: {
          200: answer({
            items: { type: 'array', items: worklistRow },
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
            counts: answer(
              Object.fromEntries(DUE_BUCKETS.map((b) => [b, { type: 'integer' }])) as Record<
                DueBucket,
                { type: 'integer' }
              >,
              [],
              'Clocks per group, over the whole filtered list (not only this page).',
            ),
            now: {
              type: 'string',
              format: 'date-time',
              description:
                "The engine's instant of the answer (the live countdown counts from it).",
            },
          }),
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (req) => {
      if (!isValidTimeZone(req.query.timeZone))
        throw fieldError(
          'CW_ERR_VALIDATION',
          '/timeZone',
          langFromHeader(req.headers['accept-language']),
        );
      return readWorklist(engine, req.actor, req.query);
    },
  );

  app.post<{ Params: { id: string }; Body: { priority: number; reason?: string } }>(
    '/cases/:id/priority',
    {
      config: { auth: oversee },
      schema: {
        tags: ['supervision'],
        summary:
          "Raises a case's priority (never lowers it): its open tasks now and every task it creates from then on start at least there. Recorded in its history (`case.priorityRaised`, with the reason).",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['priority'],
          properties: { priority: { type: 'integer', minimum: 0, maximum: 100 }, reason },
        },
        response: {
          200: {
            type: 'object',
            required: ['instanceId', 'priority'],
            properties: { instanceId: { type: 'string' }, priority: { type: 'integer' } },
          },
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      const row = await engine.executor.raiseCasePriority(
        {
          instanceId: req.params.id,
          priority: req.body.priority,
          reason: req.body.reason?.trim() ?? '',
        },
        req.actor,
      );
      return { instanceId: row.id, priority: row.state.priority ?? null };
    },
  );

  app.post<{ Params: { id: string }; Body: { dueAt: string; reason: string } }>(
    '/sla-clocks/:id/due',
    {
      config: { auth: oversee },
      schema: {
        tags: ['supervision'],
        summary:
          "Moves a running clock's due instant (e.g. a complex complaint given more time), with the reason: the clock's target becomes the working time used plus the working time until `dueAt` in its calendar, its warnings and breach are armed again, and the move is kept in the clock's log and the case's history (`sla.dueMoved`). A paused, stopped or breached clock does not move (409).",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['dueAt', 'reason'],
          properties: {
            dueAt: { type: 'string', format: 'date-time' },
            reason: { ...reason, minLength: 1, pattern: '\\S' },
          },
        },
        response: {
          200: answer({
            clockId: str,
            instanceId: str,
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
          }),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req) => {
      const lang = langFromHeader(req.headers['accept-language']);
      const [clock] = await engine.data.sla.loadClocks({ clockId: req.params.id });
      if (!clock)
        throw createError('CW_ERR_NOT_FOUND', `clock ${req.params.id} not found`, {
          data: { clockId: req.params.id },
        });
      // a clock of a case you may not see is not found either
      await visibleInstance(engine, clock.instanceId, req.actor).catch(() => {
        throw createError('CW_ERR_NOT_FOUND', `clock ${req.params.id} not found`, {
          data: { clockId: req.params.id },
        });
      });
      const dueAt = Date.parse(req.body.dueAt);
      if (!(dueAt > engine.clock.now())) throw fieldError('CW_ERR_DUE_NOT_FUTURE', '/dueAt', lang);
      return engine.executor.moveClockDue(
        { clockId: req.params.id, dueAt, reason: req.body.reason.trim() },
        req.actor,
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    '/tasks/:id/candidates',
    {
      config: { auth: oversee },
      schema: {
        tags: ['supervision'],
        summary:
          'The people a task may be given to (a people picker): enabled users who may work it by the same rule as working it (its candidate users and groups, supervisors of its groups, administrators), by name, with how many open tasks each has now.',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    displayName: { type: 'string' },
                    groups: { type: 'array', items: { type: 'string' } },
                    openTasks: { type: 'integer' },
                  },
                },
              },
            },
          },
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const task = await engine.data.tasks.taskOffer(req.params.id);
      if (!task || !mayEverWork(req.actor, task))
        throw createError('CW_ERR_NOT_FOUND', `task ${req.params.id} not found`, {
          data: { taskId: req.params.id },
        });
      const people = (
        await engine.data.identity.possibleWorkers({
          candidateGroups: task.candidate_groups,
          candidateUsers: task.candidate_users,
        })
      ).filter((u) => mayEverWork(u, { ...task, assignee: null }));
      const load = await engine.data.tasks.openTaskCounts(people.map((u) => u.id));
      return {
        items: people.map((u) => ({
          id: u.id,
          displayName: u.displayName,
          groups: u.groups,
          openTasks: load[u.id] ?? 0,
        })),
      };
    },
  );
}
