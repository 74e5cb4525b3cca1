/**
 * Saved inbox filters: each user keeps named sets of the inbox's query parameters
 * (GET /api/tasks), shown by the studio as tabs with their counts. Private to their owner.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError, fieldError, langFromHeader } from '../../errors.ts';
import { may } from '../../access/index.ts';
import { errorResponse } from '../app.ts';

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

interface FilterRow {
  id: string;
  name: string;
  query: Record<string, string>;
  created_at: Date;
}

const view = (r: FilterRow) => ({
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
      const r = await engine.db.query<FilterRow>(
        `SELECT id, name, query, created_at FROM inbox_filters WHERE user_id = $1 ORDER BY created_at, id`,
        [req.actor.id],
      );
      return { items: r.rows.map(view) };
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
      const r = await engine.db.tx(async (tx) => {
        // one user's saves are serialised, so the limit holds
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('inbox_filters:' || $1))`, [
          req.actor.id,
        ]);
        const n = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM inbox_filters WHERE user_id = $1`,
          [req.actor.id],
        );
        if ((n.rows[0]?.n ?? 0) >= MAX_FILTERS)
          throw createError('CW_ERR_VALIDATION', `at most ${MAX_FILTERS} saved filters`);
        return tx.query<FilterRow>(
          `INSERT INTO inbox_filters (id, user_id, name, query, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, name) DO NOTHING RETURNING id, name, query, created_at`,
          [randomUUID(), req.actor.id, name, req.body.query, new Date(engine.clock.now())],
        );
      });
      if (!r.rows[0])
        throw fieldError(
          'CW_ERR_FILTER_NAME_TAKEN',
          '/name',
          langFromHeader(req.headers['accept-language']),
        );
      return reply.status(201).send(view(r.rows[0]));
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
        response: { 404: errorResponse },
      },
    },
    async (req, reply) => {
      const r = await engine.db.query(`DELETE FROM inbox_filters WHERE id = $1 AND user_id = $2`, [
        req.params.id,
        req.actor.id,
      ]);
      if (!r.rowCount) throw createError('CW_ERR_NOT_FOUND', `filter ${req.params.id} not found`);
      return reply.status(204).send();
    },
  );
}
