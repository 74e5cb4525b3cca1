import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { probeCache } from '../probe-cache.ts';
import { answer } from '../schemas.ts';

/**
 * How long one readiness check answers for: a flood of probes (a monitor many times a second,
 * every load balancer of a fleet through one address) costs PostgreSQL and Redis one check a
 * second, and a lost service is reported within it.
 */
const READY_CACHE_MS = 1_000;

const readiness = answer(
  {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    postgres: { type: 'boolean', description: 'PostgreSQL answered.' },
    redis: { type: 'boolean', description: 'Redis answered.' },
  },
  [],
  'Whether this engine can work: both services answer (200) or not (503).',
);

/** Liveness and readiness: public and not rate limited, so probes are never answered 429. */
export async function healthRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const ready = probeCache(() => engine.readiness(), { ttlMs: READY_CACHE_MS });

  app.get(
    '/health',
    {
      config: { auth: 'public', rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers.',
        description:
          'Public and not rate limited (a monitor or load balancer may poll it as often as it likes, through one address too).',
        security: [],
        response: { 200: answer({ status: { type: 'string', enum: ['ok'] } }) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      config: { auth: 'public', rateLimit: false },
      schema: {
        tags: ['health'],
        summary: 'Readiness: PostgreSQL and Redis answer.',
        description:
          'Public and not rate limited. One check of PostgreSQL and Redis answers every call made within a second of its start (calls while it runs wait for it): a flood of probes costs one check a second, and no answer describes the services as they were more than a second before. A service that does not answer within 2 s counts as lost; a failure is kept no longer than a success.',
        security: [],
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_req, reply) => {
      const checks = await ready();
      const ok = checks.postgres && checks.redis;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', ...checks });
    },
  );
}
