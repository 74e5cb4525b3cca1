/**
 * Customers without a staff login (rate limited like every public route): start a case of a
 * process whose definition allows it (`public.intake`), follow it with the private tracking
 * link they get (the progress in the definition's customer words, never node names or case
 * data), and upload the documents it waits for, which answers the waiting message.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine.ts';
import { createError, langFromHeader } from '../../errors.ts';
import type { ProcessDefinition } from '../../generated/index.ts';
import { sealBytes } from '../../privacy/index.ts';
import { errorResponse } from '../app.ts';

const PUBLIC_ACTOR = { id: 'public', roles: [], groups: [] };
const MAX_FILES = 5;
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * What customers may upload, recognised by content as well as by the declared type: its
 * signature at the start and its end marker at the end, so a cut-off upload is refused
 * (PDF readers look for `%%EOF` in the last KiB, as this does).
 */
const ALLOWED: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) =>
    b.subarray(0, 5).toString('latin1') === '%PDF-' && b.subarray(-1024).includes('%%EOF'),
  'image/png': (b) =>
    b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])) &&
    b.subarray(-12).equals(Buffer.from('0000000049454e44ae426082', 'hex')),
  'image/jpeg': (b) =>
    b.length > 4 &&
    b[0] === 0xff &&
    b[1] === 0xd8 &&
    b[2] === 0xff &&
    b.subarray(Math.max(3, b.length - 1024)).includes(Buffer.from([0xff, 0xd9])),
};
/** A file name, not a path: no separators, no control or bidi-override characters, not `.`/`..`. */
const plainName = (name: string) =>
  !/[/\\\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(name) && !/^\s*\.{0,2}\s*$/.test(name);
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export async function publicRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const publicProcess = (id: string): ProcessDefinition => {
    const { definition } = engine.registry.process(id);
    if (!definition.public?.intake)
      throw createError('CW_ERR_NOT_FOUND', `process ${id} does not take public requests`);
    return definition;
  };

  /** The instance behind a tracking token (404 for anything else: tokens are not guessable). */
  const tracked = async (token: string) => {
    const r = await engine.db.query<{ instance_id: string }>(
      `SELECT instance_id FROM tracking_tokens WHERE token_hash = $1`,
      [sha256(token)],
    );
    const id = r.rows[0]?.instance_id;
    if (!id) throw createError('CW_ERR_NOT_FOUND', 'unknown tracking link');
    const i = await engine.db.query<{
      id: string;
      process_id: string;
      process_version: number;
      business_key: string | null;
      status: string;
      state: { tokens: { nodeId: string; wait: { kind: string; subscriptionId?: string } }[] };
      started_at: Date;
      ended_at: Date | null;
    }>(`SELECT * FROM instances WHERE id = $1`, [id]);
    return i.rows[0]!;
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
          'A customer starts a case (the start form validates the data); answers a reference and a private tracking token.',
        params: {
          type: 'object',
          required: ['processId'],
          properties: { processId: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['data'],
          properties: { data: { type: 'object' } },
        },
        response: { 400: errorResponse, 404: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const definition = publicProcess(req.params.processId);
      const row = await engine.executor.startInstance({
        processId: definition.id,
        variables: req.body.data,
        actor: PUBLIC_ACTOR,
        lang: langFromHeader(req.headers['accept-language']),
      });
      const token = randomBytes(24).toString('base64url');
      await engine.db.query(
        `INSERT INTO tracking_tokens (token_hash, instance_id, created_at) VALUES ($1, $2, $3)`,
        [sha256(token), row.id, new Date(engine.clock.now())],
      );
      return reply.status(201).send({ reference: row.business_key ?? row.id, token });
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
        response: { 404: errorResponse, 429: errorResponse },
      },
    },
    async (req) => {
      const i = await tracked(req.params.token);
      const { definition } = engine.registry.process(i.process_id, i.process_version);
      const entered = new Set(
        (
          await engine.db.query<{ node_id: string }>(
            `SELECT DISTINCT node_id FROM history WHERE instance_id = $1 AND type = 'node.entered'`,
            [i.id],
          )
        ).rows.map((r) => r.node_id),
      );
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
        reference: i.business_key ?? i.id,
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
          'Upload the documents a case waits for (PDF, PNG or JPEG, base64, at most 5 files of 5 MB): stored encrypted, and the waiting message is answered.',
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
                  contentType: { type: 'string', enum: Object.keys(ALLOWED) },
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
      const files = req.body.files.map((f, n) => {
        const content = Buffer.from(f.data, 'base64');
        if (!plainName(f.name))
          throw createError('CW_ERR_UPLOAD_REJECTED', undefined, {
            details: [
              {
                code: 'CW_ERR_UPLOAD_REJECTED',
                pointer: `/files/${n}/name`,
                message: 'not a plain file name',
              },
            ],
          });
        const pointer = `/files/${n}/data`;
        if (content.length > MAX_FILE_BYTES)
          throw createError('CW_ERR_UPLOAD_REJECTED', undefined, {
            details: [
              {
                code: 'CW_ERR_UPLOAD_REJECTED',
                pointer,
                message: `larger than ${MAX_FILE_BYTES} bytes`,
              },
            ],
          });
        if (!ALLOWED[f.contentType]!(content))
          throw createError('CW_ERR_UPLOAD_REJECTED', undefined, {
            details: [
              { code: 'CW_ERR_UPLOAD_REJECTED', pointer, message: `not a ${f.contentType} file` },
            ],
          });
        return { ...f, content, hash: sha256(content) };
      });
      const now = new Date(engine.clock.now());
      const stored = [];
      for (const f of files) {
        const id = `doc_${randomBytes(12).toString('base64url')}`;
        const sealed = sealBytes(engine.personalData.ring, f.content);
        await engine.db.query(
          `INSERT INTO attachments (id, instance_id, name, content_type, size, sha256, key_id, data, uploaded_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'public', $9)`,
          [
            id,
            i.id,
            f.name,
            f.contentType,
            f.content.length,
            f.hash,
            sealed.keyId,
            sealed.data,
            now,
          ],
        );
        stored.push({ id, name: f.name, contentType: f.contentType, size: f.content.length });
      }
      const result = await engine.executor.correlateMessage({
        // the same files for the same wait are one message, however often they are sent
        messageId: `upload-${sha256([wait.subscriptionId, ...files.map((f) => f.hash)].join(':'))}`,
        name: wait.message,
        correlationKey: wait.correlationKey,
        payload: { documents: stored },
      });
      return reply
        .status(202)
        .send({ status: result.status, documents: stored.map((d) => d.name) });
    },
  );
}

/** The uploads the case waits for now: its open subscriptions to the definition's upload messages. */
async function waitingUploads(engine: Engine, instanceId: string, definition: ProcessDefinition) {
  const uploads = definition.public?.uploads ?? [];
  if (!uploads.length) return [];
  const r = await engine.db.query<{ id: string; message: string; correlation_key: string }>(
    `SELECT id, message, correlation_key FROM subscriptions WHERE instance_id = $1 AND status = 'pending' ORDER BY created_at`,
    [instanceId],
  );
  return r.rows.flatMap((s) => {
    const u = uploads.find((x) => x.message === s.message);
    return u
      ? [
          {
            message: s.message,
            label: u.label,
            subscriptionId: s.id,
            correlationKey: s.correlation_key,
          },
        ]
      : [];
  });
}
