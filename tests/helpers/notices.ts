/**
 * The customer's inbox in tests: a real HTTP SMS gateway (node:http) and a real SMTP server
 * (smtp-server) on free ports, with the shipped sms and email plugins of an engine configured
 * to send to them. What a customer would receive is kept as it arrived: the text of each SMS,
 * each mail parsed (subject, text, HTML, recipients).
 *
 * @example
 *   const inbox = await customerInbox();
 *   t = await startTestEngine({ definitions: SHIPPED, pluginsDir: SHIPPED_PLUGINS });
 *   await inbox.configure(t);
 *   const [sms] = await inbox.texts(t, 1);   // waits for the first text
 *   await inbox.close();
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import type { TestEngine } from './engine.ts';

/** The shipped plugins folder (sms, email, …), as an engine in production loads it. */
export const SHIPPED_PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));

export interface Text {
  to: string;
  text: string;
  lang: string;
}
export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface CustomerInbox {
  /** Points the engine's sms and email plugins at this inbox. */
  configure(t: TestEngine): Promise<void>;
  /** Waits until at least `n` texts have arrived and returns them all, oldest first. */
  texts(t: TestEngine, n: number): Promise<Text[]>;
  /** Waits until at least `n` mails have arrived and returns them all, oldest first. */
  mails(t: TestEngine, n: number): Promise<Mail[]>;
  close(): Promise<void>;
}

export async function customerInbox(): Promise<CustomerInbox> {
  const texts: Text[] = [];
  const mails: Mail[] = [];
  const seen = new Map<string, string>();
  const gateway: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const sms = JSON.parse(body) as Text;
      const key = String(req.headers['idempotency-key']);
      // one text per idempotency key, as a real gateway keeps it
      if (!seen.has(key)) {
        seen.set(key, `msg-${seen.size + 1}`);
        texts.push({ to: sms.to, text: sms.text, lang: sms.lang });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messageId: seen.get(key), status: 'queued' }));
    });
  });
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      simpleParser(stream).then((m: ParsedMail) => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: m.subject ?? '',
          text: m.text ?? '',
          html: typeof m.html === 'string' ? m.html : '',
        });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v1/messages`;
  return {
    async configure(t) {
      const put = async (path: string, body: unknown) =>
        expect((await t.api('PUT', path, body)).status, path).toBe(204);
      await put('/api/plugins/sms/config', { config: { gatewayUrl, sender: '安康保險' } });
      await put('/api/plugins/sms/secrets', { secrets: { apiKey: 'sk-test-inbox' } });
      await put('/api/plugins/email/config', {
        config: {
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          from: { address: 'claims@ankang.example', name: '安康保險 Ankang Insurance' },
        },
      });
    },
    texts: (t, n) => t.until(async () => texts.length >= n && [...texts], `${n} texts`),
    mails: (t, n) => t.until(async () => mails.length >= n && [...mails], `${n} mails`),
    async close() {
      gateway.closeAllConnections();
      await new Promise<void>((r) => gateway.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    },
  };
}
