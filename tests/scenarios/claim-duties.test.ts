/**
 * The shipped claim process, version 5 (pinned: version 4's duties, with the payment dispute
 * of claim-dispute v3, whose forms label amounts in yuan; version 6's triage and bank transfer are
 * in tests/processes/claim-triage-payment.test.ts), completing its legal and service duties
 * (issue 16, item 6), through the HTTP API on the real definitions and plugins folders, with a
 * real SMS gateway and SMTP server as the customer's inbox:
 * - one notice of everything missing (Insurance Law art. 22) sent by SMS and e-mail in the
 *   customer's language, listing each document with the private tracking link, where each
 *   line takes its own upload;
 * - the adjuster's first contact tried three times, 4 hours apart, then handed to the claims
 *   leads, under a 24-hour clock that spans the attempts;
 * - the advance payment of art. 25 as a branch opened by the 60-day clock from complete
 *   material, deducted from the final payment, and no branch when the amount is fixed in time;
 * - the claim's own survey counted in the satisfaction figures;
 * - cases of version 4 keep their contact and advance-payment clocks beside version 5's (the SLAs
 *   measure claim ">=4"), and a dispute opened from version 5 shows no "(fen)" in any label.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { customerInbox, SHIPPED_PLUGINS, type CustomerInbox } from '../helpers/notices.ts';
import {
  DAY,
  HOUR,
  complete,
  getInstance,
  history,
  settle,
  startInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';
import { slaProbe, type ClockJson } from '../fixtures/slas.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing
const PUBLIC_URL = 'https://claims.ankang.example';
/** How far the real-speed test clock may run on besides its jumps while a test works. */
const SLACK = 30_000;

let t: TestEngine;
let inbox: CustomerInbox;
let probe: ReturnType<typeof slaProbe>;

beforeAll(async () => {
  inbox = await customerInbox();
  t = await startTestEngine({
    definitions: SHIPPED,
    pluginsDir: SHIPPED_PLUGINS,
    start: T0,
    config: { publicUrl: PUBLIC_URL },
  });
  await inbox.configure(t);
  probe = slaProbe(t);
  // Given the claims leads oversee the adjusters
  const res = await t.api('PUT', '/api/groups/adjusters', {
    name: { 'zh-Hant': '理賠人員', en: 'Adjusters' },
    supervisorGroup: 'claims-leads',
  });
  expect(res.status).toBe(201);
  // the shipped definitions and plugins load in seconds on a quiet machine, a minute at load 30
}, 180_000);
afterAll(async () => {
  await t?.close();
  await inbox?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

let policySeq = 0;
/** A claim form as a customer fills it in (version 2: with an e-mail address). */
const application = (extra: Record<string, unknown> = {}) => ({
  policyNumber: `PL-V5-${++policySeq}`,
  claimantName: '王小明',
  idNumber: '110105198001011238',
  mobile: '13812345678',
  email: 'wang.xiaoming@example.cn',
  relationToInsured: 'self',
  incidentDate: '2026-02-27',
  incidentPlace: '上海市浦東新區世紀大道100號',
  incidentDescription: '騎車時被汽車撞倒，右腿骨折。',
  claimType: 'accident',
  amountClaimed: 2_000_000,
  paymentMethod: 'bank-transfer',
  bankName: '中國工商銀行',
  accountHolder: '王小明',
  bankAccount: '6222020200112233445',
  ...extra,
});

const openTask = async (id: string, nodeId: string) => (await probe.openTask(id, nodeId)).id;
const work = async (id: string, nodeId: string, as: UserName, data: Record<string, unknown>) =>
  complete(t, await openTask(id, nodeId), data, as);
const contact = (id: string, reached: boolean, node = 'first-contact', as: UserName = 'adjuster') =>
  work(id, node, as, {
    contactedAt: new Date(t.clock.now()).toISOString(),
    contactChannel: 'phone',
    customerReached: reached,
    ...(reached ? { guidanceGiven: '已說明理賠流程。' } : {}),
  });
const acceptAndAssign = async (id: string) => {
  await work(id, 'receipt-check', 'intake', { receiptComplete: true });
  await work(id, 'accept', 'intake', { assignedAdjuster: 'alice', complexity: 'simple' });
};
const covered = { materialComplete: true, materialAuthentic: true, eligible: true };
const calculate = (id: string, amountPayable: number) =>
  work(id, 'calculate', 'adjuster', {
    lineItems: [{ item: '住院醫療費用', itemClaimed: 2_000_000, itemPayable: amountPayable }],
    deductible: 0,
    amountPayable,
    amountNoticeChannel: 'portal',
  });
const clockOf = async (id: string, slaId: string): Promise<ClockJson> =>
  (await probe.clock(id, slaId))!;
const anonymous = async (method: string, path: string, body?: unknown, lang = 'zh-Hant') => {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      'accept-language': lang,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64');

describe('claim v5: one notice of everything missing, by SMS and e-mail with the tracking link', () => {
  it('lists each missing document in the customer’s language with the link, and takes each upload against its line', async () => {
    // Given a customer reports a claim online in English
    const made = await anonymous('POST', '/api/public/intake/claim', { data: application() }, 'en');
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const { token, reference } = made.body as { token: string; reference: string };
    const { id } = (
      await t.sql(`SELECT id FROM instances WHERE reference = $1`, [reference])
    )[0] as { id: string };
    // (a claim reported online starts the latest version, 7, whose notice is version 5's)
    const [row] = await t.sql(`SELECT process_version FROM instances WHERE id = $1`, [id]);
    expect(row!.process_version).toBe(7);

    // When the intake clerk finds the invoices and the proof of identity missing
    await work(id, 'receipt-check', 'intake', {
      receiptComplete: false,
      missingItems: ['invoices', 'id-proof'],
      missingNote: 'Original invoices, both sides of the ID card.',
    });

    // Then one text and one mail reach the customer, in English, listing both with the link
    const link = `${PUBLIC_URL}/track/${token}`;
    const [sms] = await inbox.texts(t, 1);
    expect(sms!.to).toBe('+8613812345678');
    expect(sms!.text).toContain('Medical invoices, Proof of identity');
    expect(sms!.text).toContain(`Upload each one here: ${link}`);
    expect(sms!.text).toContain(reference);
    const [mail] = await inbox.mails(t, 1);
    expect(mail!.to).toEqual(['wang.xiaoming@example.cn']);
    expect(mail!.subject).toBe(`Documents needed for your claim ${reference}`);
    expect(mail!.text).toMatch(/1\. Medical invoices\n\s*2\. Proof of identity/);
    expect(mail!.text).toContain(link);
    expect(mail!.html).toContain(`<a href="${link}">`);
    await untilAt(t, id, 'await-documents');

    // And staff without the personal-data role see the link masked (it opens the case)
    const seen = await t.api('GET', `/api/instances/${id}`, undefined, { as: 'intake' });
    expect(seen.body.variables.trackingLink).not.toContain(token);
    expect(seen.body.variables.customerLanguage).toBe('en');
    // and the job row keeps it sealed, never in clear
    const jobs = await t.sql(`SELECT payload::text AS input FROM jobs WHERE instance_id = $1`, [
      id,
    ]);
    for (const j of jobs) expect(String(j.input)).not.toContain(token);

    // When the customer opens the link, each document is a line of its own
    const page = await anonymous('GET', `/api/public/track/${token}`, undefined, 'en');
    expect(page.status).toBe(200);
    const [wait] = page.body.waitingFor as {
      message: string;
      lines: { item: string; label: Record<string, string> }[];
    }[];
    expect(wait!.lines.map((l) => [l.item, l.label.en])).toEqual([
      ['invoices', 'Medical invoices'],
      ['id-proof', 'Proof of identity'],
    ]);
    // and each upload answers its own line; the claim is back at the receipt check after both
    for (const item of ['invoices', 'id-proof']) {
      const up = await anonymous('POST', `/api/public/track/${token}/documents`, {
        message: wait!.message,
        item,
        files: [{ name: `${item}.pdf`, contentType: 'application/pdf', data: PDF }],
      });
      expect(up.status, JSON.stringify(up.body)).toBe(202);
    }
    await untilAt(t, id, 'receipt-check');
    const supplied = (await getInstance(t, id)).variables.suppliedDocuments as { item: string }[];
    expect(supplied.map((d) => d.item).sort()).toEqual(['id-proof', 'invoices']);
  });

  it('sends the notice in Chinese and without a link for a claim staff recorded, and by SMS alone without an e-mail address', async () => {
    const texts = (await inbox.texts(t, 1)).length;
    const mails = (await inbox.mails(t, 1)).length;
    const { id, variables } = await startInstance(t, 'claim', application({ email: undefined }), {
      as: 'intake',
      version: 5,
    });
    expect(variables.trackingLink ?? null).toBeNull();
    await work(id, 'receipt-check', 'intake', {
      receiptComplete: false,
      missingItems: ['policy'],
      missingNote: '保險合同正本。',
    });
    await untilAt(t, id, 'await-documents');
    const sms = (await inbox.texts(t, texts + 1)).at(-1)!;
    expect(sms.text).toBe(
      `【安康保險】您的理賠申請（案號 ${variables.claimReference as string}）尚欠以下文件：保險合同。請盡快補交。`,
    );
    expect((await inbox.mails(t, mails)).length).toBe(mails);
  });
});

describe('claim v5: the first contact, retried before the claims leads take over', () => {
  it('tries three times 4 hours apart under one 24-hour clock, then the claims leads reach the customer', async () => {
    // Given a complete claim assigned to Alice
    const { id } = await startInstance(t, 'claim', application(), { as: 'intake', version: 5 });
    await acceptAndAssign(id);
    const assignedAt = t.clock.now();
    const first = await openTask(id, 'first-contact');
    expect((await t.sql(`SELECT assignee FROM tasks WHERE id = $1`, [first]))[0]!.assignee).toBe(
      'alice',
    );

    // When Alice cannot reach the customer, three times, 4 hours apart
    for (let attempt = 1; attempt <= 3; attempt++) {
      await contact(id, false);
      if (attempt < 3) {
        await untilAt(t, id, 'contact-retry');
        t.clock.advance(4 * HOUR);
        await settle(t);
      }
    }

    // Then the claims leads get the contact, and the one clock has run 8 hours of its 24
    const escalation = await openTask(id, 'contact-escalation');
    const row = (
      await t.sql(`SELECT candidate_groups, priority FROM tasks WHERE id = $1`, [escalation])
    )[0]!;
    expect(row.candidate_groups).toEqual(['claims-leads']);
    expect(row.priority).toBe(80);
    const running = await clockOf(id, 'claim-contact');
    expect(running.state).toBe('running');
    // (the test clock runs on at real speed between its jumps: a few seconds pass besides them)
    expect(Date.parse(running.startedAt) - assignedAt).toBeLessThan(SLACK);
    expect(running.elapsedMs - 8 * HOUR).toBeLessThan(SLACK);
    expect(Date.parse(running.dueAt!) - Date.parse(running.startedAt)).toBe(24 * HOUR);
    expect((await getInstance(t, id)).variables.contactAttempts).toBe(3);
    const attempts = (await history(t, id)).filter(
      (h) => h.type === 'task.completed' && h.nodeId === 'first-contact',
    );
    expect(attempts).toHaveLength(3);
    // each attempt had the 24-hour per-task clock of its own, met
    const perTask = (await probe.clocks(id)).filter((c) => c.slaId === 'claim-first-contact');
    expect(perTask.map((c) => c.state)).toEqual(['met', 'met', 'met']);

    // When a claims lead reaches the customer 2 hours later
    t.clock.advance(2 * HOUR);
    await contact(id, true, 'contact-escalation', 'claimsLead');

    // Then the clock is met after 10 hours and the review opens
    const met = await clockOf(id, 'claim-contact');
    expect(met.state).toBe('met');
    expect(met.elapsedMs - 10 * HOUR).toBeLessThan(SLACK);
    await openTask(id, 'review');
    expect((await getInstance(t, id)).variables.contactEscalated).toBe(true);
  });

  it('goes straight to the review when the first attempt reaches the customer', async () => {
    const { id } = await startInstance(t, 'claim', application(), { as: 'intake', version: 5 });
    await acceptAndAssign(id);
    t.clock.advance(HOUR);
    await contact(id, true);
    await openTask(id, 'review');
    const c = await clockOf(id, 'claim-contact');
    expect(c.state).toBe('met');
    expect(c.elapsedMs - HOUR).toBeLessThan(SLACK);
    expect((await tasksOf(t, id, 'open')).map((x) => x.node_id)).toEqual(['review']);
  });
});

describe('claim v5: the advance payment of Insurance Law art. 25', () => {
  it('opens the advance payment when the amount is not fixed 60 days after complete material, and deducts it from the payment', async () => {
    // Given a complete claim, reached and reviewed as covered, whose amount is still open
    const { id, variables } = await startInstance(t, 'claim', application(), {
      as: 'intake',
      version: 5,
    });
    await acceptAndAssign(id);
    const completeAt = (await getInstance(t, id)).variables.materialsCompleteAt as string;
    await contact(id, true);
    t.clock.advance(20 * DAY);
    await work(id, 'review', 'adjuster', covered);
    await openTask(id, 'calculate');
    const clock = await clockOf(id, 'claim-advance-payment');
    expect(clock.state).toBe('running');
    expect(clock.startedAt).toBe(new Date(completeAt).toISOString());
    expect(clock.dueAt).toBe(new Date(Date.parse(completeAt) + 60 * DAY).toISOString());
    // the branch's timers wait for the same instant as the clock
    const advanceDueAt = (await getInstance(t, id)).variables.advanceDueAt as string;
    expect(Date.parse(advanceDueAt)).toBe(Date.parse(clock.dueAt!));

    // When day 59 passes nothing happens; at day 60 the advance payment opens beside the calculation
    t.clock.advance(39 * DAY);
    await settle(t);
    expect((await tasksOf(t, id)).map((x) => x.node_id)).toEqual(['calculate']);
    t.clock.advance(DAY);
    await settle(t);
    const advance = await openTask(id, 'advance-payment');
    expect((await tasksOf(t, id)).map((x) => x.node_id).sort()).toEqual([
      'advance-payment',
      'calculate',
    ]);
    const breached = await t.until(async () => {
      const c = await clockOf(id, 'claim-advance-payment');
      return c.state === 'breached' && c;
    }, 'the advance payment clock breached');
    expect(breached.breachedAt).toBe(clock.dueAt);
    const row = (
      await t.sql(`SELECT candidate_groups, priority FROM tasks WHERE id = $1`, [advance])
    )[0]!;
    expect(row.candidate_groups).toEqual(['claims-payment']);

    // When the payer pays the 5,000.00 yuan the proof already shows
    await complete(
      t,
      advance,
      {
        advanceAmount: 500_000,
        advanceBasis: '住院費用收據已核實部分。',
        paymentMethod: 'bank-transfer',
        paidOn: new Date(t.clock.now()).toISOString().slice(0, 10),
        voucherNumber: 'PV-ADV-1',
        voucherSentVia: 'sms',
      },
      'payer',
    );
    // and the adjuster fixes 12,000.00 yuan, which the customer accepts
    await calculate(id, 1_200_000);
    await untilAt(t, id, 'await-answer');
    const answered = await t.api(
      'POST',
      '/api/messages',
      {
        messageId: `answer-${id}`,
        name: 'claim-amount-answer',
        correlationKey: variables.claimReference,
        payload: { accepted: true },
      },
      { as: 'portal' },
    );
    expect(answered.status).toBe(202);

    // Then the payment offered is the rest, 7,000.00 yuan, and a refusal would not reopen it
    const pay = await openTask(id, 'payment');
    const task = await t.api('GET', `/api/tasks/${pay}`, undefined, { as: 'payer' });
    expect(task.body.prefill.amountPaid).toBe(700_000);
    const history_ = await history(t, id);
    expect(
      history_.filter((h) => h.type === 'task.created' && h.nodeId === 'advance-payment'),
    ).toHaveLength(1);
    const stopped = await clockOf(id, 'claim-advance-payment');
    expect(stopped.state).toBe('breached');
    expect(stopped.stoppedAt).not.toBeNull();
  });

  it('opens no advance payment when the amount is fixed within the 60 days', async () => {
    const { id } = await startInstance(t, 'claim', application(), { as: 'intake', version: 5 });
    await acceptAndAssign(id);
    await contact(id, true);
    await work(id, 'review', 'adjuster', covered);
    t.clock.advance(30 * DAY);
    await calculate(id, 1_000_000);
    await untilAt(t, id, 'await-answer');
    const c = await clockOf(id, 'claim-advance-payment');
    expect(c.state).toBe('met');
    t.clock.advance(31 * DAY);
    await settle(t);
    expect(await tasksOf(t, id)).toEqual([]);
    const fired = (await history(t, id)).filter(
      (h) => h.type === 'timer.fired' || (h.type === 'node.entered' && h.nodeId === 'advance-due'),
    );
    expect(fired).toEqual([]);
  });
});

describe('claim v5: the claim’s own survey in the satisfaction figures', () => {
  it('counts the average rating of a closed claim’s survey', async () => {
    const { id, variables } = await startInstance(t, 'claim', application(), {
      as: 'intake',
      version: 5,
    });
    await acceptAndAssign(id);
    await contact(id, true);
    await work(id, 'review', 'adjuster', covered);
    await calculate(id, 1_000_000);
    await untilAt(t, id, 'await-answer');
    await t.api(
      'POST',
      '/api/messages',
      {
        messageId: `answer-${id}`,
        name: 'claim-amount-answer',
        correlationKey: variables.claimReference,
        payload: { accepted: true },
      },
      { as: 'portal' },
    );
    await work(id, 'payment', 'payer', {
      paymentMethod: 'bank-transfer',
      amountPaid: 1_000_000,
      paidOn: new Date(t.clock.now()).toISOString().slice(0, 10),
      transactionReference: 'TX-1',
      voucherNumber: 'PV-1',
      voucherSentVia: 'sms',
    });
    await work(id, 'archive', 'intake', {
      archiveNumber: 'ARC-1',
      archiveMedia: ['electronic'],
      archiveFileComplete: true,
    });
    await work(id, 'satisfaction-survey', 'care', {
      surveyMethod: 'phone',
      surveyAnswered: true,
      answers: [
        { question: 'speed', rating: 4 },
        { question: 'overall', rating: 5 },
      ],
    });
    await work(id, 'follow-up-visit', 'care', {
      visitMethod: 'phone',
      visitedOn: new Date(t.clock.now()).toISOString().slice(0, 10),
      visitReached: true,
      visitFeedback: '滿意。',
    });
    await untilStatus(t, id, 'completed');
    const res = await t.api(
      'GET',
      '/api/analytics/satisfaction?source=claim/satisfaction-survey/overallRating&timeZone=Asia/Shanghai&period=month',
      undefined,
      { as: 'claimsLead' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const all = (
      res.body.items as { source: string | null; responses: number; average: number }[]
    ).filter((r) => r.source === null);
    expect(all.reduce((n, r) => n + r.responses, 0)).toBe(1);
    expect(all[0]!.average).toBe(4.5);
  });
});

/** Every label the task API gives (the task's form and the case shown with it), both languages. */
function labelsIn(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) labelsIn(v, out);
  else if (x && typeof x === 'object')
    for (const [k, v] of Object.entries(x)) {
      if (k === 'label' && v && typeof v === 'object') out.push(...Object.values(v as object));
      else labelsIn(v, out);
    }
  return out;
}
const UNIT = /[（(]\s*(分|fen)\s*[）)]/i;

describe('claim v4 and v5 side by side', () => {
  it('gives a version 4 case and a version 5 case the contact and advance-payment clocks', async () => {
    for (const version of [4, 5]) {
      // Given a complete claim of each version, assigned to Alice
      const { id } = await startInstance(t, 'claim', application(), { as: 'intake', version });
      await acceptAndAssign(id);
      const [row] = await t.sql(`SELECT process_version FROM instances WHERE id = $1`, [id]);
      expect(row!.process_version).toBe(version);
      // Then the 24-hour contact clock and the 60-day advance-payment clock run for it
      const contactClock = await clockOf(id, 'claim-contact');
      expect(contactClock, `v${version} contact`).toMatchObject({
        slaVersion: 2,
        state: 'running',
        target: 'PT24H',
      });
      const advance = await clockOf(id, 'claim-advance-payment');
      expect(advance, `v${version} advance`).toMatchObject({
        slaVersion: 2,
        state: 'running',
        target: 'P60D',
      });
      // and the first attempt that reaches the customer meets the contact clock
      await contact(id, true);
      expect((await clockOf(id, 'claim-contact')).state).toBe('met');
    }
  });

  it('opens a dispute from a version 5 claim whose tasks label every amount without "(fen)"; version 4 keeps its own', async () => {
    const seen: Record<number, string[]> = {};
    for (const version of [4, 5]) {
      // Given a claim of each version whose amount of 10,000.00 yuan the customer disputes
      const { id, variables } = await startInstance(t, 'claim', application(), {
        as: 'intake',
        version,
      });
      await acceptAndAssign(id);
      await contact(id, true);
      await work(id, 'review', 'adjuster', covered);
      await calculate(id, 1_000_000);
      await untilAt(t, id, 'await-answer');
      const answered = await t.api(
        'POST',
        '/api/messages',
        {
          messageId: `dispute-${id}`,
          name: 'claim-amount-answer',
          correlationKey: variables.claimReference,
          payload: { accepted: false, reason: '誤工費未計入。', amountRequested: 1_500_000 },
        },
        { as: 'portal' },
      );
      expect(answered.status).toBe(202);
      await untilAt(t, id, 'dispute');
      const childId = (await history(t, id)).find((h) => h.type === 'call.started')!.data!
        .childId as string;
      const [child] = await t.sql(`SELECT process_version FROM instances WHERE id = $1`, [childId]);
      expect(child!.process_version).toBe(version === 5 ? 3 : 2);

      // When complaints records it, an adjuster recalculates and complaints decides, each reading
      // the task with the case the task API gives
      const labels: string[] = [];
      const steps: [string, UserName, Record<string, unknown>][] = [
        [
          'record',
          'complaints',
          {
            receivedVia: 'portal',
            disputeCategory: 'amount',
            disputeSummary: '客戶認為誤工費應予賠付。',
          },
        ],
        [
          'verify',
          'adjuster2',
          {
            calculationCorrect: false,
            recalculatedAmount: 1_200_000,
            verificationFindings: '誤工費應賠付2,000元。',
          },
        ],
        [
          'decide',
          'complaints',
          {
            decision: 'revise',
            revisedAmount: 1_200_000,
            decisionReasons: '誤工費應予賠付。',
            customerInformedVia: 'phone',
          },
        ],
      ];
      for (const [node, as, data] of steps) {
        const taskId = await openTask(childId, node);
        for (const lang of ['en', 'zh-Hant']) {
          const task = await t.api('GET', `/api/tasks/${taskId}`, undefined, { as, lang });
          expect(task.status).toBe(200);
          labels.push(...labelsIn(task.body));
        }
        await complete(t, taskId, data, as);
      }
      seen[version] = labels;
    }

    // Then the version 5 dispute's tasks name the amounts, in both languages, without a unit
    expect(seen[5]).toEqual(
      expect.arrayContaining([
        'Amount offered',
        '核定理賠金額',
        'Recalculated amount',
        'Revised amount',
      ]),
    );
    expect(seen[5]!.filter((l) => UNIT.test(l))).toEqual([]);
    // while version 4's dispute, still running on claim-dispute v2, keeps the forms it was built with
    expect(seen[4]!.filter((l) => UNIT.test(l))).toContain('Revised amount (fen)');
  });
});
