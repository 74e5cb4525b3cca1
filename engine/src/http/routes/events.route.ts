/**
 * Live updates for the inbox (server-sent events): every engine LISTENs to its schema's task
 * channel and forwards each change to the connected users who may work on that task, so a
 * task arriving or taken by a colleague shows at once, whichever engine made the change. It
 * LISTENs to the access channel too (identity/access-ended.ts): a disabled user's, a revoked
 * token's or a signed-out session's streams end at once, on every engine, and the engine
 * forgets its cached token lookups.
 *
 * @example
 *   const es = new EventSource('/api/events');   // signed in (session cookie)
 *   es.addEventListener('task', (e) => refresh(JSON.parse(e.data)));
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { mayWork, type Actor } from '../../access/index.ts';
import { endsStream, type StreamAccess } from '../../identity/index.ts';
import type { AuthControl } from '../auth.ts';
import { media } from '../schemas.ts';

interface TaskChange {
  id: string;
  instanceId: string;
  nodeId: string;
  status: string;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  priority: number;
  change: 'created' | 'updated';
  previous: { assignee: string | null; candidateGroups: string[]; candidateUsers: string[] } | null;
}

export async function eventRoutes(
  app: FastifyInstance,
  engine: Engine,
  auth: AuthControl,
): Promise<void> {
  const access = engine.data.channels.access;
  const clients = new Set<{
    actor: Actor;
    access: StreamAccess;
    send: (event: string, data: unknown) => void;
    end: () => void;
  }>();
  const { listener } = engine;
  // the LISTEN connection lost (a database restart): notifications sent meanwhile are gone, so
  // every stream ends (browsers reconnect, as EventSource does, and re-read their inbox) and the
  // cached token lookups are forgotten (a revocation may have been missed)
  listener.onLost(() => {
    for (const client of clients) client.end();
    clients.clear();
    auth.forget();
  });
  listener.on(access, (payload) => {
    auth.forget();
    const ended = JSON.parse(payload ?? 'null') as unknown;
    for (const client of clients)
      if (endsStream(ended, client.access)) {
        clients.delete(client);
        client.end();
      }
  });
  listener.on(engine.data.channels.task, (payload) => {
    const { previous, ...t } = JSON.parse(payload ?? '{}') as TaskChange;
    const rows = [t, ...(previous ? [previous] : [])].map((x) => ({
      assignee: x.assignee,
      candidate_groups: x.candidateGroups ?? [],
      candidate_users: x.candidateUsers ?? [],
    }));
    // those who may work on it now, and those who could before (it leaves their inbox)
    for (const client of clients)
      if (rows.some((r) => mayWork(client.actor, r))) client.send('task', t);
  });
  // open streams would keep the server from closing: end them first
  app.addHook('preClose', async () => {
    for (const c of clients) c.end();
    clients.clear();
  });

  app.get(
    '/events',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['tasks'],
        summary:
          'Server-sent events: `task` when a task you may work on is created or changes (claimed, completed, reassigned, reprioritised). The stream ends when your access does (disabled, roles or groups changed, token revoked, signed out), on every engine.',
        response: {
          200: media(
            ['text/event-stream'],
            'An event stream: `event: task` with the changed task as JSON in `data` (id, instanceId, nodeId, status, assignee, candidateGroups, candidateUsers, priority, change), and a comment every 25 s.',
          ),
        },
      },
    },
    async (req, reply) => {
      await listener.ensure();
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const client = {
        actor: req.actor,
        access: {
          userId: req.actor.id,
          roles: req.actor.roles,
          tokenId: req.authTokenId,
          sessionHash: req.authSession?.idHash ?? null,
        },
        send: (event: string, data: unknown) =>
          reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        end: () => reply.raw.end(),
      };
      clients.add(client);
      reply.raw.write(': connected\n\n');
      const ping = setInterval(() => reply.raw.write(': ping\n\n'), 25_000).unref();
      req.raw.on('close', () => {
        clearInterval(ping);
        clients.delete(client);
      });
    },
  );
}
