/**
 * The audit log of administrative acts over the API (administrators only): who published a
 * definition, created or changed a user or a group, set a password, a plugin's settings or its
 * secrets, and when the data key ring changed; newest first, a page at a time.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { AUDIT } from '../../store/index.ts';
import { errorResponse } from '../app.ts';

interface Query {
  limit: number;
  before?: number;
  action?: string;
}

const entry = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string', description: 'A user id, or `system` (what the configuration did).' },
    actorName: { type: ['string', 'null'] },
    action: { type: 'string', enum: Object.values(AUDIT) },
    subject: {
      type: 'string',
      description:
        'What the act was about: `process/claim@5`, `user/lin`, `group/adjusters`, `plugin/sms`, `data-keys`.',
    },
    data: {
      type: 'object',
      additionalProperties: true,
      description:
        'The details: before and after of what changed, a change note, secret names set or cleared (never a value).',
    },
  },
} as const;

export async function auditRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: Query }>(
    '/audit',
    {
      config: { auth: { duties: ['administer'] } },
      schema: {
        tags: ['users'],
        summary:
          'The audit log of administrative acts, newest first: definition publishes, users, roles and groups created or changed, passwords set, plugin settings and secrets set, data key ring changes; who, when, what. It only grows: no retention erases it.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            before: {
              type: 'integer',
              minimum: 1,
              description: 'Entries before this `seq` (the `next` of the page before).',
            },
            action: { type: 'string', enum: Object.values(AUDIT) },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: entry },
              next: { type: ['integer', 'null'] },
            },
          },
          400: errorResponse,
        },
      },
    },
    async (req) => {
      const page = await engine.data.audit.auditPage(req.query);
      const names = await engine.data.identity.displayNames(page.items.map((e) => e.actor));
      return {
        items: page.items.map((e) => ({ ...e, actorName: names[e.actor] ?? null })),
        next: page.next,
      };
    },
  );
}
