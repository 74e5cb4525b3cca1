import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';

export async function healthRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: { tags: ['health'], summary: 'Liveness: the process answers.', security: [] },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Readiness: PostgreSQL and Redis answer.',
        security: [],
      },
    },
    async (_req, reply) => {
      const checks = await engine.readiness();
      const ok = checks.postgres && checks.redis;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', ...checks });
    },
  );
}
