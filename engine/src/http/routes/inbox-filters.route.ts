/**
 * Saved inbox filters: each user keeps named sets of the inbox's query parameters
 * (GET /api/tasks), shown by the studio as tabs with their counts. Private to their owner.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError, fieldError, langFromHeader } from '../../errors.ts';
import { may } from '../../access/index.ts';
import type { InboxFilterRow } from '../../store/index.ts';
import { errorResponse } from '../app.ts';
import { noContent } from '../schemas.ts';

/** The inbox parameters a filter may hold (those of GET /api/tasks except paging). */
const filterQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scope: { type: 'string', enum: ['mine', 'groups', 'all'] },
    status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
    processId: { type: 'string', maxLength: 64 },
    nodeId: { type: 'string', maxLength: 64 },
    businessKey: { type: 'string', maxLength: 200 },
    customer: { type: 'string', maxLength: 200 },
    minPriority: { type: 'string', pattern: '^-?[0-9]{1,7}$' },
    sort: { type: 'string', enum: ['due', 'priority', 'created', 'sla'] },
    slaState: { type: 'string', enum: ['running', 'paused', 'warning', 'breached', 'none'] },
  },
} as const;

const filterSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    query: filterQuery,
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const view = (r: InboxFilterRow) => ({
  id: r.id,
  name: r.name,
  query: r.query,
  createdAt: r.created_at.toISOString(),
});

/** A user may keep this many filters. */
const MAX_FILTERS = 50;

export async function inboxFilterRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/inbox/filters',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary: 'My saved inbox filters, in the order I saved them.',
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: filterSchema } } },
        },
      },
    },
    async (req) => {
      return { items: (await engine.data.tasks.inboxFiltersOf(req.actor.id)).map(view) };
    },
  );

  app.post<{ Body: { name: string; query: Record<string, string> } }>(
    '/inbox/filters',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary: 'Save the current inbox filter under a name (names are unique per user).',
        body: {
          type: 'object',
          required: ['name', 'query'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 60, pattern: '\\S' },
            query: filterQuery,
          },
        },
        response: { 201: filterSchema, 400: errorResponse, 403: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      // the same rule as the inbox: only those who oversee teams have the team view
      if (req.body.query.scope === 'all' && !may(req.actor, 'oversee'))
        throw fieldError(
          'CW_ERR_FORBIDDEN',
          '/query/scope',
          langFromHeader(req.headers['accept-language']),
        );
      const name = req.body.name.trim();
      const saved = await engine.data.tasks.insertInboxFilter({
        id: randomUUID(),
        userId: req.actor.id,
        name,
        query: req.body.query,
        now: new Date(engine.clock.now()),
        max: MAX_FILTERS,
      });
      if (saved === 'full')
        throw createError('CW_ERR_VALIDATION', `at most ${MAX_FILTERS} saved filters`);
      if (saved === 'taken')
        throw fieldError(
          'CW_ERR_FILTER_NAME_TAKEN',
          '/name',
          langFromHeader(req.headers['accept-language']),
        );
      return reply.status(201).send(view(saved));
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/inbox/filters/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary: 'Delete one of my saved filters.',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 100 } },
          required: ['id'],
        },
        response: { 204: noContent, 404: errorResponse },
      },
    },
    async (req, reply) => {
      if (!(await engine.data.tasks.deleteInboxFilter(req.params.id, req.actor.id)))
        throw createError('CW_ERR_NOT_FOUND', `filter ${req.params.id} not found`);
      return reply.status(204).send();
    },
  );
}
