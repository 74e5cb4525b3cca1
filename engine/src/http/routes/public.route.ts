/**
 * Customers without a staff login (rate limited like every public route): start a case of a
 * process whose definition allows it (`public.intake`) and get its private tracking link
 * (followed in track.route.ts).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sha256 } from '../../attachments/index.ts';
import type { Engine } from '../../engine-types.ts';
import { trackingTokenHooks } from '../../effects/index.ts';
import type { InstanceRow } from '../../store/index.ts';
import { createError, langFromHeader } from '../../errors.ts';
import type { ProcessDefinition } from '../../generated/index.ts';
import { sealValue } from '../../privacy/index.ts';
import { errorResponse } from '../app.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';
import { answer, definitionBody, localizedOrNull } from '../schemas.ts';
import { formClock } from './tasks.route.ts';
import { referenceSchema } from './track.route.ts';
import { formClockOf } from '../views.ts';

const PUBLIC_ACTOR = { id: 'public', roles: [], groups: [], permissions: [] };

export async function publicRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const publicProcess = (id: string): ProcessDefinition => {
    const { definition } = engine.registry.process(id);
    if (!definition.public?.intake)
      throw createError('CW_ERR_NOT_FOUND', `process ${id} does not take public requests`);
    return definition;
  };

  app.get<{ Params: { processId: string } }>(
    '/public/intake/:processId',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "What a customer fills in to start a case: the process's name and its start form (labels in both languages, rules, no case data), and the clock its rules read (`clock`: the engine's instant and the process's time zone, where `today()` counts days).",
        params: {
          type: 'object',
          required: ['processId'],
          properties: { processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
        },
        response: {
          200: answer({
            processId: { type: 'string' },
            name: { ...localizedOrNull, type: 'object' },
            form: {
              ...definitionBody,
              type: ['object', 'null'],
              description: 'The start form (null: the process starts without one).',
            },
            clock: formClock,
          }),
          404: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (req) => {
      const definition = publicProcess(req.params.processId);
      const start = definition.nodes.find((n) => n.type === 'start');
      const form =
        start?.type === 'start' && start.form
          ? engine.registry.form(start.form.id, start.form.version)
          : null;
      return {
        processId: definition.id,
        name: definition.name,
        form,
        clock: formClockOf(engine, definition),
      };
    },
  );

  app.post<{ Params: { processId: string }; Body: { data: Record<string, unknown> } }>(
    '/public/intake/:processId',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "A customer starts a case (the start form validates the data); answers the case's reference (engine-assigned, random: never the business key or anything typed) and a private tracking token, written with the case in one transaction. With an Idempotency-Key a retry answers the same case and token and starts nothing.",
        params: {
          type: 'object',
          required: ['processId'],
          properties: { processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
        },
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['data'],
          properties: { data: { type: 'object', additionalProperties: true } },
        },
        response: {
          201: {
            type: 'object',
            required: ['reference', 'token'],
            properties: {
              reference: referenceSchema,
              token: {
                type: 'string',
                description:
                  "The private tracking link's secret (shown once; only its sha256 is stored): GET /api/public/track/{token}.",
              },
            },
          },
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const definition = publicProcess(req.params.processId);
      const token = randomBytes(24).toString('base64url');
      const lang = langFromHeader(req.headers['accept-language']);
      return idempotent<InstanceRow>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.startInstance(
            {
              processId: definition.id,
              version: definition.version,
              variables: req.body.data,
              variablesAt: '/data',
              actor: PUBLIC_ACTOR,
              lang,
              assigned: intakeVariables(definition, {
                trackingLink: trackingLink(engine.config.publicUrl, token),
                language: lang,
              }),
            },
            hooks,
          ),
        // the tracking link is written with the case: a case without one cannot be followed
        hooks: trackingTokenHooks({ tokenHash: sha256(token), clock: engine.clock }),
        answer: (row) => ({ status: 201, body: { reference: row.reference, token } }),
        // a retry gets the same link: the token is kept for it, sealed like personal data
        keep: (a) => ({
          ...a,
          body: { ...a.body, token: sealValue(engine.personalData.ring, token) },
        }),
      });
    },
  );
}

/** The studio's tracking page for a token, under the engine's PUBLIC_URL. */
export function trackingLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/track/${token}`;
}

/** What the engine gives a case started at intake, under the names its process chose. */
function intakeVariables(
  definition: ProcessDefinition,
  values: { trackingLink: string; language: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const what of ['trackingLink', 'language'] as const) {
    const name = definition.public?.[what];
    if (name) out[name] = values[what];
  }
  return out;
}
