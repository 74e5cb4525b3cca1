/**
 * `/metrics` in the Prometheus text format, never open to anyone who can reach the API: on the
 * API's port only with `Authorization: Bearer <METRICS_TOKEN>`, or on a port of its own
 * (METRICS_PORT, bound to METRICS_HOST) that the deployment keeps inside its network. With
 * neither configured the path answers 404. HTTP latency is recorded for every route by its
 * pattern (`/api/tasks/:id`), never by the raw URL, so ids never become label values.
 *
 * @example
 *   registerMetrics(app, engine);                // the hook and, with a token, the route
 *   const server = await serveMetrics(engine);   // METRICS_PORT set: its own listener
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { createError } from '../errors.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Latency of every request by route pattern, and GET /metrics when a token is configured. */
export function registerMetrics(app: FastifyInstance, engine: Engine): void {
  app.addHook('onResponse', async (req, reply) => {
    engine.metrics.httpRequest(
      req.method,
      req.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  const token = engine.config.metricsToken;
  if (!token) return;
  const expected = digest(token);
  app.get(
    '/metrics',
    // the token below is the rule: no user, no session, no rate limit (a scraper every 15 s)
    { config: { auth: 'public', rateLimit: false }, schema: { hide: true } },
    async (req, reply) => {
      const header = req.headers.authorization ?? '';
      const sent = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!sent || !timingSafeEqual(digest(sent), expected))
        throw createError('CW_ERR_UNAUTHENTICATED');
      const body = await engine.metrics.render();
      return reply.type(engine.metrics.contentType).send(body);
    },
  );
}

/** A listener of its own on METRICS_PORT that answers GET /metrics and nothing else. */
export async function serveMetrics(
  engine: Engine,
): Promise<{ url: string; close(): Promise<void> }> {
  const { metricsPort, metricsHost } = engine.config;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    engine.metrics.render().then(
      (body) => res.writeHead(200, { 'content-type': engine.metrics.contentType }).end(body),
      (e: unknown) => {
        engine.logger.warn({ err: e }, 'metrics scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(metricsPort, metricsHost, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
