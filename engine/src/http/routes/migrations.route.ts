/**
 * Bulk migrations of running cases (issue 21, item 4): a dry-run report of what each case would
 * do, a batch started to run in the background, its progress and its cases, and cancelling it.
 * For those who migrate single cases (designers and administrators).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError, langFromHeader } from '../../errors.ts';
import { bulkMigrationView } from '../../effects/index.ts';
import { problemsIn } from '../../runtime/index.ts';
import { errorResponse } from '../app.ts';
import { answer, waitKind } from '../schemas.ts';

const design = { duties: ['design'] } as const;
const version = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;
const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

const move = answer({
  tokenId: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  wait: waitKind,
});
const problem = answer({
  code: { type: 'string' },
  tokenId: { type: 'string' },
  nodeId: { type: 'string' },
  pointer: { type: 'string' },
  message: { type: 'string' },
});
const caseStatus = {
  type: 'string',
  enum: ['pending', 'moved', 'refused', 'skipped', 'cancelled'],
};
const count = { type: 'integer' } as const;

const preview = answer(
  {
    processId: { type: 'string' },
    fromVersion: { type: ['integer', 'null'] },
    toVersion: { type: 'integer' },
    total: count,
    movable: count,
    refused: count,
    mapping: {
      type: 'array',
      description: 'The waiting nodes the movable cases leave and reach, with how many tokens.',
      items: answer({
        from: { type: 'string' },
        to: { type: 'string' },
        wait: waitKind,
        tokens: count,
      }),
    },
    items: {
      type: 'array',
      description: 'Each case: the refused ones first, at most 1000 (`more` counts the rest).',
      items: answer({
        instanceId: { type: 'string' },
        reference: { type: 'string' },
        businessKey: { type: ['string', 'null'] },
        fromVersion: { type: 'integer' },
        moves: { type: 'array', items: move },
        problems: { type: 'array', items: problem },
      }),
    },
    more: count,
  },
  [],
  'What a bulk migration would do: nothing is written.',
);

const batch = answer(
  {
    id: { type: 'string' },
    processId: { type: 'string' },
    fromVersion: { type: ['integer', 'null'] },
    toVersion: { type: 'integer' },
    mapping: { type: 'object', additionalProperties: { type: 'string' } },
    status: { type: 'string', enum: ['running', 'done', 'cancelled'] },
    createdBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    total: count,
    done: count,
    progress: answer({
      pending: count,
      moved: count,
      refused: count,
      skipped: count,
      cancelled: count,
    }),
  },
  [],
  'A bulk migration and its progress: its cases by what became of them.',
);

const batchDetail = {
  ...batch,
  required: [...batch.required, 'cases'],
  properties: {
    ...batch.properties,
    cases: {
      type: 'array',
      items: answer({
        seq: count,
        instanceId: { type: 'string' },
        fromVersion: { type: 'integer' },
        status: caseStatus,
        moves: { type: 'array', items: move },
        problems: { type: 'array', items: problem },
        doneAt: { type: ['string', 'null'], format: 'date-time' },
      }),
    },
  },
} as const;

interface MigrationBody {
  processId: string;
  fromVersion?: number;
  toVersion: number;
  mapping?: Record<string, string>;
  dryRun?: boolean;
}

export async function migrationRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{ Body: MigrationBody }>(
    '/migrations',
    {
      config: { auth: design },
      schema: {
        tags: ['instances'],
        summary:
          'Migrate the running cases of a process at once: those on fromVersion (else on every version but the target) to toVersion with one node mapping (a node not named maps to the node of the same id). dryRun (the default) answers what each case would do and writes nothing; otherwise the batch is written and runs in the background (202), each case in its own transaction, resumed after a restart; read its progress at GET /migrations/{id}.',
        body: {
          type: 'object',
          required: ['processId', 'toVersion'],
          additionalProperties: false,
          properties: {
            processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 },
            fromVersion: version,
            toVersion: version,
            mapping: {
              type: 'object',
              maxProperties: 500,
              propertyNames: { maxLength: 200 },
              additionalProperties: { type: 'string', maxLength: 200 },
            },
            dryRun: { type: 'boolean', default: true },
          },
        },
        response: {
          200: preview,
          202: batch,
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const lang = langFromHeader(req.headers['accept-language']);
      const request = {
        processId: req.body.processId,
        fromVersion: req.body.fromVersion ?? null,
        toVersion: req.body.toVersion,
        mapping: req.body.mapping ?? {},
      };
      if (req.body.dryRun ?? true) return engine.executor.previewBulkMigration(request, lang);
      reply.code(202);
      return engine.executor.startBulkMigration(request, req.actor, lang);
    },
  );

  app.get<{ Querystring: { processId?: string; limit?: number; offset?: number } }>(
    '/migrations',
    {
      config: { auth: design },
      schema: {
        tags: ['instances'],
        summary: 'Bulk migrations, newest first, each with its progress.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            processId: { type: 'string', maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
          },
        },
        response: {
          200: answer({ items: { type: 'array', items: batch } }),
          400: errorResponse,
        },
      },
    },
    async (req) => {
      const rows = await engine.data.migrations.listBatches({
        ...(req.query.processId ? { processId: req.query.processId } : {}),
        limit: req.query.limit ?? 50,
        offset: req.query.offset ?? 0,
      });
      const progress = await engine.data.migrations.batchProgress(rows.map((r) => r.id));
      return { items: rows.map((r) => bulkMigrationView(r, progress.get(r.id)!)) };
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: {
      status?: 'pending' | 'moved' | 'refused' | 'skipped' | 'cancelled';
      limit?: number;
      offset?: number;
    };
  }>(
    '/migrations/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['instances'],
        summary:
          'A bulk migration: its progress and a page of its cases in its order (of one status if asked), each with its moves or problems.',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: caseStatus,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
            offset: { type: 'integer', minimum: 0, maximum: 10_000_000, default: 0 },
          },
        },
        response: { 200: batchDetail, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => {
      const view = await engine.executor.readBulkMigration(req.params.id);
      if (!view) throw createError('CW_ERR_NOT_FOUND', `bulk migration ${req.params.id} not found`);
      const cases = await engine.data.migrations.batchCases({
        batchId: view.id,
        ...(req.query.status ? { status: req.query.status } : {}),
        limit: req.query.limit ?? 200,
        offset: req.query.offset ?? 0,
      });
      return {
        ...view,
        cases: cases.map((c) => ({
          seq: c.seq,
          instanceId: c.instance_id,
          fromVersion: c.from_version,
          status: c.status,
          moves: c.moves,
          problems: problemsIn(
            c.problems as { message: string }[],
            langFromHeader(req.headers['accept-language']),
          ),
          doneAt: c.done_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/migrations/:id/cancel',
    {
      config: { auth: design },
      schema: {
        tags: ['instances'],
        summary:
          'Stop a running bulk migration: its pending cases stay where they are, those moved stay moved.',
        params: idParams,
        response: { 200: batch, 400: errorResponse, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) =>
      engine.executor.cancelBulkMigration(
        req.params.id,
        req.actor,
        langFromHeader(req.headers['accept-language']),
      ),
  );
}
