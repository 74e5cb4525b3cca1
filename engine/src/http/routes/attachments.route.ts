/**
 * Staff attachments: a file for a task's file field is uploaded on its own (the raw bytes as
 * the body, its media type as Content-Type), checked by content against the field's `accept`
 * and `maxSize`, scanned, sealed and stored with the task's case; the answer is the reference
 * the field's value lists. Downloads are open to whoever may see the case.
 *
 * @example
 *   POST /api/tasks/{id}/attachments?field=/receipts&name=bill.pdf   (Content-Type: application/pdf)
 *   -> 201 { id: 'doc_…', name: 'bill.pdf', size: 48213, contentType: 'application/pdf' }
 */
import type { FastifyInstance } from 'fastify';
import {
  RECOGNISED_TYPES,
  readAttachment,
  screenUploads,
  storeAttachment,
} from '../../attachments/index.ts';
import { mayWork } from '../../effects/index.ts';
import type { Engine } from '../../engine.ts';
import { createError } from '../../errors.ts';
import { fieldAtPointer } from '../../forms/index.ts';
import { errorResponse } from '../app.ts';
import type { TaskRow } from '../views.ts';
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
  await app.register(async (scope) => {
    // In this scope only: any body is the file's raw bytes.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_STAFF_FILE_BYTES },
      (_req, body, done) => done(null, body),
    );

    scope.post<{ Params: { id: string }; Querystring: { field: string; name: string } }>(
      '/tasks/:id/attachments',
      {
        config: { auth: 'user' },
        bodyLimit: MAX_STAFF_FILE_BYTES,
        schema: {
          tags: ['tasks'],
          summary:
            "Upload one file for a file field of an open task you may work on: the raw bytes as the body and the file's media type as Content-Type (PDF, PNG or JPEG, as the field accepts; checked by content and by the attachment scanner), stored encrypted with the case. Returns the reference to put in the field's value.",
          consumes: [...RECOGNISED_TYPES],
          params: {
            type: 'object',
            required: ['id'],
            properties: { id: { type: 'string' } },
          },
          querystring: {
            type: 'object',
            additionalProperties: false,
            required: ['field', 'name'],
            properties: {
              field: {
                description: 'The JSON pointer of the file field in the form data (`/receipts`).',
                type: 'string',
                pattern: '^(/[A-Za-z0-9_]+)+$',
                maxLength: 300,
              },
              name: { description: 'The file name.', type: 'string', minLength: 1, maxLength: 255 },
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
        const r = await engine.db.query<TaskRow>(`SELECT * FROM tasks WHERE id = $1`, [
          req.params.id,
        ]);
        const task = r.rows[0];
        // Someone who could never work on the task is not told it exists.
        if (
          !task ||
          (!mayWork(req.actor, { ...task, assignee: null }) && task.assignee !== req.actor.id)
        )
          throw createError('CW_ERR_NOT_FOUND', `task ${req.params.id} not found`);
        if (task.status !== 'open')
          throw createError('CW_ERR_TASK_NOT_OPEN', undefined, {
            data: { taskId: task.id, status: task.status },
          });
        if (!mayWork(req.actor, task))
          throw createError('CW_ERR_TASK_CLAIMED', undefined, {
            data: { taskId: task.id, assignee: task.assignee },
          });
        const form = engine.registry.form(task.form_id, task.form_version);
        const field = fieldAtPointer(form.fields, req.query.field);
        if (field?.type !== 'file')
          throw createError('CW_ERR_VALIDATION', undefined, {
            details: [
              {
                code: 'CW_ERR_VALIDATION',
                pointer: '/querystring/field',
                message: `${req.query.field} is not a file field of form ${form.id}`,
              },
            ],
          });
        const body = req.body;
        const upload = {
          name: req.query.name,
          contentType: (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
          content: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
          pointer: '/body',
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
        const stored = await storeAttachment(engine.db, engine.personalData.ring, upload, {
          instanceId: task.instance_id,
          uploadedBy: req.actor.id,
          taskId: task.id,
          field: req.query.field,
          scannedBy: engine.scanner.name,
          now: new Date(engine.clock.now()),
        });
        const { id, name, size, contentType } = stored;
        return reply.status(201).send({ id, name, size, contentType });
      },
    );
  });

  app.get<{ Params: { id: string } }>(
    '/attachments/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['instances'],
        summary:
          "Download a case's file (uploaded by staff for a task or by the customer through the tracking link), for whoever may see the case.",
        produces: [...RECOGNISED_TYPES],
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: { 404: errorResponse },
      },
    },
    async (req, reply) => {
      const file = await readAttachment(engine.db, engine.personalData.ring, req.params.id);
      if (!file) throw createError('CW_ERR_NOT_FOUND', `attachment ${req.params.id} not found`);
      // 404 as well when the case is not visible: its files' existence is not told either.
      await visibleInstance(engine, file.instanceId, req.actor);
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
