import type { FastifyInstance } from 'fastify';
import { reveal, revealQuery } from '../personal-data.ts';
import type { Engine } from '../../engine-types.ts';
import { taskContext } from '../../cases/index.ts';
import type { ReassignTarget } from '../../effects/index.ts';
import { tasks, INBOX_TOTAL_CAP, type InboxRow, type InstanceRow } from '../../store/index.ts';
import { may, mayWork } from '../../access/index.ts';
import type { UserTaskNode } from '../../generated/index.ts';
import { createError, langFromHeader } from '../../errors.ts';
import { normalise } from '../../search/index.ts';
import { errorResponse } from '../app.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';
import { definitionBody, noContent, ref } from '../schemas.ts';
import { dueGapSchema, dueGapView, formClockOf, instanceView, taskView } from '../views.ts';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 } },
  required: ['id'],
} as const;

interface InboxQuery {
  scope: 'mine' | 'groups' | 'all';
  status: 'open' | 'completed' | 'cancelled';
  processId?: string;
  nodeId?: string;
  businessKey?: string;
  customer?: string;
  minPriority?: number;
  sort: 'due' | 'priority' | 'created' | 'sla';
  slaState?: 'running' | 'paused' | 'warning' | 'breached' | 'none';
  limit: number;
  offset: number;
  after?: string;
}

/** The user task node of a task, in the version its case runs (undefined if no longer held). */
function userTaskNode(
  engine: Engine,
  instance: InstanceRow,
  nodeId: string,
): UserTaskNode | undefined {
  try {
    const { definition } = engine.registry.process(instance.process_id, instance.process_version);
    const node = definition.nodes.find((n) => n.id === nodeId);
    return node?.type === 'userTask' ? node : undefined;
  } catch {
    return undefined;
  }
}

/** A task with what its form needs (`GET /api/tasks/{id}`). */
/** The clock a form's rules read in the browser: the engine's instant, the process's zone. */
export const formClock = {
  type: 'object',
  additionalProperties: false,
  required: ['now', 'zone'],
  properties: {
    now: { type: 'string', format: 'date-time' },
    zone: {
      type: 'string',
      description: "The process's time zone (IANA; UTC when it declares none).",
    },
  },
} as const;

/** A task's due date beyond its calendar version's known years (null: not), as lists and the detail show it. */
const dueCalendarGapSchema = {
  ...dueGapSchema,
  description:
    "Null, or the years beyond its calendar version's known ones that the task's due date falls in (its due date counts on a business calendar, `dueCalendar`), and whether a newer version exists (a calendar replay recounts it).",
} as const;

/** The flag of an open task's due date counted beyond its calendar's known years, else null. */
function dueCalendarGapOf(engine: Engine, t: InboxRow) {
  return t.status === 'open' && t.due_at && t.due_basis && 'id' in t.due_basis
    ? dueGapView(engine, t.due_basis, t.due_at.getTime())
    : null;
}

/** A task as the inbox lists it: with its due date's calendar flag (the inbox row shows it). */
const listedTask = {
  allOf: [
    ref('Task'),
    {
      type: 'object',
      required: ['dueCalendarGap'],
      properties: { dueCalendarGap: dueCalendarGapSchema },
    },
  ],
} as const;

const taskDetail = {
  allOf: [
    ref('Task'),
    {
      type: 'object',
      required: [
        'formDefinition',
        'prefill',
        'draft',
        'data',
        'instance',
        'clock',
        'context',
        'dueCalendarGap',
      ],
      properties: {
        dueCalendarGap: dueCalendarGapSchema,
        formDefinition: definitionBody,
        prefill: { type: 'object', additionalProperties: true },
        draft: { type: ['object', 'null'], additionalProperties: true },
        data: { type: ['object', 'null'], additionalProperties: true },
        instance: ref('Instance'),
        clock: formClock,
        context: ref('TaskCaseContext'),
      },
    },
  ],
} as const;

export async function taskRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: InboxQuery }>(
    '/tasks',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary:
          "Task inbox: mine (assigned to me or offered to me by name), my groups' (unassigned), or all (administrators: every task; supervisors: every task of the groups they belong to or supervise).",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            scope: { type: 'string', enum: ['mine', 'groups', 'all'], default: 'mine' },
            status: { type: 'string', enum: ['open', 'completed', 'cancelled'], default: 'open' },
            processId: { type: 'string' },
            nodeId: { type: 'string' },
            businessKey: { type: 'string' },
            customer: {
              type: 'string',
              maxLength: 200,
              description:
                "The start of the customer's name, as the process's `search` declaration names it.",
            },
            minPriority: { type: 'integer', minimum: -1000000, maximum: 1000000 },
            sort: { type: 'string', enum: ['due', 'priority', 'created', 'sla'], default: 'due' },
            slaState: {
              type: 'string',
              enum: ['running', 'paused', 'warning', 'breached', 'none'],
            },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: {
              type: 'integer',
              minimum: 0,
              default: 0,
              description:
                'Tasks to skip (after `after`, if given). Deep offsets read every skipped task: page on with `after`.',
            },
            after: {
              type: 'string',
              maxLength: 1000,
              description:
                'The `next` of the previous page, with the same filters and sort: the page that follows it, read from an index however deep it is.',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total', 'totalCapped', 'next', 'limit', 'offset'],
            properties: {
              items: { type: 'array', items: listedTask },
              total: {
                type: 'integer',
                description: `How many tasks the query selects, counted up to ${INBOX_TOTAL_CAP} (see \`totalCapped\`).`,
              },
              totalCapped: {
                type: 'boolean',
                description: `There are more than ${INBOX_TOTAL_CAP}: \`total\` is ${INBOX_TOTAL_CAP}, shown as "${INBOX_TOTAL_CAP.toLocaleString('en')}+".`,
              },
              next: {
                type: ['string', 'null'],
                description: 'Pass as `after` for the next page; null on the last page.',
              },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          400: errorResponse,
          403: errorResponse,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const a = req.actor;
      if (q.scope === 'all' && !may(a, 'oversee')) throw createError('CW_ERR_FORBIDDEN');
      const { after: cursor, ...query } = q;
      const after = cursor === undefined ? undefined : tasks.inboxCursor(q.sort, cursor);
      if (cursor !== undefined && !after)
        throw createError('CW_ERR_VALIDATION', undefined, {
          details: [
            {
              code: 'CW_ERR_VALIDATION',
              pointer: '/after',
              message: `not the next page of a list sorted by ${q.sort}`,
            },
          ],
        });
      const { rows, total, capped, next } = await engine.data.tasks.inbox(a, {
        ...query,
        ...(after ? { after } : {}),
        customer: q.customer === undefined ? null : normalise('customerName', q.customer),
      });
      return {
        items: rows.map((r) => ({ ...taskView(r), dueCalendarGap: dueCalendarGapOf(engine, r) })),
        total,
        totalCapped: capped,
        next,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { reveal: boolean } }>(
    '/tasks/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary:
          "A task with its form definition, prefill data, saved draft and instance, and the case it belongs to as its worker sees it (`context`: earlier submissions, each with its form, by whom and when, and chosen variables, as the user task's `context` says; every earlier submission by default), and the clock its form's rules read (`clock`: the engine's instant and the process's time zone, where `today()` counts days). Personal data masked unless revealed.",
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: revealQuery },
        response: { 200: taskDetail, 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const t = await engine.data.tasks.taskWithPeople(req.params.id);
      if (!t || !mayWork(req.actor, t))
        throw createError('CW_ERR_NOT_FOUND', `task ${req.params.id} not found`);
      const instance = (await engine.data.instances.readInstance(t.instance_id))!;
      const node = userTaskNode(engine, instance, t.node_id);
      const body = {
        ...taskView(t),
        dueCalendarGap: dueCalendarGapOf(engine, t),
        formDefinition: engine.registry.form(t.form_id, t.form_version),
        prefill: t.prefill,
        draft: t.draft,
        data: t.data,
        instance: instanceView(instance),
        clock: formClockOf(
          engine,
          engine.registry.process(instance.process_id, instance.process_version).definition,
        ),
        context: taskContext(
          node,
          await engine.data.history.caseSubmissions(instance),
          instance.state.variables,
          t.id,
        ),
      };
      if (req.query.reveal) await reveal(engine, req, t.instance_id, body);
      return body;
    },
  );

  for (const [path, claim] of [
    ['claim', true],
    ['unclaim', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(
      `/tasks/:id/${path}`,
      {
        config: { auth: 'user' },
        schema: {
          tags: ['tasks'],
          summary: claim
            ? 'Claim a task (assign it to me).'
            : 'Give a claimed task back to its groups.',
          params: idParams,
          response: { 204: noContent, 404: errorResponse, 409: errorResponse },
        },
      },
      async (req, reply) => {
        await engine.executor.claimTask(req.params.id, req.actor, claim);
        return reply.status(204).send();
      },
    );
  }

  app.post<{ Body: { taskIds: string[]; to: ReassignTarget; reason?: string } }>(
    '/tasks/reassign',
    {
      config: { auth: { duties: ['oversee'] } },
      schema: {
        tags: ['tasks'],
        summary:
          'Reassign open tasks to one user or one group, all or nothing: if any task cannot move (404 not yours to move, 409 not open) none moves and the 409 lists each refused task by the pointer /taskIds/<index>. Each move is recorded in its case history and announced to the inboxes.',
        body: {
          type: 'object',
          required: ['taskIds', 'to'],
          additionalProperties: false,
          properties: {
            taskIds: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              items: { type: 'string', maxLength: 200 },
            },
            to: {
              type: 'object',
              additionalProperties: false,
              minProperties: 1,
              maxProperties: 1,
              description:
                'Either user (assign to them) or group (offer to the group, unassigned).',
              properties: {
                user: { type: 'string', minLength: 1, maxLength: 100 },
                group: { type: 'string', minLength: 1, maxLength: 100 },
              },
            },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    taskId: { type: 'string' },
                    instanceId: { type: 'string' },
                    previous: {
                      type: 'object',
                      properties: {
                        assignee: { type: 'string', nullable: true },
                        candidateGroups: { type: 'array', items: { type: 'string' } },
                        candidateUsers: { type: 'array', items: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
          400: errorResponse,
          403: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req) => ({
      items: await engine.executor.reassignTasks(
        req.body.taskIds,
        req.body.to,
        req.actor,
        langFromHeader(req.headers['accept-language']),
        req.body.reason,
      ),
    }),
  );

  app.put<{ Params: { id: string }; Body: { data: Record<string, unknown> } }>(
    '/tasks/:id/draft',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary: 'Save a draft of the form data (not validated, not submitted).',
        params: idParams,
        body: {
          type: 'object',
          required: ['data'],
          additionalProperties: false,
          properties: { data: { type: 'object', additionalProperties: true } },
        },
        response: { 204: noContent, 403: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      await engine.executor.saveDraft(req.params.id, req.body.data, req.actor);
      return reply.status(204).send();
    },
  );

  app.post<{ Params: { id: string }; Body: { data: Record<string, unknown> } }>(
    '/tasks/:id/complete',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary:
          "Complete a task with form data, validated against the task's form (400 with per-field JSON pointers); a second completion is 409, unless it repeats the first with its Idempotency-Key (then the first answer again).",
        params: idParams,
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          required: ['data'],
          additionalProperties: false,
          properties: { data: { type: 'object', additionalProperties: true } },
        },
        response: {
          200: ref('Instance'),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) =>
      idempotent<InstanceRow>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.completeTask(
            req.params.id,
            req.body.data,
            req.actor,
            langFromHeader(req.headers['accept-language']),
            hooks,
          ),
        answer: (row) => ({ status: 200, body: instanceView(row) }),
      }),
  );
}
