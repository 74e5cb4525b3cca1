/**
 * The shipped complaint (P4), after-sales request (P5), value-added service (P7) and product
 * manual (P5) processes, walked path by path through the HTTP API by the users who do the work:
 * complaints staff, after-sales staff, the product team and its expert reviewers, the customer
 * portal delivering the customers' answers, and a supervisor who is told of breaches.
 * One engine on the real definitions folder, one ManualClock starting on Monday 2 March 2026.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { DAY, HOUR, complete, getInstance, history, jobsAt, tasksOf } from '../helpers/scenario.ts';
import type { ClockJson } from '../fixtures/slas.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = Date.parse('2026-03-02T01:00:00Z'); // Monday 09:00 in Beijing

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: new Date(T0).toISOString() });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

// ---- steps shared by the scenarios ------------------------------------------------------

/** Moves the test clock forward to an instant. */
const moveTo = (instant: number) => t.clock.advance(Math.max(0, instant - t.clock.now()));

/** Starts a case as a user; expects 201. */
async function open(processId: string, variables: Record<string, unknown>, as: UserName) {
  const res = await t.api('POST', '/api/instances', { processId, variables }, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; businessKey: string; variables: Record<string, unknown> };
}

/** Waits for the open task of a node and returns its id. */
async function taskAt(instanceId: string, nodeId: string): Promise<string> {
  const row = await t.until(
    async () => (await tasksOf(t, instanceId)).find((x) => x.node_id === nodeId),
    `${nodeId} task of ${instanceId}`,
  );
  return row.id;
}

/** A submission that must be refused: 400 CW_ERR_FORM_INVALID with these field pointers. */
async function refused(
  call: Promise<{ status: number; body: any }>,
  pointers: string[],
): Promise<void> {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
  expect(res.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual(pointers);
}
const submit = (taskId: string, data: Record<string, unknown>, as: UserName) =>
  t.api('POST', `/api/tasks/${taskId}/complete`, { data }, { as });

/** The case's SLA clocks by SLA id (task clocks: a list per id, oldest first). */
async function clocks(instanceId: string): Promise<Record<string, ClockJson[]>> {
  const res = await t.api('GET', `/api/instances/${instanceId}/slas`);
  expect(res.status).toBe(200);
  const out: Record<string, ClockJson[]> = {};
  for (const c of res.body.items as ClockJson[]) (out[c.slaId] ??= []).push(c);
  for (const list of Object.values(out))
    list.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  return out;
}
const clock = async (instanceId: string, slaId: string, i = 0) =>
  (await clocks(instanceId))[slaId]![i]!;

/** Waits until a clock of the case has fired a threshold (100 = breach). */
const untilFired = (instanceId: string, slaId: string, percent: number, i = 0) =>
  t.until(async () => {
    const c = (await clocks(instanceId))[slaId]?.[i];
    const reached =
      percent === 100 ? c?.state === 'breached' : c?.thresholdsFired.includes(percent);
    return reached ? c : null;
  }, `${slaId} at ${percent}%`);

/** The nodes whose tasks were completed, in order. */
async function completedSteps(instanceId: string): Promise<string[]> {
  return (await history(t, instanceId))
    .filter((h) => h.type === 'task.completed')
    .map((h) => h.nodeId!);
}

/** The SLA trail of the case: "type slaId" per clock change, warning and breach, in order. */
async function slaTrail(instanceId: string): Promise<string[]> {
  return (await history(t, instanceId))
    .filter((h) => h.type.startsWith('sla.') && h.type !== 'sla.action')
    .map((h) => `${h.type} ${String(h.data?.slaId)}${h.data?.percent ? ` ${h.data.percent}` : ''}`);
}

/** Notifications a user sees for a case, as "kind slaId percent". */
async function notices(user: UserName, instanceId: string): Promise<string[]> {
  const res = await t.api('GET', '/api/notifications', undefined, { as: user });
  expect(res.status).toBe(200);
  return (res.body.items as { instanceId: string; kind: string }[])
    .filter((n) => n.instanceId === instanceId)
    .map((n) => n.kind)
    .sort();
}

/** The due instant of a task (its inbox due date). */
const dueOf = async (taskId: string) =>
  ((await t.sql(`SELECT due_at FROM tasks WHERE id = $1`, [taskId]))[0]!.due_at as Date).getTime();

const priorityOf = async (taskId: string) =>
  (await t.sql(`SELECT priority FROM tasks WHERE id = $1`, [taskId]))[0]!.priority as number;

const portalSays = (messageId: string, name: string, correlationKey: string, payload: object) =>
  t.api('POST', '/api/messages', { messageId, name, correlationKey, payload }, { as: 'portal' });

// ---- complaint ----------------------------------------------------------------------------

let complaintSeq = 0;
const complaintRecord = (extra: Record<string, unknown> = {}) => ({
  complaintNumber: `CMP-2026-${String(++complaintSeq).padStart(4, '0')}`,
  channel: 'phone',
  receivedAt: new Date(t.clock.now()).toISOString(),
  complainantName: '王小明',
  mobile: '13812345678',
  policyNumber: 'PL-880001',
  content: '理賠款項遲遲未到賬，客服電話多次無人接聽。',
  request: '盡快支付並說明原因',
  ...extra,
});
const classification = (severity: 'general' | 'major', category = 'claims') => ({
  category,
  businessCategory: 'life',
  region: 'east-china',
  severity,
  department: category === 'claims' ? 'claims' : 'customer-service',
  ...(severity === 'major' ? { majorReason: '涉及多名客戶，可能引發媒體關注' } : {}),
});
const notExtended = {
  findings: '核實客服熱線當日排隊超時，理賠款因賬戶信息錯誤退回。',
  substantiated: 'partly',
  evidence: [{ title: '通話記錄', source: 'call-recording' }],
  extended: false,
};
const resolution = {
  plan: '更正收款賬戶後重新支付，並致電道歉。',
  remedies: ['explanation', 'apology'],
};
const feedback = (customerResponse: string, extra: Record<string, unknown> = {}) => ({
  notifiedVia: 'phone',
  notifiedAt: new Date(t.clock.now()).toISOString(),
  resultSummary: '款項已重新支付，並就延誤致歉。',
  customerResponse,
  ...extra,
});
const summary = {
  rootCause: '收款賬戶核對僅靠人工，錯誤未被及時發現。',
  rootCauseArea: 'claims-handling',
  improvementActions: [
    { action: '支付前自動校驗賬戶', owner: '理賠部', dueOn: '2026-06-30' },
    { action: '熱線高峰增派人手', owner: '客戶服務部', dueOn: '2026-05-31' },
  ],
  lastingMechanism: '每月覆盤理賠類投訴，納入部門考核。',
};

describe('complaint: a general complaint the complainant accepts', () => {
  it('refuses an incomplete record, then classifies, investigates, resolves and closes within 15 days', async () => {
    // Given a complaint by email with neither the email address nor a valid mobile number
    await refused(
      t.api(
        'POST',
        '/api/instances',
        {
          processId: 'complaint',
          variables: complaintRecord({ channel: 'email', mobile: '12345' }),
        },
        { as: 'complaints' },
      ),
      ['/variables/email', '/variables/mobile'],
    );

    // When complaints staff record it properly, by phone
    const record = complaintRecord();
    const c = await open('complaint', record, 'complaints');
    expect(c.businessKey).toBe(record.complaintNumber);
    expect(c.variables.mobile).toBe('1*********8'); // personal data masked in the response

    // Then both decision clocks run from receipt: 15 days, and 30 days should it be extended
    let cl = await clocks(c.id);
    expect(cl['complaint-decision']![0]).toMatchObject({ state: 'running', target: 'P15D' });
    expect(cl['complaint-decision-extended']![0]).toMatchObject({
      state: 'running',
      target: 'P30D',
    });
    const started = Date.parse(cl['complaint-decision']![0]!.startedAt);
    expect(Date.parse(cl['complaint-decision']![0]!.dueAt!) - started).toBe(15 * DAY);

    // When it is classified as a general service complaint and investigated without extension
    await complete(
      t,
      await taskAt(c.id, 'classify'),
      classification('general', 'service'),
      'complaints',
    );
    const investigate = await taskAt(c.id, 'investigate');
    expect(await priorityOf(investigate)).toBe(50);
    await complete(t, investigate, notExtended, 'complaints');

    // Then the 30-day clock is no longer needed
    cl = await clocks(c.id);
    expect(cl['complaint-decision-extended']![0]!.state).toBe('cancelled');
    expect(cl['complaint-decision']![0]!.state).toBe('running');

    // When a resolution is planned and the complainant, told on day 3, accepts it
    moveTo(started + 3 * DAY);
    await complete(t, await taskAt(c.id, 'resolve'), resolution, 'complaints');
    const fb = await taskAt(c.id, 'feedback');
    expect(await dueOf(fb)).toBe(Date.parse(record.receivedAt) + 15 * DAY);
    const done = await complete(t, fb, feedback('accepted'), 'complaints');

    // Then the complaint closes without a review or a summary, and the 15-day clock is met
    expect(done).toMatchObject({ status: 'completed', outcome: 'closed' });
    expect(await completedSteps(c.id)).toEqual(['classify', 'investigate', 'resolve', 'feedback']);
    const met = await clock(c.id, 'complaint-decision');
    expect(met).toMatchObject({ state: 'met', thresholdsFired: [] });
    expect(met.elapsedMs).toBeGreaterThanOrEqual(3 * DAY);
    const trail = await slaTrail(c.id);
    expect(trail.slice(0, 2).sort()).toEqual([
      'sla.started complaint-decision',
      'sla.started complaint-decision-extended',
    ]);
    expect(trail.slice(2)).toEqual([
      'sla.cancelled complaint-decision-extended',
      'sla.stopped complaint-decision',
    ]);
  });
});

describe('complaint: a major, complex complaint extended to 30 days, reviewed and summarised', () => {
  it('warns at half of 15 days, hands over to the 30-day clock, answers the review and records the root cause', async () => {
    // Given a major claims complaint received today
    const record = complaintRecord({ channel: 'web' });
    const c = await open('complaint', record, 'complaints');
    const started = Date.parse((await clock(c.id, 'complaint-decision')).startedAt);
    await complete(t, await taskAt(c.id, 'classify'), classification('major'), 'complaints');
    const investigate = await taskAt(c.id, 'investigate');
    expect(await priorityOf(investigate)).toBe(80);

    // When half of the 15 days pass during the investigation
    moveTo(started + 8 * DAY);
    await untilFired(c.id, 'complaint-decision', 50);

    // Then complaints staff are warned
    expect(await notices('complaints', c.id)).toEqual(['sla.warning']);

    // When the investigator extends the case without giving the reason told to the complainant
    await refused(submit(investigate, { ...notExtended, extended: true }, 'complaints'), [
      '/data/extensionNotifiedAt',
      '/data/extensionReason',
    ]);
    // And then with them
    await complete(
      t,
      investigate,
      {
        ...notExtended,
        substantiated: 'yes',
        extended: true,
        extensionReason: '需調取第三方醫院記錄核實',
        extensionNotifiedAt: new Date(t.clock.now()).toISOString(),
      },
      'complaints',
    );

    // Then the 15-day clock gives way to the 30-day clock counted from receipt
    let cl = await clocks(c.id);
    expect(cl['complaint-decision']![0]!.state).toBe('cancelled');
    expect(cl['complaint-decision-extended']![0]!.state).toBe('running');
    expect(Date.parse(cl['complaint-decision-extended']![0]!.dueAt!) - started).toBe(30 * DAY);

    // When a compensation is planned without its amount, it is refused; with it, accepted
    const resolve = await taskAt(c.id, 'resolve');
    const withCompensation = { ...resolution, remedies: ['apology', 'compensation'] };
    await refused(submit(resolve, withCompensation, 'complaints'), ['/data/compensationAmount']);
    await complete(t, resolve, { ...withCompensation, compensationAmount: 50_000 }, 'complaints');

    // And on day 20 (past 15 days, inside the extension) the complainant is told and asks for a review
    moveTo(started + 20 * DAY);
    await untilFired(c.id, 'complaint-decision-extended', 50);
    const fb = await taskAt(c.id, 'feedback');
    expect(await dueOf(fb)).toBe(Date.parse(record.receivedAt) + 30 * DAY);
    await refused(submit(fb, feedback('review'), 'complaints'), ['/data/reviewReason']);
    await complete(
      t,
      fb,
      feedback('review', { reviewReason: '補償金額不足以彌補損失' }),
      'complaints',
    );

    // Then the extended clock is met and the review task comes with the reason and a 30-day clock
    cl = await clocks(c.id);
    expect(cl['complaint-decision-extended']![0]).toMatchObject({
      state: 'met',
      thresholdsFired: [50],
    });
    const review = await taskAt(c.id, 'review');
    const reviewTask = await t.api('GET', `/api/tasks/${review}`, undefined, { as: 'complaints' });
    expect(reviewTask.body.prefill).toEqual({ reviewReason: '補償金額不足以彌補損失' });
    const reviewClock = cl['complaint-review']![0]!;
    expect(reviewClock).toMatchObject({ state: 'running', taskId: review });
    expect(Date.parse(reviewClock.dueAt!) - Date.parse(reviewClock.startedAt)).toBe(30 * DAY);

    // When the review changes the decision ten days later
    moveTo(started + 30 * DAY);
    await complete(
      t,
      review,
      {
        reviewReason: '補償金額不足以彌補損失',
        reviewFindings: '延誤期間的利息損失未計入',
        reviewDecision: 'changed',
        revisedPlan: '另補償延誤期間利息',
        reviewAnsweredAt: new Date(t.clock.now()).toISOString(),
      },
      'complaints',
    );
    expect((await clock(c.id, 'complaint-review')).state).toBe('met');

    // Then, as a major complaint, the root cause and improvements are summarised (at least one action)
    const sum = await taskAt(c.id, 'summarise');
    await refused(submit(sum, { ...summary, improvementActions: [] }, 'complaints'), [
      '/data/improvementActions',
    ]);
    const done = await complete(t, sum, summary, 'complaints');
    expect(done).toMatchObject({ status: 'completed', outcome: 'closed-summarised' });
    expect(await completedSteps(c.id)).toEqual([
      'classify',
      'investigate',
      'resolve',
      'feedback',
      'review',
      'summarise',
    ]);
    expect((await slaTrail(c.id)).slice(2)).toEqual([
      'sla.warning complaint-decision 50',
      'sla.cancelled complaint-decision',
      'sla.warning complaint-decision-extended 50',
      'sla.stopped complaint-decision-extended',
      'sla.started complaint-review',
      'sla.stopped complaint-review',
    ]);
  });
});

describe('complaint: the complainant answers later through the portal', () => {
  it('asks for a review by message; the review answered after 30 days breaches and tells the supervisors', async () => {
    // Given a general complaint whose result is told on day 5 while the answer is pending
    const record = complaintRecord({ channel: 'email', email: 'wang@example.cn' });
    const c = await open('complaint', record, 'complaints');
    const started = Date.parse((await clock(c.id, 'complaint-decision')).startedAt);
    await complete(
      t,
      await taskAt(c.id, 'classify'),
      classification('general', 'product'),
      'complaints',
    );
    await complete(t, await taskAt(c.id, 'investigate'), notExtended, 'complaints');
    await complete(t, await taskAt(c.id, 'resolve'), resolution, 'complaints');
    moveTo(started + 5 * DAY);
    const waiting = await complete(
      t,
      await taskAt(c.id, 'feedback'),
      feedback('pending'),
      'complaints',
    );
    expect(waiting.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-answer', waitingFor: 'message' }),
    ]);
    expect((await clock(c.id, 'complaint-decision')).state).toBe('met');

    // When the complainant asks for a review through the portal
    const answer = { reviewRequested: true, reason: '對產品條款解釋不認同' };
    const sent = await portalSays(
      `answer-${record.complaintNumber}`,
      'complaint-customer-answer',
      record.complaintNumber,
      answer,
    );
    expect(sent.body).toMatchObject({ status: 'correlated', instanceId: c.id });
    const again = await portalSays(
      `answer-${record.complaintNumber}`,
      'complaint-customer-answer',
      record.complaintNumber,
      answer,
    );
    expect(again.body).toMatchObject({ duplicate: true });

    // Then a review task carries the complainant's reason
    const review = await taskAt(c.id, 'review');
    const reviewTask = await t.api('GET', `/api/tasks/${review}`, undefined, { as: 'complaints' });
    expect(reviewTask.body.prefill).toEqual({ reviewReason: '對產品條款解釋不認同' });
    const startedReview = Date.parse((await clock(c.id, 'complaint-review')).startedAt);

    // When 30 days pass without an answer
    moveTo(startedReview + 30 * DAY + HOUR);
    const breached = await untilFired(c.id, 'complaint-review', 100);

    // Then the review clock is breached, the task raised to top priority, supervisors told
    expect(breached).toMatchObject({ state: 'breached', thresholdsFired: [50, 80] });
    expect(await priorityOf(review)).toBe(100);
    expect(await notices('supervisor', c.id)).toEqual(['sla.breach']);
    expect(await notices('complaints', c.id)).toEqual(['sla.breach', 'sla.warning', 'sla.warning']);

    // And the late answer still closes the general complaint, the clock recording the breach
    const done = await complete(
      t,
      review,
      {
        reviewReason: '對產品條款解釋不認同',
        reviewFindings: '條款解釋符合合同約定',
        reviewDecision: 'upheld',
        reviewAnsweredAt: new Date(t.clock.now()).toISOString(),
      },
      'complaints',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'closed' });
    expect(await clock(c.id, 'complaint-review')).toMatchObject({ state: 'breached' });
    const types = (await history(t, c.id)).map((h) => h.type);
    expect(types.indexOf('message.correlated')).toBeGreaterThan(types.indexOf('message.awaited'));
    expect(await completedSteps(c.id)).toEqual([
      'classify',
      'investigate',
      'resolve',
      'feedback',
      'review',
    ]);
  });

  it('accepts by message; a major complaint told on day 16 breaches the 15-day clock and is summarised', async () => {
    // Given a major complaint resolved but not yet told to the complainant
    const record = complaintRecord();
    const c = await open('complaint', record, 'complaints');
    const started = Date.parse((await clock(c.id, 'complaint-decision')).startedAt);
    await complete(
      t,
      await taskAt(c.id, 'classify'),
      classification('major', 'service'),
      'complaints',
    );
    await complete(t, await taskAt(c.id, 'investigate'), notExtended, 'complaints');
    await complete(t, await taskAt(c.id, 'resolve'), resolution, 'complaints');
    const fb = await taskAt(c.id, 'feedback');

    // When the 15 days pass
    moveTo(started + 15 * DAY + HOUR);
    await untilFired(c.id, 'complaint-decision', 100);

    // Then the open task is raised to top priority and the supervisors are told
    expect(await priorityOf(fb)).toBe(100);
    expect(await notices('supervisor', c.id)).toEqual(['sla.breach']);

    // When the complainant is told on day 16 and later accepts through the portal
    await complete(t, fb, feedback('pending'), 'complaints');
    const sent = await portalSays(
      `answer-${record.complaintNumber}`,
      'complaint-customer-answer',
      record.complaintNumber,
      { reviewRequested: false },
    );
    expect(sent.body).toMatchObject({ status: 'correlated', instanceId: c.id });

    // Then there is no review, but the major complaint is summarised before it closes
    const done = await complete(t, await taskAt(c.id, 'summarise'), summary, 'complaints');
    expect(done).toMatchObject({ status: 'completed', outcome: 'closed-summarised' });
    expect(done.variables).toMatchObject({ reviewRequested: false });
    expect(await completedSteps(c.id)).toEqual([
      'classify',
      'investigate',
      'resolve',
      'feedback',
      'summarise',
    ]);
    const cl = await clocks(c.id);
    expect(cl['complaint-decision']![0]).toMatchObject({
      state: 'breached',
      thresholdsFired: [50, 80],
    });
    expect(cl['complaint-decision-extended']![0]!.state).toBe('cancelled');
    expect(cl['complaint-review']).toBeUndefined();
  });
});

// ---- after-sales request ------------------------------------------------------------------

const afterSalesRequest = (requestNumber: string) => ({
  requestNumber,
  customerName: '李美玲',
  mobile: '+8613912345678',
  policyNumber: 'PL-770002',
  channel: 'phone',
  requestType: 'policy-change',
  description: '需要變更保單受益人',
});
const served = { actionsTaken: '已辦理受益人變更並寄出批單', servedAt: '2026-10-09T03:00:00Z' };

describe('after-sales request', () => {
  it('answers by the next business day after National Day, waits for the customer, and serves until it works', async () => {
    // Given a request on Wednesday 30 September 2026 at 16:00 in Beijing, before National Day
    const asked = Date.parse('2026-09-30T08:00:00Z');
    moveTo(asked);
    const r = await open('after-sales-request', afterSalesRequest('ASR-2026-0001'), 'afterSales');

    // Then the first response is due one business day later: Thursday 8 October at 16:00
    const first = await clock(r.id, 'after-sales-request-response');
    const late = Date.parse(first.startedAt) - asked;
    expect(first).toMatchObject({
      state: 'running',
      target: 'P1D',
      calendar: { id: 'cn-mainland', version: 1 },
    });
    expect(Date.parse(first.dueAt!)).toBe(Date.parse('2026-10-08T08:00:00Z') + late);
    expect(first.targetMs).toBe(8 * HOUR);

    // When staff respond on 8 October at 10:00, but the need is not yet clear
    moveTo(Date.parse('2026-10-08T02:00:00Z'));
    const respond = await taskAt(r.id, 'respond');
    await refused(
      submit(
        respond,
        { respondedVia: 'phone', clarifiedNeed: '變更受益人', clarified: false },
        'afterSales',
      ),
      ['/data/questionsForCustomer'],
    );
    const waiting = await complete(
      t,
      respond,
      {
        respondedVia: 'phone',
        clarifiedNeed: '變更受益人',
        clarified: false,
        questionsForCustomer: '新受益人的姓名與關係？',
      },
      'afterSales',
    );

    // Then the response SLA is met and the case waits for the customer's answer
    expect(await clock(r.id, 'after-sales-request-response')).toMatchObject({ state: 'met' });
    expect(waiting.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-clarification', waitingFor: 'message' }),
    ]);

    // When the customer answers through the portal, the need is clarified and served
    const sent = await portalSays('asr-1-answer', 'after-sales-clarification', 'ASR-2026-0001', {
      answer: '受益人改為配偶',
    });
    expect(sent.body).toMatchObject({ status: 'correlated', instanceId: r.id });
    await complete(
      t,
      await taskAt(r.id, 'respond'),
      { respondedVia: 'phone', clarifiedNeed: '受益人改為配偶', clarified: true },
      'afterSales',
    );
    await complete(t, await taskAt(r.id, 'serve'), served, 'afterSales');

    // And the follow-up finds it did not work, so it is served again, then works
    await complete(
      t,
      await taskAt(r.id, 'track'),
      { effective: false, satisfaction: '2', furtherAction: '批單姓名有誤' },
      'afterSales',
    );
    await complete(t, await taskAt(r.id, 'serve'), served, 'afterSales');
    const done = await complete(
      t,
      await taskAt(r.id, 'track'),
      { effective: true, satisfaction: '5', customerComments: '處理及時' },
      'afterSales',
    );

    // Then the request is served, with every step in order
    expect(done).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(done.variables.customerAnswer).toBe('受益人改為配偶');
    expect(await completedSteps(r.id)).toEqual([
      'respond',
      'respond',
      'serve',
      'track',
      'serve',
      'track',
    ]);
    expect(await slaTrail(r.id)).toEqual([
      'sla.started after-sales-request-response',
      'sla.stopped after-sales-request-response',
    ]);
  });

  it('breaches on the make-up Saturday when nobody responds, and the late response still serves', async () => {
    // Given a request on Friday 9 October 2026 at 10:00 in Beijing
    const asked = Date.parse('2026-10-09T02:00:00Z');
    moveTo(asked);
    const r = await open('after-sales-request', afterSalesRequest('ASR-2026-0002'), 'afterSales');

    // Then the response is due on Saturday 10 October at 10:00, a make-up working day
    const first = await clock(r.id, 'after-sales-request-response');
    const late = Date.parse(first.startedAt) - asked;
    expect(Date.parse(first.dueAt!)).toBe(Date.parse('2026-10-10T02:00:00Z') + late);
    const respond = await taskAt(r.id, 'respond');
    expect(await priorityOf(respond)).toBe(70);

    // When nobody responds until Saturday 14:00
    moveTo(Date.parse('2026-10-10T06:00:00Z'));
    const breached = await untilFired(r.id, 'after-sales-request-response', 100);

    // Then it has warned twice and breached: top priority, supervisors and the group told
    expect(breached).toMatchObject({ state: 'breached', thresholdsFired: [50, 80] });
    expect(await priorityOf(respond)).toBe(100);
    expect(await notices('supervisor', r.id)).toEqual(['sla.breach']);
    expect(await notices('afterSales', r.id)).toEqual(['sla.breach', 'sla.warning', 'sla.warning']);

    // When the response finally comes, the need clear, and the service works the first time
    await complete(
      t,
      respond,
      { respondedVia: 'sms', clarifiedNeed: '變更受益人', clarified: true },
      'afterSales',
    );
    await complete(t, await taskAt(r.id, 'serve'), served, 'afterSales');
    const done = await complete(
      t,
      await taskAt(r.id, 'track'),
      { effective: true, satisfaction: '3' },
      'afterSales',
    );

    // Then it is served and the clock keeps the breach
    expect(done).toMatchObject({ status: 'completed', outcome: 'served' });
    expect(await completedSteps(r.id)).toEqual(['respond', 'serve', 'track']);
    expect(await clock(r.id, 'after-sales-request-response')).toMatchObject({ state: 'breached' });
    expect(await slaTrail(r.id)).toEqual([
      'sla.started after-sales-request-response',
      'sla.warning after-sales-request-response 50',
      'sla.warning after-sales-request-response 80',
      'sla.breached after-sales-request-response 100',
      'sla.stopped after-sales-request-response',
    ]);
  });
});

// ---- product manual -----------------------------------------------------------------------

const manualDraft = {
  productName: '安心醫療保險',
  productType: 'health',
  insurancePeriod: '一年，可續保',
  coverage: '住院醫療、門診手術、特定疾病',
  exclusions: '既往症、美容手術、戰爭',
  sumInsuredMin: 10_000_000,
  sumInsuredMax: 300_000_000,
  claimsProcess: '報案、提交資料、審核、給付',
  customerRights: '猶豫期內可全額退保；知情權；申訴權',
  servicePromise: '資料齊全後5個工作日內結案',
  conditions: '投保年齡0至65歲，需健康告知',
  paymentMethods: ['annual', 'monthly'],
  surrenderRules: '猶豫期後退保退還現金價值',
};

describe('product manual', () => {
  it('collects material, drafts, goes back for revision with comments, is approved late and published', async () => {
    // Given a manual requested on Monday 12 October 2026 at 09:00 in Beijing
    moveTo(Date.parse('2026-10-12T01:00:00Z'));
    const m = await open(
      'product-manual',
      { productCode: 'HLT-2026', productName: '安心醫療保險', productType: 'health' },
      'product',
    );
    expect(m.businessKey).toBe('PM-HLT-2026');

    // When the product team collects material (at least one item)
    const collect = await taskAt(m.id, 'collect');
    await refused(submit(collect, { materials: [] }, 'product'), ['/data/materials']);
    await complete(
      t,
      collect,
      {
        materials: [
          { title: '條款', source: 'policy-terms' },
          { title: '費率表', source: 'actuarial', reference: 'DMS-2026-118' },
        ],
      },
      'product',
    );

    // And drafts every required part of the manual
    await complete(t, await taskAt(m.id, 'draft'), manualDraft, 'product');

    // Then the expert review has five business days (Monday to Monday)
    const review1 = await taskAt(m.id, 'review');
    const rc1 = await clock(m.id, 'product-manual-review');
    expect(rc1).toMatchObject({
      state: 'running',
      taskId: review1,
      calendar: { id: 'cn-mainland', version: 1 },
    });
    expect(Date.parse(rc1.dueAt!) - Date.parse(rc1.startedAt)).toBe(7 * DAY);

    // When the reviewer sends it back, comments required
    await refused(
      submit(review1, { contentComplete: false, reviewDecision: 'revise' }, 'productReviewer'),
      ['/data/reviewComments'],
    );
    const forbidden = await submit(
      review1,
      { contentComplete: true, reviewDecision: 'approve' },
      'product',
    );
    expect(forbidden.status).toBe(404); // not a candidate: the task is out of reach
    await complete(
      t,
      review1,
      {
        contentComplete: false,
        reviewDecision: 'revise',
        reviewComments: '退保規定需列明現金價值表',
      },
      'productReviewer',
    );

    // Then the draft comes back with the earlier text, and the revision must be explained
    const draft2 = await taskAt(m.id, 'draft');
    const task = await t.api('GET', `/api/tasks/${draft2}`, undefined, { as: 'product' });
    expect(task.body.prefill).toMatchObject({
      coverage: manualDraft.coverage,
      sumInsuredMax: 300_000_000,
    });
    const revised = { ...manualDraft, surrenderRules: '猶豫期後退保退還現金價值，見附表' };
    await refused(submit(draft2, revised, 'product'), ['/data/revisionNote']);
    await complete(t, draft2, { ...revised, revisionNote: '補充現金價值表' }, 'product');

    // When the second review waits six business days (Monday 19 to Tuesday 27 October)
    const review2 = await taskAt(m.id, 'review');
    moveTo(Date.parse('2026-10-27T03:00:00Z'));
    await untilFired(m.id, 'product-manual-review', 100, 1);
    expect(await priorityOf(review2)).toBe(100);

    // Then the late approval still publishes the manual
    await complete(
      t,
      review2,
      { contentComplete: true, reviewDecision: 'approve' },
      'productReviewer',
    );
    const done = await complete(
      t,
      await taskAt(m.id, 'publish'),
      { manualVersion: '1.0', publishedOn: '2026-10-28', channels: ['website', 'agents'] },
      'product',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'published' });
    expect(done.variables).toMatchObject({ revisionRounds: 1, reviewDecision: 'approve' });
    expect(await completedSteps(m.id)).toEqual([
      'collect',
      'draft',
      'review',
      'draft',
      'review',
      'publish',
    ]);
    const cl = (await clocks(m.id))['product-manual-review']!;
    expect(cl.map((c) => [c.taskId, c.state])).toEqual([
      [review1, 'met'],
      [review2, 'breached'],
    ]);
  });
});

// ---- value-added service ------------------------------------------------------------------

const agreement = (extra: Record<string, unknown>) => ({
  customerName: '張偉',
  mobile: '13700001111',
  policyNumber: 'PL-660003',
  serviceType: 'health-management',
  content: '年度體檢與健康顧問',
  trackingInterval: 'P1M',
  signedOn: '2026-10-28',
  ...extra,
});

describe('value-added service', () => {
  it('is ended early at the first monthly check, then evaluated', async () => {
    // Given a legal-aid agreement that wrongly carries health details
    await refused(
      t.api(
        'POST',
        '/api/instances',
        {
          processId: 'value-added-service',
          variables: agreement({
            agreementNumber: 'VAS-2026-0001',
            serviceType: 'legal-aid',
            healthConditions: '高血壓',
            termStart: '2026-11-01',
            termEnd: '2027-04-30',
          }),
        },
        { as: 'afterSales' },
      ),
      ['/variables/healthConditions'],
    );
    // And a health-management agreement from 1 November 2026 to 30 April 2027
    const v = await open(
      'value-added-service',
      agreement({
        agreementNumber: 'VAS-2026-0001',
        healthConditions: '高血壓',
        termStart: '2026-11-01',
        termEnd: '2027-04-30',
      }),
      'afterSales',
    );
    expect(v.variables.healthConditions).toBe('高*壓');

    // When the service is provided
    await complete(
      t,
      await taskAt(v.id, 'provide'),
      { provider: '合作醫療機構', arrangements: '每季體檢一次', customerInformed: true },
      'afterSales',
    );

    // Then the first usage check waits for 1 December at 09:00 in Beijing
    const [timer] = await jobsAt(t, v.id, 'until-check');
    expect(timer!.due_at.toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect((await getInstance(t, v.id)).variables.nextCheckOn).toBe('2026-12-01');

    // When the day comes and the customer asks to end the service
    moveTo(Date.parse('2026-12-01T01:00:01Z'));
    const track = await taskAt(v.id, 'track-usage');
    await complete(
      t,
      track,
      { timesUsed: 0, adjustment: 'terminate', adjustmentNote: '客戶出國' },
      'afterSales',
    );

    // Then it is evaluated at once and ends early
    const done = await complete(
      t,
      await taskAt(v.id, 'evaluate'),
      { satisfaction: '3', loyalty: 'may-renew', serviceQuality: 4 },
      'afterSales',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'ended-early' });
    expect(await completedSteps(v.id)).toEqual(['provide', 'track-usage', 'evaluate']);
  });

  it('tracks usage every month until the term ends, then evaluates satisfaction, loyalty and quality', async () => {
    // Given a travel-service agreement from 5 December 2026 to 10 February 2027
    const v = await open(
      'value-added-service',
      agreement({
        agreementNumber: 'VAS-2026-0002',
        serviceType: 'travel',
        content: '境外旅行緊急救援',
        termStart: '2026-12-05',
        termEnd: '2027-02-10',
      }),
      'afterSales',
    );
    await complete(
      t,
      await taskAt(v.id, 'provide'),
      { provider: '國際救援公司', arrangements: '24小時救援熱線', customerInformed: true },
      'afterSales',
    );

    // When each monthly check comes (5 January, 5 February), usage is tracked and adjusted
    moveTo(Date.parse('2027-01-05T01:00:01Z'));
    await complete(
      t,
      await taskAt(v.id, 'track-usage'),
      { timesUsed: 1, adjustment: 'none' },
      'afterSales',
    );
    expect((await getInstance(t, v.id)).variables.nextCheckOn).toBe('2027-02-05');
    moveTo(Date.parse('2027-02-05T01:00:01Z'));
    const after = await complete(
      t,
      await taskAt(v.id, 'track-usage'),
      { timesUsed: 0, adjustment: 'adjust', adjustmentNote: '增加行李延誤協助' },
      'afterSales',
    );

    // Then the next check would fall after the term: the case waits for the term's end instead
    expect(after.tokens).toEqual([
      expect.objectContaining({ nodeId: 'until-term-end', waitingFor: 'timer' }),
    ]);
    const [end] = await jobsAt(t, v.id, 'until-term-end');
    expect(end!.due_at.toISOString()).toBe('2027-02-10T16:00:00.000Z');

    // When the term ends, the service is evaluated
    moveTo(Date.parse('2027-02-10T16:00:01Z'));
    const evaluate = await taskAt(v.id, 'evaluate');
    await refused(
      submit(
        evaluate,
        { satisfaction: '5', loyalty: 'will-renew', serviceQuality: 6 },
        'afterSales',
      ),
      ['/data/serviceQuality'],
    );
    const done = await complete(
      t,
      evaluate,
      { satisfaction: '5', loyalty: 'will-renew', serviceQuality: 5, improvements: '增加中文服務' },
      'afterSales',
    );

    // Then it is completed and evaluated, after two checks and the term's end
    expect(done).toMatchObject({ status: 'completed', outcome: 'evaluated' });
    expect(await completedSteps(v.id)).toEqual([
      'provide',
      'track-usage',
      'track-usage',
      'evaluate',
    ]);
    const fired = (await history(t, v.id))
      .filter((h) => h.type === 'timer.fired')
      .map((h) => h.nodeId);
    expect(fired).toEqual(['until-check', 'until-check', 'until-term-end']);
  });
});
