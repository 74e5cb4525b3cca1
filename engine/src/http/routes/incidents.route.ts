/**
 * Incidents an operator can trace and resolve: the list (paged, by process and error, counted
 * per process and error for retrying alike ones together), one incident with its case (where on
 * the process graph it stopped), the input, every attempt with its error, the case's clocks and
 * what the caller may do; retry, retry after correcting variables (recorded), skip the step with
 * a reason (administrators), and bulk retry. Supervisors see those of their groups' cases.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { may, type Actor } from '../../access/index.ts';
import { createError } from '../../errors.ts';
import type { IncidentSummaryRow } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { answer, localizedOrNull } from '../schemas.ts';
import { clocksOf, definitionOf, graphOf } from '../case-read.ts';
import { explainedClockSchema, graphSchema } from '../case-schemas.ts';
import { visibleInstance } from './instances.route.ts';

const ops = { duties: ['oversee'] } as const;
const VARIABLE = '^[A-Za-z_][A-Za-z0-9_]*$';
const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 300 } },
  required: ['id'],
} as const;

const maySkip = (actor: Actor) => may(actor, 'skipSteps');

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

/** An incident as the list shows it (and the detail starts with). */
const summaryProperties = {
  id: str,
  instanceId: str,
  jobId: str,
  nodeId: strOrNull,
  error: str,
  code: { ...strOrNull, description: 'The business error code a plugin gave, or null.' },
  status: { type: 'string', enum: ['open', 'resolved'] },
  createdAt: instant,
  firstFailedAt: instant,
  resolvedAt: { type: ['string', 'null'], format: 'date-time' },
  resolvedBy: strOrNull,
  kind: str,
  action: strOrNull,
  case: answer({
    id: str,
    reference: strOrNull,
    businessKey: strOrNull,
    processId: str,
    processVersion: { type: 'integer' },
    status: str,
  }),
  processName: localizedOrNull,
  nodeName: localizedOrNull,
} as const;

const incidentSummaryView = answer(summaryProperties);

const incidentView = answer({
  ...summaryProperties,
  details: {
    type: ['object', 'null'],
    additionalProperties: true,
    description:
      "The business error's details (what the plugin gave with its code), or a gateway's undecided condition (`{ condition: { flowId, expression, result | error, read } }`) or a multi-instance collection that could not run (`{ condition: { code, expression, result | error, valueType | size, read } }`), or null.",
  },
  node: {
    type: ['object', 'null'],
    required: ['id', 'type', 'name', 'input'],
    properties: {
      id: str,
      type: str,
      name: localizedOrNull,
      input: {
        type: ['object', 'null'],
        additionalProperties: { type: 'string' },
        description: "A service task's input mappings (FEEL per input), else null.",
      },
    },
  },
  graph: graphSchema,
  waitingAt: { type: 'array', items: str },
  variables: openObject,
  job: answer({
    kind: str,
    action: strOrNull,
    input: { description: 'The input the work ran with (personal data masked), or null.' },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    lastError: strOrNull,
  }),
  attempts: {
    type: 'array',
    items: answer({
      at: instant,
      type: str,
      attempt: { type: ['integer', 'null'] },
      error: strOrNull,
      actor: strOrNull,
      actorName: strOrNull,
      reason: strOrNull,
    }),
  },
  clocks: {
    type: 'array',
    description: "The case's SLA clocks explained, as `GET /api/cases/{id}` gives them.",
    items: explainedClockSchema,
  },
  actions: answer({
    retry: { type: 'boolean' },
    retryWithVariables: { type: 'boolean' },
    retryEvaluatingInput: {
      type: 'boolean',
      description: 'A failed service task may run again with its input mappings evaluated anew.',
    },
    skip: { type: 'boolean' },
    cancelCase: { type: 'boolean' },
  }),
});

interface ListQuery {
  status: 'open' | 'resolved';
  instanceId?: string;
  processId?: string;
  error?: string;
  code?: string;
  limit: number;
  offset: number;
}

export async function incidentRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const nameOf = (r: Pick<IncidentSummaryRow, 'process_id' | 'process_version' | 'node_id'>) => {
    const def = definitionOf(engine, r);
    return {
      processName: def?.name ?? null,
      nodeName: (r.node_id && def?.nodes.find((n) => n.id === r.node_id)?.name) || null,
    };
  };
  const summary = (i: IncidentSummaryRow) => ({
    id: i.id,
    instanceId: i.instance_id,
    jobId: i.job_id,
    nodeId: i.node_id,
    error: i.error,
    /** The business error's code a plugin gave (`PermanentError`), or null. */
    code: i.error_code,
    status: i.status,
    createdAt: i.created_at.toISOString(),
    firstFailedAt: i.first_failed_at.toISOString(),
    resolvedAt: i.resolved_at?.toISOString() ?? null,
    resolvedBy: i.resolved_by,
    kind: i.kind,
    action: i.action,
    case: {
      id: i.instance_id,
      reference: i.reference,
      businessKey: i.business_key,
      processId: i.process_id,
      processVersion: i.process_version,
      status: i.instance_status,
    },
    ...nameOf(i),
  });

  app.get<{ Querystring: ListQuery }>(
    '/incidents',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary:
          "Incidents: service tasks out of retries and steps that failed (FEEL error, no matching flow), oldest failure first, each with its case and the instant its work first failed (kept across retries that fail again); filtered by process, exact error and business error code, paged, with counts per process and error. Supervisors see those of their groups' cases.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'resolved'], default: 'open' },
            instanceId: { type: 'string', maxLength: 200 },
            processId: { type: 'string', maxLength: 64 },
            error: { type: 'string', maxLength: 4000 },
            code: { type: 'string', maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
        },
        response: {
          200: answer({
            items: { type: 'array', items: incidentSummaryView },
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
            groups: {
              type: 'array',
              description: 'The filtered incidents counted per process and error (at most 100).',
              items: answer({ processId: str, error: str, count: { type: 'integer' } }),
            },
          }),
          400: errorResponse,
        },
      },
    },
    async (req) => {
      const { limit, offset, ...filter } = req.query;
      const page = await engine.data.jobs.listIncidents(req.actor, filter, { limit, offset });
      return {
        items: page.items.map(summary),
        total: page.total,
        limit,
        offset,
        groups: page.groups,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/incidents/:id',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary:
          'One incident with what an operator needs to resolve it: its case (reference, process, the graph with the node where it stopped), the work behind it (action, input with personal data masked, its mappings), every attempt with its error and each retry or repair, the case variables, its SLA clocks, and what the caller may do (retry, retry with corrected variables, skip the step, cancel the case).',
        params: idParams,
        response: { 200: incidentView, 404: errorResponse },
      },
    },
    async (req) => {
      const n = await engine.data.jobs.incidentDetail(req.actor, req.params.id);
      if (!n) throw createError('CW_ERR_NOT_FOUND', `incident ${req.params.id} not found`);
      const def = definitionOf(engine, n);
      const node = n.node_id ? def?.nodes.find((x) => x.id === n.node_id) : undefined;
      const [history, clocks, instance] = await Promise.all([
        engine.data.jobs.jobHistory(n.instance_id, n.job_id),
        clocksOf(engine, n.instance_id, engine.clock.now()),
        visibleInstance(engine, n.instance_id, req.actor),
      ]);
      const people = await engine.data.identity.displayNames(history.map((h) => h.actor));
      const active = n.instance_status === 'active';
      const open = n.status === 'open';
      const state = instance.state;
      return {
        ...summary(n),
        /** The business error's details (a JSON object the plugin gave with its code), or null. */
        details: n.error_details,
        node: node
          ? {
              id: node.id,
              type: node.type,
              name: node.name ?? null,
              input: node.type === 'serviceTask' ? (node.input ?? {}) : null,
            }
          : null,
        graph: graphOf(def),
        waitingAt: state.tokens.map((t) => t.nodeId),
        variables: state.variables,
        job: {
          kind: n.kind,
          action: n.action,
          input: n.payload.input ?? null,
          attempts: n.attempt,
          maxAttempts: n.max_attempts,
          lastError: n.last_error,
        },
        attempts: history.map((h) => ({
          at: h.at.toISOString(),
          type: h.type,
          attempt: typeof h.data?.attempt === 'number' ? h.data.attempt : null,
          error: typeof h.data?.error === 'string' ? h.data.error : null,
          actor: h.actor,
          actorName: h.actor ? (people[h.actor] ?? null) : null,
          reason: typeof h.data?.reason === 'string' ? h.data.reason : null,
        })),
        clocks,
        actions: {
          retry: open,
          retryWithVariables: open && active,
          retryEvaluatingInput: open && active && n.kind === 'service',
          skip:
            open &&
            maySkip(req.actor) &&
            (n.kind === 'sla-action' ||
              n.kind === 'plugin-event' ||
              (n.kind === 'service' && active)),
          cancelCase: active,
        },
      };
    },
  );

  app.post<{
    Params: { id: string };
    Body:
      | { variables?: Record<string, unknown>; reason?: string; input?: 'stored' | 'evaluate' }
      | undefined;
  }>(
    '/incidents/:id/retry',
    {
      config: { auth: ops },
      // a plain retry may come without a body
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['incidents'],
        summary:
          "Retry the work behind an open incident once more; with `variables`, after correcting the case's variables (recorded in its history with their previous values and `reason`; a failed service task's input is evaluated again from them). Without variables, the work runs with the input it had (`input: stored`, the default) or, with `input: evaluate`, a failed service task's input mappings evaluated again over the case's variables now (409 CW_ERR_INCIDENT_INPUT_NOT_MAPPED for other work). Personal data may be corrected only with the personal-data role.",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            variables: {
              type: 'object',
              additionalProperties: true,
              maxProperties: 50,
              propertyNames: { pattern: VARIABLE, maxLength: 100 },
            },
            reason: { type: 'string', maxLength: 1000 },
            input: { type: 'string', enum: ['stored', 'evaluate'], default: 'stored' },
          },
        },
        response: {
          202: answer({ status: { type: 'string', enum: ['retrying'] } }),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req, reply) => {
      await visible(req.params.id, req.actor);
      const variables = req.body?.variables ?? {};
      const personal = Object.keys(variables).filter((k) => engine.personalData.keys.has(k));
      if (personal.length && !may(req.actor, 'readPersonalData'))
        throw createError('CW_ERR_PERSONAL_DATA_EDIT', undefined, {
          details: personal.map((k) => ({
            code: 'CW_ERR_PERSONAL_DATA_EDIT',
            pointer: `/variables/${k}`,
            message: `${k} is personal data`,
          })),
        });
      await engine.executor.retryIncident(req.params.id, req.actor, {
        variables,
        reason: req.body?.reason?.trim() ?? '',
        input: req.body?.input ?? 'stored',
      });
      return reply.status(202).send({ status: 'retrying' });
    },
  );

  app.post<{ Params: { id: string }; Body: { reason: string } }>(
    '/incidents/:id/skip',
    {
      config: { auth: { duties: ['skipSteps'] } },
      schema: {
        tags: ['incidents'],
        summary:
          'Skip the step behind an open incident, with the reason (administrators): a failed service task is passed over and the case moves on without its result (`node.skipped`); a failed SLA or plugin action is given up (`incident.skipped`). Other incidents cannot be skipped (409).',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 1000, pattern: '\\S' } },
        },
        response: {
          200: answer({ status: { type: 'string', enum: ['skipped'] } }),
          400: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req) => {
      await visible(req.params.id, req.actor);
      await engine.executor.skipIncident(req.params.id, req.actor, req.body.reason.trim());
      return { status: 'skipped' };
    },
  );

  app.post<{ Body: { incidentIds?: string[]; processId?: string; error?: string } }>(
    '/incidents/retry',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary:
          'Bulk retry: the open incidents you may see that are named in `incidentIds`, or that match `processId` and the exact `error` (at most 200 at once), each in its own transaction; answers which were retried and which were refused (with their codes).',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            incidentIds: {
              type: 'array',
              minItems: 1,
              maxItems: 200,
              items: { type: 'string', maxLength: 300 },
            },
            processId: { type: 'string', maxLength: 64 },
            error: { type: 'string', maxLength: 4000 },
          },
        },
        response: {
          200: answer({
            retried: { type: 'array', items: str },
            refused: { type: 'array', items: answer({ incidentId: str, code: str }) },
          }),
          400: errorResponse,
        },
      },
    },
    async (req) => {
      const ids = await engine.data.jobs.openIncidentIds(req.actor, {
        ids: req.body.incidentIds,
        processId: req.body.processId,
        error: req.body.error,
      });
      return engine.executor.retryIncidents(ids, req.actor);
    },
  );

  /** Not found unless the incident belongs to a case the actor may see. */
  async function visible(id: string, actor: Actor): Promise<void> {
    if (!(await engine.data.jobs.incidentVisible(actor, id)))
      throw createError('CW_ERR_NOT_FOUND', `incident ${id} not found`);
  }
}
