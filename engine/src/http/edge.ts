/**
 * The edge: what every request passes before any route reads it. Hostile input is refused
 * here, once for every route, with a registered code and the JSON pointer of the offending
 * part (and `in`: body, query, path, header or cookie), in the caller's language:
 *
 * - text holding a NUL character or an unpaired UTF-16 surrogate, anywhere in the body, the
 *   query, the path parameters, a cookie or a header: 400 `CW_ERR_TEXT_INVALID` (PostgreSQL
 *   refuses NUL in text and both in jsonb; a surrogate would otherwise be stored mangled);
 *   percent-encoding that is not UTF-8 in the path: the same code;
 * - a JSON body nested more than `MAX_JSON_DEPTH` levels: 400 `CW_ERR_JSON_TOO_DEEP`, found by
 *   scanning the text before it is parsed, without recursion, so no depth exhausts the stack;
 * - a body that is not JSON: 400 `CW_ERR_JSON_INVALID` (keys `__proto__`, or `constructor`
 *   holding `prototype`, included); of another content type: 415 `CW_ERR_MEDIA_TYPE`;
 * - a body over the route's limit: 413 `CW_ERR_BODY_TOO_LARGE` (`limit` in bytes); a path
 *   parameter over `MAX_PARAM_LENGTH` characters: 414 `CW_ERR_PARAM_TOO_LONG`;
 * - malformed HTTP, headers over Node's limit, a request that does not arrive in time:
 *   `CW_ERR_BAD_REQUEST`, `CW_ERR_HEADERS_TOO_LARGE`, `CW_ERR_REQUEST_TIMEOUT`;
 * - every other framework error (`FST_*`) becomes a registry error; its text never goes out.
 *
 * @example
 *   const app = Fastify({ ...edgeServerOptions() });
 *   registerEdge(app); // after @fastify/cookie, before authentication
 */
import { STATUS_CODES as REASONS, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import {
  CasewayError,
  createError,
  defaultMessage,
  langFromHeader,
  type ErrorCode,
  type ErrorDetail,
  type Lang,
} from '../errors.ts';

/** The deepest nesting of objects and arrays a JSON body may have (the shipped definitions need 16). */
export const MAX_JSON_DEPTH = 64;
/** The longest path parameter, in characters (ids are UUIDs, tracking tokens 32 characters). */
export const MAX_PARAM_LENGTH = 200;
/** The largest JSON body, in bytes, unless a route sets its own `bodyLimit` (uploads do). */
export const BODY_LIMIT = 1024 * 1024;

type Where = NonNullable<ErrorDetail['in']>;

/** An edge error: the code, and one detail locating the offending part of the request. */
export function edgeError(
  code: ErrorCode,
  where: Where,
  pointer: string,
  lang: Lang,
  data?: Record<string, unknown>,
): CasewayError {
  return createError(code, undefined, {
    details: [{ code, pointer, in: where, message: defaultMessage(code, lang) }],
    ...(data ? { data } : {}),
  });
}

/** NUL, or a high surrogate not followed by a low one, or a low one not after a high one. */
// eslint-disable-next-line no-control-regex -- NUL is what this finds
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string PostgreSQL can store as it is: no NUL, no unpaired surrogate. */
export function isCleanText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

const escapeToken = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON pointer of the first container nested deeper than `max` in a JSON text, or null.
 * A linear scan with an explicit stack: the text need not be valid (parsing judges that).
 */
export function tooDeepAt(text: string, max: number): string | null {
  const keys: (string | number)[] = [];
  const isArray: boolean[] = [];
  let lastString = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22)
        j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      lastString = text.slice(i, j + 1);
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (keys.length >= max) return pointerOf(keys);
      isArray.push(c === 0x5b);
      keys.push(0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      keys.pop();
      isArray.pop();
    } else if (c === 0x2c /* , */ && isArray.at(-1)) {
      keys[keys.length - 1] = (keys.at(-1) as number) + 1;
    } else if (c === 0x3a /* : */ && keys.length) {
      keys[keys.length - 1] = decodeKey(lastString);
    }
  }
  return null;
}

function decodeKey(raw: string): string {
  try {
    return String(JSON.parse(raw));
  } catch {
    return raw.slice(1, -1);
  }
}

function pointerOf(keys: readonly (string | number)[]): string {
  return keys.map((k) => `/${escapeToken(k)}`).join('');
}

/** What is wrong in a parsed value: a bad string or key, a prototype-polluting key, a number out of range. */
export interface Flaw {
  code: 'CW_ERR_TEXT_INVALID' | 'CW_ERR_JSON_INVALID' | 'CW_ERR_VALIDATION';
  pointer: string;
}

/**
 * The first flaw in a parsed value (strings and keys with NUL or unpaired surrogates,
 * `__proto__` keys, `constructor.prototype`, numbers that are not finite: `1e309` parses
 * and coerces to Infinity, which no column takes; integers past 2^53, which JSON.parse has
 * already rounded), walked with an explicit stack.
 */
export function flawIn(value: unknown): Flaw | null {
  interface Frame {
    v: unknown;
    key: string | number | null;
    up: Frame | null;
  }
  const at = (f: Frame | null, last?: string | number): string => {
    const keys: (string | number)[] = last === undefined ? [] : [last];
    for (let x = f; x && x.key !== null; x = x.up) keys.unshift(x.key);
    return pointerOf(keys);
  };
  const stack: Frame[] = [{ v: value, key: null, up: null }];
  while (stack.length) {
    const f = stack.pop()!;
    const v = f.v;
    if (typeof v === 'string') {
      if (!isCleanText(v)) return { code: 'CW_ERR_TEXT_INVALID', pointer: at(f) };
    } else if (typeof v === 'number') {
      // Infinity and NaN fit no column; integers past 2^53 are not the numbers that were sent
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)))
        return { code: 'CW_ERR_VALIDATION', pointer: at(f) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, up: f });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        if (!isCleanText(k)) return { code: 'CW_ERR_TEXT_INVALID', pointer: at(f, k) };
        const child = (v as Record<string, unknown>)[k];
        const polluting =
          k === '__proto__' ||
          (k === 'constructor' &&
            child !== null &&
            typeof child === 'object' &&
            Object.hasOwn(child, 'prototype'));
        if (polluting) return { code: 'CW_ERR_JSON_INVALID', pointer: at(f, k) };
        stack.push({ v: child, key: k, up: f });
      }
    }
  }
  return null;
}

/** Parses a JSON body, refusing it with a located edge error when it is hostile. */
export function parseJsonBody(text: string, lang: Lang): unknown {
  const deep = tooDeepAt(text, MAX_JSON_DEPTH);
  if (deep !== null) throw edgeError('CW_ERR_JSON_TOO_DEEP', 'body', deep, lang);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw edgeError('CW_ERR_JSON_INVALID', 'body', '', lang);
  }
  const flaw = flawIn(value);
  if (flaw) throw edgeError(flaw.code, 'body', flaw.pointer, lang);
  return value;
}

const lang = (req: FastifyRequest | IncomingMessage) =>
  langFromHeader(req.headers['accept-language'] as string | undefined);

/**
 * Installs the JSON body parser (the only content type accepted) and the check of the query,
 * path parameters, cookies and headers. Call after @fastify/cookie, before authentication.
 */
export function registerEdge(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    try {
      done(null, parseJsonBody(body as string, lang(req)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addHook('onRequest', async (req) => {
    for (const [where, value] of [
      ['path', req.params],
      ['query', req.query],
      ['cookie', req.cookies],
    ] as const) {
      const flaw = flawIn(value);
      if (flaw) {
        const code = flaw.code === 'CW_ERR_TEXT_INVALID' ? flaw.code : 'CW_ERR_VALIDATION';
        throw edgeError(code, where, flaw.pointer, lang(req));
      }
    }
    // every header line as it came (names, then values), without a copy per request
    const raw = req.raw.rawHeaders;
    for (let i = 1; i < raw.length; i += 2)
      if (raw[i]!.includes('\u0000'))
        throw edgeError(
          'CW_ERR_TEXT_INVALID',
          'header',
          `/${escapeToken(raw[i - 1]!.toLowerCase())}`,
          lang(req),
        );
  });
  // after validation: the schema coerced query and path values (`?limit=1e309` to Infinity)
  app.addHook('preHandler', async (req) => {
    for (const [where, value] of [
      ['path', req.params],
      ['query', req.query],
    ] as const) {
      const flaw = flawIn(value);
      if (flaw) throw edgeError('CW_ERR_VALIDATION', where, flaw.pointer, lang(req));
    }
  });
}

/** Framework errors by code, and by status for the rest. */
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'CW_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CW_ERR_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_TYPE: 'CW_ERR_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'CW_ERR_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'CW_ERR_JSON_INVALID',
  FST_ERR_CTP_INVALID_JSON_BODY: 'CW_ERR_JSON_INVALID',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'CW_ERR_BAD_REQUEST',
  FST_ERR_BAD_URL: 'CW_ERR_TEXT_INVALID',
  FST_ERR_MAX_PARAM_LENGTH: 'CW_ERR_PARAM_TOO_LONG',
};
const STATUS_CODES: Record<number, ErrorCode> = {
  404: 'CW_ERR_NOT_FOUND',
  408: 'CW_ERR_REQUEST_TIMEOUT',
  413: 'CW_ERR_BODY_TOO_LARGE',
  414: 'CW_ERR_PARAM_TOO_LONG',
  415: 'CW_ERR_MEDIA_TYPE',
  429: 'CW_ERR_RATE_LIMITED',
  431: 'CW_ERR_HEADERS_TOO_LARGE',
};
const WHERE: Partial<Record<ErrorCode, Where>> = {
  CW_ERR_BODY_TOO_LARGE: 'body',
  CW_ERR_MEDIA_TYPE: 'header',
  CW_ERR_JSON_INVALID: 'body',
  CW_ERR_TEXT_INVALID: 'path',
  CW_ERR_PARAM_TOO_LONG: 'path',
};

/**
 * A framework (or plugin) error with a 4xx status as a registry error; null for anything
 * else (a 5xx, or an error without a status: an internal failure).
 */
export function fromFrameworkError(
  err: { code?: string; statusCode?: number },
  req: FastifyRequest,
): CasewayError | null {
  const status = err.statusCode;
  const code =
    (err.code && FRAMEWORK_CODES[err.code]) ||
    (status && STATUS_CODES[status]) ||
    (status && status >= 400 && status < 500 ? 'CW_ERR_VALIDATION' : undefined);
  if (!code) return null;
  const where = WHERE[code];
  const pointer = code === 'CW_ERR_MEDIA_TYPE' ? '/content-type' : '';
  const data =
    code === 'CW_ERR_BODY_TOO_LARGE'
      ? { limit: req.routeOptions.bodyLimit ?? BODY_LIMIT }
      : undefined;
  return where
    ? edgeError(code, where, pointer, lang(req), data)
    : createError(code, undefined, data ? { data } : {});
}

/** Sends a registry error from outside the error handler (the router's own refusals). */
function send(e: CasewayError, req: FastifyRequest, reply: FastifyReply): void {
  const body = e.toJSON();
  void reply.status(e.status).send({ ...body, message: defaultMessage(e.code, lang(req)) });
}

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'CW_ERR_REQUEST_TIMEOUT',
  HPE_HEADER_OVERFLOW: 'CW_ERR_HEADERS_TOO_LARGE',
};

/**
 * Server options of the edge: the router's refusals (a path that is not UTF-8, a parameter
 * too long) and Node's (malformed HTTP, headers too large) answer in the registry shape.
 */
export function edgeServerOptions(): Pick<
  FastifyServerOptions,
  'frameworkErrors' | 'clientErrorHandler' | 'bodyLimit' | 'routerOptions'
> {
  return {
    bodyLimit: BODY_LIMIT,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (err, req, reply) => {
      const e = fromFrameworkError(err as { code?: string; statusCode?: number }, req);
      send(e ?? createError('CW_ERR_BAD_REQUEST'), req, reply);
    },
    clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => {
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const code = CLIENT_ERRORS[err.code ?? ''] ?? 'CW_ERR_BAD_REQUEST';
      const { status } = createError(code);
      // no headers were parsed: the default language
      const body = JSON.stringify({
        code,
        message: defaultMessage(code, langFromHeader(undefined)),
        details: [],
      });
      if (socket.writable)
        socket.write(
          `HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      socket.destroy(err);
    },
  };
}
