/**
 * `Idempotency-Key` on the writes a client must be able to retry after a dropped connection:
 * starting a case, public intake, a message, completing a task (docs/api.md "Retrying
 * safely"). A retry with the same key and the same request gets the first answer again (same
 * case, same status, same body) and does nothing; the same key with another request is 422
 * `CW_ERR_IDEMPOTENCY_KEY_REUSED`. Keys are scoped per caller (the user; for anonymous public
 * intake, the route) and kept 24 hours. The key is claimed inside the transaction of the work
 * (store/idempotency.ts), so two concurrent requests with one key never both do it: the second
 * waits for the first and answers as it did. A request that fails stores nothing: its retry
 * runs again (and fails again, or succeeds if what made it fail has changed).
 *
 * @example
 *   return idempotent(engine, req, reply, {
 *     work: (hooks) => engine.executor.startInstance(start, hooks),
 *     answer: (row) => ({ status: 201, body: instanceView(row) }),
 *   });
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine-types.ts';
import { idempotencyHooks, type TxHooks } from '../effects/index.ts';
import { createError } from '../errors.ts';
import type { StoredAnswer } from '../store/index.ts';

/** How long a key and its answer are kept (at least this long: the sweep runs hourly). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

const HEADER = 'idempotency-key';

/** The `headers` schema of a route that takes a key (shown in the OpenAPI document). */
export const idempotencyHeaders = {
  type: 'object',
  properties: {
    [HEADER]: {
      type: 'string',
      minLength: 16,
      maxLength: 255,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'A key the client makes once per operation (a random UUID) and sends again with every retry of it: a retry with the same key and body answers as the first request did, without doing anything; the same key with another body is 422 CW_ERR_IDEMPOTENCY_KEY_REUSED. Kept 24 hours, per caller.',
    },
  },
} as const;

/** Thrown inside the transaction to abandon it and answer what the first request answered. */
class Replay {
  constructor(readonly answer: StoredAnswer) {}
}

export async function idempotent<T>(
  engine: Engine,
  req: FastifyRequest,
  reply: FastifyReply,
  opts: {
    /** Runs the work with the hooks it must pass to the executor. */
    work: (hooks: TxHooks<T>) => Promise<T>;
    /** The answer to send for the work's result (and to keep for retries). */
    answer: (result: T) => StoredAnswer;
    /** What is kept of the answer, if not all of it as it is (a secret sealed). */
    keep?: (answer: StoredAnswer) => StoredAnswer;
    /** More work in the same transaction, before the answer is recorded (made in effects/). */
    hooks?: TxHooks<T>;
  },
): Promise<FastifyReply> {
  const key = req.headers[HEADER];
  if (typeof key !== 'string') {
    const a = opts.answer(await opts.work(opts.hooks ?? {}));
    return reply.status(a.status).send(a.body);
  }
  const ref = { scope: scopeOf(req), key, requestHash: requestHash(req) };
  let sent: StoredAnswer | undefined;
  try {
    await opts.work(
      idempotencyHooks<T>({
        ref,
        clock: engine.clock,
        ttlMs: IDEMPOTENCY_TTL_MS,
        refuse: (claim) => {
          if (claim.kind === 'answered') throw new Replay(claim.answer);
          throw createError('CW_ERR_IDEMPOTENCY_KEY_REUSED', undefined, {
            details: [
              {
                code: 'CW_ERR_IDEMPOTENCY_KEY_REUSED',
                pointer: `/${HEADER}`,
                in: 'header',
                message: 'this key was used for another request',
              },
            ],
          });
        },
        record: (result) => {
          sent = opts.answer(result);
          return opts.keep ? opts.keep(sent) : sent;
        },
        then: opts.hooks,
      }),
    );
  } catch (e) {
    if (!(e instanceof Replay)) throw e;
    return reply.header('idempotent-replayed', 'true').status(e.answer.status).send(e.answer.body);
  }
  return reply.status(sent!.status).send(sent!.body);
}

/** Keys are the caller's: a user's, or, for anonymous callers, the route's. */
function scopeOf(req: FastifyRequest): string {
  return req.routeOptions.config.auth === 'public'
    ? `public:${req.method} ${req.routeOptions.url}`
    : `user:${req.actor.id}`;
}

/** What must be the same for a retry: the route, its parameters and query, and the body. */
function requestHash(req: FastifyRequest): string {
  const what = {
    route: `${req.method} ${req.routeOptions.url}`,
    params: req.params ?? null,
    query: req.query ?? null,
    body: req.body ?? null,
  };
  return createHash('sha256').update(canonical(what)).digest('hex');
}

/** JSON with object keys sorted, so the same request written in another key order is the same. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
