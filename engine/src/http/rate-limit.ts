/**
 * Rate limits (@fastify/rate-limit, counters in Redis so every engine process shares them).
 * Registered with `global: false`: only routes that opt in are limited, and every public
 * route opts in (auth.ts gives it the public limit unless it sets its own, as sign-in does)
 * but the probes (`/api/health`, `/api/ready`, `/metrics`), which set `rateLimit: false`.
 * Over the limit the answer is 429 CW_ERR_RATE_LIMITED with a Retry-After header. If Redis
 * is unreachable the limit is skipped; the sign-in lockout in PostgreSQL still holds.
 *
 * @example
 *   app.post('/auth/login', { config: { auth: 'public', rateLimit: { max: 10, timeWindow: 60_000 } } }, h);
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Engine } from '../engine-types.ts';
import { createError } from '../errors.ts';

export async function registerRateLimit(app: FastifyInstance, engine: Engine): Promise<void> {
  const redis = new Redis(engine.config.redisUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${engine.config.redisPrefix}:rate-limit:`,
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      createError('CW_ERR_RATE_LIMITED', undefined, {
        data: { retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)) },
      }),
  });
}
