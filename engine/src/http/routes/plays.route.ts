/**
 * Play mode over the API (designers and administrators): start a play of a process's draft (or
 * of a body, or a published version) in a sandbox, move it (start, complete tasks, send
 * messages, move the simulated clock, give dry plugin results, cancel), read it, save it as a
 * scenario beside the process, and replay a process's scenarios. A play is its designer's
 * only; nothing of it reaches the case tables, inboxes, search, dashboards or reports.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { removeScenario } from '../../definitions/index.ts';
import { createError, langFromHeader } from '../../errors.ts';
import type { ScenarioDefinition } from '../../generated/index.ts';
import { PlayService, type PlayAction } from '../../play/index.ts';
import { errorResponse } from '../app.ts';
import { answer, definitionBody, localizedText, noContent, ref, waitKind } from '../schemas.ts';
import { ISO_DURATION_PATTERN } from '../../time/index.ts';

const design = { duties: ['design'] } as const;
const PROCESS_ID = { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 } as const;
const NODE_ID = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', maxLength: 64 } as const;
const NAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 } as const;
const TEXT = {
  type: 'object',
  additionalProperties: false,
  required: ['zh-Hant', 'en'],
  properties: {
    'zh-Hant': { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;
const open = { type: 'object', additionalProperties: true } as const;

const str = { type: 'string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const instantOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const strings = { type: 'array', items: str } as const;
const openOrNull = { type: ['object', 'null'], additionalProperties: true } as const;
const text = localizedText;
const waiting = answer({ nodeId: str, waitingFor: waitKind });

/**
 * Rows of the play's sandbox as docs/runtime.md ("Play mode and scenarios") shows them: every
 * member play/view.ts gives listed (required unless `optional`), so none is dropped.
 */
const row = <P extends Record<string, object>>(
  description: string,
  properties: P,
  optional: readonly (keyof P & string)[] = [],
) =>
  ({
    type: 'array',
    description,
    items: answer(properties, optional),
  }) as const;

/**
 * A play as `GET /api/plays/{id}` shows it: the sandbox's cases, tasks, timers, jobs, messages,
 * incidents and SLA clocks, the path taken, what the simulated clock may jump to, the history
 * and the steps played (play/view.ts).
 */
const playView = answer({
  id: str,
  processId: str,
  version: int,
  draft: { type: 'boolean', description: 'It plays the saved draft (or a body sent).' },
  status: { type: 'string', enum: ['new', 'active', 'completed', 'cancelled'] },
  startedAt: instant,
  now: { ...instant, description: 'The simulated clock.' },
  timeZone: strOrNull,
  startForm: { ...definitionBody, type: ['object', 'null'] },
  instances: row('The cases of the play (the played one and the ones it called).', {
    id: str,
    processId: str,
    version: int,
    played: { type: 'boolean', description: 'It runs the played body.' },
    parentId: strOrNull,
    businessKey: strOrNull,
    status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
    outcome: strOrNull,
    variables: open,
    tokens: { type: 'array', items: answer({ id: str, nodeId: str, waitingFor: waitKind }) },
    startedAt: instant,
    endedAt: instantOrNull,
  }),
  tasks: row('Tasks, with their form definitions (open tasks) and prefill.', {
    id: str,
    instanceId: str,
    processId: str,
    nodeId: str,
    status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
    form: answer(
      {
        id: str,
        version: { type: ['integer', 'null'] },
        draft: { type: 'boolean' },
        definition: definitionBody,
      },
      ['definition'],
    ),
    prefill: open,
    data: openOrNull,
    assignee: strOrNull,
    candidateGroups: strings,
    candidateUsers: strings,
    priority: num,
    dueAt: instantOrNull,
    createdAt: instant,
    completedAt: instantOrNull,
  }),
  timers: row(
    'Pending timers, boundary timers and SLA thresholds (with their clock).',
    {
      id: str,
      instanceId: str,
      kind: { type: 'string', enum: ['timer', 'boundary', 'sla'] },
      nodeId: strOrNull,
      dueAt: instant,
      slaId: str,
      slaName: text,
      percent: { type: ['number', 'null'] },
      taskId: strOrNull,
    },
    ['slaId', 'slaName', 'percent', 'taskId'],
  ),
  jobs: row(
    'Service and SLA-action jobs, answered by hand or by a dry run (a pending service job with its action’s example result and output schema).',
    {
      id: str,
      instanceId: str,
      kind: { type: 'string', enum: ['service', 'sla-action'] },
      nodeId: strOrNull,
      action: str,
      input: open,
      attempt: int,
      maxAttempts: int,
      runAt: instant,
      status: { type: 'string', enum: ['pending', 'done', 'cancelled', 'failed'] },
      error: strOrNull,
      result: {},
      example: {},
      outputSchema: openOrNull,
    },
    ['result', 'example', 'outputSchema'],
  ),
  messages: answer(
    {
      awaited: row('Subscriptions waiting for a message.', {
        subscriptionId: str,
        instanceId: str,
        nodeId: str,
        message: str,
        correlationKey: str,
      }),
      buffered: row('Messages kept for their time-to-live.', {
        id: str,
        message: str,
        correlationKey: strOrNull,
        receivedAt: instant,
        expiresAt: instant,
      }),
    },
    [],
    'Messages awaited (`awaited`) and buffered (`buffered`).',
  ),
  incidents: row('Incidents of the play.', {
    id: str,
    instanceId: str,
    workId: { ...str, description: 'The timer or job that failed.' },
    nodeId: strOrNull,
    error: str,
    at: instant,
    status: { type: 'string', enum: ['open', 'resolved'] },
  }),
  slas: row('SLA clocks.', {
    id: str,
    instanceId: str,
    taskId: strOrNull,
    slaId: str,
    name: text,
    status: { type: 'string', enum: ['running', 'paused', 'met', 'breached', 'cancelled'] },
    target: str,
    targetMs: num,
    elapsedMs: num,
    fired: { type: 'array', items: num },
    startedAt: instant,
    dueAt: instantOrNull,
    breachedAt: instantOrNull,
    stoppedAt: instantOrNull,
    timeZone: str,
  }),
  path: answer(
    {
      nodes: row('Nodes the played case entered, with how often.', { nodeId: str, visits: int }),
      flows: { ...strings, description: 'Flows taken.' },
      waiting: { type: 'array', items: waiting, description: 'Where its tokens wait now.' },
    },
    [],
    'Nodes visited (with counts), flows taken, where it waits.',
  ),
  next: {
    type: 'object',
    required: ['timer', 'sla'],
    properties: { timer: strOrNull, sla: strOrNull },
    description: 'The instants `advanceClock` with `next` would jump to.',
  },
  history: row('History entries, with the step each came from.', {
    seq: int,
    step: int,
    at: instant,
    instanceId: str,
    type: str,
    nodeId: strOrNull,
    tokenId: strOrNull,
    actor: str,
    data: openOrNull,
  }),
  steps: row('The actions played, each with the path and variables after it.', {
    index: int,
    action: { ...open, description: 'A scenario action (docs/runtime.md).' },
    at: instant,
    path: strings,
    variables: open,
  }),
  warnings: { type: 'array', items: ref('Problem') },
});

/** The play routes' service over the engine (stateless: plays live in the `plays` table). */
export function playService(engine: Engine): PlayService {
  return engine.data.playService({
    ledger: engine.ledger,
    registry: () => engine.registry,
    actionNames: () => engine.actions,
    actionSchemas: () =>
      new Map(
        engine.plugins.actionSpecs().map((a) => [
          a.name,
          {
            input: a.spec.input as Record<string, unknown>,
            output: a.spec.output as Record<string, unknown>,
          },
        ]),
      ),
    clock: engine.clock,
    messageTtlMs: engine.config.messageTtlMs,
    definitionsDir: engine.config.definitionsDir,
    reload: () => engine.reloadDefinitions(),
  });
}

const ACTIONS = [
  'start',
  'completeTask',
  'sendMessage',
  'advanceClock',
  'jobResult',
  'jobFailed',
  'cancel',
] as const;
const when = (type: string, then: object) => ({
  if: { properties: { type: { const: type } } },
  then,
});
const eventBody = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  description:
    'One action: `start {data}`; `completeTask {taskId | node [process], data}`; `sendMessage {message, correlationKey?, payload?}`; `advanceClock {by | to | next}` (`next`: `timer` or `sla`); `jobResult {jobId | node [process], result}`; `jobFailed {jobId | node [process], error}`; `cancel {reason?}`.',
  properties: {
    type: { type: 'string', enum: ACTIONS },
    data: open,
    taskId: { type: 'string', maxLength: 200 },
    jobId: { type: 'string', maxLength: 200 },
    node: NODE_ID,
    process: PROCESS_ID,
    message: { type: 'string', minLength: 1, maxLength: 200 },
    correlationKey: { type: 'string', minLength: 1, maxLength: 200 },
    payload: open,
    by: { type: 'string', pattern: ISO_DURATION_PATTERN, maxLength: 40 },
    to: { type: 'string', format: 'date-time' },
    next: { type: 'string', enum: ['timer', 'sla'] },
    result: {},
    error: { type: 'string', minLength: 1, maxLength: 500 },
    reason: { type: 'string', maxLength: 500 },
  },
  allOf: [
    when('start', { required: ['data'] }),
    when('completeTask', {
      required: ['data'],
      oneOf: [{ required: ['taskId'] }, { required: ['node'] }],
    }),
    when('sendMessage', { required: ['message'] }),
    when('advanceClock', {
      oneOf: [{ required: ['by'] }, { required: ['to'] }, { required: ['next'] }],
    }),
    when('jobResult', { oneOf: [{ required: ['jobId'] }, { required: ['node'] }] }),
    when('jobFailed', {
      required: ['error'],
      oneOf: [{ required: ['jobId'] }, { required: ['node'] }],
    }),
  ],
} as const;

type EventBody = {
  type: (typeof ACTIONS)[number];
  data?: Record<string, unknown>;
  taskId?: string;
  jobId?: string;
  node?: string;
  process?: string;
  message?: string;
  correlationKey?: string;
  payload?: Record<string, unknown>;
  by?: string;
  to?: string;
  next?: 'timer' | 'sla';
  result?: unknown;
  error?: string;
  reason?: string;
};

/** The action a body asks for, with only the fields of its type. */
function actionOf(b: EventBody): PlayAction {
  const opt = <K extends keyof EventBody>(k: K) => (b[k] !== undefined ? { [k]: b[k] } : {});
  const ref = () =>
    b.node !== undefined ? { node: b.node, ...opt('process') } : { jobId: b.jobId! };
  switch (b.type) {
    case 'start':
      return { type: 'start', data: b.data! };
    case 'completeTask':
      return b.taskId !== undefined
        ? { type: 'completeTask', taskId: b.taskId, data: b.data! }
        : { type: 'completeTask', node: b.node!, ...opt('process'), data: b.data! };
    case 'sendMessage':
      return {
        type: 'sendMessage',
        message: b.message!,
        ...opt('correlationKey'),
        ...opt('payload'),
      };
    case 'advanceClock':
      return { type: 'advanceClock', ...opt('by'), ...opt('to'), ...opt('next') };
    case 'jobResult':
      return { type: 'jobResult', ...ref(), result: b.result ?? null } as PlayAction;
    case 'jobFailed':
      return { type: 'jobFailed', ...ref(), error: b.error! } as PlayAction;
    case 'cancel':
      return { type: 'cancel', ...opt('reason') };
  }
}

export async function playRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const plays = playService(engine);
  const lang = (req: { headers: Record<string, unknown> }) =>
    langFromHeader(req.headers['accept-language'] as string | undefined);

  app.post<{
    Body: {
      processId: string;
      version?: number;
      body?: Record<string, unknown>;
      data?: Record<string, unknown>;
      at?: string;
    };
  }>(
    '/plays',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          "Start a play of a process in a sandbox: its saved draft (default), `body` as sent, or a published `version`, with the drafts of its forms, SLAs and calendars. The simulated clock starts at `at` (default now); with `data` the case starts at once from the start form. Nothing of a play reaches the case tables. A designer's plays are kept a day; at most 20.",
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['processId'],
          properties: {
            processId: PROCESS_ID,
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
            body: open,
            data: open,
            at: { type: 'string', format: 'date-time' },
          },
        },
        response: {
          201: playView,
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await plays.create(req.actor.id, req.body, lang(req))),
  );

  app.get(
    '/plays',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary: "The caller's plays, most recently moved first.",
        response: {
          200: answer({
            items: {
              type: 'array',
              items: answer({ id: str, processId: str, createdAt: instant, updatedAt: instant }),
            },
          }),
        },
      },
    },
    async (req) => ({ items: await plays.list(req.actor.id) }),
  );

  app.get<{ Params: { id: string } }>(
    '/plays/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          'A play: the played definition, tokens, open tasks with their forms, awaited messages, pending timers and SLA thresholds, dry plugin actions, SLA clocks, the path taken, the history and every step with the variables after it.',
        params: idParams,
        response: { 200: playView, 404: errorResponse },
      },
    },
    async (req) => plays.get(req.actor.id, req.params.id, lang(req)),
  );

  app.post<{ Params: { id: string }; Body: EventBody }>(
    '/plays/:id/events',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          'Move a play by one action (validated as the engine validates the real one: forms, expressions). A refused action changes nothing.',
        params: idParams,
        body: eventBody,
        response: {
          200: playView,
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req) => plays.act(req.actor.id, req.params.id, actionOf(req.body), lang(req)),
  );

  app.delete<{ Params: { id: string } }>(
    '/plays/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary: 'Forget a play.',
        params: idParams,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await plays.remove(req.actor.id, req.params.id);
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { id: string };
    Body: Pick<ScenarioDefinition, 'name' | 'title' | 'description'> & { overwrite?: boolean };
  }>(
    '/plays/:id/scenario',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          'Save a play as a scenario: definitions/scenarios/<process-id>/<name>.json (its actions, the path of each step, how it ended). Every publish of the process replays it. An existing name is refused (409) unless `overwrite`.',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: NAME,
            title: TEXT,
            description: TEXT,
            overwrite: { type: 'boolean' },
          },
        },
        response: {
          201: answer({
            processId: str,
            name: str,
            file: { ...str, description: 'The scenario file, under the definitions folder.' },
            scenario: { ...definitionBody, description: 'The scenario as saved.' },
          }),
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await plays.saveScenario(req.actor.id, req.params.id, req.body, lang(req))),
  );

  const processParams = {
    type: 'object',
    required: ['processId'],
    properties: { processId: PROCESS_ID },
  } as const;

  app.get<{ Params: { processId: string } }>(
    '/scenarios/:processId',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          "A process's saved scenarios, and the problems of its scenario files that did not load.",
        params: processParams,
        response: {
          200: answer({
            items: {
              type: 'array',
              items: answer({
                name: str,
                title: { ...open, type: ['object', 'null'] },
                description: { ...open, type: ['object', 'null'] },
                file: str,
                start: { ...str, description: 'The simulated instant the play began at.' },
                steps: { type: 'integer', description: 'How many steps it plays.' },
                end: open,
              }),
            },
            problems: { type: 'array', items: ref('Problem') },
          }),
        },
      },
    },
    async (req) => {
      const { processId } = req.params;
      const registry = engine.registry;
      return {
        items: registry.scenariosOf(processId).map((s) => ({
          name: s.name,
          title: s.title ?? null,
          description: s.description ?? null,
          file: `scenarios/${s.process}/${s.name}.json`,
          start: s.start,
          steps: s.steps.length,
          end: s.end,
        })),
        problems: registry.problems.filter((p) => p.file?.startsWith(`scenarios/${processId}/`)),
      };
    },
  );

  const scenarioParams = {
    type: 'object',
    required: ['processId', 'name'],
    properties: { processId: PROCESS_ID, name: NAME },
  } as const;

  app.get<{ Params: { processId: string; name: string } }>(
    '/scenarios/:processId/:name',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary: 'One saved scenario as its file holds it.',
        params: scenarioParams,
        response: {
          200: { ...definitionBody, description: 'The scenario file.' },
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const s = engine.registry
        .scenariosOf(req.params.processId)
        .find((x) => x.name === req.params.name);
      if (!s) throw createError('CW_ERR_NOT_FOUND', undefined, { data: { ...req.params } });
      return s;
    },
  );

  app.delete<{ Params: { processId: string; name: string } }>(
    '/scenarios/:processId/:name',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary: "Delete a saved scenario's file.",
        params: scenarioParams,
        response: { 204: noContent, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const gone = await removeScenario(
        engine.config.definitionsDir,
        req.params.processId,
        req.params.name,
      );
      if (!gone) throw createError('CW_ERR_NOT_FOUND', undefined, { data: { ...req.params } });
      await engine.reloadDefinitions();
      return reply.status(204).send();
    },
  );

  app.post<{
    Params: { processId: string };
    Body: { version?: number; body?: Record<string, unknown> };
  }>(
    '/scenarios/:processId/run',
    {
      config: { auth: design },
      schema: {
        tags: ['play'],
        summary:
          "Replay a process's saved scenarios against its saved draft (default), a `body` or a published `version`: each passes, or fails at its first step that left the expected path (pointer into the scenario file).",
        params: processParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
            body: { type: 'object' },
          },
        },
        response: {
          200: answer({
            items: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: true,
                required: ['name', 'file', 'passed'],
                properties: {
                  name: str,
                  file: str,
                  passed: { type: 'boolean' },
                },
                description:
                  'Failed: `pointer` into the scenario file, `step` (null: the end differs), `expected`, `actual`, `message` and perhaps `error`.',
              },
            },
          }),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => ({
      items: (
        await plays.runScenarios(req.params.processId, req.body ?? {}, req.actor.id, lang(req))
      ).map(({ name, file, result }) => ({ name, file, ...result })),
    }),
  );
}
