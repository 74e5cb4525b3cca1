/**
 * Shared response schemas: they document the API (OpenAPI components) and let Fastify
 * serialise responses quickly. Objects stay open (`additionalProperties: true`) where
 * their content is process data (variables, form data).
 */
import type { FastifyInstance } from 'fastify';

const nullableString = { type: ['string', 'null'] } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

export const schemas = [
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
      details: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            code: { type: 'string' },
            pointer: { type: 'string' },
            in: {
              type: 'string',
              enum: ['body', 'query', 'path', 'header', 'cookie'],
              description:
                'The part of the request the pointer points into (the body when absent).',
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
              description:
                'A definition problem’s message key (the studio says it in its own words).',
            },
            params: {
              type: 'object',
              additionalProperties: { type: ['string', 'number'] },
              description: 'The message key’s parameters.',
            },
          },
        },
      },
    },
  },
  {
    $id: 'Instance',
    type: 'object',
    additionalProperties: true,
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
          properties: {
            id: { type: 'string' },
            nodeId: { type: 'string' },
            waitingFor: {
              type: 'string',
              enum: ['task', 'call', 'timer', 'message', 'job', 'join'],
            },
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
    additionalProperties: true,
    properties: {
      id: { type: 'string' },
      instanceId: { type: 'string' },
      processId: { type: 'string' },
      nodeId: { type: 'string' },
      businessKey: nullableString,
      form: {
        type: 'object',
        properties: { id: { type: 'string' }, version: { type: 'integer' } },
      },
      status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
      assignee: nullableString,
      candidateGroups: { type: 'array', items: { type: 'string' } },
      candidateUsers: { type: 'array', items: { type: 'string' } },
      priority: { type: 'integer' },
      dueAt: { type: ['string', 'null'], format: 'date-time' },
      createdAt: { type: 'string', format: 'date-time' },
      completedAt: { type: ['string', 'null'], format: 'date-time' },
      completedBy: nullableString,
      assigneeName: { ...nullableString, description: "The assignee's display name." },
      completedByName: {
        ...nullableString,
        description: 'The display name of who completed the task (claimed or not).',
      },
    },
  },
  {
    $id: 'HistoryEntry',
    type: 'object',
    additionalProperties: true,
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
] as const;

export function registerSchemas(app: FastifyInstance): void {
  for (const s of schemas) app.addSchema(s);
}

/** `{ $ref: 'Instance#' }` and friends, for route response maps. */
export const ref = (id: (typeof schemas)[number]['$id']) => ({ $ref: `${id}#` });
