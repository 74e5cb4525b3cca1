/**
 * The Fastify application: JSON Schema on every route, OpenAPI at /openapi.json with a UI at
 * /docs, one error shape `{ code, message, details }` from the registry in errors.ts, with
 * the message in the caller's language (Accept-Language: zh-Hant or en).
 */
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import localizeZhTw from 'ajv-i18n/localize/zh-TW/index.js';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { localiseDetails } from '../definitions/index.ts';
import {
  CasewayError,
  createError,
  defaultMessage,
  isCasewayError,
  langFromHeader,
  type ErrorDetail,
  type Lang,
} from '../errors.ts';
import { registerAuth } from './auth.ts';
import { sharedCompilers } from './compilers.ts';
import { edgeServerOptions, fromFrameworkError, registerEdge } from './edge.ts';
import { registerMetrics } from './metrics.ts';
import { registerTracing } from './tracing.ts';
import { registerMasking } from './personal-data.ts';
import { registerProxyTrust } from './proxy.ts';
import { registerRateLimit } from './rate-limit.ts';
import { SESSION_COOKIE } from '../identity/index.ts';
import { toSimplified } from '../locale/index.ts';
import { ref, registerSchemas } from './schemas.ts';
import { actionRoutes } from './routes/actions.route.ts';
import { attachmentRoutes } from './routes/attachments.route.ts';
import { authRoutes } from './routes/auth.route.ts';
import { oidcRoutes } from './routes/oidc.route.ts';
import { calendarRoutes } from './routes/calendars.route.ts';
import { decisionRoutes } from './routes/decisions.route.ts';
import { caseRoutes } from './routes/cases.route.ts';
import { inboxFilterRoutes } from './routes/inbox-filters.route.ts';
import { definitionRoutes } from './routes/definitions.route.ts';
import { directoryRoutes } from './routes/directory.route.ts';
import { unroutableRoutes } from './routes/unroutable.route.ts';
import { auditRoutes } from './routes/audit.route.ts';
import { draftRoutes } from './routes/drafts.route.ts';
import { healthRoutes } from './routes/health.route.ts';
import { incidentRoutes } from './routes/incidents.route.ts';
import { instanceRoutes } from './routes/instances.route.ts';
import { migrationRoutes } from './routes/migrations.route.ts';
import { messageRoutes } from './routes/messages.route.ts';
import { playRoutes } from './routes/plays.route.ts';
import { pluginRoutes } from './routes/plugins.route.ts';
import { publicRoutes } from './routes/public.route.ts';
import { trackRoutes } from './routes/track.route.ts';
import { eventRoutes } from './routes/events.route.ts';
import { analyticsRoutes } from './routes/analytics.route.ts';
import { slaRoutes } from './routes/slas.route.ts';
import { taskRoutes } from './routes/tasks.route.ts';
import { timerRoutes } from './routes/timers.route.ts';
import { userRoutes } from './routes/users.route.ts';
import { notificationRoutes } from './routes/notifications.route.ts';
import { worklistRoutes } from './routes/worklist.route.ts';
import { interchangeRoutes } from './routes/interchange.route.ts';
import { reportRoutes } from './routes/reports.route.ts';

export async function buildApp(
  engine: Engine,
  opts: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...opts,
    trustProxy: engine.config.trustProxy,
    ...edgeServerOptions(),
    // a request's logger is its own child (its reqId in every line) only when something logs:
    // pino's child costs its bindings' serialization on every request (issue 18, item 3)
    childLoggerFactory: (logger, bindings, opts) =>
      logger.level === 'silent' ? logger : logger.child(bindings, opts),
    schemaController: sharedCompilers,
    ajv: {
      customOptions: {
        allErrors: true,
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  });

  // before any route: each route's handler runs inside its request's span
  registerTracing(app, engine.tracing);
  await app.register(swagger, {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Caseway engine API',
        version: '0.1.0',
        description:
          'Processes, forms and SLAs as versioned definitions. Every route needs `Authorization: Bearer <token>` or a session cookie (with `X-CSRF-Token` on writes) unless marked public; `x-auth` on each operation is its rule (docs/security.md). Errors: `{ code, message, details[] }` with stable codes (docs/errors.md).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    // each operation shows its rule; public ones need no credentials in the document either
    transform: ({ schema, url, route }) => ({
      schema: {
        ...schema,
        'x-auth': route.config?.auth ?? 'public',
        ...((route.config?.auth ?? 'public') === 'public' ? { security: [] } : {}),
      } as typeof schema,
      url,
    }),
  });
  registerProxyTrust(app, engine.config);
  await app.register(cookie);
  registerEdge(app);
  const auth = registerAuth(app, engine);
  await registerRateLimit(app, engine);
  registerMasking(app, engine);
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });

  registerSchemas(app);

  app.setErrorHandler((err, req, reply) => {
    const lang = langFromHeader(req.headers['accept-language']);
    let e: CasewayError;
    if (isCasewayError(err)) e = err;
    else if ((err as { validation?: unknown }).validation)
      e = fromValidation(err as unknown as FastifyValidationError, lang);
    else {
      const mapped = fromFrameworkError(err as { code?: string; statusCode?: number }, req);
      if (mapped) e = mapped;
      else {
        req.log.error({ err }, 'unhandled error');
        e = createError('CW_ERR_INTERNAL');
      }
    }
    const body = e.toJSON();
    const generic = e.message === defaultMessage(e.code, 'en');
    reply.status(e.status).send({
      ...body,
      message: generic ? defaultMessage(e.code, lang) : e.message,
      // definition problems carry message keys: said in the caller's language
      details: localiseDetails(body.details, lang),
    });
  });

  app.setNotFoundHandler((req, reply) => {
    const lang = langFromHeader(req.headers['accept-language']);
    reply.status(404).send({
      code: 'CW_ERR_NOT_FOUND',
      message: defaultMessage('CW_ERR_NOT_FOUND', lang),
      details: [],
    });
  });

  registerMetrics(app, engine);

  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      await healthRoutes(api, engine);
      await authRoutes(api, engine, auth);
      await oidcRoutes(api, engine);
      await userRoutes(api, engine, auth);
      await auditRoutes(api, engine);
      await definitionRoutes(api, engine);
      await directoryRoutes(api, engine);
      await unroutableRoutes(api, engine);
      await draftRoutes(api, engine);
      await playRoutes(api, engine);
      await decisionRoutes(api, engine);
      await instanceRoutes(api, engine);
      await migrationRoutes(api, engine);
      await taskRoutes(api, engine);
      await attachmentRoutes(api, engine);
      await caseRoutes(api, engine);
      await inboxFilterRoutes(api, engine);
      await messageRoutes(api, engine);
      await incidentRoutes(api, engine);
      await slaRoutes(api, engine);
      await calendarRoutes(api, engine);
      await pluginRoutes(api, engine);
      await actionRoutes(api, engine);
      await publicRoutes(api, engine);
      await trackRoutes(api, engine);
      await eventRoutes(api, engine, auth);
      await analyticsRoutes(api, engine);
      await timerRoutes(api, engine);
      await worklistRoutes(api, engine);
      await notificationRoutes(api, engine);
      await reportRoutes(api, engine);
      await interchangeRoutes(api, engine);
    },
    { prefix: '/api' },
  );
  return app;
}

interface FastifyValidationError {
  validation: {
    instancePath: string;
    message?: string;
    keyword: string;
    params: Record<string, unknown>;
  }[];
  validationContext?: string;
}

/** Fastify's validation contexts as the parts of a request that error details name. */
const PARTS: Record<string, ErrorDetail['in']> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

function fromValidation(err: FastifyValidationError, lang: Lang): CasewayError {
  const where = err.validationContext ?? 'body';
  const problems = err.validation.map((v) => ({ ...v }));
  // ajv's own messages in Traditional Chinese (ajv-i18n), keyword by keyword
  if (lang !== 'en') localizeZhTw(problems as Parameters<typeof localizeZhTw>[0]);
  if (lang === 'zh-Hans')
    for (const p of problems) if (p.message) p.message = toSimplified(p.message);
  const details: ErrorDetail[] = problems.map((v) => {
    const extra =
      v.keyword === 'required'
        ? `/${String(v.params.missingProperty)}`
        : v.keyword === 'additionalProperties'
          ? `/${String(v.params.additionalProperty)}`
          : '';
    const pointer = `${v.instancePath}${extra}`;
    return {
      code: 'CW_ERR_VALIDATION',
      pointer,
      in: PARTS[where] ?? 'body',
      message: `${where}${pointer || ''} ${v.message ?? 'is invalid'}`,
    };
  });
  return createError('CW_ERR_VALIDATION', undefined, { details });
}

/** The error response of every route (the `Error` component). */
export const errorResponse = ref('Error');
