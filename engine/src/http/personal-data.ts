/**
 * Personal data over the API, one rule for every response: values under personal-data keys
 * (fields marked sensitive, the customer's name, ID and phone number a process declares, and
 * the customerName of case summaries) keep their first and last characters, unless the route
 * revealed them for this request.
 * Revealing needs the `personal-data` role and writes a `personalData.read` entry to the
 * case's history: who, when, which fields, through which route.
 *
 * @example
 *   // in a route whose response holds case data of instance `id`
 *   if (req.query.reveal) await reveal(engine, req, id, body);
 *   return body;
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { createError } from '../errors.ts';
import { may } from '../access/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `reveal`: this response goes out unmasked. */
    personalDataRevealed: boolean;
  }
}

/**
 * Routes whose bodies are definitions, schemas, documentation or the audit log of
 * administrative acts, never case data.
 */
const NOT_CASE_DATA =
  /^\/(api\/definitions|api\/drafts|api\/schemas|api\/actions|api\/audit|openapi\.json|docs)(\/|$)/;

export function registerMasking(app: FastifyInstance, engine: Engine): void {
  app.decorateRequest('personalDataRevealed', false);
  app.addHook('preSerialization', async (req, _reply, payload) => {
    if (req.personalDataRevealed || NOT_CASE_DATA.test(req.routeOptions.url ?? '')) return payload;
    return engine.personalData.mask(payload);
  });
}

/** The `reveal` query parameter of routes that can answer unmasked. */
export const revealQuery = {
  reveal: {
    type: 'boolean',
    default: false,
    description:
      'Answer with personal data unmasked (role `personal-data`); the read is recorded in the case history.',
  },
} as const;

/** Lets this response go out unmasked, after checking the right and recording the read. */
export async function reveal(
  engine: Engine,
  req: FastifyRequest,
  instanceId: string,
  payload: unknown,
): Promise<void> {
  await revealCases(engine, req, [{ instanceId, payload }]);
}

/**
 * The same for a response about several cases (search results, related cases): each case
 * whose part of the answer holds personal data records its own `personalData.read`.
 */
export async function revealCases(
  engine: Engine,
  req: FastifyRequest,
  cases: { instanceId: string; payload: unknown }[],
): Promise<void> {
  if (!may(req.actor, 'readPersonalData'))
    throw createError('CW_ERR_REVEAL_FORBIDDEN', undefined, {
      ...(cases.length === 1 ? { data: { instanceId: cases[0]!.instanceId } } : {}),
    });
  req.personalDataRevealed = true;
  const reads = cases
    .map((c) => ({ id: c.instanceId, fields: engine.personalData.found(c.payload) }))
    .filter((c) => c.fields.length);
  if (!reads.length) return;
  const route = `${req.method} ${req.routeOptions.url}`;
  await engine.data.history.recordEntries(
    reads.map((c) => ({
      instanceId: c.id,
      type: 'personalData.read',
      actor: req.actor.id,
      data: { fields: c.fields, route },
    })),
    engine.clock.now(),
  );
}
