/**
 * A server span per request while tracing is on (tracing/): named by method and route
 * pattern (`POST /api/tasks/:id/complete`), never the URL (its query may hold a search for a
 * name or a phone number), with the status code and, for a refusal, its error code. The route's
 * handler runs inside the span, so the steps it starts are its children. A caller's W3C
 * `traceparent` is continued; a malformed one is ignored. Health checks, the metrics scrape
 * and the API docs make no spans.
 */
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { ATTR, SpanKind, type Tracing } from '../tracing/index.ts';

type Started = ReturnType<Tracing['start']>;

const UNTRACED = /^\/(api\/health|api\/ready|metrics|docs)(\/|$)/;

export function registerTracing(app: FastifyInstance, tracing: Tracing | undefined): void {
  if (!tracing) return;
  const spans = new WeakMap<FastifyRequest, Started>();
  app.addHook('onRoute', (route) => {
    if (UNTRACED.test(route.url)) return;
    const handler = route.handler as (...args: unknown[]) => unknown;
    route.handler = function (this: FastifyInstance, req: FastifyRequest, reply: unknown) {
      const started = spans.get(req);
      return started
        ? started.run(() => handler.call(this, req, reply))
        : handler.call(this, req, reply);
    } as RouteHandlerMethod;
  });
  app.addHook('onRequest', async (req) => {
    const route = req.routeOptions.url;
    if (!route || UNTRACED.test(route)) return;
    const header = req.headers.traceparent;
    spans.set(
      req,
      tracing.start(
        `${req.method} ${route}`,
        { 'http.request.method': req.method, 'http.route': route },
        { parent: typeof header === 'string' ? header : null, kind: SpanKind.SERVER },
      ),
    );
  });
  app.addHook('onError', async (req, _reply, err) => {
    const code = (err as { code?: unknown }).code;
    spans.get(req)?.span.setAttribute(ATTR.outcome, typeof code === 'string' ? code : 'error');
  });
  app.addHook('onResponse', async (req, reply) => {
    const started = spans.get(req);
    if (!started) return;
    started.span.setAttribute('http.response.status_code', reply.statusCode);
    // a 4xx is the caller's: OpenTelemetry leaves a server span's status unset for it
    if (reply.statusCode >= 500) started.span.setStatus({ code: 2 });
    started.span.end();
  });
}
