/**
 * Case search (docs/api.md "Case search"): one box over business keys, customer names, policy
 * and claim numbers, and, for the `personal-data` role, ID and phone numbers through the
 * blind index (docs/security.md). Lists only the cases the caller may see. A POST with the
 * query in its body, because an ID number must not travel in a URL (access logs, browser
 * history, proxies): request logs carry the URL, never the body. A case found through the
 * blind index gets a `personalData.searched` history entry (who, which kinds), like a reveal.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine.ts';
import { appendHistory } from '../../effects/index.ts';
import { fieldError, langFromHeader } from '../../errors.ts';
import { hasRole } from '../../identity/index.ts';
import {
  DEFAULT_KINDS,
  PERSONAL_KINDS,
  SEARCH_KINDS,
  caseSummariesSchema,
  findCases,
  type SearchKind,
} from '../../search/index.ts';
import { errorResponse } from '../app.ts';

interface CaseQuery {
  q: string;
  kind: SearchKind | 'any';
  status?: 'active' | 'completed' | 'cancelled';
  limit: number;
  offset: number;
}

/**
 * Searches per user and minute: plenty for a person at a desk, too few to enumerate ID numbers
 * through the blind index (counted in Redis, shared by every engine).
 */
export const SEARCH_RATE_LIMIT = 60;

export async function caseRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{ Body: CaseQuery }>(
    '/cases/search',
    {
      config: {
        auth: 'user',
        rateLimit: {
          max: SEARCH_RATE_LIMIT,
          timeWindow: 60_000,
          hook: 'preHandler', // after sign-in: counted per user, not per address
          keyGenerator: (req) => `case-search:${req.actor.id}`,
        },
      },
      schema: {
        tags: ['cases'],
        summary:
          'Search the cases you may see by business key, customer name, policy or claim number (prefix, any case), or by ID or phone number (whole value, blind index; role personal-data). `kind: any` looks at every kind you may search. Reads only; POST keeps the query out of URLs and logs.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 200 },
            kind: { type: 'string', enum: ['any', ...Object.values(SEARCH_KINDS)], default: 'any' },
            status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: caseSummariesSchema({
                matched: {
                  type: 'array',
                  description: 'The kinds the query matched (never the matched value).',
                  items: { type: 'string', enum: Object.values(SEARCH_KINDS) },
                },
              }),
              total: { type: 'integer' },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          400: errorResponse,
          403: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (req) => {
      const q = req.body;
      const personal = hasRole(req.actor, 'personal-data');
      if (q.kind !== 'any' && PERSONAL_KINDS.has(q.kind) && !personal)
        throw fieldError(
          'CW_ERR_SEARCH_PERSONAL_DATA',
          '/kind',
          langFromHeader(req.headers['accept-language']),
        );
      const kinds =
        q.kind !== 'any'
          ? [q.kind]
          : personal
            ? [...DEFAULT_KINDS, ...PERSONAL_KINDS]
            : DEFAULT_KINDS;
      const found = await findCases(
        { db: engine.db, registry: engine.registry, index: engine.caseIndex },
        req.actor,
        { q: q.q, kinds, status: q.status, limit: q.limit, offset: q.offset },
      );
      // finding a case by a customer's personal data is a read of it: recorded like a reveal
      const audited = found.items.filter((c) => c.matchedBlind.length);
      if (audited.length)
        await engine.db.tx(async (tx) => {
          for (const c of audited)
            await appendHistory(
              tx,
              { id: c.id },
              {
                type: 'personalData.searched',
                actor: req.actor.id,
                data: { kinds: c.matchedBlind, route: 'POST /api/cases/search' },
              },
              engine.clock.now(),
            );
        });
      return {
        items: found.items.map(({ matchedBlind: _, ...c }) => c),
        total: found.total,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );
}
