/**
 * Shared response schemas: they document the API (OpenAPI components), type the studio's
 * client (studio/src/lib/api-schema.d.ts, `npm run gen`) and let Fastify serialise responses
 * quickly. Fastify drops a property a response schema does not list, so each lists all that
 * its view (views.ts) returns; objects stay open (`additionalProperties: true`) only where
 * their content is process data (variables, form data).
 */
import type { FastifyInstance } from 'fastify';

export const nullableString = { type: ['string', 'null'] } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

/**
 * A definition's text by language: zh-Hant and en always (every meta-schema's `LocalizedText`
 * requires both), zh-Hans and any other locale when the definition adds them.
 */
export const localizedText = {
  type: 'object',
  required: ['zh-Hant', 'en'],
  properties: {
    'zh-Hant': { type: 'string' },
    en: { type: 'string' },
    'zh-Hans': { type: 'string' },
  },
  // any other locale a definition adds: response schemas drop undeclared keys
  additionalProperties: { type: 'string' },
} as const;

/** A definition's text by language (`localizedText`), or null. */
export const localizedOrNull = { ...localizedText, type: ['object', 'null'] } as const;

/**
 * A group's or role's names by language as stored (no language required: a group may have been
 * made before names were asked for), or null.
 */
export const namesOrNull = {
  type: ['object', 'null'],
  additionalProperties: { type: 'string' },
} as const;

/** A definition body (a form, a process…) as its meta-schema in definitions/schema says. */
export const definitionBody = {
  type: 'object',
  additionalProperties: true,
  description: 'A definition as its meta-schema in definitions/schema describes it.',
} as const;

/** What a token waits for (runtime `Token['wait']['kind']`). */
export const waitKind = {
  type: 'string',
  enum: [
    'task',
    'call',
    'timer',
    'message',
    'job',
    'join',
    'gateway',
    'subProcess',
    'multiInstance',
  ],
} as const;

/**
 * Why a replay moves a clock, timer or task (`POST /api/sla-clocks/replay`; a clock's `replay`
 * event): a calendar's or an SLA's newer version, another target, other thresholds.
 */
export const replayReasons = {
  type: 'array',
  items: {
    oneOf: [
      {
        type: 'object',
        description: 'A newer version of the calendar or the SLA `id`: versions `from` and `to`.',
        required: ['kind', 'id', 'from', 'to'],
        properties: {
          kind: { type: 'string', enum: ['calendar', 'sla'] },
          id: { type: 'string' },
          from: { type: 'integer' },
          to: { type: 'integer' },
        },
      },
      {
        type: 'object',
        description: 'Another target (ISO 8601 durations).',
        required: ['kind', 'from', 'to'],
        properties: {
          kind: { type: 'string', enum: ['target'] },
          from: { type: 'string' },
          to: { type: 'string' },
        },
      },
      {
        type: 'object',
        description: 'Other warning thresholds (percent of the target).',
        required: ['kind', 'from', 'to'],
        properties: {
          kind: { type: 'string', enum: ['thresholds'] },
          from: { type: 'array', items: { type: 'integer' } },
          to: { type: 'array', items: { type: 'integer' } },
        },
      },
    ],
  },
} as const;

export const schemas = [
  {
    $id: 'Problem',
    description:
      'A problem with a request or a definition: a stable code, a JSON pointer to the offending part and a message in the caller’s language.',
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string' },
      pointer: { type: 'string' },
      in: {
        type: 'string',
        enum: ['body', 'query', 'path', 'header', 'cookie'],
        description: 'The part of the request the pointer points into (the body when absent).',
      },
      message: { type: 'string' },
      file: { type: 'string' },
      severity: {
        type: 'string',
        enum: ['warning'],
        description: 'A definition lint finding that does not stop publishing.',
      },
      key: {
        type: 'string',
        description: 'A definition problem’s message key (the studio says it in its own words).',
      },
      params: {
        type: 'object',
        additionalProperties: { type: ['string', 'number'] },
        description: 'The message key’s parameters.',
      },
    },
  },
  {
    $id: 'Error',
    type: 'object',
    description:
      "A stable code, a message in the caller's language, and per-field details with JSON pointers.",
    required: ['code', 'message', 'details'],
    additionalProperties: true,
    properties: {
      code: { type: 'string' },
      message: { type: 'string' },
      details: { type: 'array', items: { $ref: 'Problem#' } },
    },
  },
  {
    $id: 'Instance',
    type: 'object',
    required: [
      'id',
      'processId',
      'processVersion',
      'businessKey',
      'reference',
      'status',
      'outcome',
      'variables',
      'tokens',
      'parentId',
      'revision',
      'startedBy',
      'startedAt',
      'endedAt',
    ],
    properties: {
      id: { type: 'string' },
      processId: { type: 'string' },
      processVersion: { type: 'integer' },
      businessKey: nullableString,
      reference: {
        type: ['string', 'null'],
        description:
          "The case's reference (XXXX-XXXX-XXXX): assigned by the engine, random and unique; what its customer sees and quotes.",
      },
      status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
      outcome: nullableString,
      variables: openObject,
      tokens: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'nodeId', 'waitingFor'],
          properties: {
            id: { type: 'string' },
            nodeId: { type: 'string' },
            waitingFor: waitKind,
          },
        },
      },
      parentId: nullableString,
      revision: { type: 'integer' },
      startedBy: nullableString,
      startedAt: { type: 'string', format: 'date-time' },
      endedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  {
    $id: 'Task',
    type: 'object',
    required: [
      'id',
      'instanceId',
      'processId',
      'nodeId',
      'businessKey',
      'form',
      'status',
      'assignee',
      'candidateGroups',
      'candidateUsers',
      'priority',
      'dueAt',
      'dueCalendar',
      'createdAt',
      'completedAt',
      'completedBy',
      'assigneeName',
      'completedByName',
    ],
    properties: {
      id: { type: 'string' },
      instanceId: { type: 'string' },
      processId: { type: 'string' },
      nodeId: { type: 'string' },
      businessKey: nullableString,
      form: {
        type: 'object',
        required: ['id', 'version'],
        properties: { id: { type: 'string' }, version: { type: 'integer' } },
      },
      status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
      assignee: nullableString,
      candidateGroups: { type: 'array', items: { type: 'string' } },
      candidateUsers: { type: 'array', items: { type: 'string' } },
      priority: { type: 'integer' },
      dueAt: { type: ['string', 'null'], format: 'date-time' },
      dueCalendar: {
        type: ['object', 'null'],
        description:
          'How the due date was counted when `dueDate` counts on a business calendar (null otherwise, and for tasks opened before it was recorded whose definition does not say): the calendar version, the instant it counts from (when the task opened) and the working time counted (a duration expression’s value then). A calendar replay recounts it.',
        required: ['id', 'version', 'countedFrom', 'duration'],
        properties: {
          id: { type: 'string' },
          version: { type: 'integer' },
          countedFrom: { type: 'string', format: 'date-time' },
          duration: { type: 'string' },
        },
      },
      createdAt: { type: 'string', format: 'date-time' },
      completedAt: { type: ['string', 'null'], format: 'date-time' },
      completedBy: nullableString,
      assigneeName: { ...nullableString, description: "The assignee's display name." },
      completedByName: {
        ...nullableString,
        description: 'The display name of who completed the task (claimed or not).',
      },
      sla: {
        type: 'object',
        description: "The inbox's lists: the earliest running SLA clock of the task or its case.",
        required: ['state', 'dueAt'],
        properties: {
          state: { type: 'string' },
          dueAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
  {
    $id: 'HistoryEntry',
    type: 'object',
    required: ['seq', 'at', 'type', 'nodeId', 'tokenId', 'actor', 'actorName', 'data'],
    properties: {
      seq: { type: 'integer' },
      at: { type: 'string', format: 'date-time' },
      type: { type: 'string' },
      nodeId: nullableString,
      tokenId: nullableString,
      actor: nullableString,
      actorName: {
        ...nullableString,
        description:
          "The actor's display name when the actor is a user (null for `system`, `public`, `instance:…`).",
      },
      data: { type: ['object', 'null'], additionalProperties: true },
    },
  },
  {
    $id: 'Submission',
    type: 'object',
    description:
      'What was submitted at a step: the start data (`start`) or a completed user task (`task`), with its form (only the chosen parts when a task context narrows it).',
    required: ['kind', 'nodeId', 'taskId', 'name', 'form', 'data', 'by', 'byName', 'at'],
    properties: {
      kind: { type: 'string', enum: ['start', 'task'] },
      nodeId: { type: 'string' },
      taskId: nullableString,
      name: localizedOrNull,
      form: definitionBody,
      data: openObject,
      by: { ...nullableString, description: 'A user id, `public` for the customer, `system`.' },
      byName: nullableString,
      at: { type: 'string', format: 'date-time' },
    },
  },
  {
    $id: 'TaskCaseContext',
    type: 'object',
    description:
      "The case as a task's worker sees it: earlier submissions and chosen variables, as the user task's `context` says.",
    required: ['submissions', 'variables'],
    properties: {
      submissions: { type: 'array', items: { $ref: 'Submission#' } },
      variables: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'label', 'type', 'value'],
          properties: {
            name: { type: 'string' },
            label: localizedOrNull,
            type: {
              type: 'string',
              enum: ['text', 'number', 'integer', 'money', 'boolean', 'date', 'datetime'],
            },
            value: {},
          },
        },
      },
    },
  },
] as const;

/**
 * A response object whose every property is always sent except those named in `optional`
 * (its `required` lists the rest, so the studio's generated types need no `?` on them).
 * Fastify serialises answers with it (fast-json-stringify): a property not listed is dropped
 * from the answer, and a required one that is missing fails the request, so list exactly what
 * the handler returns.
 *
 * @example
 *   answer({ id: { type: 'string' }, note: nullableString }, ['note'])
 */
export function answer<P extends Record<string, object>>(
  properties: P,
  optional: readonly (keyof P & string)[] = [],
  description?: string,
) {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  } as const;
}

/**
 * A success answer that is not JSON (a file, XML, an event stream): its media types, each with
 * a string body (`format: 'binary'` for bytes). Fastify does not serialise such bodies (the
 * handler sends a Buffer or a string, or writes the stream itself), so this only documents them.
 *
 * @example
 *   response: { 200: media(['application/xml'], 'BPMN 2.0 XML.') }
 */
export function media(types: readonly string[], description: string, binary = false) {
  const schema = binary ? { type: 'string', format: 'binary' } : { type: 'string' };
  return {
    description,
    content: Object.fromEntries(types.map((t) => [t, { schema }])),
  } as const;
}

/** A 204 answer: no body. */
export const noContent = { type: 'null', description: 'Done; no body.' } as const;

export function registerSchemas(app: FastifyInstance): void {
  for (const s of schemas) app.addSchema(s);
}

/** `{ $ref: 'Instance#' }` and friends, for route response maps. */
export const ref = (id: (typeof schemas)[number]['$id']) => ({ $ref: `${id}#` });
