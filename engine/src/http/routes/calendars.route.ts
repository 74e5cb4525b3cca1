/**
 * Calendars that never run out silently: the calendars in use with the years they know and the
 * live clocks and pending calendar timers that depend on later years (operations), and replaying
 * them against the latest version of a calendar or an SLA, as a dry-run report first and then
 * for real.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { calendarCoverage } from '../../supervision/index.ts';
import { errorResponse } from '../app.ts';
import { localizedOrNull as localized, replayReasons } from '../schemas.ts';

// `required` lists what the engine always sends (the studio's types follow it); Fastify's
// serializer fails a response that leaves one out
const ref = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string' }, version: { type: 'integer' } },
} as const;
const years = {
  type: 'object',
  required: ['from', 'to'],
  properties: { from: { type: ['integer', 'null'] }, to: { type: ['integer', 'null'] } },
} as const;
const side = {
  type: 'object',
  required: ['slaVersion', 'calendar', 'target', 'dueAt'],
  properties: {
    slaVersion: { type: 'integer' },
    calendar: ref,
    target: { type: 'string' },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const timerSide = {
  type: 'object',
  required: ['calendar', 'dueAt'],
  properties: { calendar: ref, dueAt: { type: 'string', format: 'date-time' } },
} as const;
/** The case of a replayed clock, timer or task. */
const caseOf = {
  instanceId: { type: 'string' },
  processId: { type: 'string' },
  businessKey: { type: ['string', 'null'] },
  reference: { type: ['string', 'null'] },
} as const;
/** A timer's or a task's due instant as it is and as the replay counts it, and why it moves. */
const recount = {
  from: timerSide,
  to: timerSide,
  differenceMs: { type: 'integer' },
  reasons: replayReasons,
  moves: { type: 'boolean' },
} as const;

/** Reading the coverage: those who oversee the work and those who publish calendars. */
const coverageRule = { duties: ['oversee', 'design'] } as const;

export async function calendarRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/calendars/coverage',
    {
      config: { auth: coverageRule },
      schema: {
        tags: ['slas'],
        summary:
          "Calendars in use (by live clocks, pending process timers or open tasks' due dates counted on a calendar, or an SLA's latest version) and the years they know: per calendar the latest version's known years and when they end (`state` runsOutSoon from 60 days before, ranOut after), the live clocks, pending timers and open tasks whose due or warning instants fall beyond the years of the version they count in (`beyond`, by year; `timers` and `tasks` for those alone), those counting in an older version (a replay moves them) and the operations line in each language; per SLA, the live clocks of older versions.",
        response: {
          200: {
            type: 'object',
            required: ['items', 'slas'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'calendar',
                    'name',
                    'knownYears',
                    'knownUntil',
                    'daysLeft',
                    'state',
                    'liveClocks',
                    'beyond',
                    'byYear',
                    'olderVersion',
                    'timers',
                    'tasks',
                    'message',
                  ],
                  properties: {
                    calendar: ref,
                    name: localized,
                    knownYears: years,
                    knownUntil: { type: ['string', 'null'], format: 'date-time' },
                    daysLeft: { type: ['integer', 'null'] },
                    state: { type: 'string', enum: ['ok', 'runsOutSoon', 'ranOut'] },
                    liveClocks: { type: 'integer' },
                    beyond: { type: 'integer' },
                    byYear: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['year', 'clocks'],
                        properties: { year: { type: 'integer' }, clocks: { type: 'integer' } },
                      },
                    },
                    olderVersion: { type: 'integer' },
                    timers: {
                      type: 'object',
                      description:
                        'Pending process timers counted on this calendar (`timer` with `calendar`): how many, how many fall beyond the years of the version they count in, how many count in an older version. Also counted in `beyond`, `byYear` and `olderVersion`.',
                      required: ['pending', 'beyond', 'olderVersion'],
                      properties: {
                        pending: { type: 'integer' },
                        beyond: { type: 'integer' },
                        olderVersion: { type: 'integer' },
                      },
                    },
                    tasks: {
                      type: 'object',
                      description:
                        'Open user tasks whose due date counts on this calendar (`dueDate` with `calendar`): how many, how many are due beyond the years of the version they count in, how many count in an older version. Also counted in `beyond`, `byYear` and `olderVersion`.',
                      required: ['open', 'beyond', 'olderVersion'],
                      properties: {
                        open: { type: 'integer' },
                        beyond: { type: 'integer' },
                        olderVersion: { type: 'integer' },
                      },
                    },
                    message: localized,
                  },
                },
              },
              slas: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['sla', 'olderVersion'],
                  properties: { sla: ref, olderVersion: { type: 'integer' } },
                },
              },
            },
          },
        },
      },
    },
    async () => calendarCoverage(engine, engine.clock.now()),
  );

  app.post<{ Body: { calendarId?: string; slaId?: string; apply?: boolean } }>(
    '/sla-clocks/replay',
    {
      config: { auth: { duties: ['design'] } },
      schema: {
        tags: ['slas'],
        summary:
          "Replays live clocks against the latest version of a calendar (`calendarId`) or of an SLA (`slaId`): the working time used stays as counted, the target is evaluated again (a supervisor's move kept), the due and warning instants are counted from now in the new versions. Without `apply` a dry run: every clock it would change, with its instants before and after, the due instant's difference and why (`reasons`), and those it leaves (`skipped`: breached, ended, same-versions, not-computable). With `apply: true` each clock is replayed in its own transaction, with a `replay` entry in its log and an `sla.replayed` entry in its case's history. A calendar's replay also counts again its pending process timers (`timers`: a `timer` node or boundary timer with `calendar`): the same duration from the instant each was armed, in the latest version, never before now (one already due is skipped as `due`); applied, each moved row takes its new instant and its queue entry is armed again, with a `timer.replayed` entry in its case's history. It also recounts the due dates of open user tasks on that calendar (`tasks`: `dueDate` with `calendar`): the same duration from when each task opened, in the latest version, also when it has passed (a due date fires nothing: the inbox's order and the task's view follow it); applied, each moved task takes its new due date with a `task.dueReplayed` entry in its case's history. Timers and tasks are named by their node (`nodeName`, in each language, with `nodeId`).",
        body: {
          type: 'object',
          additionalProperties: false,
          oneOf: [{ required: ['calendarId'] }, { required: ['slaId'] }],
          properties: {
            calendarId: { type: 'string', minLength: 1, maxLength: 200 },
            slaId: { type: 'string', minLength: 1, maxLength: 200 },
            apply: { type: 'boolean', default: false },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['applied', 'to', 'items', 'timers', 'tasks', 'skipped'],
            properties: {
              applied: { type: 'boolean' },
              to: {
                type: 'object',
                description: 'The latest version replayed to: `calendar` or `sla`, as asked.',
                properties: { calendar: ref, sla: ref },
              },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'clockId',
                    'instanceId',
                    'processId',
                    'businessKey',
                    'reference',
                    'slaId',
                    'taskId',
                    'status',
                    'from',
                    'to',
                    'differenceMs',
                    'instants',
                    'reasons',
                    'moves',
                  ],
                  properties: {
                    clockId: { type: 'string' },
                    ...caseOf,
                    slaId: { type: 'string' },
                    taskId: { type: ['string', 'null'] },
                    status: { type: 'string', enum: ['running', 'paused'] },
                    from: side,
                    to: side,
                    differenceMs: { type: ['integer', 'null'] },
                    instants: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['percent', 'from', 'to'],
                        properties: {
                          percent: { type: 'integer' },
                          from: { type: ['string', 'null'], format: 'date-time' },
                          to: { type: ['string', 'null'], format: 'date-time' },
                        },
                      },
                    },
                    reasons: replayReasons,
                    moves: { type: 'boolean' },
                  },
                },
              },
              timers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'timerId',
                    'instanceId',
                    'processId',
                    'businessKey',
                    'reference',
                    'nodeId',
                    'nodeName',
                    'duration',
                    'armedAt',
                    'from',
                    'to',
                    'differenceMs',
                    'reasons',
                    'moves',
                  ],
                  properties: {
                    timerId: { type: 'string' },
                    ...caseOf,
                    nodeId: { type: ['string', 'null'] },
                    nodeName: localized,
                    duration: { type: 'string' },
                    armedAt: { type: 'string', format: 'date-time' },
                    ...recount,
                  },
                },
              },
              tasks: {
                type: 'array',
                items: {
                  type: 'object',
                  required: [
                    'taskId',
                    'instanceId',
                    'processId',
                    'businessKey',
                    'reference',
                    'nodeId',
                    'nodeName',
                    'duration',
                    'countedFrom',
                    'from',
                    'to',
                    'differenceMs',
                    'reasons',
                    'moves',
                  ],
                  properties: {
                    taskId: { type: 'string' },
                    ...caseOf,
                    nodeId: { type: 'string' },
                    nodeName: localized,
                    duration: { type: 'string' },
                    countedFrom: { type: 'string', format: 'date-time' },
                    ...recount,
                  },
                },
              },
              skipped: {
                type: 'array',
                items: {
                  type: 'object',
                  description:
                    'A clock (`clockId`), a timer (`timerId`) or a task (`taskId`) left as it is.',
                  required: ['reason'],
                  properties: {
                    clockId: { type: 'string' },
                    timerId: { type: 'string' },
                    taskId: { type: 'string' },
                    reason: { type: 'string' },
                  },
                },
              },
            },
          },
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const { calendarId, slaId, apply = false } = req.body;
      return engine.executor.replayClocks(
        calendarId ? { calendarId, apply } : { slaId: slaId!, apply },
        req.actor,
      );
    },
  );
}
