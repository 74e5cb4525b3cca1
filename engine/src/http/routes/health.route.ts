import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { answer } from '../schemas.ts';

const readiness = answer(
  {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    postgres: { type: 'boolean', description: 'PostgreSQL answered.' },
    redis: { type: 'boolean', description: 'Redis answered.' },
  },
  [],
  'Whether this engine can work: both services answer (200) or not (503).',
);

export async function healthRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers.',
        security: [],
        response: { 200: answer({ status: { type: 'string', enum: ['ok'] } }) },
      },
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
        response: { 200: readiness, 503: readiness },
      },
    },
    async (_req, reply) => {
      const checks = await engine.readiness();
      const ok = checks.postgres && checks.redis;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not-ready', ...checks });
    },
  );
}
