/**
 * The webhook plugin: engine events posted to the URLs an administrator subscribed, and a
 * `post` action for explicit notifications from a flow, all signed with HMAC-SHA256 over
 * `<timestamp>.<body>` (see signature.ts). Each event is one engine job per plugin, so the
 * delivery log is the job row (kind `plugin-event`: status, attempt, last_error) and a failed
 * delivery is retried with backoff, then becomes an incident.
 *
 * @example
 *   // PUT /api/plugins/webhook/config
 *   { "config": { "subscriptions": [
 *     { "url": "https://crm.example/hooks/caseway", "events": ["instance.completed"],
 *       "processIds": ["claim"] } ] } }
 *   // PUT /api/plugins/webhook/secrets
 *   { "secrets": { "signingKey": "a long random string" } }
 */
import { definePlugin, PermanentError, type PluginEvent } from '@caseway/plugin-sdk';
import { deliver } from './deliver.ts';
import type { Secrets, Subscription, Types } from './types.generated.ts';

export { HEADERS, sign, verifySignature, type HeaderSource } from './signature.ts';

/** X-Caseway-Event of a `post` without its own `event`. */
export const DEFAULT_POST_EVENT = 'process.notification';

const keyOf = (secrets: Secrets): string => {
  if (!secrets.signingKey)
    throw new PermanentError('webhook: the signingKey secret is not set; nothing was posted');
  return secrets.signingKey;
};

/** The distinct URLs subscribed to this event's type and process. */
export function targetsOf(subscriptions: Subscription[] | undefined, event: PluginEvent): string[] {
  const urls = (subscriptions ?? [])
    .filter((s) => s.events.includes(event.type))
    .filter((s) => !s.processIds || s.processIds.includes(event.processId))
    .map((s) => s.url);
  return [...new Set(urls)];
}

export default definePlugin<Types>({
  actions: {
    async post(input, ctx) {
      const status = await deliver({
        url: input.url,
        event: input.event ?? DEFAULT_POST_EVENT,
        id: ctx.idempotencyKey,
        body: input.payload,
        key: keyOf(ctx.secrets),
        signal: ctx.signal,
        logger: ctx.logger,
        attempt: ctx.attempt,
      });
      return { status, deliveryId: ctx.idempotencyKey };
    },
  },

  /**
   * Posts the event to every matching subscription at once. One failing receiver fails the
   * job, so a retry posts again to all of them: the same X-Caseway-Delivery lets the ones that
   * already have it ignore the repeat. Only permanent failures: an incident at once.
   */
  subscriptions(config) {
    // only the events some subscription wants: an unconfigured webhook plugin records nothing
    return [...new Set((config.subscriptions ?? []).flatMap((s) => s.events))];
  },
  async onEvent(event, ctx) {
    const urls = targetsOf(ctx.config.subscriptions, event);
    if (!urls.length) return;
    const key = keyOf(ctx.secrets);
    const results = await Promise.allSettled(
      urls.map((url) =>
        deliver({
          url,
          event: event.type,
          id: event.id,
          body: event,
          key,
          signal: ctx.signal,
          logger: ctx.logger,
          attempt: ctx.attempt,
        }),
      ),
    );
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    if (!failures.length) return;
    if (ctx.signal.aborted) throw failures[0];
    const message = failures.map((e) => e.message).join('; ');
    throw failures.every((e) => (e as { permanent?: unknown }).permanent === true)
      ? new PermanentError(message)
      : new Error(message);
  },
});
