/**
 * Calls a service action outside any transaction: with its idempotency key (the job id, the
 * same on every attempt), the attempt number, and an abort signal for the job's timeout.
 * Returns the result or the error as `CODE: message`; never throws. `permanent`: the handler
 * threw an error marked `permanent` (the SDK's PermanentError, e.g. a 4xx answer): retrying
 * cannot help, so the caller goes to an incident at once. The SDK's error is recognised by its
 * mark (`isPermanentError`), so a plugin built with its own copy of the SDK is understood too;
 * with a code it is a business error (`failure`), recorded with its code and details. With a
 * masker, personal data is masked out of the error and the failure before anything keeps them
 * (the values under the input's sensitive keys, ID, phone and account numbers).
 */
import { isPermanentError } from '@caseway/plugin-sdk';
import { createError, isCasewayError } from '../errors.ts';
import type { ActionRegistry } from '../plugins/index.ts';
import type { TextMasker } from '../privacy/index.ts';
import type { BusinessError } from '../runtime/index.ts';
import { ATTR, SpanKind, failed, type Tracing } from '../tracing/index.ts';

export interface InvocableJob {
  id: string;
  instance_id: string;
  action: string | null;
  attempt: number;
  timeout_ms: number;
  payload: { input?: Record<string, unknown> };
}

export interface Invocation {
  result: unknown;
  error: string | null;
  permanent: boolean;
  /** The business error, when the handler threw a PermanentError with a valid code. */
  failure?: BusinessError;
}

/** What a business error's code may be: an error boundary names it in a definition. */
const CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const MAX_DETAILS = 16 * 1024;

/** A PermanentError's code and details as stored: a JSON object at most 16 KB, or null. */
export function businessError(e: unknown): BusinessError | undefined {
  if (!isPermanentError(e) || typeof e.code !== 'string' || !CODE.test(e.code)) return undefined;
  let details: Record<string, unknown> | null = null;
  if (e.details && typeof e.details === 'object' && !Array.isArray(e.details)) {
    try {
      const text = JSON.stringify(e.details);
      details =
        text.length <= MAX_DETAILS
          ? (JSON.parse(text) as Record<string, unknown>)
          : { truncated: true, size: text.length };
    } catch {
      details = { unserialisable: true };
    }
  }
  return { code: e.code, message: e.message, details };
}

/**
 * Calls a job's action; with tracing on, in a span `caseway.plugin <action>` whose outcome is
 * `ok` or the failure's code (never its message, which may quote the input).
 */
export async function invokeAction(
  actions: ActionRegistry,
  job: InvocableJob,
  masker?: TextMasker,
  tracing?: Tracing,
): Promise<Invocation> {
  const called = tracing
    ? await tracing.span(
        `caseway.plugin ${job.action}`,
        {
          [ATTR.caseId]: job.instance_id,
          [ATTR.action]: job.action ?? '',
          [ATTR.plugin]: job.action?.split('/')[0] ?? '',
          [ATTR.attempt]: job.attempt,
        },
        async (span) => {
          const r = await call(actions, job);
          if (r.error === null) span.setAttribute(ATTR.outcome, 'ok');
          else
            failed(span, { code: /^[A-Z][A-Z0-9_]*/.exec(r.error)?.[0] ?? 'CW_ERR_ACTION_FAILED' });
          return r;
        },
        { kind: SpanKind.CLIENT },
      )
    : await call(actions, job);
  if (!masker || called.error === null) return called;
  return {
    ...called,
    error: masker.text(called.error),
    ...(called.failure
      ? {
          failure: {
            code: called.failure.code,
            message: masker.text(called.failure.message),
            details: called.failure.details && masker.tree(called.failure.details),
          },
        }
      : {}),
  };
}

async function call(actions: ActionRegistry, job: InvocableJob): Promise<Invocation> {
  const handler = job.action ? actions.get(job.action) : undefined;
  if (!handler)
    return {
      result: undefined,
      error: `${'CW_ERR_ACTION_UNKNOWN'}: action ${job.action} is not registered`,
      permanent: false,
    };
  const signal = AbortSignal.timeout(job.timeout_ms || 30_000);
  try {
    const result = await Promise.race([
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
    return { result, error: null, permanent: false };
  } catch (e) {
    // A handler that honours the signal rejects first with its own error: still a timeout.
    if (signal.aborted)
      return {
        result: undefined,
        error: `CW_ERR_ACTION_TIMEOUT: no answer within ${job.timeout_ms || 30_000} ms`,
        permanent: false,
      };
    if (isPermanentError(e)) {
      const failure = businessError(e);
      return {
        result: undefined,
        error: `CW_ERR_ACTION_REJECTED: ${failure ? `${failure.code}: ` : ''}${e.message}`,
        permanent: true,
        ...(failure ? { failure } : {}),
      };
    }
    // Only an explicit PermanentError (not any library error with a `permanent` flag) or one
    // of the host's own permanent errors (input or output against the schema, no settings).
    if (isCasewayError(e))
      return { result: undefined, error: `${e.code}: ${e.message}`, permanent: e.permanent };
    return {
      result: undefined,
      error: `CW_ERR_ACTION_FAILED: ${(e as Error)?.message ?? String(e)}`,
      permanent: false,
    };
  }
}
