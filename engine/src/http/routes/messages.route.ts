import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import type { Correlation } from '../../effects/index.ts';
import { ISO_DURATION_PATTERN } from '../../time/index.ts';
import { errorResponse } from '../app.ts';
import { checkDuration } from '../checks.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';
import { answer, nullableString } from '../schemas.ts';

/** What became of a message (effects `Correlation`): 202 the first time, 200 for a repeat. */
const correlation = answer({
  status: {
    type: 'string',
    enum: ['correlated', 'buffered', 'expired'],
    description:
      'Correlated to a waiting instance, buffered until one waits (for its time-to-live), or expired (its time-to-live ended unclaimed).',
  },
  instanceId: { ...nullableString, description: 'The instance it was correlated to.' },
  duplicate: { type: 'boolean', description: 'This messageId was received before.' },
});

/** A buffered message waits at most a year for its instance. */
const MESSAGE_TTL_MAX_MS = 366 * 24 * 3600_000;

export async function messageRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{
    Body: {
      messageId: string;
      name: string;
      correlationKey: string;
      payload?: Record<string, unknown>;
      ttl?: string;
    };
  }>(
    '/messages',
    {
      // Messages come from integrations (an administrator's or integration user's token): staff
      // could otherwise move cases they cannot see.
      config: { auth: { duties: ['sendMessages'] } },
      schema: {
        tags: ['messages'],
        summary:
          'Correlate a message to the instance waiting for it (name + correlation key); buffered for its time-to-live when none waits. Idempotent by messageId.',
        body: {
          type: 'object',
          required: ['messageId', 'name', 'correlationKey'],
          additionalProperties: false,
          properties: {
            messageId: { type: 'string', minLength: 1, maxLength: 200 },
            name: { type: 'string', pattern: '^[a-z][a-z0-9.-]*$' },
            correlationKey: { type: 'string', minLength: 1, maxLength: 500 },
            payload: { type: 'object' },
            ttl: { type: 'string', pattern: ISO_DURATION_PATTERN },
          },
        },
        headers: idempotencyHeaders,
        response: {
          200: { ...correlation, description: 'A repeat of a messageId already received.' },
          202: { ...correlation, description: 'Received: correlated, buffered or expired.' },
          400: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const ttlMs = b.ttl
        ? checkDuration(b.ttl, '/ttl', MESSAGE_TTL_MAX_MS, req.headers['accept-language'])
        : undefined;
      return idempotent<Correlation>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.correlateMessage(
            {
              messageId: b.messageId,
              name: b.name,
              correlationKey: b.correlationKey,
              payload: b.payload ?? {},
              ...(ttlMs !== undefined ? { ttlMs } : {}),
            },
            hooks,
          ),
        answer: (result) => ({ status: result.duplicate ? 200 : 202, body: { ...result } }),
      });
    },
  );
}
