/**
 * The email plugin: `email/send` renders a named notice (zh-Hant, zh-Hans, en, or both
 * zh-Hant and en, Chinese first) and sends it over SMTP with nodemailer. The Message-ID and an
 * `X-Caseway-Idempotency-Key` header come from the call's idempotency key, so a mail sent
 * again by a retry is recognisable as the same one. 4xx replies and lost connections are
 * retried by the engine; 5xx replies are a PermanentError (an incident at once).
 *
 * @example
 *   // a service task
 *   { "type": "serviceTask", "action": "email/send",
 *     "input": { "to": "[customer.email]", "template": "\"claim-refused\"", "lang": "\"both\"",
 *                "params": "{ customerName: customer.name, claimNo: claimNo, reasons: reasons }" },
 *     "output": { "mailId": "result.messageId" } }
 */
import { definePlugin } from '@caseway/plugin-sdk';
import nodemailer from 'nodemailer';
import { render } from './notice.ts';
import { smtpFailure } from './smtp-failure.ts';
import { noticeFor } from './templates/index.ts';
import type { Config, Secrets, Types } from './types.generated.ts';

export const IDEMPOTENCY_HEADER = 'X-Caseway-Idempotency-Key';

/** `<key@sender-domain>`: the same on every retry of one call. */
export function messageIdFor(idempotencyKey: string, from: Config['from']): string {
  const domain = from.address.split('@').pop() ?? 'caseway.invalid';
  return `<${idempotencyKey.replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/g, '-')}@${domain}>`;
}

const transportFor = (config: Config, secrets: Secrets) =>
  nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(secrets.username ? { auth: { user: secrets.username, pass: secrets.password ?? '' } } : {}),
  });

export default definePlugin<Types>({
  actions: {
    async send(input, ctx) {
      const mail = render(noticeFor(input), input.lang);
      const messageId = messageIdFor(ctx.idempotencyKey, ctx.config.from);
      const transport = transportFor(ctx.config, ctx.secrets);
      const about = { template: input.template, lang: input.lang, messageId, attempt: ctx.attempt };
      try {
        const info = await transport.sendMail({
          from: { name: ctx.config.from.name, address: ctx.config.from.address },
          ...(ctx.config.replyTo ? { replyTo: ctx.config.replyTo } : {}),
          to: input.to,
          ...(input.cc?.length ? { cc: input.cc } : {}),
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId,
          headers: { [IDEMPOTENCY_HEADER]: ctx.idempotencyKey },
          signal: ctx.signal,
        });
        const accepted = (info.accepted ?? []).map(String);
        const rejected = (info.rejected ?? []).map(String);
        ctx.logger.info(
          { ...about, accepted: accepted.length, rejected: rejected.length },
          'mail sent',
        );
        return { messageId, accepted, rejected };
      } catch (e) {
        const failure = smtpFailure(e);
        ctx.logger.warn({ ...about, error: failure.message }, 'mail not sent');
        throw failure;
      } finally {
        transport.close();
      }
    },
  },

  /** The plugins page's "test connection": connects, signs in when an account is set, says so. */
  async testConnection(ctx) {
    const transport = transportFor(ctx.config, ctx.secrets);
    const server = `${ctx.config.host}:${ctx.config.port}`;
    const zh = ctx.lang === 'zh-Hant';
    try {
      await transport.verify();
      const signedIn = Boolean(ctx.secrets.username);
      return {
        ok: true,
        message: zh
          ? `SMTP 伺服器 ${server} 接受了連線${signedIn ? '與登入' : '（未設定登入帳號）'}`
          : signedIn
            ? `SMTP ${server} accepted the connection and the sign-in`
            : `SMTP ${server} accepted the connection (no sign-in configured)`,
      };
    } catch (e) {
      // the server's own words stay as they are: an administrator searches for them
      const reason = smtpFailure(e).message;
      return {
        ok: false,
        message: zh ? `無法連線或登入 SMTP 伺服器 ${server}：${reason}` : `${server}: ${reason}`,
      };
    } finally {
      transport.close();
    }
  },
});
