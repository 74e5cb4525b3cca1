/**
 * The bank-transfer plugin: `bank-transfer/pay` books a transfer at the bank's REST API
 * (`POST <baseUrl>/transfers`) with the call's idempotency key, so a retry never pays twice.
 * The bank's refusals with a code (409 `{ code, message, details }`: `ACCOUNT_CLOSED`,
 * `LIMIT_EXCEEDED`) are business errors a process routes with an error boundary; any other
 * 4xx is permanent (an incident at once); 5xx and network failures are retried.
 *
 * @example
 *   // a service task whose closed accounts go to a correction task
 *   { "id": "transfer", "type": "serviceTask", "action": "bank-transfer/pay",
 *     "input": { "account": "bankAccount", "amount": "amountPayable", "reference": "claimReference" },
 *     "output": { "transferId": "result.transferId" } }
 *   { "id": "account-closed", "type": "boundaryError", "attachedTo": "transfer",
 *     "errorCode": "ACCOUNT_CLOSED", "output": { "refusal": "error.code" } }
 */
import { PermanentError, definePlugin } from '@caseway/plugin-sdk';
import type { PayOutput, Types } from './types.generated.ts';

const EXCERPT = 200;

export default definePlugin<Types>({
  actions: {
    async pay(input, ctx) {
      const res = await fetch(new URL('transfers', withSlash(ctx.config.baseUrl)), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ctx.secrets.apiKey}`,
          'idempotency-key': ctx.idempotencyKey,
          'content-type': 'application/json',
        },
        body: JSON.stringify(input),
        signal: ctx.signal,
      });
      if (res.status === 409) {
        const refusal = (await res.json()) as {
          code: string;
          message: string;
          details?: Record<string, unknown>;
        };
        throw new PermanentError(refusal.code, refusal.message, refusal.details);
      }
      if (res.status >= 400 && res.status < 500)
        throw new PermanentError(`${res.status}: ${(await res.text()).slice(0, EXCERPT)}`);
      if (!res.ok) throw new Error(`the bank answered ${res.status}`);
      return (await res.json()) as PayOutput;
    },
  },
});

/** `https://bank/api` and `https://bank/api/` both reach `https://bank/api/transfers`. */
const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);
