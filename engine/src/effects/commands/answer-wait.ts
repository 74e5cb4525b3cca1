/**
 * Answers one wait of one case: the pending subscription `subscriptionId` of instance
 * `instanceId`, whatever its correlation key. For callers who know the case itself (a
 * customer's tracking link names it): a key a customer typed never chooses the case.
 * `payload` runs in the step's transaction (to store the documents it references), so the
 * answer and what it carries are written together or not at all. Idempotent by message id.
 * `waiting: false` when the case no longer waits there (nothing is written). A `payload` that
 * returns null holds: what it wrote is committed under the instance's lock and the wait goes
 * on (`answered: false`), so parts of one answer sent at once are counted one after another.
 */
import { instances, messages, type Tx } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext } from '../context.ts';
import { messageHash } from './correlate-message.ts';

export interface WaitAnswer {
  instanceId: string;
  subscriptionId: string;
  messageId: string;
  payload: (tx: Tx) => Promise<Record<string, unknown> | null>;
}

export interface WaitAnswered {
  /** The case waited there (or the same message had answered it). */
  waiting: boolean;
  /** The same message id had been taken before: nothing was written. */
  duplicate: boolean;
  /** The wait was answered now (false when the payload held, or nothing was written). */
  answered: boolean;
}

export async function answerWait(ctx: CommandContext, w: WaitAnswer): Promise<WaitAnswered> {
  const { deps } = ctx;
  return ctx.run(async (tx, post) => {
    const row = await instances.lockInstance(tx, w.instanceId);
    const s = await messages.readSubscription(tx, w.subscriptionId, w.instanceId);
    if (!s) return { waiting: false, duplicate: false, answered: false };
    // Serialises with correlateMessage for the same (name, key), which picks a subscription
    // before it locks the instance: it never answers this one as well (see apply.ts).
    await messages.lockCorrelation(tx, s.message, s.correlation_key);
    const prior = await messages.readMessage(tx, w.messageId);
    if (prior)
      return {
        waiting: prior.subscription_id === w.subscriptionId,
        duplicate: true,
        answered: false,
      };
    const fresh = await messages.readSubscription(tx, w.subscriptionId, w.instanceId);
    if (fresh?.status !== 'pending') return { waiting: false, duplicate: false, answered: false };
    const payload = await w.payload(tx);
    if (!payload) return { waiting: true, duplicate: false, answered: false };
    const now = new Date(deps.clock.now());
    await messages.insertCorrelatedMessage(tx, {
      id: w.messageId,
      name: s.message,
      correlationKey: s.correlation_key,
      payload,
      hash: messageHash(s.message, s.correlation_key, payload),
      receivedAt: now,
      expiresAt: now,
      instanceId: w.instanceId,
      subscriptionId: w.subscriptionId,
    });
    await messages.subscriptionDone(tx, w.subscriptionId);
    await applyEvent(
      deps,
      tx,
      row,
      {
        type: 'messageReceived',
        subscriptionId: w.subscriptionId,
        messageId: w.messageId,
        payload,
      },
      post,
    );
    return { waiting: true, duplicate: false, answered: true };
  });
}
