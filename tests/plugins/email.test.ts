/**
 * The email plugin against a real SMTP server (smtp-server on a free port, no TLS, password
 * checked by the server): what arrives (sender, recipients, subject and body in Chinese and
 * English, escaped params, the idempotency header), and how SMTP failures reach the process:
 * 4xx replies and refused connections are retried, 5xx replies are an incident at once,
 * a server that never answers times out, and the password never reaches a log line.
 */
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { history, jobsAt, startInstance, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const USERNAME = 'caseway-mailer';
const PASSWORD = 'smtp-pw-5531-secret';
const FROM = { address: 'claims@ankang.example', name: '安康保險 Ankang Insurance' };
const MINUTE = 60_000;

// Given an SMTP server that checks the password, refuses `nobody@` for good (550), refuses
// `busy@` once for now (451), swallows `slow@` mails without ever answering, and keeps the rest
interface Arrival {
  mail: ParsedMail;
  user: unknown;
  rcpt: string[];
}
const arrivals: Arrival[] = [];
const rcptTries = new Map<string, number>();
const held: (() => void)[] = [];
const reply = (message: string, responseCode: number) =>
  Object.assign(new Error(message), { responseCode });

const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  authMethods: ['PLAIN', 'LOGIN'],
  logger: false,
  onAuth(auth, _session, cb) {
    if (auth.username === USERNAME && auth.password === PASSWORD) cb(null, { user: USERNAME });
    else cb(reply('5.7.8 Authentication credentials invalid', 535));
  },
  onRcptTo(address, _session, cb) {
    const to = address.address;
    const tries = (rcptTries.get(to) ?? 0) + 1;
    rcptTries.set(to, tries);
    if (to.startsWith('nobody@')) return cb(reply('5.1.1 Mailbox unavailable', 550));
    if (to.startsWith('busy@') && tries === 1)
      return cb(reply('4.3.0 Local error in processing, try later', 451));
    cb();
  },
  onData(stream, session: SMTPServerSession, cb) {
    simpleParser(stream).then((mail) => {
      const rcpt = session.envelope.rcptTo.map((r) => r.address);
      if (rcpt.some((r) => r.startsWith('slow@'))) return void held.push(() => cb());
      arrivals.push({ mail, user: session.user, rcpt });
      cb();
    }, cb);
  },
});

/** A port nobody listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

// And a process whose service task sends the mail its variables describe
const notify = (id: string, retry: Record<string, unknown>) =>
  process(
    id,
    [
      start(),
      service('mail', 'email/send', {
        input: { to: 'to', cc: 'cc', template: 'template', lang: 'lang', params: 'params' },
        output: {
          mailId: 'result.messageId',
          accepted: 'result.accepted',
          rejected: 'result.rejected',
        },
        retry,
      }),
      end('end', 'sent'),
    ],
    [
      ['start', 'mail'],
      ['mail', 'end'],
    ],
  );

const lines: string[] = [];
let t: TestEngine;
let smtpPort: number;
const config = () => ({ host: '127.0.0.1', port: smtpPort, secure: false, from: FROM });
const configure = async (c: Record<string, unknown>) =>
  expect((await t.api('PUT', '/api/plugins/email/config', { config: c })).status).toBe(204);
const setPassword = async (password: string) =>
  expect(
    (
      await t.api('PUT', '/api/plugins/email/secrets', {
        secrets: { username: USERNAME, password },
      })
    ).status,
  ).toBe(204);

beforeAll(async () => {
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as { port: number }).port;
  t = await startTestEngine({
    definitions: files(
      notify('notify', { attempts: 3, backoff: 'PT1M', timeout: 'PT10S' }),
      notify('notify-quick', { attempts: 1, timeout: 'PT1S' }),
    ),
    pluginsDir: PLUGINS,
    config: { logLevel: 'debug' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  // an administrator configures the sender and the SMTP account
  await configure({ ...config(), replyTo: 'service@ankang.example' });
  await setPassword(PASSWORD);
});
afterAll(async () => {
  for (const release of held) release();
  await t?.close();
  await new Promise<void>((r) => smtp.close(() => r()));
  if (t) await dropTestData(t.schema, t.prefix);
});

const send = (
  template: string,
  lang: string,
  params: Record<string, unknown>,
  { to = ['wang@example.cn'], cc = [] as string[], processId = 'notify' } = {},
) => startInstance(t, processId, { to, cc, template, lang, params });

const arrivalFor = (messageId: string) =>
  t.until(async () => arrivals.find((a) => a.mail.messageId === messageId), `mail ${messageId}`);

/** The delivered mail of a completed instance, found by the Message-ID it returned. */
async function delivered(instanceId: string) {
  const done = await untilStatus(t, instanceId, 'completed');
  const arrival = await arrivalFor(done.variables.mailId as string);
  return { done, arrival, mail: arrival.mail };
}

const incidentOf = (id: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items[0],
    'incident',
  );
const failures = (id: string, n: number) =>
  t.until(async () => {
    const h = (await history(t, id)).filter((x) => x.type === 'job.failed');
    return h.length >= n ? h : undefined;
  }, `${n} failed attempts`);

describe('what arrives', () => {
  it('sends every missing document in one bilingual notice, Chinese first, params escaped, identified by the idempotency key', async () => {
    // When a case asks for three missing documents in both languages, with a name holding markup
    const i = await send(
      'documents-missing',
      'both',
      {
        customerName: '王小明 <b>&</b> "Co"',
        claimNo: 'CLM-2026-0042',
        documents: [
          { name: '醫療費用收據正本', note: 'original receipts' },
          { name: '診斷證明書' },
          { name: '<script>alert(1)</script>' },
        ],
        dueDate: '2026-03-15',
      },
      { cc: ['agent@ankang.example'] },
    );
    const { done, arrival, mail } = await delivered(i.id);
    const [job] = await jobsAt(t, i.id, 'mail');

    // Then the server authenticated the account and got one mail from the configured sender
    expect(arrival.user).toBe(USERNAME);
    expect(mail.from?.value).toEqual([FROM]);
    expect(mail.replyTo?.value).toEqual([{ address: 'service@ankang.example', name: '' }]);
    expect(arrival.rcpt).toEqual(['wang@example.cn', 'agent@ankang.example']);
    expect(mail.subject).toBe(
      '補充理賠資料通知（案號 CLM-2026-0042） / Documents needed for your claim CLM-2026-0042',
    );

    // And the Message-ID and a header carry the idempotency key, so a resend is recognisable
    expect(mail.messageId).toBe(`<${job!.id}@ankang.example>`);
    expect(mail.headers.get('x-caseway-idempotency-key')).toBe(job!.id);
    expect(done.variables).toMatchObject({
      mailId: `<${job!.id}@ankang.example>`,
      accepted: ['wang@example.cn', 'agent@ankang.example'],
    });
    expect(done.outcome).toBe('sent');

    // And the text lists every document in one notice, in Chinese then in English
    const text = mail.text!;
    const zh = text.indexOf('依《中華人民共和國保險法》第二十二條，本公司一次性通知您');
    const en = text.indexOf('under Article 22 of the Insurance Law');
    expect(zh).toBeGreaterThan(-1);
    expect(en).toBeGreaterThan(zh);
    expect(text).toContain('  1. 醫療費用收據正本（original receipts）\n  2. 診斷證明書\n');
    expect(text).toContain('  1. 醫療費用收據正本 (original receipts)\n  2. 診斷證明書\n');
    expect(text).toContain('請於 2026年3月15日 前提供。');
    expect(text).toContain('Please send them by 15 March 2026.');

    // And the HTML escapes the params: they show as text, never as markup
    const html = mail.html as string;
    expect(html).toContain('<p>王小明 &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot; 您好：</p>');
    expect(html).toContain('<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html.indexOf('<section lang="zh-Hant">')).toBeLessThan(
      html.indexOf('<section lang="en">'),
    );
  });

  it('writes each template in the language asked for: amounts in yuan from fen, dates and Beijing time', async () => {
    // When the payment notice goes out in Chinese only
    const paid = await delivered(
      (
        await send('payment-made', 'zh-Hant', {
          customerName: '陳大文',
          claimNo: 'CLM-7',
          amountFen: 12345607,
          paidOn: '2026-04-01',
          accountLast4: '8812',
        })
      ).id,
    );
    // Then it shows 123,456.07 yuan and nothing in English
    expect(paid.mail.subject).toBe('賠款已支付（案號 CLM-7）');
    expect(paid.mail.text).toContain(
      '賠付金額：人民幣 123,456.07 元\n支付日期：2026年4月1日\n收款帳戶：尾號 8812',
    );
    expect(paid.mail.text).not.toContain('Dear');
    expect(paid.mail.html).toContain(
      '<th align="left">賠付金額：</th><td>人民幣 123,456.07 元</td>',
    );

    // When it goes out in Simplified Chinese, Then the zh-Hant notice is converted by phrase,
    // the customer's name and the labels included, and the page says its language
    const paidHans = await delivered(
      (
        await send('payment-made', 'zh-Hans', {
          customerName: '陳大文',
          claimNo: 'CLM-71',
          amountFen: 12345607,
          paidOn: '2026-04-01',
          accountLast4: '8812',
        })
      ).id,
    );
    expect(paidHans.mail.subject).toBe('赔款已支付（案号 CLM-71）');
    expect(paidHans.mail.text).toContain(
      '陈大文 您好：\n\n您的理赔案件（案号 CLM-71）赔款已支付：\n\n赔付金额：人民币 123,456.07 元\n支付日期：2026年4月1日\n收款账户：尾号 8812\n\n到账时间以银行为准',
    );
    expect(paidHans.mail.html).toContain('<section lang="zh-Hans">');

    // When a refusal goes out in English only, Then every reason is listed and nothing is Chinese
    const refused = await delivered(
      (
        await send('claim-refused', 'en', {
          customerName: 'Li Na',
          claimNo: 'CLM-8',
          reasons: ['The loss happened before the policy started.', 'Pre-existing condition.'],
          decidedOn: '2026-04-02',
        })
      ).id,
    );
    expect(refused.mail.subject).toBe('Claim CLM-8 refused');
    expect(refused.mail.text).toContain(
      '  1. The loss happened before the policy started.\n  2. Pre-existing condition.',
    );
    expect(refused.mail.text).toContain('Decided on: 2 April 2026');
    expect(refused.mail.text).toContain('Article 24');
    expect(refused.mail.text).not.toMatch(/[\u4e00-\u9fff]/);

    // When a complaint decision goes out in both languages, Then both carry the decision and the review right
    const decided = await delivered(
      (
        await send('complaint-decision', 'both', {
          customerName: '張美玲',
          complaintNo: 'CMP-3',
          decision: '退還保費 500 元。',
          reasons: ['銷售時未說明等待期。'],
        })
      ).id,
    );
    expect(decided.mail.subject).toBe(
      '投訴處理決定（編號 CMP-3） / Decision on your complaint CMP-3',
    );
    expect(decided.mail.text).toMatch(
      /退還保費 500 元。[\s\S]*理由：\n\n {2}1\. 銷售時未說明等待期。[\s\S]*30 日內答覆[\s\S]*Reasons:[\s\S]*within 30 days/,
    );

    // When a visit is announced, Then its time is shown in Beijing time
    const visit = await delivered(
      (
        await send('visit-reminder', 'zh-Hant', {
          customerName: '林先生',
          policyNo: 'POL-99',
          visitAt: '2026-03-05T06:30:00Z',
        })
      ).id,
    );
    expect(visit.mail.text).toContain(
      '本公司將於 2026年3月5日 14:30（北京時間） 就您的保單（保單號 POL-99）',
    );
  });

  it("refuses params that do not match the template's schema before sending anything", async () => {
    const before = arrivals.length;
    const i = await send(
      'payment-made',
      'en',
      {
        customerName: 'Li Na',
        claimNo: 'CLM-9',
        amountFen: 12.5,
        paidOn: '2026-04-01',
      },
      { processId: 'notify-quick' },
    );
    expect((await incidentOf(i.id)).error).toMatch(
      /^CW_ERR_ACTION_INPUT_INVALID: .*data\/params\/amountFen must be integer/,
    );
    expect(arrivals.length).toBe(before);
  });
});

describe('failures', () => {
  it('retries a 451 transient rejection after the backoff, then the mail is accepted', async () => {
    // When the server answers 451 to the first try
    const i = await send(
      'visit-reminder',
      'en',
      {
        customerName: 'Ho',
        policyNo: 'POL-1',
        visitAt: '2026-03-05T06:30:00Z',
      },
      { to: ['busy@example.cn'] },
    );
    const [failed] = await failures(i.id, 1);
    expect(failed!.data).toMatchObject({ attempt: 1 });
    expect(String(failed!.data?.error)).toMatch(/^CW_ERR_ACTION_FAILED: SMTP 451/);
    const [job] = await jobsAt(t, i.id, 'mail');
    expect(job).toMatchObject({ status: 'pending', attempt: 2 });

    // Then after the one-minute backoff the second try is accepted, with the same Message-ID
    t.clock.advance(MINUTE);
    const { mail } = await delivered(i.id);
    expect(rcptTries.get('busy@example.cn')).toBe(2);
    expect(mail.messageId).toBe(`<${job!.id}@ankang.example>`);
    expect((await jobsAt(t, i.id, 'mail'))[0]).toMatchObject({ status: 'done', attempt: 2 });
  });

  it('turns a 550 mailbox unavailable into an incident at once, without using up the retries', async () => {
    const i = await send(
      'claim-refused',
      'en',
      {
        customerName: 'Nobody',
        claimNo: 'CLM-10',
        reasons: ['No cover.'],
      },
      { to: ['nobody@example.cn'] },
    );
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(
      /^CW_ERR_ACTION_REJECTED: SMTP 550 5\.1\.1 Mailbox unavailable$/,
    );
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed')).toEqual([]);
    expect(h.find((x) => x.type === 'incident.opened')?.data).toMatchObject({ attempt: 1 });
    expect(rcptTries.get('nobody@example.cn')).toBe(1);
  });

  it('sends to the recipients the server takes and reports the ones it refuses', async () => {
    const i = await send(
      'claim-refused',
      'en',
      { customerName: 'Li Na', claimNo: 'CLM-12', reasons: ['No cover.'] },
      { to: ['li@example.cn', 'nobody@other.example'] },
    );
    const { done, arrival } = await delivered(i.id);
    expect(arrival.rcpt).toEqual(['li@example.cn']);
    expect(done.variables).toMatchObject({
      accepted: ['li@example.cn'],
      rejected: ['nobody@other.example'],
    });
  });

  it('retries while the connection is refused, and sends once the server is reachable again', async () => {
    // Given the configuration points at a port nobody listens on
    await configure({ ...config(), port: await closedPort() });
    const i = await send('visit-reminder', 'zh-Hant', {
      customerName: '林先生',
      policyNo: 'POL-2',
      visitAt: '2026-03-05T06:30:00Z',
    });
    const [failed] = await failures(i.id, 1);
    expect(String(failed!.data?.error)).toMatch(/^CW_ERR_ACTION_FAILED: SMTP ECONNREFUSED/);

    // When the administrator fixes the port, Then the retry after the backoff delivers it
    await configure(config());
    t.clock.advance(MINUTE);
    const { mail } = await delivered(i.id);
    expect(mail.subject).toBe('回訪提醒（保單號 POL-2）');
  });

  it('opens an incident at once when the server refuses the password, and never logs it', async () => {
    // Given a wrong password
    await setPassword('not-the-password-7731');
    const i = await send('claim-refused', 'zh-Hant', {
      customerName: '陳大文',
      claimNo: 'CLM-11',
      reasons: ['不在保險責任範圍內。'],
    });
    // Then the server's 535 is an incident without retries
    const incident = await incidentOf(i.id);
    expect(incident.error).toMatch(/^CW_ERR_ACTION_REJECTED: SMTP 535/);
    expect((await history(t, i.id)).filter((x) => x.type === 'job.failed')).toEqual([]);

    // When the administrator sets the right one and retries the incident, Then the mail goes out
    await setPassword(PASSWORD);
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    const { arrival } = await delivered(i.id);
    expect(arrival.user).toBe(USERNAME);

    // And neither password appears in any log line, while the plugin did log its sends
    const log = lines.join('');
    expect(log).toContain('mail sent');
    expect(log).toContain('mail not sent');
    expect(log).not.toContain(PASSWORD);
    expect(log).not.toContain('not-the-password-7731');
  });

  it("tests the connection from the plugins page: signs in with the stored account, or says the server's refusal", async () => {
    // Given the right account, the connection test signs in and says so
    const ok = await t.api('POST', '/api/plugins/email/test');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      ok: true,
      message: `SMTP 127.0.0.1:${smtpPort} accepted the connection and the sign-in`,
      problems: [],
    });
    // And asked from the Chinese studio, the plugin answers in Chinese (ctx.lang)
    const zh = await t.api('POST', '/api/plugins/email/test', undefined, { lang: 'zh-Hant' });
    expect(zh.body.message).toBe(`SMTP 伺服器 127.0.0.1:${smtpPort} 接受了連線與登入`);
    // And from the Simplified studio, the plugin's zh-Hant answer is converted
    const hans = await t.api('POST', '/api/plugins/email/test', undefined, { lang: 'zh-Hans' });
    expect(hans.body.message).toBe(`SMTP 服务器 127.0.0.1:${smtpPort} 接受了连接与登录`);
    // When the password is wrong, Then the answer is the server's 535, the password not in it
    await setPassword('not-the-password-8842');
    const refused = await t.api('POST', '/api/plugins/email/test');
    expect(refused.body).toMatchObject({ ok: false });
    expect(refused.body.message).toMatch(new RegExp(`^127\\.0\\.0\\.1:${smtpPort}: SMTP 535`));
    expect(JSON.stringify(refused.body)).not.toContain('not-the-password-8842');
    const refusedZh = await t.api('POST', '/api/plugins/email/test', undefined, {
      lang: 'zh-Hant',
    });
    expect(refusedZh.body.message).toMatch(
      new RegExp(`^無法連線或登入 SMTP 伺服器 127\\.0\\.0\\.1:${smtpPort}：SMTP 535`),
    );
    await setPassword(PASSWORD);
    // And a server nobody listens on is refused without a reply
    await configure({ ...config(), port: await closedPort() });
    const unreachable = await t.api('POST', '/api/plugins/email/test');
    expect(unreachable.body).toMatchObject({ ok: false });
    expect(unreachable.body.message).toMatch(/SMTP ECONNREFUSED/);
    await configure({ ...config(), replyTo: 'service@ankang.example' });
  });

  it('gives up when the server never answers within the task timeout (ctx.signal)', async () => {
    const i = await send(
      'visit-reminder',
      'en',
      { customerName: 'Slow', policyNo: 'POL-3', visitAt: '2026-03-05T06:30:00Z' },
      { to: ['slow@example.cn'], processId: 'notify-quick' },
    );
    expect((await incidentOf(i.id)).error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    expect(held.length).toBe(1);
  });
});
