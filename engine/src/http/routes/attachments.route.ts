/**
 * Staff attachments: a file for a task's file field is uploaded on its own (base64 in JSON, as
 * customers' documents are: no multipart parser, and the file name stays out of URLs and
 * request logs), checked by content against the field's `accept` and `maxSize`, scanned,
 * sealed and stored with the task's case; the answer is the reference the field's value
 * lists. Documents are personal data: a download needs the case to be visible and either the
 * `personal-data` role or an open task of the case the caller may work (`mayWork`, the one
 * rule for that), and each download is recorded in the case's history.
 *
 * @example
 *   POST /api/tasks/{id}/attachments { field: '/receipts', name: 'bill.pdf', contentType: 'application/pdf', data: '<base64>' }
 *   -> 201 { id: 'doc_…', name: 'bill.pdf', size: 48213, contentType: 'application/pdf' }
 */
import type { FastifyInstance } from 'fastify';
import { RECOGNISED_TYPES, screenUploads } from '../../attachments/index.ts';
import {
  assertMayWorkOpenTask,
  documentAccess,
  type Actor,
  type DocumentAccess,
} from '../../access/index.ts';
import type { Engine } from '../../engine-types.ts';
import { createError } from '../../errors.ts';
import { fieldAtPointer } from '../../forms/index.ts';
import { errorResponse } from '../app.ts';
import { caseDocumentSchema } from '../case-schemas.ts';
import { answer, media } from '../schemas.ts';
import { visibleInstance } from './instances.route.ts';

/** The largest file staff may upload, whatever a field allows. */
export const MAX_STAFF_FILE_BYTES = 20 * 1024 * 1024;

const refSchema = {
  type: 'object',
  required: ['id', 'name', 'size', 'contentType'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    size: { type: 'integer' },
    contentType: { type: 'string' },
  },
};

export async function attachmentRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{
    Params: { id: string };
    Body: { field: string; name: string; contentType: string; data: string };
  }>(
    '/tasks/:id/attachments',
    {
      config: { auth: 'user' },
      // base64 is 4/3 of the bytes, plus the other members
      bodyLimit: Math.ceil((MAX_STAFF_FILE_BYTES * 4) / 3) + 16 * 1024,
      schema: {
        tags: ['tasks'],
        summary:
          "Upload one file (base64) for a file field of an open task you may work on: PDF, PNG or JPEG as the field accepts, checked by content and by the attachment scanner, stored encrypted with the case. Returns the reference to put in the field's value.",
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['field', 'name', 'contentType', 'data'],
          properties: {
            field: {
              description: 'The JSON pointer of the file field in the form data (`/receipts`).',
              type: 'string',
              pattern: '^(/[A-Za-z0-9_]+)+$',
              maxLength: 300,
            },
            name: { description: 'The file name.', type: 'string', minLength: 1, maxLength: 255 },
            contentType: { type: 'string', enum: [...RECOGNISED_TYPES] },
            data: { type: 'string', minLength: 1, contentEncoding: 'base64' },
          },
        },
        response: {
          201: refSchema,
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
      const task = await engine.data.tasks.readTask(req.params.id);
      if (!task) throw createError('CW_ERR_NOT_FOUND', `task ${req.params.id} not found`);
      assertMayWorkOpenTask(req.actor, task);
      const form = engine.registry.form(task.form_id, task.form_version);
      const field = fieldAtPointer(form.fields, req.body.field);
      if (field?.type !== 'file')
        throw createError('CW_ERR_VALIDATION', undefined, {
          details: [
            {
              code: 'CW_ERR_VALIDATION',
              pointer: '/field',
              message: `${req.body.field} is not a file field of form ${form.id}`,
            },
          ],
        });
      const upload = {
        name: req.body.name,
        contentType: req.body.contentType,
        content: Buffer.from(req.body.data, 'base64'),
        pointer: '/data',
      };
      await screenUploads(
        [upload],
        {
          accept: field.accept,
          maxSize: Math.min(field.maxSize ?? MAX_STAFF_FILE_BYTES, MAX_STAFF_FILE_BYTES),
        },
        engine.scanner,
        { instanceId: task.instance_id, uploadedBy: req.actor.id },
      );
      const stored = await engine.data.attachments.storeAttachment(
        engine.personalData.ring,
        upload,
        {
          instanceId: task.instance_id,
          uploadedBy: req.actor.id,
          taskId: task.id,
          field: req.body.field,
          scannedBy: engine.scanner.name,
          now: new Date(engine.clock.now()),
        },
      );
      const { id, name, size, contentType } = stored;
      return reply.status(201).send({ id, name, size, contentType });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/instances/:id/attachments',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary:
          "The case's files (uploaded by staff for a task, or by the customer through the tracking link; `uploadedBy` is `public` for the customer), without content: download each from GET /api/attachments/{id}. For whoever may see the case.",
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: {
          200: answer({
            items: { type: 'array', items: caseDocumentSchema },
            mayDownload: {
              type: 'boolean',
              description:
                'Whether you may download these files (the personal-data role, or an open task of the case you may work on).',
            },
          }),
          404: errorResponse,
        },
      },
    },
    async (req) => {
      await visibleInstance(engine, req.params.id, req.actor);
      const items = await engine.data.attachments.listAttachments(req.params.id);
      const names = await engine.data.identity.displayNames(items.map((a) => a.uploadedBy));
      return {
        items: items.map((a) => ({ ...a, uploadedByName: names[a.uploadedBy] ?? null })),
        mayDownload: (await downloadBasis(engine, req.actor, req.params.id)) !== null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/attachments/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary:
          "Download a case's file (uploaded by staff for a task or by the customer through the tracking link). Documents are personal data: the case must be visible to you and you need the `personal-data` role or an open task of the case you may work on (else 403 `CW_ERR_DOCUMENT_FORBIDDEN`). Each download is recorded in the case history (`personalData.downloaded`).",
        produces: [...RECOGNISED_TYPES],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: {
          200: media(RECOGNISED_TYPES, "The file's bytes, as uploaded.", true),
          403: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const file = await engine.data.attachments.readAttachment(
        engine.personalData.ring,
        req.params.id,
      );
      if (!file) throw createError('CW_ERR_NOT_FOUND', `attachment ${req.params.id} not found`);
      // 404 as well when the case is not visible: its files' existence is not told either.
      await visibleInstance(engine, file.instanceId, req.actor);
      const basis = await downloadBasis(engine, req.actor, file.instanceId);
      if (!basis)
        throw createError('CW_ERR_DOCUMENT_FORBIDDEN', undefined, {
          data: { attachmentId: file.id },
        });
      await engine.data.history.recordEntries(
        [
          {
            instanceId: file.instanceId,
            type: 'personalData.downloaded',
            actor: req.actor.id,
            data: {
              attachmentId: file.id,
              route: `${req.method} ${req.routeOptions.url}`,
              ...basis,
            },
          },
        ],
        engine.clock.now(),
      );
      return reply
        .header('content-type', file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
        )
        .send(file.content);
    },
  );
}

/** The documents rule (the access policy's `documentAccess`) for a case, reading its open tasks. */
async function downloadBasis(
  engine: Engine,
  actor: Actor,
  instanceId: string,
): Promise<DocumentAccess | null> {
  return documentAccess(actor, await engine.data.tasks.openTasksOf(instanceId));
}
