/**
 * The http plugin: `http/request` calls a REST endpoint. URL, headers and JSON body are
 * templates whose `{{name}}` placeholders are filled from the input's `values` (a lookup, no
 * code). 2xx/3xx answers come back as `{ status, body, headers }` for the node's output
 * mapping; 5xx, 408, 429 and network errors throw a plain Error (the engine retries per the
 * node's policy); any other 4xx, or a template that cannot be filled, throws PermanentError.
 *
 * @example
 *   // a service task
 *   { "type": "serviceTask", "action": "http/request",
 *     "input": { "method": "\"POST\"", "url": "\"/claims/{{no}}/notes\"",
 *                "body": "{text: \"{{note}}\"}", "values": "{no: claimNo, note: note}" },
 *     "output": { "noteId": "result.body.id" } }
 */
import { PermanentError, definePlugin, type ActionContext } from '@caseway/plugin-sdk';
import { MissingValueError, fill, fillJson } from './template.ts';
import type { RequestInput, Types } from './types.generated.ts';

const EXCERPT = 200;

/** Where a request goes, without query or credentials: what logs and incidents may show. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

function target(template: string, values: Record<string, unknown>, baseUrl?: string): URL {
  const path = fill(template, values, encodeURIComponent);
  if (/^https?:\/\//i.test(path)) return new URL(path);
  if (!baseUrl)
    throw new PermanentError(`${template} is a relative URL and no baseUrl is configured`);
  return new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
}

interface Prepared {
  url: URL;
  init: RequestInit;
}

function prepare(input: RequestInput, ctx: ActionContext<Types>): Prepared {
  const values = input.values ?? {};
  try {
    const url = target(input.url, values, ctx.config.baseUrl);
    const headers = new Headers({ accept: 'application/json' });
    for (const [k, v] of Object.entries(ctx.config.headers ?? {})) headers.set(k, v!);
    for (const [k, v] of Object.entries(input.headers ?? {})) headers.set(k, fill(v!, values));
    if (ctx.secrets.authorization) headers.set('authorization', ctx.secrets.authorization);
    headers.set('idempotency-key', ctx.idempotencyKey);
    let body: string | undefined;
    if (input.body !== undefined) {
      if (input.method === 'GET' || input.method === 'HEAD')
        throw new PermanentError(`a ${input.method} request cannot have a body`);
      body = JSON.stringify(fillJson(input.body, values));
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    return { url, init: { method: input.method, headers, body, signal: ctx.signal } };
  } catch (e) {
    if (e instanceof PermanentError) throw e;
    // a missing placeholder value, an invalid URL or header: the same on every retry
    throw new PermanentError(
      e instanceof MissingValueError ? e.message : `invalid request: ${(e as Error).message}`,
    );
  }
}

/** The answer's body: parsed JSON, its text when it is not JSON, null when empty. */
function parse(text: string, contentType: string | null): unknown {
  if (text === '') return null;
  if (!/\bjson\b/i.test(contentType ?? '')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** 5xx, 408 (timeout) and 429 (too many requests) may pass: retry. Other 4xx will not. */
const transient = (status: number) => status >= 500 || status === 408 || status === 429;

export default definePlugin<Types>({
  actions: {
    async request(input, ctx) {
      const { url, init } = prepare(input, ctx);
      const where = `${input.method} ${shown(url)}`;
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, init);
        text = await res.text();
      } catch (e) {
        if (ctx.signal.aborted) throw e; // the engine records the timeout
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (e as Error).message;
        ctx.logger.warn({ request: where, attempt: ctx.attempt, error: why }, 'http unreachable');
        throw new Error(`${where} failed: ${why}`);
      }
      ctx.logger.info(
        { request: where, status: res.status, attempt: ctx.attempt },
        'http request answered',
      );
      if (res.status >= 400) {
        const excerpt = text.replace(/\s+/g, ' ').slice(0, EXCERPT);
        const message = `${where} answered ${res.status}${excerpt ? `: ${excerpt}` : ''}`;
        throw transient(res.status) ? new Error(message) : new PermanentError(message);
      }
      return {
        status: res.status,
        body: parse(text, res.headers.get('content-type')),
        headers: Object.fromEntries(res.headers.entries()),
      };
    },
  },
});
