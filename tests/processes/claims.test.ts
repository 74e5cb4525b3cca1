/**
 * The shipped claims process (P3, `claim`) and the payment dispute it calls (P3.7,
 * `claim-dispute`), walked through the HTTP API on the real definitions folder: every path
 * (paid after both supplement loops, refused as not covered, refused for false material and
 * pursued, paid after an upheld appeal, paid after a rejected appeal, an appeal started on its
 * own), with the audit history and the legal SLA clocks of regulations.md. These paths are
 * version 3's, pinned (cases of it still run); version 4's notices, contact retries and advance
 * payment are in tests/scenarios/claim-duties.test.ts. A claim reported online starts the
 * latest version.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import {
  DAY,
  HOUR,
  complete,
  getInstance,
  history,
  settle,
  startInstance,
  untilAt,
  untilStatus,
  type InstanceView,
} from '../helpers/scenario.ts';
import { slaProbe, type ClockJson } from '../fixtures/slas.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing
const INCIDENT = '2026-02-27';
const CLAIMANT_ID = '110105198001011238';
const INJURED_ID = '310104199203154566';
const ACCOUNT = '6222020200112233445';

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;

beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: T0 });
  probe = slaProbe(t);
  // Given an administrator has the claims leads oversee the teams of the claims processes
  const teams: Record<string, [zh: string, en: string]> = {
    'claims-intake': ['理賠受理', 'Claims intake'],
    adjusters: ['理賠人員', 'Adjusters'],
    'claims-payment': ['理賠支付', 'Claims payment'],
    'customer-care': ['客戶關懷', 'Customer care'],
    complaints: ['客戶投訴', 'Complaints'],
    compliance: ['合規', 'Compliance'],
  };
  for (const [group, [zh, en]] of Object.entries(teams)) {
    const res = await t.api('PUT', `/api/groups/${group}`, {
      name: { 'zh-Hant': zh, en },
      supervisorGroup: 'claims-leads',
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A claim form as the customer submits it online (bank transfer, two injured people). */
const application = (policyNumber: string, extra: Record<string, unknown> = {}) => ({
  policyNumber,
  claimantName: '王小明',
  idNumber: CLAIMANT_ID,
  mobile: '13812345678',
  relationToInsured: 'self',
  incidentDate: INCIDENT,
  incidentPlace: '上海市浦東新區世紀大道100號',
  incidentDescription: '騎車時被汽車撞倒，右腿骨折。',
  claimType: 'accident',
  injuredPersons: [
    { name: '王小明', idNumber: CLAIMANT_ID, injuryDetails: '右腿脛骨骨折', hospital: '仁濟醫院' },
    { name: '李美玲', idNumber: INJURED_ID, injuryDetails: '左臂擦傷' },
  ],
  documents: [
    { documentType: 'claim-form', fileReference: 'DOC-1' },
    { documentType: 'id-proof', fileReference: 'DOC-2' },
  ],
  amountClaimed: 2_000_000,
  paymentMethod: 'bank-transfer',
  bankName: '中國工商銀行',
  accountHolder: '王小明',
  bankAccount: ACCOUNT,
  ...extra,
});
const referenceOf = (policyNumber: string) => `CLM-${policyNumber}-${INCIDENT}`;

const openTask = async (instanceId: string, nodeId: string) =>
  (await probe.openTask(instanceId, nodeId)).id;
const taskRow = async (taskId: string) =>
  (
    await t.sql(`SELECT status, assignee, priority, candidate_groups FROM tasks WHERE id = $1`, [
      taskId,
    ])
  )[0];
/** Completes the open task of a node as a user. */
const work = async (id: string, nodeId: string, as: UserName, data: Record<string, unknown>) =>
  complete(t, await openTask(id, nodeId), data, as);
/** The customer's portal delivers a message. */
const customerSends = (
  messageId: string,
  name: string,
  key: string,
  payload: Record<string, unknown>,
) =>
  t.api(
    'POST',
    '/api/messages',
    { messageId, name, correlationKey: key, payload },
    { as: 'portal' },
  );
/** Waits until the instance's clock of an SLA satisfies a check. */
const untilClock = (id: string, slaId: string, ok: (c: ClockJson) => boolean, what: string) =>
  t.until(async () => {
    const c = await probe.clock(id, slaId);
    return c && ok(c) ? c : null;
  }, `${slaId} ${what}`);
const clocksOf = async (id: string, slaId: string) =>
  (await probe.clocks(id)).filter((c) => c.slaId === slaId);
const eventTypes = async (clockId: string) => (await probe.events(clockId)).map((e) => e.type);
/** The notifications a user sees about an instance, oldest first. */
const notificationsOf = async (as: UserName, instanceId: string) =>
  (
    (await t.api('GET', '/api/notifications?limit=200', undefined, { as })).body.items as {
      instanceId: string;
      kind: string;
      data: { slaId: string; percent: number };
      to: { kind: string; id: string; name: Record<string, string> | null };
    }[]
  )
    .filter((n) => n.instanceId === instanceId)
    .reverse();
/** The nodes whose tasks were created, in order. */
const tasksCreated = async (id: string) =>
  (await history(t, id)).filter((h) => h.type === 'task.created').map((h) => h.nodeId);
/** The history entries of some types, as `type@node` (or `type@sla` for clock entries). */
const historyTypesAt = async (id: string, types: string[]) =>
  (await history(t, id))
    .filter((h) => types.includes(h.type))
    .map((h) => `${h.type}@${h.nodeId ?? (h.data?.slaId as string)}`);

/** Intake finds the claim complete and assigns it to Alice. */
async function acceptAndAssign(id: string, complexity = 'simple') {
  await work(id, 'receipt-check', 'intake', { receiptComplete: true });
  await work(id, 'accept', 'intake', { assignedAdjuster: 'alice', complexity });
}
/** Alice calls the customer. */
const firstContact = (id: string) =>
  work(id, 'first-contact', 'adjuster', {
    contactedAt: new Date(t.clock.now()).toISOString(),
    contactChannel: 'phone',
    customerReached: true,
    guidanceGiven: '已說明理賠流程。',
  });
const coveredReview = { materialComplete: true, materialAuthentic: true, eligible: true };
/** Alice calculates the amount, which is notified to the customer. */
const calculate = (id: string, amountPayable: number) =>
  work(id, 'calculate', 'adjuster', {
    lineItems: [
      { item: '住院醫療費用', itemClaimed: 1_500_000, itemPayable: amountPayable },
      { item: '誤工費', itemClaimed: 500_000, itemPayable: 0 },
    ],
    deductible: 0,
    amountPayable,
    calculationNote: '按保險合同第5條計算。',
    amountNoticeChannel: 'sms',
  });
/** Paul pays by bank transfer and sends the voucher. */
const pay = (id: string, amountPaid: number) =>
  work(id, 'payment', 'payer', {
    paymentMethod: 'bank-transfer',
    amountPaid,
    paidOn: new Date(t.clock.now()).toISOString().slice(0, 10),
    transactionReference: 'TX-889900',
    voucherNumber: 'PV-2026-0001',
    voucherSentVia: 'sms',
  });
const archive = (id: string) =>
  work(id, 'archive', 'intake', {
    archiveNumber: 'ARC-2026-0001',
    archiveMedia: ['electronic', 'paper'],
    archiveFileComplete: true,
    archiveKeywords: '意外 骨折',
  });
/** Customer care surveys the customer and visits; returns the instance after both. */
async function survey(id: string): Promise<InstanceView> {
  await work(id, 'satisfaction-survey', 'care', {
    surveyMethod: 'phone',
    surveyAnswered: true,
    answers: [
      { question: 'speed', rating: 4 },
      { question: 'overall', rating: 5 },
    ],
    surveySuggestions: '希望進度查詢更方便。',
  });
  return work(id, 'follow-up-visit', 'care', {
    visitMethod: 'phone',
    visitedOn: new Date(t.clock.now()).toISOString().slice(0, 10),
    visitReached: true,
    visitFeedback: '對理賠結果滿意。',
    improvementActions: '理賠進度短信通知。',
  });
}

describe('claim: the claim form', () => {
  it('refuses a claim form with a bad ID number, a bad mobile, a missing bank account and a bad injured person', async () => {
    // When a claim form comes with a wrong check digit, a landline, a bank transfer without an
    // account, and an injured person with an impossible birth date
    const res = await t.api(
      'POST',
      '/api/instances',
      {
        processId: 'claim',
        version: 3,
        variables: {
          ...application('PL-900001', {
            idNumber: '110105198001011239',
            mobile: '021-12345678',
            injuredPersons: [
              { name: '李四', idNumber: '110105198002301234', injuryDetails: '擦傷' },
            ],
          }),
          bankAccount: undefined,
        },
      },
      { as: 'portal' },
    );
    // Then nothing starts, and each field is named by its JSON pointer
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/variables/bankAccount',
      '/variables/idNumber',
      '/variables/injuredPersons/0/idNumber',
      '/variables/mobile',
    ]);
    expect(await t.sql(`SELECT id FROM instances WHERE process_id = 'claim'`)).toEqual([]);
  });
});

describe('claim: paid after the one-time notice, a late first contact and a request for more', () => {
  it('pauses the 30-day decision clock while the customer supplies material and pays within 10 days', async () => {
    // Given a claim submitted online by the customer
    const policy = 'PL-100001';
    const started = await startInstance(t, 'claim', application(policy), {
      as: 'portal',
      version: 3,
    });
    const id = started.id;
    // the business key is the staff's; the claim reference the customer quotes is the engine's
    expect(started).toMatchObject({ status: 'active', businessKey: referenceOf(policy) });
    const ref = started.variables.claimReference as string;
    expect(ref).toBe((started as InstanceView & { reference: string }).reference);
    expect(started.tokens).toEqual([
      expect.objectContaining({ nodeId: 'receipt-check', waitingFor: 'task' }),
    ]);
    let decision = (await probe.clock(id, 'claim-decision'))!;
    expect(decision).toMatchObject({ state: 'running', target: 'P30D' });
    expect(Date.parse(decision.dueAt!) - Date.parse(decision.startedAt)).toBe(30 * DAY);

    // And personal data is masked in the case data, the injured people's ID numbers included
    const seen = await getInstance(t, id);
    expect(seen.variables.idNumber).toMatch(/^1\*{16}8$/);
    expect(seen.variables.bankAccount).not.toBe(ACCOUNT);
    const injured = seen.variables.injuredPersons as { name: string; idNumber: string }[];
    expect(injured.map((p) => p.name)).toEqual(['王小明', '李美玲']);
    expect(injured.map((p) => p.idNumber)).toEqual(['1****************8', '3****************6']);
    expect(JSON.stringify(seen.variables)).not.toContain(INJURED_ID);
    expect(seen.variables.amountClaimed).toBe(2_000_000);

    // When intake finds material missing a day later, everything missing goes out in one notice
    t.clock.advance(DAY);
    const noticed = await work(id, 'receipt-check', 'intake', {
      receiptComplete: false,
      missingItems: ['invoices', 'medical-records'],
      missingNote: '請一次補齊醫療費用收據及病歷。',
    });
    expect(noticed.variables).toMatchObject({
      supplementFor: 'receipt',
      supplementRequested: ['invoices', 'medical-records'],
      supplementRounds: 1,
    });
    expect(noticed.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-documents', waitingFor: 'message' }),
    ]);

    // Then the decision clock pauses while the customer gathers the material
    decision = (await probe.clock(id, 'claim-decision'))!;
    expect(decision).toMatchObject({ state: 'paused', dueAt: null });

    // When the customer sends the material five days later, the receipt check comes back
    t.clock.advance(5 * DAY);
    const supplied = await customerSends(`${ref}-docs-1`, 'claim-documents-supplied', ref, {
      documents: ['DOC-3', 'DOC-4'],
    });
    expect(supplied.status).toBe(202);
    expect(supplied.body).toMatchObject({ status: 'correlated', instanceId: id });
    decision = (await probe.clock(id, 'claim-decision'))!;
    expect(decision.state).toBe('running');
    const pausedFor = Date.parse(decision.dueAt!) - Date.parse(decision.startedAt) - 30 * DAY;
    expect(pausedFor).toBeGreaterThanOrEqual(5 * DAY);

    // And intake accepts it and assigns it to Alice as a complex case
    await acceptAndAssign(id, 'complex');
    const contact = await openTask(id, 'first-contact');
    expect(await taskRow(contact)).toMatchObject({ assignee: 'alice', priority: 70 });
    let firstContactClock = (await probe.clock(id, 'claim-first-contact'))!;
    expect(firstContactClock).toMatchObject({ state: 'running', target: 'PT24H', taskId: contact });

    // When nobody calls the customer for 25 hours
    t.clock.advance(25 * HOUR);
    await settle(t);
    firstContactClock = await untilClock(
      id,
      'claim-first-contact',
      (c) => c.state === 'breached',
      'breached',
    );
    // Then Alice was warned twice, the claims leads are told of the breach and the task jumps the queue
    expect(firstContactClock.thresholdsFired).toEqual([50, 80]);
    await t.until(async () => (await taskRow(contact)).priority === 100, 'priority raised');
    const warned = await notificationsOf('adjuster', id);
    expect(warned.map((n) => [n.kind, n.data.slaId, n.data.percent])).toEqual([
      ['sla.warning', 'claim-first-contact', 50],
      ['sla.warning', 'claim-first-contact', 80],
    ]);
    const leads = await notificationsOf('claimsLead', id);
    expect(leads.map((n) => [n.kind, n.data.slaId, n.to])).toEqual([
      // the teams' supervising group, never given names here: its id stands for it
      ['sla.breach', 'claim-first-contact', { kind: 'group', id: 'claims-leads', name: null }],
    ]);

    // And another adjuster cannot take Alice's call over; Alice makes it
    const other = await t.api(
      'POST',
      `/api/tasks/${contact}/complete`,
      {
        data: {
          contactedAt: '2026-03-09T10:00:00Z',
          contactChannel: 'phone',
          customerReached: true,
        },
      },
      { as: 'adjuster2' },
    );
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('CW_ERR_TASK_CLAIMED');
    await firstContact(id);
    expect((await probe.clock(id, 'claim-first-contact'))!.state).toBe('breached');

    // When Alice's review leaves out the authenticity check, the form says which field
    const review = await openTask(id, 'review');
    const incomplete = await t.api(
      'POST',
      `/api/tasks/${review}/complete`,
      { data: { materialComplete: true } },
      { as: 'adjuster' },
    );
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(incomplete.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/data/materialAuthentic',
    ]);

    // And when she finds a disability assessment missing, the case waits for the customer again
    const more = await complete(
      t,
      review,
      { materialComplete: false, supplementItems: ['disability-assessment'] },
      'adjuster',
    );
    expect(more.variables).toMatchObject({
      supplementFor: 'review',
      supplementRequested: ['disability-assessment'],
      supplementRounds: 2,
    });
    expect((await probe.clock(id, 'claim-decision'))!.state).toBe('paused');
    t.clock.advance(3 * DAY);
    const again = await customerSends(`${ref}-docs-2`, 'claim-documents-supplied', ref, {
      documents: ['DOC-5'],
    });
    expect(again.body).toMatchObject({ status: 'correlated', instanceId: id });

    // Then the material goes back to her review, not to intake; covered, the decision clock stops
    await work(id, 'review', 'adjuster', {
      ...coveredReview,
      reviewNote: '符合意外傷害保險責任。',
    });
    decision = (await probe.clock(id, 'claim-decision'))!;
    expect(decision.state).toBe('met');
    const events = await probe.events(decision.id);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'pause',
      'resume',
      'pause',
      'resume',
      'stop',
    ]);
    const at = (i: number) => events[i]!.at;
    const counted = at(1) - at(0) + (at(3) - at(2)) + (at(5) - at(4));
    expect(decision.elapsedMs).toBe(counted);
    expect(
      Date.parse(decision.stoppedAt!) - Date.parse(decision.startedAt) - counted,
    ).toBeGreaterThanOrEqual(8 * DAY);

    // When Alice calculates 18,000 yuan, the customer is told and the case waits for the answer
    const calculation = await openTask(id, 'calculate');
    const prefilled = await t.api('GET', `/api/tasks/${calculation}`, undefined, {
      as: 'adjuster',
    });
    expect(prefilled.body.prefill).toEqual({ amountPayable: 2_000_000 });
    const noticeSent = await calculate(id, 1_800_000);
    expect(noticeSent.variables).toMatchObject({
      amountNoticeSent: true,
      amountOffered: 1_800_000,
    });
    expect(noticeSent.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-answer', waitingFor: 'message' }),
    ]);

    // And the customer agrees: payment is due within 10 days
    const agreed = await customerSends(`${ref}-answer`, 'claim-amount-answer', ref, {
      accepted: true,
    });
    expect(agreed.body).toMatchObject({ status: 'correlated', instanceId: id });
    const payment = await openTask(id, 'payment');
    const paymentClock = (await probe.clock(id, 'claim-payment'))!;
    expect(paymentClock).toMatchObject({ state: 'running', target: 'P10D', taskId: payment });
    expect(Date.parse(paymentClock.dueAt!) - Date.parse(paymentClock.startedAt)).toBe(10 * DAY);
    const payTask = await t.api('GET', `/api/tasks/${payment}`, undefined, { as: 'payer' });
    expect(payTask.body.prefill).toEqual({ paymentMethod: 'bank-transfer', amountPaid: 1_800_000 });

    // When payment forgets the bank's transaction reference, the form refuses it
    const noReference = await t.api(
      'POST',
      `/api/tasks/${payment}/complete`,
      {
        data: {
          paymentMethod: 'bank-transfer',
          amountPaid: 1_800_000,
          paidOn: '2026-03-12',
          voucherNumber: 'PV-2026-0001',
          voucherSentVia: 'sms',
        },
      },
      { as: 'payer' },
    );
    expect(noReference.status).toBe(400);
    expect(noReference.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/data/transactionReference',
    ]);

    // Then two days later it pays, sends the voucher, and the file is archived
    t.clock.advance(2 * DAY);
    const paid = await pay(id, 1_800_000);
    expect(paid.variables).toMatchObject({ claimResult: 'paid', voucherNumber: 'PV-2026-0001' });
    expect((await probe.clock(id, 'claim-payment'))!.state).toBe('met');
    const closed = await archive(id);
    expect(closed.tokens.map((x) => x.nodeId).sort()).toEqual([
      'follow-up-visit',
      'satisfaction-survey',
    ]);

    // And customer care has 7 days for the survey and the visit, each on its own clock
    const careClocks = await clocksOf(id, 'claim-survey');
    expect(careClocks.map((c) => [c.state, c.target])).toEqual([
      ['running', 'P7D'],
      ['running', 'P7D'],
    ]);
    t.clock.advance(DAY);
    const done = await survey(id);

    // Then the claim is closed as paid, with every step in the audit history
    expect(done).toMatchObject({ status: 'completed', outcome: 'paid' });
    expect((await clocksOf(id, 'claim-survey')).map((c) => c.state)).toEqual(['met', 'met']);
    expect(await tasksCreated(id)).toEqual([
      'receipt-check',
      'receipt-check',
      'accept',
      'first-contact',
      'review',
      'review',
      'calculate',
      'payment',
      'archive',
      'satisfaction-survey',
      'follow-up-visit',
    ]);
    expect(
      await historyTypesAt(id, [
        'message.awaited',
        'message.correlated',
        'sla.paused',
        'sla.resumed',
        'sla.breached',
        'sla.stopped',
      ]),
    ).toEqual([
      'message.awaited@await-documents',
      'sla.paused@claim-decision',
      'message.correlated@await-documents',
      'sla.resumed@claim-decision',
      'sla.breached@claim-first-contact',
      'sla.stopped@claim-first-contact',
      'message.awaited@await-documents',
      'sla.paused@claim-decision',
      'message.correlated@await-documents',
      'sla.resumed@claim-decision',
      'sla.stopped@claim-decision',
      'message.awaited@await-answer',
      'message.correlated@await-answer',
      'sla.stopped@claim-payment',
      'sla.stopped@claim-survey',
      'sla.stopped@claim-survey',
    ]);
    const types = (await history(t, id)).map((h) => h.type);
    expect(types.filter((x) => x === 'gateway.joined')).toHaveLength(1);
    const trail = (await history(t, id))
      .filter((h) => !h.type.startsWith('sla.'))
      .map((h) => `${h.type}@${h.nodeId ?? ''}`);
    expect(trail.slice(-5)).toEqual([
      'node.entered@claim-result',
      'node.left@claim-result',
      'node.entered@paid',
      'node.left@paid',
      'instance.completed@',
    ]);
    expect(await eventTypes(paymentClock.id)).toEqual(['start', 'stop']);
  });
});

describe('claim: refused as not covered', () => {
  it('warns at half the decision time, sends the refusal notice with reasons within 3 days, then surveys', async () => {
    // Given a claim accepted at once and a customer called within the hour
    const policy = 'PL-100002';
    const { id } = await startInstance(
      t,
      'claim',
      application(policy, {
        paymentMethod: 'cheque',
        bankName: undefined,
        accountHolder: undefined,
        bankAccount: undefined,
      }),
      { as: 'portal', version: 3 },
    );
    await acceptAndAssign(id);
    const contact = await openTask(id, 'first-contact');
    expect(await taskRow(contact)).toMatchObject({ assignee: 'alice', priority: 50 });
    t.clock.advance(HOUR);
    await firstContact(id);
    expect((await probe.clock(id, 'claim-first-contact'))!.state).toBe('met');

    // When the review is still open after 16 days
    const review = await openTask(id, 'review');
    t.clock.advance(16 * DAY);
    await settle(t);
    // Then Alice, who holds the review, is warned that half of the 30 days is used
    const halfway = await untilClock(
      id,
      'claim-decision',
      (c) => c.thresholdsFired.length === 1,
      '50% warning',
    );
    expect(halfway).toMatchObject({ state: 'running', thresholdsFired: [50] });
    expect(
      (await notificationsOf('adjuster', id)).map((n) => [n.data.slaId, n.data.percent]),
    ).toEqual([['claim-decision', 50]]);

    // When she finds the incident outside the cover
    await complete(
      t,
      review,
      {
        materialComplete: true,
        materialAuthentic: true,
        eligible: false,
        refusalReasons: '事故發生於保險期間開始前，不屬保險責任。',
      },
      'adjuster',
    );
    // Then the decision is in time, and the refusal notice is due within 3 days with her reasons
    expect((await probe.clock(id, 'claim-decision'))!.state).toBe('met');
    const notice = await openTask(id, 'refusal-notice');
    const noticeTask = await t.api('GET', `/api/tasks/${notice}`, undefined, { as: 'adjuster' });
    expect(noticeTask.body.prefill).toEqual({
      refusalReasons: '事故發生於保險期間開始前，不屬保險責任。',
    });
    const noticeClock = (await probe.clock(id, 'claim-refusal-notice'))!;
    expect(noticeClock).toMatchObject({ state: 'running', target: 'P3D', taskId: notice });

    // When the notice goes out two days later, and the file is archived
    t.clock.advance(2 * DAY);
    await complete(
      t,
      notice,
      {
        refusalReasons: '事故發生於保險期間開始前，不屬保險責任。',
        clausesCited: '第3條',
        refusalNoticeChannel: 'mail',
        refusalNoticeSentOn: new Date(t.clock.now()).toISOString().slice(0, 10),
      },
      'adjuster',
    );
    expect((await probe.clock(id, 'claim-refusal-notice'))!.state).toBe('met');
    await archive(id);
    const done = await survey(id);

    // Then the claim is closed as refused: nothing was calculated, paid or pursued
    expect(done).toMatchObject({ status: 'completed', outcome: 'refused' });
    expect(done.variables.claimResult).toBe('refused');
    expect(await tasksCreated(id)).toEqual([
      'receipt-check',
      'accept',
      'first-contact',
      'review',
      'refusal-notice',
      'archive',
      'satisfaction-survey',
      'follow-up-visit',
    ]);
  });
});

describe('claim: false material is refused and pursued', () => {
  it('breaches a late refusal notice, has compliance pursue, and closes without a survey', async () => {
    // Given a claim whose review finds forged invoices
    const policy = 'PL-100003';
    const { id } = await startInstance(t, 'claim', application(policy), {
      as: 'portal',
      version: 3,
    });
    await acceptAndAssign(id);
    await firstContact(id);
    await work(id, 'review', 'adjuster', {
      materialComplete: true,
      materialAuthentic: false,
      falseMaterialFindings: '醫療費用收據經醫院核實為偽造。',
    });
    expect((await probe.clock(id, 'claim-decision'))!.state).toBe('met');

    // When the refusal notice is not sent within 3 days
    const notice = await openTask(id, 'refusal-notice');
    const noticeTask = await t.api('GET', `/api/tasks/${notice}`, undefined, { as: 'adjuster' });
    expect(noticeTask.body.prefill).toEqual({ refusalReasons: '醫療費用收據經醫院核實為偽造。' });
    t.clock.advance(3 * DAY + HOUR);
    await settle(t);
    // Then the clock breaches, the claims leads are told and the notice is top priority
    await untilClock(id, 'claim-refusal-notice', (c) => c.state === 'breached', 'breached');
    await t.until(async () => (await taskRow(notice)).priority === 100, 'priority raised');
    expect((await notificationsOf('claimsLead', id)).map((n) => [n.kind, n.data.slaId])).toEqual([
      ['sla.breach', 'claim-refusal-notice'],
    ]);
    await complete(
      t,
      notice,
      {
        refusalReasons: '提交虛假材料，依保險法第27條拒絕賠付。',
        refusalNoticeChannel: 'in-person',
        refusalNoticeSentOn: new Date(t.clock.now()).toISOString().slice(0, 10),
      },
      'adjuster',
    );

    // When compliance reports it to the police but forgets the case number, the form says so
    const pursue = await openTask(id, 'pursue');
    expect(await taskRow(pursue)).toMatchObject({
      candidate_groups: ['compliance'],
      assignee: null,
    });
    const noCase = await t.api(
      'POST',
      `/api/tasks/${pursue}/complete`,
      { data: { pursuitActions: ['police-report', 'watch-list'], pursuitFindings: '偽造收據。' } },
      { as: 'compliance' },
    );
    expect(noCase.status).toBe(400);
    expect(noCase.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/data/policeCaseNumber',
    ]);
    await complete(
      t,
      pursue,
      {
        pursuitActions: ['police-report', 'watch-list'],
        pursuitFindings: '偽造收據。',
        policeCaseNumber: 'SH-2026-0042',
      },
      'compliance',
    );
    const done = await archive(id);

    // Then the claim is closed as refused for false material, with no survey of the claimant
    expect(done).toMatchObject({ status: 'completed', outcome: 'refused-fraud' });
    expect(await tasksCreated(id)).toEqual([
      'receipt-check',
      'accept',
      'first-contact',
      'review',
      'refusal-notice',
      'pursue',
      'archive',
    ]);
    expect(await clocksOf(id, 'claim-survey')).toEqual([]);
    expect(await clocksOf(id, 'claim-payment')).toEqual([]);
  });
});

/** A claim up to the notice of the amount; returns its id and reference. */
async function claimAtAmountNotice(policy: string, amountPayable: number) {
  const { id, variables } = await startInstance(t, 'claim', application(policy), {
    as: 'portal',
    version: 3,
  });
  await acceptAndAssign(id);
  await firstContact(id);
  await work(id, 'review', 'adjuster', coveredReview);
  await calculate(id, amountPayable);
  await untilAt(t, id, 'await-answer');
  return { id, ref: variables.claimReference as string };
}
/** The child instance a call activity started. */
const childOf = async (id: string) =>
  (await history(t, id)).find((h) => h.type === 'call.started')!.data!.childId as string;

describe('claim: the customer disputes the amount and the appeal is upheld', () => {
  it('calls the payment dispute, decides within 15 days and pays the revised amount', async () => {
    // Given a claim whose amount was notified as 10,000 yuan
    const { id, ref } = await claimAtAmountNotice('PL-100004', 1_000_000);

    // When the customer answers that the amount is too low
    const answer = await customerSends(`${ref}-answer`, 'claim-amount-answer', ref, {
      accepted: false,
      reason: '誤工費未計入。',
      amountRequested: 1_500_000,
    });
    expect(answer.body).toMatchObject({ status: 'correlated', instanceId: id });

    // Then a payment dispute starts as a child case with the claim's data, on a 15-day clock
    const parent = await getInstance(t, id);
    expect(parent.tokens).toEqual([
      expect.objectContaining({ nodeId: 'dispute', waitingFor: 'call' }),
    ]);
    const childId = await childOf(id);
    const child = await getInstance(t, childId);
    expect(child).toMatchObject({ status: 'active', parentId: id });
    expect(child.variables).toMatchObject({
      claimReference: ref,
      policyNumber: 'PL-100004',
      amountOffered: 1_000_000,
      amountRequested: 1_500_000,
      disputeReason: '誤工費未計入。',
    });
    expect(child.variables.mobile).toMatch(/^1\*{9}8$/);
    const answerClock = (await probe.clock(childId, 'claim-dispute-answer'))!;
    expect(answerClock).toMatchObject({ state: 'running', target: 'P15D' });
    expect(Date.parse(answerClock.dueAt!) - Date.parse(answerClock.startedAt)).toBe(15 * DAY);
    expect(await probe.clock(id, 'claim-payment')).toBeUndefined();

    // When complaints records it, an adjuster recalculates and complaints decides 8 days later
    await work(childId, 'record', 'complaints', {
      receivedVia: 'portal',
      disputeCategory: 'amount',
      disputeSummary: '客戶認為誤工費應予賠付。',
    });
    await work(childId, 'verify', 'adjuster2', {
      calculationCorrect: false,
      recalculatedAmount: 1_200_000,
      verificationFindings: '誤工費符合合同第6條，應賠付2,000元。',
    });
    t.clock.advance(8 * DAY);
    const decide = await openTask(childId, 'decide');
    const decideTask = await t.api('GET', `/api/tasks/${decide}`, undefined, { as: 'complaints' });
    expect(decideTask.body.prefill).toEqual({ decision: 'revise', revisedAmount: 1_200_000 });
    const decided = await complete(
      t,
      decide,
      {
        decision: 'revise',
        revisedAmount: 1_200_000,
        decisionReasons: '誤工費應予賠付。',
        customerInformedVia: 'phone',
      },
      'complaints',
    );

    // Then the appeal is upheld in time and the claim goes on to pay the revised amount
    expect(decided).toMatchObject({ status: 'completed', outcome: 'upheld' });
    expect((await probe.clock(childId, 'claim-dispute-answer'))!.state).toBe('met');
    const resumed = await untilAt(t, id, 'payment');
    expect(resumed.variables).toMatchObject({
      disputeOutcome: 'upheld',
      amountPayable: 1_200_000,
      disputeDecisionReasons: '誤工費應予賠付。',
    });
    const payTask = await t.api('GET', `/api/tasks/${await openTask(id, 'payment')}`, undefined, {
      as: 'payer',
    });
    expect(payTask.body.prefill).toEqual({ paymentMethod: 'bank-transfer', amountPaid: 1_200_000 });
    await pay(id, 1_200_000);
    await archive(id);
    const done = await survey(id);
    expect(done).toMatchObject({ status: 'completed', outcome: 'paid' });
    expect(await historyTypesAt(id, ['call.started', 'call.completed'])).toEqual([
      'call.started@dispute',
      'call.completed@dispute',
    ]);
    expect((await history(t, id)).find((h) => h.type === 'call.completed')!.data).toMatchObject({
      childId,
      outcome: 'upheld',
    });
    expect(await tasksCreated(childId)).toEqual(['record', 'verify', 'decide']);
  });
});

describe('claim: the customer disputes the amount and the appeal is rejected', () => {
  it('breaches the 15-day answer, keeps the amount and pays it', async () => {
    // Given a customer who disputes a notified amount of 9,000 yuan
    const { id, ref } = await claimAtAmountNotice('PL-100005', 900_000);
    await customerSends(`${ref}-answer`, 'claim-amount-answer', ref, {
      accepted: false,
      reason: '金額太低。',
    });
    const childId = await childOf(id);
    await work(childId, 'record', 'complaints', {
      receivedVia: 'phone',
      disputeCategory: 'amount',
      disputeSummary: '客戶要求提高賠付金額。',
    });

    // When the verification drags on past 15 days
    t.clock.advance(16 * DAY);
    await settle(t);
    // Then the answer clock breaches and the claims leads are told
    const breached = await untilClock(
      childId,
      'claim-dispute-answer',
      (c) => c.state === 'breached',
      'breached',
    );
    expect(breached.thresholdsFired).toEqual([50, 80]);
    await t.until(
      async () =>
        (await notificationsOf('claimsLead', childId)).some((n) => n.kind === 'sla.breach'),
      'breach notification',
    );

    // When the original amount proves right and complaints maintains it
    await work(childId, 'verify', 'adjuster2', {
      calculationCorrect: true,
      verificationFindings: '原核定金額正確。',
    });
    const decided = await work(childId, 'decide', 'complaints', {
      decision: 'maintain',
      decisionReasons: '按合同約定計算無誤。',
      customerInformedVia: 'mail',
    });

    // Then the appeal is rejected (late), and the claim pays the amount it notified
    expect(decided).toMatchObject({ status: 'completed', outcome: 'rejected' });
    expect((await probe.clock(childId, 'claim-dispute-answer'))!.state).toBe('breached');
    const resumed = await untilAt(t, id, 'payment');
    expect(resumed.variables).toMatchObject({ disputeOutcome: 'rejected', amountPayable: 900_000 });
    await pay(id, 900_000);
    await archive(id);
    expect(await survey(id)).toMatchObject({ status: 'completed', outcome: 'paid' });
    await untilStatus(t, childId, 'completed');
  });
});

describe('claim-dispute: an appeal started on its own after a payment', () => {
  it('checks the appeal form, then records, verifies and decides', async () => {
    const appeal = {
      claimReference: referenceOf('PL-100001'),
      policyNumber: 'PL-100001',
      claimantName: '王小明',
      mobile: '13812345678',
      amountOffered: 1_800_000,
      disputeReason: '支付金額與通知不符。',
    };
    // When the appeal comes without a valid mobile and with a negative amount, it is refused
    const bad = await t.api(
      'POST',
      '/api/instances',
      { processId: 'claim-dispute', variables: { ...appeal, mobile: '12345', amountOffered: -1 } },
      { as: 'complaints' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(bad.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/variables/amountOffered',
      '/variables/mobile',
    ]);

    // Given a valid appeal received by the complaints desk
    const started = await startInstance(t, 'claim-dispute', appeal, { as: 'complaints' });
    expect(started).toMatchObject({ businessKey: `DSP-${appeal.claimReference}`, parentId: null });
    await work(started.id, 'record', 'complaints', {
      receivedVia: 'counter',
      disputeCategory: 'amount',
      disputeSummary: '客戶稱到帳金額少於通知金額。',
    });
    await work(started.id, 'verify', 'adjuster', {
      calculationCorrect: true,
      verificationFindings: '銀行流水顯示全額到帳。',
    });
    const done = await work(started.id, 'decide', 'complaints', {
      decision: 'maintain',
      decisionReasons: '已全額支付。',
      customerInformedVia: 'phone',
    });

    // Then it is rejected within its 15 days
    expect(done).toMatchObject({ status: 'completed', outcome: 'rejected' });
    const answered = (await probe.clock(started.id, 'claim-dispute-answer'))!;
    expect(answered.state).toBe('met');
    expect(await eventTypes(answered.id)).toEqual(['start', 'stop']);
  });
});

describe('a customer reports a claim online and follows it', () => {
  it('files it without a login, sees its progress, and uploads what the one notice asked for', async () => {
    // a customer on the Simplified Chinese page (the browser says zh-Hans)
    const anonymous = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${t.url}${path}`, {
        method,
        headers: {
          'accept-language': 'zh-Hans',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    // When the customer reports the claim on the public page
    const filed = await anonymous('POST', '/api/public/intake/claim', {
      data: application('PL-WEB-1'),
    });
    expect(filed.status).toBe(201);
    expect(filed.body.reference).not.toContain('PL-WEB-1');
    const track = () => anonymous('GET', `/api/public/track/${filed.body.token}`);
    const current = async () =>
      (await track()).body.steps.find((x: { state: string }) => x.state === 'current')?.label.en;
    expect(await current()).toBe('Checking your claim');

    // And intake finds documents missing: the page asks for them
    const id = (
      await t.sql(`SELECT id FROM instances WHERE business_key = $1`, [referenceOf('PL-WEB-1')])
    )[0].id;
    await work(id, 'receipt-check', 'intake', {
      receiptComplete: false,
      missingItems: ['invoices'],
      missingNote: '請補醫療費用收據。',
    });
    await t.until(async () => (await current()) === 'Waiting for your documents', 'waiting step');
    // the one notice goes out in the customer's language (claim v7; v4 to v6 sent zh-Hant)
    const [vars] = await t.sql(
      `SELECT process_version, state->'variables'->>'customerLanguage' AS reported,
              state->'variables'->>'noticeLanguage' AS notice FROM instances WHERE id = $1`,
      [id],
    );
    expect(vars).toEqual({ process_version: 7, reported: 'zh-Hans', notice: 'zh-Hans' });
    expect((await track()).body.waitingFor).toEqual([
      expect.objectContaining({
        message: 'claim-documents-supplied',
        lines: [expect.objectContaining({ item: 'invoices' })],
      }),
    ]);
    // Then the upload against its line answers the wait and the claim goes back to intake
    const up = await anonymous('POST', `/api/public/track/${filed.body.token}/documents`, {
      message: 'claim-documents-supplied',
      item: 'invoices',
      files: [
        {
          name: 'invoice.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
        },
      ],
    });
    expect(up.body).toEqual({ status: 'correlated', documents: ['invoice.pdf'], missing: [] });
    await t.until(async () => (await current()) === 'Checking your claim', 'back to the check');
    expect(JSON.stringify((await track()).body)).not.toContain(CLAIMANT_ID);
  });
});
