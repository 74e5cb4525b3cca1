/**
 * Case search (docs/api.md "Case search"): one box over business keys, customer names, policy
 * and claim numbers, and, for the `personal-data` role, ID and phone numbers through the
 * blind index (docs/security.md). Lists only the cases the caller may see. A POST with the
 * query in its body, because an ID number must not travel in a URL (access logs, browser
 * history, proxies): request logs carry the URL, never the body. A case found through the
 * blind index gets a `personalData.searched` history entry (who, which kinds), like a reveal.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { fieldError, langFromHeader } from '../../errors.ts';
import { may } from '../../access/index.ts';
import {
  DEFAULT_KINDS,
  PERSONAL_KINDS,
  SEARCH_KINDS,
  caseSummariesSchema,
  type SearchKind,
} from '../../search/index.ts';
import { errorResponse } from '../app.ts';
import { NOTE_TYPE, notesOf, readCase } from '../case-read.ts';
import { caseAnswer, noteSchema } from '../case-schemas.ts';
import { answer } from '../schemas.ts';
import { revealCases, revealQuery } from '../personal-data.ts';
import { visibleInstance } from './instances.route.ts';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 } },
  required: ['id'],
} as const;

/** The longest case note. */
export const NOTE_MAX = 4000;

interface CaseQuery {
  q: string;
  kind: SearchKind | 'any';
  reveal: boolean;
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
  app.get<{ Params: { id: string }; Querystring: { reveal: boolean } }>(
    '/cases/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary:
          "Everything about a case in one read, for whoever may see it (404 otherwise): summary (process and version, status, outcome, customer, where it waits, the process graph and the steps visited), the data submitted at each step with its form, tasks open and done (with who, and whether the caller may open each), SLA clocks with their timeline explained (each pause and resume with its cause, due instants and how a pause moved them, working time used and left, thresholds, breach, the calendar's non-working days), pending timers counted on a business calendar (`calendarTimers`, each flagged like a clock when its due instant falls beyond its calendar's known years), open tasks whose due date counts on a business calendar (`calendarTasks`, flagged alike), documents, history, related cases, case notes, open incidents (administrators and supervisors) and the actions the caller's roles allow. Personal data masked unless revealed.",
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: revealQuery },
        response: {
          200: caseAnswer,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const row = await visibleInstance(engine, req.params.id, req.actor);
      const body = await readCase(engine, req.actor, row);
      // the related cases' customers are revealed too: each of their cases records its read
      if (req.query.reveal)
        await revealCases(engine, req, [
          { instanceId: row.id, payload: { ...body, related: null } },
          ...body.related.items.map((c) => ({ instanceId: c.id, payload: c })),
        ]);
      return body;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id/notes',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary: "A case's notes (staff comments with author and time), oldest first.",
        params: idParams,
        response: {
          200: answer({ items: { type: 'array', items: noteSchema } }),
          404: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      return { items: notesOf((await engine.data.history.readHistory(req.params.id)).items) };
    },
  );

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/cases/:id/notes',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['cases'],
        summary:
          "Adds a note to a case you may see (open or closed): a staff comment kept in the case's history (`case.noted`, with its author and time); notes are never changed or removed.",
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: {
              type: 'string',
              minLength: 1,
              maxLength: NOTE_MAX,
              pattern: '\\S',
              description: 'The note (not only spaces).',
            },
          },
        },
        response: { 201: noteSchema, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const text = req.body.text.trim();
      await visibleInstance(engine, req.params.id, req.actor);
      const at = engine.clock.now();
      const [seq] = await engine.data.history.recordEntries(
        [{ instanceId: req.params.id, type: NOTE_TYPE, actor: req.actor.id, data: { text } }],
        at,
      );
      const names = await engine.data.identity.displayNames([req.actor.id]);
      return reply.status(201).send({
        seq,
        at: new Date(at).toISOString(),
        author: req.actor.id,
        authorName: names[req.actor.id] ?? null,
        text,
      });
    },
  );

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
          "Search the cases you may see by business key, customer name, policy or claim number (prefix, any case), or by ID or phone number (whole value, blind index; role personal-data). `kind: any` looks at every kind you may search. Reads only; POST keeps the query out of URLs and logs. Customers' names come masked unless `reveal` (role personal-data; each case listed records the read).",
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
            reveal: revealQuery.reveal,
          },
        },
        response: {
          200: answer({
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
          }),
          400: errorResponse,
          403: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (req) => {
      const q = req.body;
      const personal = may(req.actor, 'readPersonalData');
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
      const found = await engine.data.search.findCases(req.actor, {
        q: q.q,
        kinds,
        status: q.status,
        limit: q.limit,
        offset: q.offset,
      });
      // finding a case by a customer's personal data is a read of it: recorded like a reveal
      const audited = found.items.filter((c) => c.matchedBlind.length);
      await engine.data.history.recordEntries(
        audited.map((c) => ({
          instanceId: c.id,
          type: 'personalData.searched',
          actor: req.actor.id,
          data: { kinds: c.matchedBlind, route: 'POST /api/cases/search' },
        })),
        engine.clock.now(),
      );
      const items = found.items.map(({ matchedBlind: _, ...c }) => c);
      // customers' names are personal data: masked like every response, unless revealed
      if (q.reveal)
        await revealCases(
          engine,
          req,
          items.map((c) => ({ instanceId: c.id, payload: c })),
        );
      return { items, total: found.total, limit: q.limit, offset: q.offset };
    },
  );
}
