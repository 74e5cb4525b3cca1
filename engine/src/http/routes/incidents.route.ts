import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError } from '../../errors.ts';
import { DUTIES } from '../../access/index.ts';
import { incidentDetail, incidentVisible, listIncidents } from '../../store/index.ts';
import { errorResponse } from '../app.ts';

const ops = { roles: DUTIES.oversee };

export async function incidentRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: { status: 'open' | 'resolved'; instanceId?: string } }>(
    '/incidents',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary:
          "Incidents: service tasks out of retries and steps that failed (FEEL error, no matching flow). Supervisors see those of their groups' cases.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['open', 'resolved'], default: 'open' },
            instanceId: { type: 'string' },
          },
        },
      },
    },
    async (req) => {
      const rows = await listIncidents(engine.db, req.actor, req.query);
      return {
        items: rows.map((i) => ({
          id: i.id,
          instanceId: i.instance_id,
          jobId: i.job_id,
          nodeId: i.node_id,
          error: i.error,
          status: i.status,
          createdAt: i.created_at.toISOString(),
          resolvedAt: i.resolved_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/incidents/:id',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary:
          'One incident with the work behind it: the action, its input (personal data masked), the attempts made and the last error.',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 404: errorResponse },
      },
    },
    async (req) => {
      const n = await incidentDetail(engine.db, req.actor, req.params.id);
      if (!n) throw createError('CW_ERR_NOT_FOUND', `incident ${req.params.id} not found`);
      return {
        id: n.id,
        instanceId: n.instance_id,
        jobId: n.job_id,
        nodeId: n.node_id,
        error: n.error,
        status: n.status,
        createdAt: n.created_at.toISOString(),
        resolvedAt: n.resolved_at?.toISOString() ?? null,
        job: {
          kind: n.kind,
          action: n.action,
          input: n.payload.input ?? null,
          attempts: n.attempt,
          maxAttempts: n.max_attempts,
          lastError: n.last_error,
        },
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/incidents/:id/retry',
    {
      config: { auth: ops },
      schema: {
        tags: ['incidents'],
        summary: 'Retry the work behind an open incident once more.',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        response: { 404: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      if (!(await incidentVisible(engine.db, req.actor, req.params.id)))
        throw createError('CW_ERR_NOT_FOUND', `incident ${req.params.id} not found`);
      await engine.executor.retryIncident(req.params.id, req.actor);
      return reply.status(202).send({ status: 'retrying' });
    },
  );
}
