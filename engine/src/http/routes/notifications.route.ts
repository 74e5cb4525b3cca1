/**
 * The caller's notifications (SLA warnings and breaches, addressed to them, to one of their
 * groups or to one of their roles): newest first with the case each is about, unread counts per
 * kind for the studio's inbox badge, and marking read (per person: a notice to a group is read
 * by each member on their own).
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { errorResponse } from '../app.ts';
import { answer, localizedOrNull, namesOrNull } from '../schemas.ts';

const counts = {
  type: 'object',
  description: 'Unread notices per kind (`sla.breach`, `sla.warning`).',
  additionalProperties: { type: 'integer' },
} as const;

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;

/** One notice, with the case it is about. */
const notice = answer({
  id: { type: 'integer' },
  instanceId: str,
  taskId: strOrNull,
  clockId: strOrNull,
  kind: { ...str, description: '`sla.warning` or `sla.breach`.' },
  message: {
    type: ['object', 'null'],
    description: 'What it says, in both languages.',
    properties: { 'zh-Hant': str, en: str },
    additionalProperties: str,
  },
  data: { type: ['object', 'null'], additionalProperties: true },
  to: answer({
    kind: { type: 'string', enum: ['user', 'group', 'role'] },
    id: str,
    name: {
      ...namesOrNull,
      description: "The group's or role's names by language; null for a user.",
    },
  }),
  case: answer({
    id: str,
    reference: strOrNull,
    businessKey: strOrNull,
    processId: str,
    processName: localizedOrNull,
  }),
  createdAt: { type: 'string', format: 'date-time' },
  readAt: { type: ['string', 'null'], format: 'date-time' },
});

export async function notificationRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Querystring: { unread?: boolean; kind?: string; limit: number; offset: number } }>(
    '/notifications',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['notifications'],
        summary:
          'My notifications (SLA warnings and breaches): addressed to me, to one of my groups or to one of my roles, newest first, each with the case it is about and whether I read it; paged, with my unread counts per kind.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            unread: { type: 'boolean' },
            kind: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
          },
        },
        response: {
          200: answer({
            items: { type: 'array', items: notice },
            total: { type: 'integer' },
            limit: { type: 'integer' },
            offset: { type: 'integer' },
            unread: counts,
          }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const [page, unread] = await Promise.all([
        engine.data.notifications.notificationsFor(req.actor, q),
        engine.data.notifications.unreadCounts(req.actor),
      ]);
      return {
        items: page.items.map((n) => ({
          id: Number(n.id),
          instanceId: n.instance_id,
          taskId: n.task_id,
          clockId: n.clock_id,
          kind: n.kind,
          message: n.message,
          data: n.data,
          to: { kind: n.recipient_kind, id: n.recipient, name: n.recipient_name },
          case: {
            id: n.instance_id,
            reference: n.reference,
            businessKey: n.business_key,
            processId: n.process_id,
            processName: processName(engine, n.process_id, n.process_version),
          },
          createdAt: n.created_at.toISOString(),
          readAt: n.read_at?.toISOString() ?? null,
        })),
        total: page.total,
        limit: q.limit,
        offset: q.offset,
        unread,
      };
    },
  );

  app.get(
    '/notifications/unread',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['notifications'],
        summary: 'How many of my notifications I have not read, per kind and in all.',
        response: {
          200: answer({ total: { type: 'integer' }, byKind: counts }),
        },
      },
    },
    async (req) => {
      const byKind = await engine.data.notifications.unreadCounts(req.actor);
      return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
    },
  );

  app.post<{ Body: { ids?: number[]; all?: boolean } }>(
    '/notifications/read',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['notifications'],
        summary:
          'Marks my notifications read: those of `ids` (others are ignored), or every one with `all`.',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            ids: {
              type: 'array',
              maxItems: 500,
              items: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
            },
            all: { type: 'boolean' },
          },
        },
        response: {
          200: { type: 'object', properties: { read: { type: 'integer' } } },
          400: errorResponse,
        },
      },
    },
    async (req) => ({
      read: await engine.data.notifications.markRead(
        req.actor,
        req.body,
        new Date(engine.clock.now()),
      ),
    }),
  );
}

function processName(engine: Engine, id: string, version: number) {
  try {
    return engine.registry.process(id, version).definition.name ?? null;
  } catch {
    return null;
  }
}
