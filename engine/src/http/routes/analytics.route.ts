/**
 * Figures for supervisors' dashboards (administrators and supervisors), each scoped to the
 * cases the caller may see (a supervisor: their groups' cases and their groups' rows): cycle
 * times per process (from creation and from the SLA clock's start) and per step, workload per
 * group and person with names, clocks past their SLA per process (case- and task-level), the
 * ageing of open cases, throughput and handling time per person and group, counts of cases by
 * non-sensitive case data, survey scores, and ratings from every step that records one. Every
 * table is also available as CSV (`?format=csv`). Aggregates only: no personal data.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import type { RatingSource } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { answer, localizedOrNull } from '../schemas.ts';
import { checkZone, refusePersonal } from '../checks.ts';
import { formatParam, sendTable } from '../csv.ts';

const oversee = { duties: ['oversee'] } as const;
const period = {
  processId: { type: 'string', maxLength: 64 },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  format: formatParam,
} as const;
type Period = { processId?: string; from?: string; to?: string; format: 'json' | 'csv' };
const VARIABLE = '^[A-Za-z_][A-Za-z0-9_]*$';
const timeZone = { type: 'string', default: 'UTC', maxLength: 64 } as const;
const periodOf = {
  type: 'string',
  enum: ['day', 'week', 'month'],
  default: 'month',
} as const;

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

/** `process/node/field`: where a rating is recorded. */
const SOURCE = '^[a-z][a-z0-9-]*/[A-Za-z][A-Za-z0-9_-]*/[A-Za-z_][A-Za-z0-9_]*$';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const ms = { type: 'integer', description: 'Milliseconds.' } as const;
const msOrNull = {
  type: ['integer', 'null'],
  description: 'Milliseconds (null: none counted).',
} as const;
const durations = { medianMs: msOrNull, p90Ms: msOrNull, totalMs: ms } as const;
const nameOrNull = { type: ['string', 'null'], description: "The person's display name." } as const;
const groupName = {
  type: ['object', 'null'],
  properties: localizedOrNull.properties,
  description: "The group's name in zh-Hant and en (null: not a known group).",
} as const;
const instant = {
  type: 'string',
  format: 'date-time',
  description: 'The period’s start.',
} as const;
const average = { type: ['number', 'null'], description: 'Rounded to two decimals.' } as const;
const scoreCounts = {
  type: 'integer',
  description: '`s1` … `s<scale>`: how many gave each whole score.',
} as const;

/**
 * The JSON answer of a table: its rows under `items`. Every table is also CSV with
 * `?format=csv` (the same columns, `text/csv`).
 */
const table = (row: object) => ({
  200: answer({ items: { type: 'array', items: row } }),
  400: errorResponse,
  403: errorResponse,
});

export async function analyticsRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: Period & { by: 'process' | 'step' } }>(
    '/analytics/cycle-times',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Cycle time of completed cases per process, measured from creation (`medianMs`, `p90Ms`, `totalMs`) and from the start of the case’s SLA clock (`medianFromStartMs`…: from receipt when the clock counts from `startAt`, from creation when the case has no clock); or the time spent per step (node entered to left). Milliseconds.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...period,
            by: { type: 'string', enum: ['process', 'step'], default: 'process' },
          },
        },
        response: table({
          type: 'object',
          description:
            'by=process: per process, with the cycle time from the SLA clock’s start (`…FromStartMs`); by=step: per process and node.',
          required: ['processId', 'count', 'medianMs', 'p90Ms', 'totalMs'],
          properties: {
            processId: str,
            nodeId: { ...str, description: 'by=step' },
            count: int,
            ...durations,
            medianFromStartMs: { ...msOrNull, description: 'by=process' },
            p90FromStartMs: { ...msOrNull, description: 'by=process' },
            totalFromStartMs: { ...ms, description: 'by=process' },
          },
        }),
      },
    },
    async (req, reply) => {
      const rows =
        req.query.by === 'process'
          ? await engine.data.analytics.cycleTimes(req.actor, req.query)
          : await engine.data.analytics.stepTimes(req.actor, req.query);
      return sendTable(reply, req.query.format, rows);
    },
  );

  app.get<{ Querystring: { format: 'json' | 'csv'; by: 'group' | 'person' } }>(
    '/analytics/workload',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Open tasks per candidate group or per assignee, by name: how many, how many claimed, and how many past their SLA (their own clock or a clock of their case has breached). Supervisors see the groups they belong to or supervise.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: period.format,
            by: { type: 'string', enum: ['group', 'person'], default: 'group' },
          },
        },
        response: table({
          type: 'object',
          description:
            'by=group: `group`, `groupName`, `claimed`; by=person: `person`, `personName`.',
          required: ['open', 'breached'],
          properties: {
            group: str,
            groupName,
            person: str,
            personName: nameOrNull,
            open: int,
            claimed: int,
            breached: int,
          },
        }),
      },
    },
    async (req, reply) =>
      sendTable(
        reply,
        req.query.format,
        await engine.data.analytics.workload(req.actor, req.query.by),
      ),
  );

  app.get<{ Querystring: Period }>(
    '/analytics/past-sla',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Clocks still counting past their target per process, whatever the case waits on: case-level (`caseClocks`), task-level (`taskClocks`), in all (`clocks`), and the cases with at least one (`cases`).',
        querystring: { type: 'object', additionalProperties: false, properties: period },
        response: table(
          answer({ processId: str, caseClocks: int, taskClocks: int, clocks: int, cases: int }),
        ),
      },
    },
    async (req, reply) =>
      sendTable(reply, req.query.format, await engine.data.analytics.pastSla(req.actor, req.query)),
  );

  app.get<{ Querystring: Period }>(
    '/analytics/ageing',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Open cases per process by age since receipt (the start of their SLA clock, else their creation): up to 1, 3, 7, 15 and 30 days and over 30, with the oldest one’s age in milliseconds.',
        querystring: { type: 'object', additionalProperties: false, properties: period },
        response: table(
          answer({
            processId: str,
            open: int,
            upTo1d: int,
            upTo3d: int,
            upTo7d: int,
            upTo15d: int,
            upTo30d: int,
            over30d: int,
            oldestMs: msOrNull,
          }),
        ),
      },
    },
    async (req, reply) =>
      sendTable(
        reply,
        req.query.format,
        await engine.data.analytics.ageing(req.actor, req.query, new Date(engine.clock.now())),
      ),
  );

  app.get<{ Querystring: Period & { by: 'person' | 'group' } }>(
    '/analytics/throughput',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Tasks completed in the range per person (who completed them, by name) or per candidate group, with their handling time from creation to completion: count, median, p90 and total milliseconds.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...period,
            by: { type: 'string', enum: ['person', 'group'], default: 'person' },
          },
        },
        response: table({
          type: 'object',
          description: 'by=person: `person`, `personName`; by=group: `group`, `groupName`.',
          required: ['completed', 'medianMs', 'p90Ms', 'totalMs'],
          properties: {
            person: str,
            personName: nameOrNull,
            group: str,
            groupName,
            completed: int,
            ...durations,
          },
        }),
      },
    },
    async (req, reply) =>
      sendTable(
        reply,
        req.query.format,
        await engine.data.analytics.throughput(req.actor, req.query.by, req.query),
      ),
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
        response: table({
          type: 'object',
          description: 'Each `by` variable’s value (as text, or null) under its name.',
          required: ['count', 'open'],
          properties: { count: int, open: int },
          additionalProperties: { type: ['string', 'null'] },
        }),
      },
    },
    async (req, reply) => {
      const keys = req.query.by.split(',');
      refusePersonal(
        engine,
        keys.map((key) => ({ key, pointer: '/by' })),
      );
      return sendTable(
        reply,
        req.query.format,
        await engine.data.analytics.breakdown(req.actor, req.query, keys),
      );
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
            processId: { type: 'string', maxLength: 64 },
            score: { type: 'string', pattern: VARIABLE, description: 'the numeric variable' },
            by: { type: 'string', pattern: VARIABLE, description: 'what was surveyed' },
            answered: {
              type: 'string',
              pattern: VARIABLE,
              description:
                'the boolean variable saying the customer answered (true) or declined (false); absent: a score means answered',
            },
            scale: { type: 'integer', minimum: 2, maximum: 10, default: 5 },
            period: periodOf,
            timeZone,
          },
        },
        response: table({
          type: 'object',
          description:
            '`s1` … `s<scale>`: how many gave each whole score; with `by`, that variable’s value under its name.',
          required: [
            'period',
            'sent',
            'answered',
            'declined',
            'responseRate',
            'responses',
            'average',
          ],
          properties: {
            period: instant,
            sent: int,
            answered: int,
            declined: int,
            responseRate: { type: 'number', description: 'answered / sent, in percent' },
            responses: int,
            average,
          },
          additionalProperties: { type: ['string', 'integer', 'null'] },
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      refusePersonal(engine, [
        { key: q.score, pointer: '/score' },
        { key: q.by, pointer: '/by' },
        { key: q.answered, pointer: '/answered' },
      ]);
      checkZone(q.timeZone, req.headers['accept-language']);
      const rows = await engine.data.analytics.surveyScores(req.actor, q);
      const items = rows.map(({ period: p, dim, sent, answered, ...rest }) => ({
        period: p.toISOString(),
        ...(q.by ? { [q.by]: dim } : {}),
        sent,
        answered,
        responseRate: Math.round((answered / sent) * 1000) / 10,
        ...rest,
      }));
      return sendTable(reply, q.format, items);
    },
  );

  app.get<{
    Querystring: Omit<Period, 'processId'> & {
      source: string[];
      scale: number;
      period: 'day' | 'week' | 'month';
      timeZone: string;
    };
  }>(
    '/analytics/satisfaction',
    {
      config: { auth: oversee },
      schema: {
        tags: ['analytics'],
        summary:
          'Ratings from every step that records one, per period of completion: each `source` is `process/node/field` (a field of the form a user task submits, e.g. `claim/satisfaction-survey/rating`, `after-sales-request/track/satisfaction`), repeated for each place. For each source and for all together (`source` null): how many ratings, their average and how many gave each whole score from 1 to `scale`. A rating is a number or a numeric text (a select’s value).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['source'],
          properties: {
            from: period.from,
            to: period.to,
            format: period.format,
            source: {
              type: 'array',
              minItems: 1,
              maxItems: 20,
              items: { type: 'string', pattern: SOURCE, maxLength: 200 },
            },
            scale: { type: 'integer', minimum: 2, maximum: 10, default: 5 },
            period: periodOf,
            timeZone,
          },
        },
        response: table({
          type: 'object',
          description: '`s1` … `s<scale>`: how many gave each whole score.',
          required: ['period', 'source', 'responses', 'average'],
          properties: {
            period: instant,
            source: {
              type: ['string', 'null'],
              description: '`process/node/field`, or null for all sources together.',
            },
            responses: int,
            average,
          },
          additionalProperties: scoreCounts,
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const sources: RatingSource[] = q.source.map((s) => {
        const [processId, nodeId, field] = s.split('/') as [string, string, string];
        return { processId, nodeId, field };
      });
      refusePersonal(
        engine,
        sources.map((s, i) => ({ key: s.field, pointer: `/source/${i}` })),
      );
      checkZone(q.timeZone, req.headers['accept-language']);
      const rows = await engine.data.analytics.satisfaction(req.actor, { ...q, sources });
      return sendTable(
        reply,
        q.format,
        rows.map((r) => ({ ...r, period: r.period.toISOString() })),
      );
    },
  );
}
