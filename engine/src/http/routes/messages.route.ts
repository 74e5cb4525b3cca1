import { DUTIES } from '../../access/index.ts';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import type { Correlation } from '../../effects/index.ts';
import { durationMs, ISO_DURATION_PATTERN } from '../../time/index.ts';
import { errorResponse } from '../app.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';

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
      config: { auth: { roles: DUTIES.sendMessages } },
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
        response: { 409: errorResponse, 422: errorResponse },
      },
    },
    async (req, reply) => {
      const b = req.body;
      return idempotent<Correlation>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.correlateMessage(
            {
              messageId: b.messageId,
              name: b.name,
              correlationKey: b.correlationKey,
              payload: b.payload ?? {},
              ...(b.ttl ? { ttlMs: durationMs(b.ttl) } : {}),
            },
            hooks,
          ),
        answer: (result) => ({ status: result.duplicate ? 200 : 202, body: { ...result } }),
      });
    },
  );
}
