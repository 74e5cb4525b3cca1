import type { FastifyInstance } from 'fastify';
import { reveal, revealCases, revealQuery } from '../personal-data.ts';
import type { Engine } from '../../engine-types.ts';
import type { InstanceRow } from '../../store/index.ts';
import { type Actor } from '../../access/index.ts';
import { createError, langFromHeader } from '../../errors.ts';
import { errorResponse } from '../app.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';
import { answer, ref, waitKind } from '../schemas.ts';
import { instanceView } from '../views.ts';
import { relatedCases } from '../../search/index.ts';
import { relatedCasesSchema } from '../case-schemas.ts';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 200 } },
  required: ['id'],
} as const;
const manage = { duties: ['oversee'] } as const;
/** Listing: supervisors see their groups' cases, designers all (they migrate them). */
const oversee = { duties: ['listCases'] } as const;

/** What a migration moves and what it refuses (`applied`: false for a dry run or a refusal). */
const migrationReport = answer({
  moves: {
    type: 'array',
    items: answer({
      tokenId: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      wait: waitKind,
    }),
  },
  problems: {
    type: 'array',
    items: answer({
      code: { type: 'string' },
      tokenId: { type: 'string' },
      nodeId: { type: 'string' },
      pointer: { type: 'string' },
      message: { type: 'string' },
    }),
  },
  applied: { type: 'boolean' },
});

export async function instanceRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{
    Body: {
      processId: string;
      version?: number;
      variables?: Record<string, unknown>;
      businessKey?: string;
    };
  }>(
    '/instances',
    {
      config: { auth: { duties: ['startCases'] } },
      schema: {
        tags: ['instances'],
        summary:
          'Start an instance of a process (the latest version unless one is given): those who work cases and machine clients (designers play their processes instead). Send an Idempotency-Key to retry safely: a retry answers as the first request did and starts nothing.',
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          required: ['processId'],
          additionalProperties: false,
          properties: {
            processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
            variables: { type: 'object', additionalProperties: true },
            businessKey: { type: 'string', maxLength: 200 },
          },
        },
        response: {
          201: ref('Instance'),
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) =>
      idempotent<InstanceRow>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.startInstance(
            {
              processId: req.body.processId,
              version: req.body.version ?? null,
              variables: req.body.variables ?? {},
              businessKey: req.body.businessKey ?? null,
              actor: req.actor,
              lang: langFromHeader(req.headers['accept-language']),
            },
            hooks,
          ),
        answer: (row) => ({ status: 201, body: instanceView(row) }),
      }),
  );

  app.get<{
    Querystring: {
      processId?: string;
      status?: string;
      businessKey?: string;
      limit: number;
      offset: number;
    };
  }>(
    '/instances',
    {
      config: { auth: oversee },
      schema: {
        tags: ['instances'],
        summary:
          'List instances, newest first (supervisors: those with work of their groups or started by them).',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            processId: { type: 'string' },
            status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
            businessKey: { type: 'string' },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: {
          200: answer({
            items: { type: 'array', items: ref('Instance') },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const rows = await engine.data.instances.listInstances(req.actor, q);
      return { items: rows.map(instanceView), limit: q.limit, offset: q.offset };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { reveal: boolean } }>(
    '/instances/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary: 'Read an instance (personal data masked unless revealed).',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: revealQuery },
        response: { 200: ref('Instance'), 403: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const view = instanceView(await visibleInstance(engine, req.params.id, req.actor));
      if (req.query.reveal) await reveal(engine, req, req.params.id, view);
      return view;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { reveal: boolean } }>(
    '/instances/:id/history',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary:
          'The audit history of an instance: who, when, what, with submitted form data (personal data masked unless revealed).',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: revealQuery },
        response: {
          200: {
            type: 'object',
            required: ['items', 'people'],
            properties: {
              items: { type: 'array', items: ref('HistoryEntry') },
              people: {
                description:
                  'Display names of the users the entries name (actors, reassignment targets), by id.',
                type: 'object',
                additionalProperties: { type: 'string' },
              },
            },
          },
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      const body = await engine.data.history.readHistory(req.params.id);
      if (req.query.reveal) await reveal(engine, req, req.params.id, body);
      return body;
    },
  );

  app.get<{ Params: { id: string }; Querystring: { reveal: boolean } }>(
    '/instances/:id/related',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary:
          "Cases related to this one: its parent and children (call activities), cases of the same customer (equal ID or phone number, compared through the blind index), and cases with the same policy number or claim. Lists those you may see; `hidden` counts the others. Customers' names are masked unless revealed.",
        params: idParams,
        querystring: { type: 'object', properties: revealQuery },
        response: {
          200: relatedCasesSchema,
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      const body = await relatedCases(engine, req.actor, req.params.id);
      if (req.query.reveal)
        await revealCases(
          engine,
          req,
          body.items.map((c) => ({ instanceId: c.id, payload: c })),
        );
      return body;
    },
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/instances/:id/cancel',
    {
      config: { auth: manage },
      schema: {
        tags: ['instances'],
        summary: 'Cancel an active instance (its tasks, timers, jobs and children too).',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { reason: { type: 'string', maxLength: 1000 } },
        },
        response: { 200: ref('Instance'), 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      return instanceView(
        await engine.executor.cancelInstance(req.params.id, req.actor, req.body?.reason ?? ''),
      );
    },
  );

  app.post<{
    Params: { id: string };
    Body: { targetVersion: number; mapping?: Record<string, string>; dryRun?: boolean };
  }>(
    '/instances/:id/migrate',
    {
      config: { auth: { duties: ['design'] } },
      schema: {
        tags: ['instances'],
        summary:
          "Migrate an instance to another version with an explicit node mapping; dryRun returns the report and changes nothing. Each problem's message is in the caller's language (`Accept-Language`).",
        params: idParams,
        body: {
          type: 'object',
          required: ['targetVersion'],
          additionalProperties: false,
          properties: {
            targetVersion: { type: 'integer', minimum: 1, maximum: 2147483647 },
            mapping: { type: 'object', additionalProperties: { type: 'string' } },
            dryRun: { type: 'boolean', default: false },
          },
        },
        response: { 200: migrationReport, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) =>
      engine.executor.migrateInstance(
        req.params.id,
        {
          targetVersion: req.body.targetVersion,
          mapping: req.body.mapping ?? {},
          dryRun: req.body.dryRun ?? false,
        },
        req.actor,
        langFromHeader(req.headers['accept-language']),
      ),
  );
}

/**
 * The instance if the actor may know it exists: administrators and designers see all,
 * others those they started or that hold a task visible to them (access/);
 * anyone else gets 404, never 403.
 */
export async function visibleInstance(
  engine: Engine,
  id: string,
  actor: Actor,
): Promise<InstanceRow> {
  const row = await engine.data.instances.visibleInstance(id, actor);
  if (!row) throw createError('CW_ERR_NOT_FOUND', `instance ${id} not found`);
  return row;
}
