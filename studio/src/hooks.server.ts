/**
 * The studio's server hooks.
 *
 * 1. Every `/api/*` request is proxied to the engine (ENGINE_URL, default
 *    http://127.0.0.1:3000), with the browser's address in X-Forwarded-For and the engine's
 *    proxy secret (ENGINE_PROXY_SECRET) when it has one: method, body and the headers the API reads go through, and the
 *    answer's status, headers and Set-Cookie come back, so the browser only ever talks to the
 *    studio's origin (no CORS, and the engine's `__Host-` session cookie belongs to the studio).
 *    Requests made by load functions through SvelteKit's `fetch` pass here too.
 * 2. The `lang` cookie chooses the language: `event.locals.lang`, and `lang` on <html>; a
 *    proxied request that carries the cookie goes with it as its Accept-Language, so what the
 *    engine writes (messages, the names in a downloaded CSV) is in the studio's language, not
 *    the browser's. A page served to a browser without the cookie sets it to the default.
 */
import type { Handle } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { LANG_COOKIE, parseLang } from '$lib/i18n';

const DEFAULT_ENGINE_URL = 'http://127.0.0.1:3000';

/** Request headers the engine's API reads. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'authorization',
  'content-type',
  'cookie',
  'if-none-match',
  'x-csrf-token',
];

/**
 * Response headers that describe the engine's connection or encoding, not the answer: fetch
 * has already decoded the body, and the studio's server sets its own framing.
 */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'keep-alive',
  'set-cookie',
  'transfer-encoding',
]);

function engineUrl(): string {
  return (env.ENGINE_URL || DEFAULT_ENGINE_URL).replace(/\/+$/, '');
}

async function proxy(
  request: Request,
  url: URL,
  clientAddress: string,
  lang: string | undefined,
): Promise<Response> {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (lang) headers.set('accept-language', lang);
  // The engine sees the studio's address; tell it whose request this is, with the secret
  // `npm start` gave this studio, so that only the studio is believed (docs/security.md).
  if (clientAddress) headers.set('x-forwarded-for', clientAddress);
  if (env.ENGINE_PROXY_SECRET) headers.set('x-caseway-proxy', env.ENGINE_PROXY_SECRET);
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  headers.set('x-forwarded-host', url.host);

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let res: Response;
  try {
    res = await fetch(`${engineUrl()}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
    });
  } catch (e) {
    return Response.json(
      {
        code: 'STUDIO_ENGINE_UNREACHABLE',
        message: `The engine at ${engineUrl()} cannot be reached (${(e as Error).message}).`,
        details: [],
      },
      { status: 502 },
    );
  }

  const out = new Headers();
  for (const [name, value] of res.headers)
    if (!DROPPED_RESPONSE_HEADERS.has(name)) out.set(name, value);
  for (const cookie of res.headers.getSetCookie()) out.append('set-cookie', cookie);
  const empty = request.method === 'HEAD' || res.status === 204 || res.status === 304;
  return new Response(empty ? null : res.body, {
    status: res.status,
    statusText: res.statusText,
    headers: out,
  });
}

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === '/api' || event.url.pathname.startsWith('/api/')) {
    let client = '';
    try {
      client = event.getClientAddress();
    } catch {
      // not known (e.g. behind a platform that does not tell)
    }
    const chosen = event.cookies.get(LANG_COOKIE);
    return proxy(event.request, event.url, client, chosen ? parseLang(chosen) : undefined);
  }
  const chosen = event.cookies.get(LANG_COOKIE);
  const lang = parseLang(chosen, event.request.headers.get('accept-language'));
  event.locals.lang = lang;
  if (!chosen)
    event.cookies.set(LANG_COOKIE, lang, {
      path: '/',
      maxAge: 31_536_000,
      sameSite: 'lax',
      httpOnly: false, // the language switch writes it from the page
      secure: event.url.protocol === 'https:',
    });
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%caseway.lang%', lang),
  });
};
