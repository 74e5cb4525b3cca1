/**
 * The sms plugin against a real local HTTP SMS gateway (node:http): the named texts in each
 * language (zh-Hans its own or converted), the API key and the idempotency key the gateway receives, a 503 retried without
 * a second message, a 400 straight to an incident, the node's timeout aborting the call, and
 * the phone number never in the logs in clear.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { history, jobsAt, startInstance, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const API_KEY = 'sk-9f3a-gateway-never-logged';
const MOBILE = '13812345678';

interface Sms {
  from: string;
  to: string;
  text: string;
  lang: string;
  reference: string;
}
interface Received {
  headers: IncomingMessage['headers'];
  sms: Sms;
}

// Given a gateway that keeps one message per idempotency key, is down once for claim C-503,
// refuses claim C-400's number, and never answers for claim C-HANG
const received: Received[] = [];
const sent = new Map<string, string>();
const hung: Promise<void>[] = [];
const gateway: Server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (c: string) => (body += c));
  req.on('end', () => {
    const sms = JSON.parse(body) as Sms;
    received.push({ headers: req.headers, sms });
    const key = req.headers['idempotency-key'] as string;
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.headers.authorization !== `Bearer ${API_KEY}`) return reply(401, { error: 'key' });
    if (sms.text.includes('C-HANG')) return void hung.push(once(res, 'close').then(() => {}));
    if (sms.text.includes('C-400')) return reply(400, { error: `number ${sms.to} is blocked` });
    const tries = received.filter((r) => r.headers['idempotency-key'] === key).length;
    if (sms.text.includes('C-503') && tries === 1) return reply(503, { error: 'busy' });
    if (!sent.has(key)) sent.set(key, `msg-${sent.size + 1}`);
    reply(200, { messageId: sent.get(key), status: 'queued' });
  });
});

const notify = (id: string, retry: Record<string, unknown>) =>
  process(
    id,
    [
      start(),
      service('sms', 'sms/send', {
        input: { mobile: 'mobile', template: 'template', lang: 'lang', params: 'params' },
        output: { smsId: 'result.messageId' },
        retry,
      }),
      end('end', 'notified'),
    ],
    [
      ['start', 'sms'],
      ['sms', 'end'],
    ],
  );

const lines: string[] = [];
let t: TestEngine;
beforeAll(async () => {
  gateway.listen(0, '127.0.0.1');
  await once(gateway, 'listening');
  t = await startTestEngine({
    definitions: files(
      notify('notify', { attempts: 3, backoff: 'PT0S' }),
      notify('notify-fast', { attempts: 1, timeout: 'PT0.3S' }),
    ),
    pluginsDir: PLUGINS,
    config: { logLevel: 'debug' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/v1/messages`;
  const config = { gatewayUrl, sender: '安康保險' };
  expect((await t.api('PUT', '/api/plugins/sms/config', { config })).status).toBe(204);
  const secrets = { apiKey: API_KEY };
  expect((await t.api('PUT', '/api/plugins/sms/secrets', { secrets })).status).toBe(204);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
  gateway.closeAllConnections();
  gateway.close();
});

const incidentOf = (id: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items[0],
    'incident',
  );
const sendOf = (jobId: string) => received.filter((r) => r.headers['idempotency-key'] === jobId);

/** Runs one notification to completion; the gateway's requests for it and the case's variables. */
async function notified(variables: Record<string, unknown>) {
  const i = await startInstance(t, 'notify', variables);
  const done = await untilStatus(t, i.id, 'completed');
  const [job] = await jobsAt(t, i.id, 'sms');
  return { i, done, job: job!, requests: sendOf(job!.id) };
}

describe('sms/send', () => {
  it('sends the zh-Hant text with the API key and the idempotency key', async () => {
    const { done, job, requests } = await notified({
      mobile: `+86 ${MOBILE}`,
      template: 'documents-missing',
      lang: 'zh-Hant',
      params: { claimNo: 'C-1', documents: ['醫療收據', '診斷證明'], dueDate: '2026-03-05' },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      'idempotency-key': job.id,
      'content-type': 'application/json',
    });
    expect(requests[0]!.sms).toEqual({
      from: '安康保險',
      to: `+86${MOBILE}`,
      text: '【安康保險】您的理賠申請（案號 C-1）尚欠以下文件：醫療收據、診斷證明。請於2026年3月5日前補交。',
      lang: 'zh-Hant',
      reference: job.id,
    });
    expect(done.variables.smsId).toBe(sent.get(job.id));
  });

  it.each([
    {
      template: 'documents-missing',
      lang: 'en',
      params: { claimNo: 'C-2', documents: ['medical receipt', 'diagnosis'] },
      text: '【安康保險】Your claim C-2 is missing: medical receipt, diagnosis. Please send them soon.',
    },
    {
      template: 'claim-decision',
      lang: 'zh-Hant',
      params: { claimNo: 'C-3', decision: 'approved' },
      text: '【安康保險】您的理賠申請（案號 C-3）已獲批核，賠款將盡快支付。',
    },
    {
      // a template's own Simplified text wins: 批准, as the mainland says it, not 批核 converted
      template: 'claim-decision',
      lang: 'zh-Hans',
      params: { claimNo: 'C-31', decision: 'approved' },
      text: '【安康保險】您的理赔申请（案号 C-31）已获批准，赔款将尽快支付。',
    },
    {
      template: 'claim-decision',
      lang: 'en',
      params: { claimNo: 'C-4', decision: 'refused' },
      text: '【安康保險】Your claim C-4 was not approved. The written notice sent to you gives the reasons.',
    },
    {
      template: 'payment-made',
      lang: 'zh-Hant',
      params: { claimNo: 'C-5', amountFen: 12345607, paidOn: '2026-11-02' },
      text: '【安康保險】您的理賠（案號 C-5）賠款人民幣 123,456.07 元已於2026年11月2日支付，到帳時間以銀行為準。',
    },
    {
      // no Simplified text of its own: the zh-Hant text converted by phrase (到帳 → 到账, not 到帐),
      // the registered signature left as it is
      template: 'payment-made',
      lang: 'zh-Hans',
      params: { claimNo: 'C-51', amountFen: 120050, paidOn: '2026-11-02' },
      text: '【安康保險】您的理赔（案号 C-51）赔款人民币 1,200.50 元已于2026年11月2日支付，到账时间以银行为准。',
    },
    {
      template: 'payment-made',
      lang: 'en',
      params: { claimNo: 'C-6', amountFen: 120050, paidOn: '2026-11-02' },
      text: '【安康保險】We paid CNY 1,200.50 for your claim C-6 on 2 Nov 2026. When it arrives depends on your bank.',
    },
    {
      template: 'renewal-reminder',
      lang: 'zh-Hant',
      params: { policyNo: 'PL-300001', expiryDate: '2026-04-11', productName: '個人意外傷害保險' },
      text: '【安康保險】您的「個人意外傷害保險」保單（保單號碼 PL-300001）將於2026年4月11日到期。如需續保或不再續保，請經客戶服務平台答覆，或致電客服熱線。',
    },
    {
      template: 'renewal-reminder',
      lang: 'en',
      params: { policyNo: 'PL-300002', expiryDate: '2026-04-11' },
      text: '【安康保險】Your policy PL-300002 expires on 11 Apr 2026. Please tell us through the customer portal or our hotline whether you wish to renew.',
    },
  ])('sends $template in $lang', async ({ template, lang, params, text }) => {
    const { requests } = await notified({ mobile: MOBILE, template, lang, params });
    expect(requests.map((r) => r.sms.text)).toEqual([text]);
    expect(requests[0]!.sms.lang).toBe(lang);
  });

  it('retries a 503 with the same key, and the gateway keeps one message', async () => {
    const { i, done, job, requests } = await notified({
      mobile: MOBILE,
      template: 'claim-decision',
      lang: 'en',
      params: { claimNo: 'C-503', decision: 'approved' },
    });
    expect(requests).toHaveLength(2);
    expect(requests.map((r) => r.sms.reference)).toEqual([job.id, job.id]);
    expect(done.variables.smsId).toBe(sent.get(job.id));
    const h = await history(t, i.id);
    expect(h.filter((x) => x.type === 'job.failed').map((x) => x.data?.error)).toEqual([
      'CW_ERR_ACTION_FAILED: SMS gateway answered 503: {"error":"busy"}',
    ]);
  });

  it("turns a 400 into an incident at once, the number masked in the gateway's answer", async () => {
    const i = await startInstance(t, 'notify', {
      mobile: '13900000000',
      template: 'claim-decision',
      lang: 'zh-Hant',
      params: { claimNo: 'C-400', decision: 'refused' },
    });
    const incident = await incidentOf(i.id);
    expect(incident.error).toBe(
      'CW_ERR_ACTION_REJECTED: SMS gateway answered 400: {"error":"number 139****0000 is blocked"}',
    );
    const [job] = await jobsAt(t, i.id, 'sms');
    expect(sendOf(job!.id)).toHaveLength(1);
    // the manifest marks `mobile` sensitive: sealed in the job row, masked for the operator
    const raw = await t.sql(`SELECT payload::text AS p FROM jobs WHERE id = $1`, [job!.id]);
    expect(raw[0].p).not.toContain('13900000000');
    expect(raw[0].p).toMatch(/enc:v1:/);
    const detail = await t.api('GET', `/api/incidents/${incident.id}`);
    expect(detail.body.job.input.mobile).toBe('1*********0');
  });

  it('refuses a number that is not a mainland mobile before calling the gateway', async () => {
    const count = received.length;
    const i = await startInstance(t, 'notify', {
      mobile: '12345678',
      template: 'claim-decision',
      lang: 'en',
      params: { claimNo: 'C-7', decision: 'approved' },
    });
    expect((await incidentOf(i.id)).error).toMatch(/^CW_ERR_ACTION_INPUT_INVALID: sms\/send/);
    expect(received.length).toBe(count);
  });

  it("aborts the call when the node's timeout runs out", async () => {
    const i = await startInstance(t, 'notify-fast', {
      mobile: MOBILE,
      template: 'claim-decision',
      lang: 'en',
      params: { claimNo: 'C-HANG', decision: 'approved' },
    });
    expect((await incidentOf(i.id)).error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    expect(hung).toHaveLength(1);
    await hung[0]; // the plugin gave the signal to fetch: the gateway sees the connection closed
  });

  it('logs the number masked only, and never the API key', () => {
    const log = lines.join('');
    expect(log).toMatch(/"plugin":"sms".*"to":"138\*\*\*\*5678".*"msg":"sms sent"/);
    expect(log).toMatch(/"to":"139\*\*\*\*0000".*"msg":"sms refused"/);
    expect(log).not.toContain(MOBILE);
    expect(log).not.toContain('13900000000');
    expect(log).not.toContain('sk-9f3a-gateway-never-logged');
  });
});
