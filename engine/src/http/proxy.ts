/**
 * Which callers may speak for another: X-Forwarded-For (and -Host, -Proto) is believed only
 * from a `trustProxy` address and, when `proxySecret` is set, only on a request that carries
 * the secret in `X-Caseway-Proxy`. On every other request the forwarded headers are removed
 * before anything reads them (rate limits count `req.ip`), and the secret header is always
 * removed, so it reaches no route and no log.
 *
 * @example
 *   registerProxyTrust(app, engine.config); // the first hook of the app
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';

/** The header the studio's proxy sends with the secret `npm start` made for it. */
export const PROXY_SECRET_HEADER = 'x-caseway-proxy';
const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'forwarded'];

const digest = (s: string) => createHash('sha256').update(s).digest();

export function registerProxyTrust(
  app: FastifyInstance,
  config: Pick<Config, 'trustProxy' | 'proxySecret'>,
): void {
  const expected = config.proxySecret ? digest(config.proxySecret) : null;
  app.addHook('onRequest', async (req) => {
    const headers = req.raw.headers;
    const sent = headers[PROXY_SECRET_HEADER];
    delete headers[PROXY_SECRET_HEADER];
    if (!config.trustProxy || !expected) return;
    const proven = typeof sent === 'string' && timingSafeEqual(digest(sent), expected);
    if (!proven) for (const h of FORWARDED) delete headers[h];
  });
}
