/**
 * The HTTP API: the Fastify app with every route (routes/*.route.ts), authentication with a
 * rule on every route, masking of responses, the OpenAPI document and error mapping.
 */
export { buildApp } from './app.ts';
export { serveMetrics } from './metrics.ts';
export { describeApi } from './describe.ts';
export { answerWithin } from './probe-cache.ts';
