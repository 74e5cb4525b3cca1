/**
 * A customer's private tracking link (no login, rate limited like every public route): the
 * case's progress in the definition's customer words (never node names or case data), each
 * document it asks for on its own line with an upload against that line, and the amount it
 * offers, accepted or disputed. Every write reaches the link's own case only: its own pending
 * wait, never whichever case waits on the same correlation key.
 */
import type { FastifyInstance } from 'fastify';
import { RECOGNISED_TYPES, screenUploads, sha256, type Upload } from '../../attachments/index.ts';
import { customerAsks } from '../../cases/index.ts';
import type { Engine } from '../../engine-types.ts';
import { createError, fieldError, langFromHeader } from '../../errors.ts';
import type { ProcessDefinition } from '../../generated/index.ts';
import type { InstanceRow } from '../../store/index.ts';
import type { EngineData } from '../../data.ts';
import { errorResponse } from '../app.ts';
import { localizedText } from '../schemas.ts';

/** What customers are shown and quote: the case's reference, never its business key. */
export const referenceSchema = {
  type: ['string', 'null'],
  description:
    "The case's reference, XXXX-XXXX-XXXX (Crockford base32): assigned by the engine, random and unique, carrying nothing of the case. Null only for a case started before references existed.",
} as const;
const localizedSchema = localizedText;
const tokenParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string' } },
} as const;
/** Files in one request, and held against one line of a wait. */
const MAX_FILES = 5;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const ITEM_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/** The instance behind a tracking token (404 for anything else: tokens are not guessable). */
async function tracked(engine: Engine, token: string): Promise<InstanceRow> {
  const id = await engine.data.instances.trackedInstanceId(sha256(token));
  if (!id) throw createError('CW_ERR_NOT_FOUND', 'unknown tracking link');
  return (await engine.data.instances.readInstance(id))!;
}

/** What the case asks of its customer now, with the files already held for each line. */
async function asksOf(
  data: Pick<EngineData, 'instances' | 'attachments'>,
  i: InstanceRow,
  definition: ProcessDefinition,
) {
  const pending = await data.instances.pendingSubscriptionsOf(i.id);
  const lined = new Set(
    (definition.public?.uploads ?? []).filter((u) => u.items).map((u) => u.message),
  );
  const held = [];
  for (const s of pending.filter((p) => lined.has(p.message)))
    held.push(...(await data.attachments.waitUploads(s.id)).map((f) => ({ ...f, waitId: s.id })));
  return customerAsks(definition, i.state.variables, pending, held);
}

export async function trackRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const processOf = (i: InstanceRow) =>
    engine.registry.process(i.process_id, i.process_version).definition;

  app.get<{ Params: { token: string } }>(
    '/public/track/:token',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "A case's progress in customer words: its steps (done, current, pending), the documents it waits for (each asked-for document on its own line, with the files sent against it) and the amounts it waits for the customer to accept or dispute.",
        params: tokenParams,
        response: {
          200: {
            type: 'object',
            required: [
              'reference',
              'status',
              'startedAt',
              'endedAt',
              'steps',
              'waitingFor',
              'answers',
            ],
            properties: {
              reference: referenceSchema,
              status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
              startedAt: { type: 'string', format: 'date-time' },
              endedAt: { type: ['string', 'null'], format: 'date-time' },
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['label', 'state'],
                  properties: {
                    label: localizedSchema,
                    state: { type: 'string', enum: ['done', 'current', 'pending'] },
                  },
                },
              },
              waitingFor: {
                type: 'array',
                description:
                  'The documents the case waits for (POST …/documents with `message`, and `item` when it lists lines).',
                items: {
                  type: 'object',
                  required: ['message', 'label', 'lines'],
                  properties: {
                    message: { type: 'string' },
                    label: localizedSchema,
                    lines: {
                      type: 'array',
                      description:
                        'Each document asked for (empty: one upload of any documents answers). The wait is answered when every line has its files.',
                      items: {
                        type: 'object',
                        required: ['item', 'label', 'documents'],
                        properties: {
                          item: { type: 'string' },
                          label: { ...localizedSchema, type: ['object', 'null'] },
                          documents: {
                            type: 'array',
                            description: 'The names of the files sent against this line so far.',
                            items: { type: 'string' },
                          },
                        },
                      },
                    },
                  },
                },
              },
              answers: {
                type: 'array',
                description:
                  'The amounts the case waits for the customer to accept or dispute (POST …/answers with `message`).',
                items: {
                  type: 'object',
                  required: ['message', 'label', 'amount'],
                  properties: {
                    message: { type: 'string' },
                    label: localizedSchema,
                    amount: {
                      type: ['integer', 'null'],
                      description: 'The amount offered, in fen (1 yuan = 100 fen).',
                    },
                  },
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
      const i = await tracked(engine, req.params.token);
      const definition = processOf(i);
      const entered = new Set(await engine.data.history.enteredNodes(i.id));
      const here = new Set(i.state.tokens.map((t) => t.nodeId));
      const steps = (definition.public?.steps ?? []).map((s) => ({
        label: s.label,
        state: s.nodes.some((n) => here.has(n))
          ? 'current'
          : s.nodes.some((n) => entered.has(n))
            ? 'done'
            : 'pending',
      }));
      const asks = await asksOf(engine.data, i, definition);
      return {
        reference: i.reference,
        status: i.status,
        startedAt: i.started_at.toISOString(),
        endedAt: i.ended_at?.toISOString() ?? null,
        steps,
        waitingFor: asks.uploads.map(({ message, label, lines }) => ({ message, label, lines })),
        answers: asks.answers.map(({ message, label, amount }) => ({ message, label, amount })),
      };
    },
  );

  app.post<{
    Params: { token: string };
    Body: {
      message: string;
      item?: string;
      files: { name: string; contentType: string; data: string }[];
    };
  }>(
    '/public/track/:token/documents',
    {
      config: { auth: 'public' },
      bodyLimit: Math.ceil((MAX_FILES * MAX_FILE_BYTES * 4) / 3) + 64 * 1024,
      schema: {
        tags: ['public'],
        summary:
          'Upload documents a case waits for (PDF, PNG or JPEG, base64, at most 5 files of 5 MB), against one of its lines (`item`) when it lists them: checked by content and by the attachment scanner (422 when it refuses one) and stored encrypted. The wait is answered when every line has its files (or at once when it lists none); until then the files are held for it.',
        params: tokenParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['message', 'files'],
          properties: {
            message: { type: 'string', minLength: 1, maxLength: 200 },
            item: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
              pattern: ITEM_PATTERN,
              description:
                'The line the files are for: one of the codes in `waitingFor[].lines[].item`. Required when the wait lists lines, refused when it does not.',
            },
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
          202: {
            type: 'object',
            required: ['status', 'documents', 'missing'],
            properties: {
              status: {
                type: 'string',
                enum: ['correlated', 'received'],
                description:
                  '`correlated`: the wait is answered; `received`: the files are held, lines remain.',
              },
              documents: { type: 'array', items: { type: 'string' } },
              missing: {
                type: 'array',
                description: 'The lines still without files.',
                items: { type: 'string' },
              },
            },
          },
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
      const lang = langFromHeader(req.headers['accept-language']);
      const { message, item } = req.body;
      const i = await tracked(engine, req.params.token);
      const definition = processOf(i);
      const wait = (await asksOf(engine.data, i, definition)).uploads.find(
        (w) => w.message === message,
      );
      if (!wait) throw createError('CW_ERR_UPLOAD_NOT_AWAITED', undefined, { data: { message } });
      const lined = wait.lines.length > 0;
      if (lined && item === undefined) throw fieldError('CW_ERR_VALIDATION', '/item', lang);
      if (item !== undefined && !wait.lines.some((l) => l.item === item))
        throw fieldError('CW_ERR_UPLOAD_ITEM_UNKNOWN', '/item', lang);
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
      const upload = definition.public!.uploads!.find((u) => u.message === message)!;
      const hashes = uploads.map((u) => sha256(u.content));
      // Delivered to this case's own wait (its subscription), never to whichever case waits on
      // the same correlation key: that key may be built from what customers type.
      const answered = await engine.executor.uploadDocuments({
        instanceId: i.id,
        subscriptionId: wait.subscriptionId,
        // without lines, the same files for the same wait are one message, however often sent;
        // with lines, the wait is answered once, by the upload that completes it
        messageId: lined
          ? `upload-${sha256(wait.subscriptionId)}`
          : `upload-${sha256([wait.subscriptionId, ...hashes].join(':'))}`,
        uploads,
        hashes,
        ring: engine.personalData.ring,
        origin: {
          uploadedBy: 'public',
          scannedBy: engine.scanner.name,
          now: new Date(engine.clock.now()),
        },
        ...(lined ? { line: { item: item!, upload, maxFiles: MAX_FILES, lang } } : {}),
      });
      if (answered.duplicate && lined) {
        // the wait was answered before: only a retry of files it holds is still welcome
        const held = await engine.data.attachments.waitUploads(wait.subscriptionId);
        if (!hashes.every((h) => held.some((f) => f.sha256 === h && f.item === item)))
          throw createError('CW_ERR_UPLOAD_NOT_AWAITED', undefined, { data: { message } });
      } else if (!answered.waiting)
        throw createError('CW_ERR_UPLOAD_NOT_AWAITED', undefined, { data: { message } });
      return reply.status(202).send({
        status: answered.answered || answered.duplicate ? 'correlated' : 'received',
        documents: uploads.map((u) => u.name),
        missing: answered.missing,
      });
    },
  );

  app.post<{
    Params: { token: string };
    Body: { message: string; accepted: boolean; reason?: string; amountRequested?: number };
  }>(
    '/public/track/:token/answers',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['public'],
        summary:
          "The customer accepts or disputes the amount a case offers (the definition's `public.answers`): answers the case's own wait with `{ accepted: true }` or `{ accepted: false, reason, amountRequested? }`, as the process's message. A dispute must say why; an acceptance asks for nothing more. Sent again, the same answer is one answer.",
        params: tokenParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['message', 'accepted'],
          properties: {
            message: { type: 'string', minLength: 1, maxLength: 200 },
            accepted: { type: 'boolean' },
            reason: {
              type: 'string',
              minLength: 1,
              maxLength: 2000,
              description: 'Why the amount is disputed (required when `accepted` is false).',
            },
            amountRequested: {
              type: 'integer',
              minimum: 1,
              maximum: Number.MAX_SAFE_INTEGER,
              description:
                'The amount the customer asks for instead, in fen (only with a dispute).',
            },
          },
        },
        response: {
          202: {
            type: 'object',
            required: ['status', 'accepted'],
            properties: {
              status: { type: 'string', enum: ['correlated'] },
              accepted: { type: 'boolean' },
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
      const lang = langFromHeader(req.headers['accept-language']);
      const { message, accepted, reason, amountRequested } = req.body;
      const i = await tracked(engine, req.params.token);
      const wait = (await asksOf(engine.data, i, processOf(i))).answers.find(
        (a) => a.message === message,
      );
      if (!wait) throw createError('CW_ERR_ANSWER_NOT_AWAITED', undefined, { data: { message } });
      const why = reason?.trim() ?? '';
      if (!accepted && !why) throw fieldError('CW_ERR_ANSWER_INVALID', '/reason', lang);
      if (accepted && reason !== undefined)
        throw fieldError('CW_ERR_ANSWER_INVALID', '/reason', lang);
      if (accepted && amountRequested !== undefined)
        throw fieldError('CW_ERR_ANSWER_INVALID', '/amountRequested', lang);
      const payload = accepted
        ? { accepted: true }
        : {
            accepted: false,
            reason: why,
            ...(amountRequested !== undefined ? { amountRequested } : {}),
          };
      const answered = await engine.executor.answerWait({
        instanceId: i.id,
        subscriptionId: wait.subscriptionId,
        messageId: `answer-${sha256(`${wait.subscriptionId}:${JSON.stringify(payload)}`)}`,
        payload: async () => payload,
      });
      if (!answered.waiting)
        throw createError('CW_ERR_ANSWER_NOT_AWAITED', undefined, { data: { message } });
      return reply.status(202).send({ status: 'correlated', accepted });
    },
  );
}
