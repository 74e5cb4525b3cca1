/**
 * Calls a service action outside any transaction: with its idempotency key (the job id, the
 * same on every attempt), the attempt number, and an abort signal for the job's timeout.
 * Returns the result or the error as `CODE: message`; never throws. `permanent`: the handler
 * threw an error marked `permanent` (the SDK's PermanentError, e.g. a 4xx answer): retrying
 * cannot help, so the caller goes to an incident at once. The SDK's error is recognised by its
 * mark (`isPermanentError`), so a plugin built with its own copy of the SDK is understood too.
 */
import { isPermanentError } from '@caseway/plugin-sdk';
import { createError, isCasewayError } from '../errors.ts';
import type { ActionRegistry } from '../plugins/index.ts';

export interface InvocableJob {
  id: string;
  instance_id: string;
  action: string | null;
  attempt: number;
  timeout_ms: number;
  payload: { input?: Record<string, unknown> };
}

export async function invokeAction(
  actions: ActionRegistry,
  job: InvocableJob,
): Promise<{ result: unknown; error: string | null; permanent: boolean }> {
  const handler = job.action ? actions.get(job.action) : undefined;
  let result: unknown;
  let error: string | null = null;
  let permanent = false;
  if (!handler) {
    error = `${'CW_ERR_ACTION_UNKNOWN'}: action ${job.action} is not registered`;
  } else {
    const signal = AbortSignal.timeout(job.timeout_ms || 30_000);
    try {
      result = await Promise.race([
        Promise.resolve(
          handler(job.payload.input ?? {}, {
            idempotencyKey: job.id,
            attempt: job.attempt,
            instanceId: job.instance_id,
            signal,
          }),
        ),
        new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(createError('CW_ERR_ACTION_TIMEOUT')), {
            once: true,
          }),
        ),
      ]);
    } catch (e) {
      // Only an explicit PermanentError (not any library error with a `permanent` flag) or one
      // of the host's own permanent errors (input or output against the schema, no settings).
      permanent = !signal.aborted && (isPermanentError(e) || (isCasewayError(e) && e.permanent));
      // A handler that honours the signal rejects first with its own error: still a timeout.
      error =
        isPermanentError(e) && !signal.aborted
          ? `CW_ERR_ACTION_REJECTED: ${(e as Error).message}`
          : signal.aborted
            ? `CW_ERR_ACTION_TIMEOUT: no answer within ${job.timeout_ms || 30_000} ms`
            : isCasewayError(e)
              ? `${e.code}: ${e.message}`
              : `CW_ERR_ACTION_FAILED: ${(e as Error)?.message ?? String(e)}`;
    }
  }
  return { result, error, permanent };
}
