/**
 * SLA clocks over the API: the clocks of an instance (state, due, remaining, percentage), a
 * report per SLA and period (met, breached, still running, median and p90 elapsed), the
 * preview "if a clock started at this instant, when would it warn and breach?" (the caller's
 * notifications are in notifications.route.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError } from '../../errors.ts';
import { validateBody } from '../../definitions/index.ts';
import type { SlaDefinition } from '../../generated/index.ts';
import type { TimerCalendarBasis } from '../../runtime/index.ts';
import type { BusinessCalendar } from '../../time/index.ts';
import {
  BREACH,
  calendarGap,
  thresholdsOf,
  clockTimers,
  clockView,
  elapsedAt,
  startClock,
  targetOf,
  type ClockState,
} from '../../sla/index.ts';
import { errorResponse } from '../app.ts';
import { answer, localizedOrNull } from '../schemas.ts';
import { calendarTimersAnswer, clockSchema } from '../clock-schemas.ts';
import { checkZone } from '../checks.ts';
import { formatParam, sendTable } from '../csv.ts';
import { dueGapView, gapView } from '../views.ts';
import { visibleInstance } from './instances.route.ts';

const instant = { type: 'string', format: 'date-time' } as const;
const msOrNull = { type: ['integer', 'null'] } as const;

/** A row of the compliance report; also CSV with `?format=csv`. */
const reportRow = answer(
  {
    slaId: { type: 'string' },
    slaName: {
      ...localizedOrNull,
      type: 'object',
      description: "The SLA's name (absent when its version is no longer held).",
    },
    period: { ...instant, description: 'The period’s start.' },
    met: { type: 'integer' },
    breached: { type: 'integer' },
    running: { type: 'integer', description: 'Running or paused.' },
    cancelled: { type: 'integer' },
    compliancePercent: {
      type: ['number', 'null'],
      description: 'Of the clocks decided either way, the share met in time (null: none decided).',
    },
    medianElapsedMs: { ...msOrNull, description: 'Working time of the stopped clocks.' },
    p90ElapsedMs: msOrNull,
  },
  ['slaName'],
);

/** When a clock started at `startAt` would warn and breach (`POST /api/slas/preview`). */
const preview = answer({
  slaId: { type: 'string' },
  version: { type: 'integer' },
  calendar: answer({ id: { type: 'string' }, version: { type: 'integer' } }),
  target: { type: 'string', description: 'The target as an ISO 8601 duration.' },
  startAt: instant,
  targetWorkingMs: { type: 'integer' },
  events: {
    type: 'array',
    items: answer({
      percent: { type: 'number', description: 'Of the target (100: the breach).' },
      kind: { type: 'string', enum: ['warning', 'breach'] },
      at: instant,
    }),
  },
});

const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

function slaName(engine: Engine, id: string, version?: number) {
  try {
    return engine.registry.sla(id, version).name;
  } catch {
    return undefined; // a version no longer held: the id says which SLA it was
  }
}

/** A clock as the API shows it, its elapsed time computed in its calendar at `now`. */
export function clockJson(engine: Engine, c: ClockState, now: number) {
  const cal = engine.registry.calendar(c.calendarId, c.calendarVersion);
  const elapsed = elapsedAt(c, now, cal);
  return {
    id: c.id,
    slaId: c.slaId,
    slaVersion: c.slaVersion,
    slaName: slaName(engine, c.slaId, c.slaVersion),
    taskId: c.taskId,
    state: clockView(c),
    target: c.target,
    calendar: { id: c.calendarId, version: c.calendarVersion },
    startedAt: iso(c.startedAt),
    dueAt: iso(c.dueAt),
    breachedAt: iso(c.breachedAt),
    stoppedAt: iso(c.stoppedAt),
    targetMs: c.targetMs,
    elapsedMs: elapsed,
    remainingMs: Math.max(0, c.targetMs - elapsed),
    overdueMs: Math.max(0, elapsed - c.targetMs),
    percent: c.targetMs ? Math.round((elapsed / c.targetMs) * 1000) / 10 : 0,
    thresholdsFired: c.fired.filter((p) => p !== BREACH),
    calendarGap: gapJson(engine, c, cal, now),
  };
}

/** The clock's dependence on years its calendar version does not know (null: none). */
function gapJson(engine: Engine, c: ClockState, cal: BusinessCalendar, now: number) {
  let thresholds: number[] = [];
  try {
    thresholds = thresholdsOf(engine.registry.sla(c.slaId, c.slaVersion));
  } catch {
    // a version no longer held: the due instant alone
  }
  return gapView(engine, calendarGap(c, thresholds, cal, now));
}

/** A row counted on a calendar as `calendarDueSchema` shows it, its basis's start as `from`. */
function calendarDueView<From extends string>(
  engine: Engine,
  t: { id: string; nodeId: string | null; dueAt: number; basis: TimerCalendarBasis },
  from: From,
) {
  return {
    id: t.id,
    nodeId: t.nodeId,
    dueAt: iso(t.dueAt)!,
    [from]: iso(t.basis.from)!,
    duration: t.basis.duration,
    calendar: { id: t.basis.id, version: t.basis.version },
    calendarGap: dueGapView(engine, t.basis, t.dueAt),
  };
}

/**
 * The case's pending timers counted on a business calendar, each flagged when its due instant
 * falls beyond the years its calendar version knows.
 */
export async function calendarTimersOf(engine: Engine, instanceId: string) {
  const timers = await engine.data.jobs.pendingCalendarTimers({ instanceId });
  return timers.map((t) => calendarDueView(engine, t, 'armedAt'));
}

/** The case's open tasks with a due date counted on a business calendar, each flagged like a timer. */
export async function calendarTasksOf(engine: Engine, instanceId: string) {
  const tasks = await engine.data.tasks.openCalendarTasks({ instanceId });
  return tasks.map((t) => calendarDueView(engine, t, 'countedFrom'));
}

export async function slaRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/instances/:id/slas',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['slas'],
        summary:
          'The SLA clocks of an instance and of its tasks, and its pending timers counted on a business calendar (`timers`), each flagged (`calendarGap`) when an instant falls beyond the years its calendar version knows.',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 200 } },
          required: ['id'],
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'now', 'timers'],
            properties: {
              items: { type: 'array', items: clockSchema },
              now: {
                type: 'string',
                format: 'date-time',
                description:
                  "The engine's instant of the answer (a page's live countdown counts from it).",
              },
              timers: calendarTimersAnswer,
            },
          },
          404: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      const now = engine.clock.now();
      const [clocks, timers] = await Promise.all([
        engine.data.sla.loadClocks({ instanceId: req.params.id }),
        calendarTimersOf(engine, req.params.id),
      ]);
      return {
        items: clocks.map((c) => clockJson(engine, c, now)),
        now: new Date(now).toISOString(),
        timers,
      };
    },
  );

  app.get<{
    Querystring: {
      slaId?: string;
      from: string;
      to: string;
      period: 'day' | 'week' | 'month';
      timeZone: string;
      format: 'json' | 'csv';
    };
  }>(
    '/slas/report',
    {
      config: { auth: { duties: ['oversee'] } },
      schema: {
        tags: ['slas'],
        summary:
          'SLA compliance per SLA and period of clock start (a `week` or `month` trend): met, breached, running (or paused), cancelled, `compliancePercent` (met of met and breached; null when neither), median and p90 elapsed working time of stopped clocks. Scoped to the cases the caller may see; also as CSV (`?format=csv`).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            slaId: { type: 'string' },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            period: { type: 'string', enum: ['day', 'week', 'month'], default: 'month' },
            timeZone: { type: 'string', default: 'UTC', maxLength: 64 },
            format: formatParam,
          },
        },
        response: {
          200: answer({ items: { type: 'array', items: reportRow } }),
          400: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      checkZone(q.timeZone, req.headers['accept-language']);
      const rows = await engine.data.sla.slaReport(req.actor, {
        from: new Date(q.from),
        to: new Date(q.to),
        slaId: q.slaId,
        period: q.period,
        timeZone: q.timeZone,
      });
      const items = rows.map((x) => ({
        slaId: x.sla_id,
        slaName: slaName(engine, x.sla_id),
        period: x.period.toISOString(),
        met: x.met,
        breached: x.breached,
        running: x.running,
        cancelled: x.cancelled,
        // of the clocks decided either way: the share met in time
        compliancePercent:
          x.met + x.breached ? Math.round((x.met / (x.met + x.breached)) * 1000) / 10 : null,
        medianElapsedMs: x.median === null ? null : Math.round(x.median),
        p90ElapsedMs: x.p90 === null ? null : Math.round(x.p90),
      }));
      return sendTable(reply, q.format, items);
    },
  );

  app.post<{
    Body: {
      slaId?: string;
      version?: number;
      sla?: Record<string, unknown>;
      startAt?: string;
      variables?: Record<string, unknown>;
    };
  }>(
    '/slas/preview',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['slas'],
        summary:
          'If a clock of this SLA (a published one by `slaId`, or an unpublished body as `sla`, e.g. a draft) started at `startAt` (default now) with these variables and never paused, when would each threshold fire and when would it breach?',
        body: {
          type: 'object',
          additionalProperties: false,
          oneOf: [{ required: ['slaId'] }, { required: ['sla'] }],
          properties: {
            slaId: { type: 'string' },
            sla: { type: 'object', additionalProperties: true },
            version: { type: 'integer', minimum: 1 },
            startAt: { type: 'string', format: 'date-time' },
            variables: { type: 'object', additionalProperties: true },
          },
        },
        response: { 200: preview, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const sla = req.body.sla
        ? checkedSla(req.body.sla)
        : engine.registry.sla(req.body.slaId!, req.body.version);
      const cal = engine.registry.calendar(sla.calendar.id, sla.calendar.version);
      const at = req.body.startAt ? Date.parse(req.body.startAt) : engine.clock.now();
      const target = targetOf(sla, req.body.variables ?? {}, { now: engine.clock.now() });
      const c = startClock(
        {
          id: 'preview',
          instanceId: 'preview',
          taskId: null,
          slaId: sla.id,
          slaVersion: sla.version,
          calendarId: cal.id,
          calendarVersion: cal.version,
          target,
        },
        at,
        cal,
      );
      const thresholds = (sla.thresholds ?? []).map((t) => t.percent);
      return {
        slaId: sla.id,
        version: sla.version,
        calendar: { id: cal.id, version: cal.version },
        target,
        startAt: new Date(at).toISOString(),
        targetWorkingMs: c.targetMs,
        events: clockTimers(c, thresholds, cal).map((t) => ({
          percent: t.percent,
          kind: t.percent === BREACH ? 'breach' : 'warning',
          at: new Date(t.dueAt).toISOString(),
        })),
      };
    },
  );

  /** An unpublished SLA body, valid against the meta-schema and the loaded definitions. */
  function checkedSla(body: Record<string, unknown>): SlaDefinition {
    const candidate = { version: 1, ...body };
    const problems = validateBody('sla', candidate, engine.registry.scope(engine.actions), {
      warnings: false,
    });
    if (problems.length) throw createError('CW_ERR_VALIDATION', undefined, { details: problems });
    return candidate as unknown as SlaDefinition;
  }
}
