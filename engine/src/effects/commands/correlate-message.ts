/**
 * Receives a message. Idempotent by message id; correlated to the oldest waiting subscription
 * with the same name and key, or buffered for its time-to-live.
 */
import { createHash } from 'node:crypto';
import { createError } from '../../errors.ts';
import { instances, messages } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import type { CommandContext, TxHooks } from '../context.ts';

/** What became of a received message. */
export interface Correlation {
  status: 'correlated' | 'buffered' | 'expired';
  instanceId: string | null;
  duplicate: boolean;
}

export interface IncomingMessage {
  messageId: string;
  name: string;
  correlationKey: string;
  payload: Record<string, unknown>;
  ttlMs?: number;
}

/** The hash that tells a repeated message from another one with the same id. */
export const messageHash = (name: string, key: string, payload: Record<string, unknown>) =>
  createHash('sha256')
    .update(JSON.stringify([name, key, payload]))
    .digest('hex');

export async function correlateMessage(
  ctx: CommandContext,
  m: IncomingMessage,
  hooks?: TxHooks<Correlation>,
): Promise<Correlation> {
  const { deps } = ctx;
  const hash = messageHash(m.name, m.correlationKey, m.payload);
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.run(async (tx, post) => {
        // Serialises with subscription creation for the same (name, key); see apply.ts.
        await messages.lockCorrelation(tx, m.name, m.correlationKey);
        const prior = await messages.readMessage(tx, m.messageId);
        if (prior) {
          if (prior.hash !== hash)
            throw createError('CW_ERR_MESSAGE_CONFLICT', undefined, {
              data: { messageId: m.messageId },
            });
          return { status: prior.status, instanceId: prior.instance_id, duplicate: true };
        }
        const now = new Date(deps.clock.now());
        const message = {
          id: m.messageId,
          name: m.name,
          correlationKey: m.correlationKey,
          payload: m.payload,
          hash,
          receivedAt: now,
          expiresAt: new Date(now.getTime() + (m.ttlMs ?? deps.messageTtlMs)),
        };
        const s = await messages.oldestSubscription(tx, m.name, m.correlationKey);
        if (!s) {
          await messages.insertBufferedMessage(tx, message);
          return { status: 'buffered' as const, instanceId: null, duplicate: false };
        }
        // Never wait for an instance lock while holding the advisory lock (the step that
        // subscribes holds them in the other order): NOWAIT, and retry the whole thing.
        const row = await instances.lockInstance(tx, s.instance_id, true);
        await messages.insertCorrelatedMessage(tx, {
          ...message,
          instanceId: s.instance_id,
          subscriptionId: s.id,
        });
        await messages.subscriptionDone(tx, s.id);
        await applyEvent(
          deps,
          tx,
          row,
          {
            type: 'messageReceived',
            subscriptionId: s.id,
            messageId: m.messageId,
            payload: m.payload,
          },
          post,
        );
        return { status: 'correlated' as const, instanceId: s.instance_id, duplicate: false };
      }, hooks);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if ((code === '55P03' || code === '40P01') && attempt < 50) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}
