/**
 * Customers without a staff login (rate limited like every public route): start a case of a
 * process whose definition allows it (`public.intake`), follow it with the private tracking
 * link they get (the progress in the definition's customer words, never node names or case
 * data), and upload the documents it waits for, which answers the waiting message.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  RECOGNISED_TYPES,
  screenUploads,
  sha256,
  storeAttachment,
  type Upload,
} from '../../attachments/index.ts';
import type { Engine } from '../../engine-types.ts';
import {
  enteredNodes,
  insertTrackingToken,
  pendingSubscriptionsOf,
  readInstance,
  trackedInstanceId,
  type InstanceRow,
} from '../../store/index.ts';
import { createError, langFromHeader } from '../../errors.ts';
import type { ProcessDefinition } from '../../generated/index.ts';
import { sealValue } from '../../privacy/index.ts';
import { errorResponse } from '../app.ts';
import { idempotencyHeaders, idempotent } from '../idempotency.ts';

const PUBLIC_ACTOR = { id: 'public', roles: [], groups: [] };

/** What customers are shown and quote: the case's reference, never its business key. */
const referenceSchema = {
  type: ['string', 'null'],
  description:
    "The case's reference, XXXX-XXXX-XXXX (Crockford base32): assigned by the engine, random and unique, carrying nothing of the case. Null only for a case started before references existed.",
} as const;
const localizedSchema = {
  type: 'object',
  properties: { 'zh-Hant': { type: 'string' }, en: { type: 'string' } },
} as const;
const MAX_FILES = 5;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function publicRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const publicProcess = (id: string): ProcessDefinition => {
    const { definition } = engine.registry.process(id);
    if (!definition.public?.intake)
      throw createError('CW_ERR_NOT_FOUND', `process ${id} does not take public requests`);
    return definition;
  };

  /** The instance behind a tracking token (404 for anything else: tokens are not guessable). */
  const tracked = async (token: string) => {
    const id = await trackedInstanceId(engine.db, sha256(token));
    if (!id) throw createError('CW_ERR_NOT_FOUND', 'unknown tracking link');
    return (await readInstance(engine.db, id))!;
  };

  app.get<{ Params: { processId: string } }>(
    '/public/intake/:processId',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "What a customer fills in to start a case: the process's name and its start form (labels in both languages, rules, no case data).",
        params: {
          type: 'object',
          required: ['processId'],
          properties: { processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
        },
        response: { 404: errorResponse, 429: errorResponse },
      },
    },
    async (req) => {
      const definition = publicProcess(req.params.processId);
      const start = definition.nodes.find((n) => n.type === 'start');
      const form =
        start?.type === 'start' && start.form
          ? engine.registry.form(start.form.id, start.form.version)
          : null;
      return { processId: definition.id, name: definition.name, form };
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
          properties: { data: { type: 'object' } },
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
      return idempotent<InstanceRow>(engine, req, reply, {
        work: (hooks) =>
          engine.executor.startInstance(
            {
              processId: definition.id,
              variables: req.body.data,
              variablesAt: '/data',
              actor: PUBLIC_ACTOR,
              lang: langFromHeader(req.headers['accept-language']),
            },
            hooks,
          ),
        // the tracking link is written with the case: a case without one cannot be followed
        hooks: {
          last: async (tx, row) => {
            await insertTrackingToken(tx, {
              tokenHash: sha256(token),
              instanceId: row.id,
              now: new Date(engine.clock.now()),
            });
          },
        },
        answer: (row) => ({ status: 201, body: { reference: row.reference, token } }),
        // a retry gets the same link: the token is kept for it, sealed like personal data
        keep: (a) => ({
          ...a,
          body: { ...a.body, token: sealValue(engine.personalData.ring, token) },
        }),
      });
    },
  );

  app.get<{ Params: { token: string } }>(
    '/public/track/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "A case's progress in customer words: its steps (done, current, pending) and the documents it waits for.",
        params: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              reference: referenceSchema,
              status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
              startedAt: { type: 'string', format: 'date-time' },
              endedAt: { type: ['string', 'null'], format: 'date-time' },
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    label: localizedSchema,
                    state: { type: 'string', enum: ['done', 'current', 'pending'] },
                  },
                },
              },
              waitingFor: {
                type: 'array',
                description: 'The documents the case waits for (POST …/documents with `message`).',
                items: {
                  type: 'object',
                  properties: { message: { type: 'string' }, label: localizedSchema },
                },
              },
            },
          },
          404: errorResponse,
          429: errorResponse,
        },
      },
    },
    async (req) => {
      const i = await tracked(req.params.token);
      const { definition } = engine.registry.process(i.process_id, i.process_version);
      const entered = new Set(await enteredNodes(engine.db, i.id));
      const here = new Set(i.state.tokens.map((t) => t.nodeId));
      const steps = (definition.public?.steps ?? []).map((s) => ({
        label: s.label,
        state: s.nodes.some((n) => here.has(n))
          ? 'current'
          : s.nodes.some((n) => entered.has(n))
            ? 'done'
            : 'pending',
      }));
      const waits = await waitingUploads(engine, i.id, definition);
      return {
        reference: i.reference,
        status: i.status,
        startedAt: i.started_at.toISOString(),
        endedAt: i.ended_at?.toISOString() ?? null,
        steps,
        waitingFor: waits.map((w) => ({ message: w.message, label: w.label })),
      };
    },
  );

  app.post<{
    Params: { token: string };
    Body: { message: string; files: { name: string; contentType: string; data: string }[] };
  }>(
    '/public/track/:token/documents',
    {
      config: { auth: 'public' },
      bodyLimit: Math.ceil((MAX_FILES * MAX_FILE_BYTES * 4) / 3) + 64 * 1024,
      schema: {
        tags: ['public'],
        summary:
          'Upload the documents a case waits for (PDF, PNG or JPEG, base64, at most 5 files of 5 MB): checked by content and by the attachment scanner (422 when it refuses one), stored encrypted, and the waiting message is answered.',
        params: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['message', 'files'],
          properties: {
            message: { type: 'string', minLength: 1, maxLength: 200 },
            files: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_FILES,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'contentType', 'data'],
                properties: {
                  name: { type: 'string', minLength: 1, maxLength: 200 },
                  contentType: { type: 'string', enum: [...RECOGNISED_TYPES] },
                  data: { type: 'string', minLength: 1, contentEncoding: 'base64' },
                },
              },
            },
          },
        },
        response: {
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          413: errorResponse,
          422: errorResponse,
          503: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const i = await tracked(req.params.token);
      const { definition } = engine.registry.process(i.process_id, i.process_version);
      const wait = (await waitingUploads(engine, i.id, definition)).find(
        (w) => w.message === req.body.message,
      );
      if (!wait)
        throw createError('CW_ERR_UPLOAD_NOT_AWAITED', undefined, {
          data: { message: req.body.message },
        });
      // Every file is checked (by content) and scanned before any is stored.
      const uploads: Upload[] = req.body.files.map((f, n) => ({
        name: f.name,
        contentType: f.contentType,
        content: Buffer.from(f.data, 'base64'),
        pointer: `/files/${n}/data`,
      }));
      await screenUploads(uploads, { maxSize: MAX_FILE_BYTES }, engine.scanner, {
        instanceId: i.id,
        uploadedBy: 'public',
      });
      const now = new Date(engine.clock.now());
      // Delivered to this case's own wait (its subscription), never to whichever case waits on
      // the same correlation key: that key may be built from what customers type.
      const answered = await engine.executor.answerWait({
        instanceId: i.id,
        subscriptionId: wait.subscriptionId,
        // the same files for the same wait are one message, however often they are sent
        messageId: `upload-${sha256([wait.subscriptionId, ...uploads.map((u) => sha256(u.content))].join(':'))}`,
        payload: async (tx) => {
          const stored = [];
          for (const u of uploads) {
            const { id, name, contentType, size } = await storeAttachment(
              tx,
              engine.personalData.ring,
              u,
              { instanceId: i.id, uploadedBy: 'public', scannedBy: engine.scanner.name, now },
            );
            stored.push({ id, name, contentType, size });
          }
          return { documents: stored };
        },
      });
      if (!answered.waiting)
        throw createError('CW_ERR_UPLOAD_NOT_AWAITED', undefined, {
          data: { message: req.body.message },
        });
      return reply
        .status(202)
        .send({ status: 'correlated', documents: uploads.map((u) => u.name) });
    },
  );
}

/** The uploads the case waits for now: its open subscriptions to the definition's upload messages. */
async function waitingUploads(engine: Engine, instanceId: string, definition: ProcessDefinition) {
  const uploads = definition.public?.uploads ?? [];
  if (!uploads.length) return [];
  return (await pendingSubscriptionsOf(engine.db, instanceId)).flatMap((s) => {
    const u = uploads.find((x) => x.message === s.message);
    return u
      ? [
          {
            message: s.message,
            label: u.label,
            subscriptionId: s.id,
          },
        ]
      : [];
  });
}
