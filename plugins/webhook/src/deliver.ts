/**
 * One signed POST. A 2xx answer is a delivery; anything else throws so the engine retries the
 * job with backoff: a network error, a timeout, 5xx, 408, 425 or 429 as a plain Error, any
 * other answer (3xx, since redirects are not followed, and 4xx) as a PermanentError, which the
 * engine turns into an incident at once. Errors and logs name the URL's origin only: webhook
 * URLs often carry a token in their path or query.
 */
import { PermanentError, type PluginLogger } from '@caseway/plugin-sdk';
import { HEADERS, sign } from './signature.ts';

export interface Delivery {
  url: string;
  /** X-Caseway-Event */
  event: string;
  /** X-Caseway-Delivery: the same on every retry, so a receiver can de-duplicate. */
  id: string;
  body: unknown;
  key: string;
  signal: AbortSignal;
  logger: PluginLogger;
  attempt: number;
}

const RETRYABLE = new Set([408, 425, 429]);

/** Where a URL points, without its path, query or credentials. */
export const originOf = (url: string): string => new URL(url).origin;

/** Posts the delivery; resolves with the 2xx status. */
export async function deliver(d: Delivery): Promise<number> {
  const body = JSON.stringify(d.body);
  const timestamp = Math.floor(Date.now() / 1000);
  const where = originOf(d.url);
  let status: number;
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: d.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Caseway-Webhook/0.1',
        [HEADERS.event]: d.event,
        [HEADERS.delivery]: d.id,
        [HEADERS.timestamp]: String(timestamp),
        [HEADERS.signature]: sign(body, d.key, timestamp),
      },
      body,
    });
    status = res.status;
    await res.body?.cancel();
  } catch (e) {
    if (d.signal.aborted) throw e;
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (e as Error).message;
    d.logger.warn({ to: where, deliveryId: d.id, attempt: d.attempt, reason }, 'webhook failed');
    throw new Error(`${where} unreachable: ${reason}`);
  }
  const log = { to: where, deliveryId: d.id, attempt: d.attempt, status };
  if (status >= 200 && status < 300) {
    d.logger.info(log, 'webhook delivered');
    return status;
  }
  d.logger.warn(log, 'webhook refused');
  const message = `${where} answered ${status}`;
  throw status >= 500 || RETRYABLE.has(status) ? new Error(message) : new PermanentError(message);
}
