/**
 * The sms plugin: `sms/send` renders a named text (zh-Hant, zh-Hans or en) and POSTs it to the
 * configured HTTP SMS gateway with the call's idempotency key, so a retried call is
 * recognised and not sent twice; the gateway's `messageId` is the output. 5xx, 408, 429 and
 * network errors are retried by the engine; any other 4xx is a PermanentError (an incident at
 * once). The phone number is personal data: logs and incident messages only show it masked.
 *
 * @example
 *   // a service task
 *   { "type": "serviceTask", "action": "sms/send",
 *     "input": { "mobile": "customer.mobile", "template": "\"claim-decision\"", "lang": "\"zh-Hant\"",
 *                "params": "{claimNo: claimNo, decision: \"approved\"}" },
 *     "output": { "smsId": "result.messageId" } }
 */
import { PermanentError, definePlugin } from '@caseway/plugin-sdk';
import { e164, mask, maskNumbersIn } from './phone.ts';
import { textFor } from './templates.ts';
import type { Types } from './types.generated.ts';

const EXCERPT = 200;

/** 5xx, 408 (timeout) and 429 (too many requests) may pass: retry. Other 4xx will not. */
const transient = (status: number) => status >= 500 || status === 408 || status === 429;

/** The gateway's id for the message: `messageId` (or `id`) of its JSON answer. */
function messageIdOf(text: string): string | undefined {
  try {
    const answer = JSON.parse(text) as { messageId?: unknown; id?: unknown };
    const id = answer.messageId ?? answer.id;
    return typeof id === 'string' && id ? id : typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

export default definePlugin<Types>({
  actions: {
    async send(input, ctx) {
      const about = {
        to: mask(input.mobile),
        template: input.template,
        lang: input.lang,
        attempt: ctx.attempt,
      };
      let res: Response;
      let answer: string;
      try {
        res = await fetch(ctx.config.gatewayUrl, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ctx.secrets.apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
            'idempotency-key': ctx.idempotencyKey,
          },
          body: JSON.stringify({
            from: ctx.config.sender,
            to: e164(input.mobile),
            text: textFor(input, ctx.config.sender),
            lang: input.lang,
            reference: ctx.idempotencyKey,
          }),
          signal: ctx.signal,
        });
        answer = await res.text();
      } catch (e) {
        if (ctx.signal.aborted) throw e; // the engine records the timeout
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        const why = cause?.code ?? cause?.message ?? (e as Error).message;
        ctx.logger.warn({ ...about, error: why }, 'sms gateway unreachable');
        throw new Error(`SMS gateway unreachable: ${why}`);
      }
      if (res.status >= 400) {
        const excerpt = maskNumbersIn(answer.replace(/\s+/g, ' ').slice(0, EXCERPT));
        const message = `SMS gateway answered ${res.status}${excerpt ? `: ${excerpt}` : ''}`;
        ctx.logger.warn({ ...about, status: res.status }, 'sms refused');
        throw transient(res.status) ? new Error(message) : new PermanentError(message);
      }
      const messageId = messageIdOf(answer);
      // Sent, perhaps, but not confirmed: a retry with the same key asks again, without a resend.
      if (!messageId) throw new Error(`SMS gateway answered ${res.status} without a messageId`);
      ctx.logger.info({ ...about, messageId }, 'sms sent');
      return { messageId };
    },
  },
});
