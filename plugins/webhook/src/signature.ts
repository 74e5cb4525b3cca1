/**
 * The signature a receiver checks, the Stripe / GitHub way: `X-Caseway-Signature:
 * sha256=<hex>` where hex is the HMAC-SHA256, keyed with the plugin's `signingKey`, of
 * `<X-Caseway-Timestamp>.<raw body>`. Signing the timestamp with the body lets a receiver
 * refuse a replayed old delivery; the comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers every delivery carries (lower case, as node:http hands them to a receiver). */
export const HEADERS = {
  event: 'x-caseway-event',
  delivery: 'x-caseway-delivery',
  timestamp: 'x-caseway-timestamp',
  signature: 'x-caseway-signature',
} as const;

/** `sha256=<hex>` for a body sent at `timestamp` (unix seconds). */
export function sign(body: string, key: string, timestamp: number): string {
  return `sha256=${createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Plain objects (node:http's `req.headers`) or a fetch `Headers`. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

const header = (headers: HeaderSource, name: string): string | undefined => {
  if (typeof (headers as Headers).get === 'function')
    return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(entry) ? entry[0] : entry;
};

/**
 * For receivers: whether a delivery is genuine. Give it the raw body exactly as received (not
 * re-serialised JSON), the request headers, the shared signing key, and how old a delivery may
 * be (default 300 s, either way, for clock skew). False for a wrong key, a changed body or
 * timestamp, a missing header, or a timestamp outside the tolerance.
 *
 * @example
 *   import { verifySignature } from '@caseway/plugin-webhook';
 *   http.createServer(async (req, res) => {
 *     const chunks: Buffer[] = [];
 *     for await (const chunk of req) chunks.push(chunk);
 *     const body = Buffer.concat(chunks).toString('utf8'); // the raw body, not re-serialised
 *     if (!verifySignature(body, req.headers, process.env.CASEWAY_WEBHOOK_KEY!)) {
 *       res.writeHead(401).end();
 *       return;
 *     }
 *     // de-duplicate on req.headers['x-caseway-delivery'], then handle JSON.parse(body)
 *     res.writeHead(204).end();
 *   });
 */
export function verifySignature(
  body: string | Uint8Array,
  headers: HeaderSource,
  key: string,
  toleranceSeconds = 300,
  now: number = Date.now(),
): boolean {
  const timestamp = header(headers, HEADERS.timestamp);
  const given = header(headers, HEADERS.signature);
  if (!timestamp || !/^\d+$/.test(timestamp) || !given) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  const expected = Buffer.from(sign(text, key, Number(timestamp)));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
