/**
 * Work a route adds to a command's transaction (TxHooks), defined here beside the commands so
 * that the HTTP layer never holds the transaction: it asks for the hooks and hands them on.
 * An `Idempotency-Key` is claimed first and the answer recorded last (http/idempotency.ts); a
 * public intake's tracking token is written with its case (http/routes/public.route.ts).
 *
 * @example
 *   const hooks = idempotencyHooks({ ref, clock, ttlMs, refuse, record: (row) => answer(row) });
 *   await executor.startInstance(start, hooks);
 */
import type { Clock } from '../clock/index.ts';
import {
  idempotency,
  instances,
  type Claim,
  type KeyRef,
  type StoredAnswer,
} from '../store/index.ts';
import type { TxHooks } from './context.ts';

export function idempotencyHooks<T>(k: {
  ref: KeyRef & { requestHash: string };
  clock: Clock;
  ttlMs: number;
  /** Called when the key was answered before or used for another request; throws to abandon. */
  refuse(claim: Exclude<Claim, { kind: 'claimed' }>): never;
  /** The answer kept for the result, recorded with the work. */
  record(result: T): StoredAnswer;
  /** More work in the same transaction: after the claim, and before the answer is recorded. */
  then?: TxHooks<T>;
}): TxHooks<T> {
  return {
    exclusive: `${k.ref.scope}\u0000${k.ref.key}`,
    first: async (tx) => {
      const claim = await idempotency.claimKey(tx, k.ref, new Date(k.clock.now()), k.ttlMs);
      if (claim.kind !== 'claimed') k.refuse(claim);
      await k.then?.first?.(tx);
    },
    last: async (tx, result) => {
      await k.then?.last?.(tx, result);
      await idempotency.recordAnswer(tx, k.ref, k.record(result));
    },
  };
}

/** The case's tracking token, written with it: a case without one cannot be followed. */
export function trackingTokenHooks<T extends { id: string }>(t: {
  tokenHash: string;
  clock: Clock;
}): TxHooks<T> {
  return {
    last: async (tx, row) => {
      await instances.insertTrackingToken(tx, {
        tokenHash: t.tokenHash,
        instanceId: row.id,
        now: new Date(t.clock.now()),
      });
    },
  };
}
