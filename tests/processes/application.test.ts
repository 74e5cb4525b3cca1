/**
 * The shipped reception and consultation (P1, `consultation`) and policy application and
 * underwriting (P2, `policy-application`) processes, walked through the HTTP API as the
 * receptionists, underwriters, compliance officers and the customer portal would: every end,
 * every loop (more questions, the customer's supplements, a plan redesign, the policy
 * corrections), the message waits and their 30-day deadlines, the 15-day check period timer
 * and the SLA clocks, pauses, warnings and breaches. The consultation's sale and the cases that
 * end before underwriting run the latest version (3: a review per insured and the underwriting
 * decision table, walked in full in ./underwriting.test.ts); the counter cases that reach
 * underwriting are started on version 2 (one underwriter's decision), which running cases keep.
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
  startInstance,
  untilAt,
  untilStatus,
  type HistoryView,
} from '../helpers/scenario.ts';
import { slaProbe, type ClockJson } from '../fixtures/slas.ts';
import { clearCompliance, ID_NUMBER, intake, plan } from '../fixtures/policy-application.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const MIN = 60_000;
const WEEK = 7 * DAY;
/** Monday 2 March 2026, 09:00 in Beijing: the start of a business day in cn-mainland. */
const T0 = Date.parse('2026-03-02T01:00:00Z');

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: new Date(T0).toISOString() });
  probe = slaProbe(t);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/**
 * The test clock runs at real speed between jumps (ManualClock), so instants and elapsed
 * times are compared to the scenario's nominal ones within a minute: a loaded machine spends
 * seconds between a jump and the step it times (8 s seen at load 20 on two cores), while the
 * mistakes this catches are hours or business days.
 */
function near(actual: number | string | null | undefined, expected: number): void {
  const ms = typeof actual === 'string' ? Date.parse(actual) : Number(actual);
  expect(Math.abs(ms - expected), `${ms} near ${expected}`).toBeLessThan(60_000);
}

/** As near(), for an instant a calendar can write two ways (end of one working day, start of the next). */
function nearOneOf(actual: number | string | null | undefined, expected: number[]): void {
  const ms = typeof actual === 'string' ? Date.parse(actual) : Number(actual);
  const off = Math.min(...expected.map((e) => Math.abs(ms - e)));
  expect(off, `${ms} near one of ${expected.join(', ')}`).toBeLessThan(60_000);
}

/** Moves the engine clock forward to an instant. */
function moveTo(at: number): void {
  const by = at - t.clock.now();
  expect(by).toBeGreaterThanOrEqual(0);
  t.clock.advance(by);
}

/** Completes the open task of a node as a user. */
async function work(
  instanceId: string,
  nodeId: string,
  data: Record<string, unknown>,
  as: UserName,
) {
  const task = await probe.openTask(instanceId, nodeId);
  return complete(t, task.id, data, as);
}

/** A bad submission: 400 CW_ERR_FORM_INVALID, returning the pointers of the fields at fault. */
async function refused(
  instanceId: string,
  nodeId: string,
  data: Record<string, unknown>,
  as: UserName,
) {
  const task = await probe.openTask(instanceId, nodeId);
  const res = await t.api('POST', `/api/tasks/${task.id}/complete`, { data }, { as });
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
  return (res.body.details as { pointer: string }[]).map((d) => d.pointer).sort();
}

/** The customer portal delivers a message from the customer. */
async function fromCustomer(
  name: string,
  key: string,
  payload: Record<string, unknown>,
  id: string,
) {
  const res = await t.api(
    'POST',
    '/api/messages',
    { messageId: id, name, correlationKey: key, payload },
    { as: 'portal' },
  );
  expect(res.status).toBe(202);
  return res.body as { status: string; instanceId?: string };
}

const completedNodes = (h: HistoryView[]) =>
  h.filter((e) => e.type === 'task.completed').map((e) => e.nodeId);
const nodesOf = (h: HistoryView[], type: string) =>
  h.filter((e) => e.type === type).map((e) => e.nodeId);
const clocksOf = async (instanceId: string, slaId: string): Promise<ClockJson[]> =>
  (await probe.clocks(instanceId)).filter((c) => c.slaId === slaId);
const priorityOf = async (taskId: string) =>
  (await t.sql(`SELECT priority FROM tasks WHERE id = $1`, [taskId]))[0].priority as number;
const notificationsOf = async (as: UserName, instanceId: string) =>
  (
    (await t.api('GET', '/api/notifications', undefined, { as })).body.items as {
      instanceId: string;
      kind: string;
      to: { kind: string; id: string; name: Record<string, string> | null };
      data: { slaId: string; percent: number };
    }[]
  ).filter((n) => n.instanceId === instanceId);

// The customer of the scenarios
const enquiry = {
  channel: 'counter',
  customerName: '李小明',
  age: 38,
  occupation: '軟件工程師',
  mobile: '13800138000',
  productType: 'life',
  sumInsured: 100_000_000, // 1,000,000 yuan in fen
  termYears: 20,
  concerns: ['price', 'coverage'],
  attitudeWarm: true,
  attitudeRespectful: true,
  attitudeHonest: true,
  attitudeProfessional: true,
};
const analysis = {
  risks: ['death', 'illness'],
  riskAnalysis: '38 歲，家庭經濟支柱，身故及重大疾病風險需保障。',
  recommendedProducts: [{ productName: '安心終身壽險', productType: 'life', reason: '保障家庭' }],
  proposal: '終身壽險搭配重疾附加險，保險金額一百萬元。',
};
const applicationForm = {
  productName: '安心終身壽險',
  planSumInsured: 120_000_000,
  planTermYears: 20,
  insuredIsApplicant: true,
  beneficiaries: [{ name: '王美麗', relationship: 'spouse', sharePercent: 100 }],
  hasHealthConditions: false,
  applicationChecked: true,
};
/** Version 3's application form: the one insured is the applicant. */
const applicationFormV3 = {
  productName: '安心終身壽險',
  planSumInsured: 120_000_000,
  planTermYears: 20,
  insureds: [
    {
      name: '李小明',
      relation: 'self',
      dateOfBirth: '1988-03-05',
      idNumber: ID_NUMBER,
      hospitalised: false,
      underTreatment: false,
      seriousIllness: false,
      smoker: false,
    },
  ],
  beneficiaries: [{ name: '王美麗', relationship: 'spouse', sharePercent: 100 }],
  applicationChecked: true,
};
const insuredReview = {
  insuredName: '李小明',
  insuredDateOfBirth: '1988-03-05',
  standardPremium: 1_000_000,
};
const notice = {
  coverageNotified: true,
  termNotified: true,
  sumInsuredNotified: true,
  noticeChannel: 'phone',
  notifiedAt: '2026-03-20T06:00:00Z',
};

describe('consultation (P1): reception, needs analysis, questions and the outcome', () => {
  it('refuses an enquiry that does not match the enquiry form, with the pointer of each field', async () => {
    // Given an enquiry by email with a landline number, an impossible age and no email address
    const res = await t.api(
      'POST',
      '/api/instances',
      {
        processId: 'consultation',
        variables: { ...enquiry, channel: 'email', mobile: '010-12345678', age: 130 },
      },
      { as: 'receptionist' },
    );
    // Then nothing starts and each field at fault is named
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_FORM_INVALID');
    expect(res.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/variables/age',
      '/variables/email',
      '/variables/mobile',
    ]);
  });

  it('answers questions twice and closes the enquiry as answered within its service level', async () => {
    // Given a customer received at the counter on Monday 2 March 2026, 09:00 Beijing
    const c = await startInstance(t, 'consultation', enquiry, { as: 'receptionist' });
    expect(c.tokens).toEqual([
      expect.objectContaining({ nodeId: 'needs-analysis', waitingFor: 'task' }),
    ]);
    expect((await probe.clock(c.id, 'consultation-response'))?.state).toBe('running');

    // When the needs are analysed, an empty recommendation list is refused
    expect(
      await refused(
        c.id,
        'needs-analysis',
        { ...analysis, recommendedProducts: [] },
        'receptionist',
      ),
    ).toEqual(['/data/recommendedProducts']);
    await work(c.id, 'needs-analysis', analysis, 'receptionist');

    // And the customer asks more, then is satisfied with the answers
    const more = await work(
      c.id,
      'answer-questions',
      {
        materialDelivered: true,
        questions: [{ question: '等待期多久？', answer: '九十日。' }],
        consultationResult: 'more-questions',
      },
      'receptionist',
    );
    expect(more.tokens).toEqual([expect.objectContaining({ nodeId: 'answer-questions' })]);
    moveTo(T0 + 2 * HOUR);
    const done = await work(
      c.id,
      'answer-questions',
      {
        materialDelivered: true,
        questions: [{ question: '可以退保嗎？', answer: '可以，猶豫期內全額退還。' }],
        consultationResult: 'answered',
      },
      'receptionist',
    );

    // Then the enquiry is closed as answered, in time
    expect(done).toMatchObject({ status: 'completed', outcome: 'answered' });
    const h = await history(t, c.id);
    expect(completedNodes(h)).toEqual(['needs-analysis', 'answer-questions', 'answer-questions']);
    expect(h.slice(-2).map((e) => e.type)).toEqual(['instance.completed', 'sla.stopped']);
    const clock = await probe.clock(c.id, 'consultation-response');
    expect(clock).toMatchObject({ state: 'met', thresholdsFired: [] });
    near(clock?.elapsedMs, 2 * HOUR);
  });

  it('warns reception, then breaches and raises the priority when the customer waits over a business day; closes as not interested', async () => {
    // Given an enquiry received on a Monday morning
    const monday = T0 + WEEK;
    moveTo(monday);
    const c = await startInstance(t, 'consultation', enquiry, { as: 'receptionist' });
    const started = await probe.clock(c.id, 'consultation-response');
    // one business day: Tuesday 09:00, eight working hours away
    expect(started).toMatchObject({ state: 'running', targetMs: 8 * HOUR });
    near(started!.dueAt, monday + DAY);
    const task = await probe.openTask(c.id, 'needs-analysis');

    // When nobody analyses the needs until Tuesday 10:00
    moveTo(monday + DAY + HOUR);
    const breached = await t.until(async () => {
      const k = await probe.clock(c.id, 'consultation-response');
      return k?.state === 'breached' ? k : null;
    }, 'consultation breach');

    // Then reception was warned at 50 % and 80 %, the supervisors told at the breach
    expect(breached.thresholdsFired).toEqual([50, 80]);
    near(breached.breachedAt, monday + DAY);
    expect(
      (await notificationsOf('receptionist', c.id)).map((n) => [n.kind, n.data.percent]).sort(),
    ).toEqual([
      ['sla.warning', 50],
      ['sla.warning', 80],
    ]);
    expect((await notificationsOf('supervisor', c.id)).map((n) => n.kind)).toEqual(['sla.breach']);
    expect(await priorityOf(task.id)).toBe(80);
    const h = await history(t, c.id);
    expect(
      h.filter((e) => e.type.startsWith('sla.') && e.type !== 'sla.action').map((e) => e.type),
    ).toEqual(['sla.started', 'sla.warning', 'sla.warning', 'sla.breached']);

    // And the work goes on: the customer is not interested, the enquiry closes
    await work(c.id, 'needs-analysis', analysis, 'receptionist');
    const done = await work(
      c.id,
      'answer-questions',
      { materialDelivered: true, questions: [], consultationResult: 'not-interested' },
      'receptionist',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'not-interested' });
    expect((await probe.clock(c.id, 'consultation-response'))?.state).toBe('breached');
  });
});

describe('consultation to policy application (P1 -> P2): a sale that ends with the policy issued', () => {
  it('walks the supplement wait, the parallel reviews, a plan redesign, rated acceptance, payment by message and a policy correction', async () => {
    const monday = T0 + 2 * WEEK; // 16 March 2026, 09:00 Beijing
    moveTo(monday);
    const APP = 'APP-20260316-01';

    // Given a customer who decides to buy after the consultation
    const c = await startInstance(t, 'consultation', enquiry, { as: 'receptionist' });
    expect(
      await refused(
        c.id,
        'needs-analysis',
        { ...analysis, recommendedProducts: [{ productType: 'car', reason: '' }] },
        'receptionist',
      ),
    ).toEqual([
      '/data/recommendedProducts/0/productName',
      '/data/recommendedProducts/0/productType',
    ]);
    await work(c.id, 'needs-analysis', analysis, 'receptionist');
    // a purchase needs the application number
    expect(
      await refused(
        c.id,
        'answer-questions',
        { materialDelivered: true, questions: [], consultationResult: 'purchase' },
        'receptionist',
      ),
    ).toEqual(['/data/applicationNumber']);
    const sold = await work(
      c.id,
      'answer-questions',
      {
        materialDelivered: true,
        questions: [],
        consultationResult: 'purchase',
        applicationNumber: APP,
      },
      'receptionist',
    );

    // Then the consultation waits for the application it started, its service level met
    expect(sold.tokens).toEqual([expect.objectContaining({ nodeId: 'apply', waitingFor: 'call' })]);
    expect((await probe.clock(c.id, 'consultation-response'))?.state).toBe('met');
    const call = (await history(t, c.id)).find((e) => e.type === 'call.started')!;
    const app = String(call.data!.childId);
    expect(call.data).toMatchObject({ processId: 'policy-application' });

    // And the application's intake is prefilled with the customer's data, their name and mobile masked
    const intakeTask = await probe.openTask(app, 'material-intake');
    const view = await t.api('GET', `/api/tasks/${intakeTask.id}`, undefined, {
      as: 'receptionist',
    });
    expect(view.status).toBe(200);
    expect(view.body.prefill).toMatchObject({
      applicationNumber: APP,
      applicantName: '李*明',
      lineOfBusiness: 'life',
      sumInsured: 100_000_000,
      termYears: 20,
    });
    expect(view.body.prefill.mobile).not.toBe('13800138000');
    expect(view.body.prefill.mobile).toMatch(/^1\*+0$/);

    // When the receptionist types an ID number with a wrong check digit, it is refused
    expect(
      await refused(
        app,
        'material-intake',
        { ...intake(APP, 'life'), idNumber: '110105198803051232' },
        'receptionist',
      ),
    ).toEqual(['/data/idNumber']);
    await work(app, 'material-intake', intake(APP, 'life'), 'receptionist');
    const decision0 = (await probe.clock(app, 'policy-application-decision'))!;
    expect(decision0).toMatchObject({ state: 'running', targetMs: 40 * HOUR });

    // And the completeness check finds the proof of income missing: the customer is told
    const asked = await work(
      app,
      'completeness-check',
      { complete: false, missingItems: ['income-proof'] },
      'receptionist',
    );
    expect(asked.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-supplement', waitingFor: 'message' }),
    ]);
    expect(asked.variables).toMatchObject({
      supplementRequested: true,
      supplementRounds: 1,
      missingItems: ['income-proof'],
    });
    // the decision clock pauses while the customer gathers the material
    const paused = (await probe.clock(app, 'policy-application-decision'))!;
    expect(paused).toMatchObject({ state: 'paused', dueAt: null });
    near(paused.elapsedMs, 0);
    moveTo(monday + 2 * DAY); // Wednesday 09:00
    expect((await probe.clock(app, 'policy-application-decision'))?.elapsedMs).toBe(
      paused.elapsedMs,
    );

    // When the customer supplies it two days later through the portal
    expect(
      await fromCustomer('application-supplement', APP, { items: ['income-proof'] }, `${APP}-s1`),
    ).toMatchObject({ status: 'correlated', instanceId: app });

    // Then the clock runs again with the full five business days from now
    const resumed = (await probe.clock(app, 'policy-application-decision'))!;
    expect(resumed.state).toBe('running');
    // (Monday 16 March + five business days was Monday 23 March 09:00; forty working hours
    // from Wednesday 18 March 09:00 end with Tuesday 24 March's last working hour. The test
    // clock runs at real speed, so the resume comes a few ms after 09:00 and the clock has a
    // few ms already spent: whichever is larger decides whether the due instant is written as
    // Tuesday 18:00 or, a few ms over, as Wednesday 09:00, the same working instant; CI saw both)
    near(decision0.dueAt, Date.parse('2026-03-23T01:00:00Z'));
    nearOneOf(resumed.dueAt, [
      Date.parse('2026-03-24T10:00:00Z'),
      Date.parse('2026-03-25T01:00:00Z'),
    ]);
    near(resumed.remainingMs, 40 * HOUR);
    const rechecked = await work(app, 'completeness-check', { complete: true }, 'receptionist');
    expect(rechecked.variables).toMatchObject({ complete: true, missingItems: [] });

    // And the line-of-business review and the compliance review run side by side
    expect(rechecked.tokens.map((x) => x.nodeId).sort()).toEqual([
      'compliance-review',
      'lob-review',
    ]);
    const lobTask = await probe.openTask(app, 'lob-review');
    const wrongGroup = await t.api(
      'POST',
      `/api/tasks/${lobTask.id}/complete`,
      { data: { authentic: true, lawfulAndValid: true, beneficiaryChecked: true, result: 'ok' } },
      { as: 'compliance' },
    );
    // (a task outside one's groups is not even revealed to exist)
    expect(wrongGroup.status).toBe(404);
    // a life policy needs the beneficiary check, and has no occupation class
    expect(
      await refused(
        app,
        'lob-review',
        { authentic: true, lawfulAndValid: true, occupationClass: '2', result: 'ok' },
        'underwriter',
      ),
    ).toEqual(['/data/beneficiaryChecked', '/data/occupationClass']);
    await work(app, 'compliance-review', clearCompliance, 'compliance');
    const reviewed = await work(
      app,
      'lob-review',
      { authentic: true, lawfulAndValid: true, beneficiaryChecked: true, result: 'ok' },
      'underwriter',
    );
    expect(reviewed.tokens).toEqual([expect.objectContaining({ nodeId: 'plan-design' })]);

    // When the first plan is too expensive for the customer, it is designed again
    const planTask = await probe.openTask(app, 'plan-design');
    const planView = await t.api('GET', `/api/tasks/${planTask.id}`, undefined, {
      as: 'receptionist',
    });
    expect(planView.body.prefill).toMatchObject({ planSumInsured: 100_000_000, planTermYears: 20 });
    await work(app, 'plan-design', plan(150_000_000), 'receptionist');
    const redesign = await work(
      app,
      'plan-explanation',
      {
        explained: true,
        questions: [],
        planAccepted: false,
        changeRequest: '保險費太高，降低保險金額。',
      },
      'receptionist',
    );
    expect(redesign.tokens).toEqual([expect.objectContaining({ nodeId: 'plan-design' })]);
    await work(app, 'plan-design', plan(120_000_000), 'receptionist');
    await work(
      app,
      'plan-explanation',
      {
        explained: true,
        questions: [{ question: '保險費可以月繳嗎？', answer: '可以。' }],
        planAccepted: true,
      },
      'receptionist',
    );

    // And the application form, filled from the plan, goes to underwriting with a high priority
    const formTask = await probe.openTask(app, 'application-form');
    const formView = await t.api('GET', `/api/tasks/${formTask.id}`, undefined, {
      as: 'receptionist',
    });
    expect(formView.body.prefill).toMatchObject({
      productName: '安心終身壽險',
      planSumInsured: 120_000_000,
      planTermYears: 20,
    });
    await work(app, 'application-form', applicationFormV3, 'receptionist');
    const uw = await probe.openTask(app, 'insured-reviews');
    expect(await priorityOf(uw.id)).toBe(80);

    // When the underwriter rates the one insured, a rating the table accepts
    expect(
      await refused(app, 'insured-reviews', { ...insuredReview, finding: 'rated' }, 'underwriter'),
    ).toEqual(['/data/extraPremiumPercent', '/data/findingReasons']);
    const rated = await work(
      app,
      'insured-reviews',
      {
        ...insuredReview,
        finding: 'rated',
        extraPremiumPercent: 25,
        findingReasons: '輕度高血壓家族史。',
      },
      'underwriter',
    );
    expect(rated.variables).toMatchObject({
      underwritingOutcome: 'accept-rated',
      extraPremiumPercent: 25,
      premium: 1_250_000,
    });
    // and the applicant accepts the rated terms
    await work(
      app,
      'rated-consent',
      {
        extraPremiumPercent: 25,
        premium: 1_250_000,
        ratedTermsAccepted: true,
        answeredOn: '2026-03-18',
      },
      'receptionist',
    );
    // Then the decision came in time
    expect((await probe.clock(app, 'policy-application-decision'))?.state).toBe('met');

    // When the contract is signed with a bank debit, the account is required
    const contract = {
      policyNumber: 'PL-2026-000123',
      contractSignedOn: '2026-03-18',
      rightsAndDutiesExplained: true,
      paymentMethod: 'bank-debit',
    };
    expect(await refused(app, 'contract', contract, 'receptionist')).toEqual(['/data/bankAccount']);
    const signed = await work(
      app,
      'contract',
      { ...contract, bankAccount: '6222020200112233445' },
      'receptionist',
    );
    expect(signed.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-payment', waitingFor: 'message' }),
    ]);
    expect(signed.variables.bankAccount).not.toBe('6222020200112233445');

    // And the bank reports the premium paid
    expect(
      await fromCustomer(
        'premium-paid',
        APP,
        { amount: 1_250_000, paidAt: '2026-03-18T08:00:00Z', reference: 'DEBIT-778' },
        `${APP}-paid`,
      ),
    ).toMatchObject({ status: 'correlated', instanceId: app });
    await untilAt(t, app, 'policy-delivery');
    expect((await getInstance(t, app)).variables).toMatchObject({
      amountPaid: 1_250_000,
      paymentReference: 'DEBIT-778',
    });

    // When the policy is posted and the customer reports a wrong beneficiary name
    await work(
      app,
      'policy-delivery',
      {
        deliveryMethod: 'post',
        trackingNumber: 'SF1234567890',
        deliveredOn: '2026-03-19',
        serviceContact: '95500',
      },
      'receptionist',
    );
    expect(await refused(app, 'customer-check', { policyCorrect: false }, 'receptionist')).toEqual([
      '/data/reportedErrors',
    ]);
    const wrong = await work(
      app,
      'customer-check',
      { policyCorrect: false, reportedErrors: [{ item: '受益人姓名', expected: '王美麗' }] },
      'receptionist',
    );
    expect(wrong.tokens).toEqual([expect.objectContaining({ nodeId: 'correct-policy' })]);

    // Then the policy is corrected and sent again, and the customer confirms it
    await work(
      app,
      'correct-policy',
      { corrections: '受益人姓名更正為王美麗。', endorsementNumber: 'END-01' },
      'underwriter',
    );
    await work(
      app,
      'policy-delivery',
      { deliveryMethod: 'email', deliveredOn: '2026-03-20', serviceContact: '95500' },
      'receptionist',
    );
    await work(app, 'customer-check', { policyCorrect: true }, 'receptionist');
    const issued = await work(app, 'insurance-notice', notice, 'receptionist');
    expect(issued).toMatchObject({ status: 'completed', outcome: 'issued' });

    // And the consultation ends as a sale, knowing the application's outcome and policy
    const parent = await untilStatus(t, c.id, 'completed');
    expect(parent.outcome).toBe('purchased');
    expect(parent.variables).toMatchObject({
      applicationOutcome: 'issued',
      policyNumber: 'PL-2026-000123',
    });
    const ph = await history(t, c.id);
    expect(
      ph
        .filter((e) => e.type.startsWith('call.') || e.type.startsWith('instance.'))
        .map((e) => e.type),
    ).toEqual(['instance.started', 'call.started', 'call.completed', 'instance.completed']);

    // And the application's history shows each step in order, both waits and the join
    const h = await history(t, app);
    expect(completedNodes(h)).toEqual([
      'material-intake',
      'completeness-check',
      'completeness-check',
      'compliance-review',
      'lob-review',
      'plan-design',
      'plan-explanation',
      'plan-design',
      'plan-explanation',
      'application-form',
      'insured-reviews',
      'rated-consent',
      'contract',
      'policy-delivery',
      'customer-check',
      'correct-policy',
      'policy-delivery',
      'customer-check',
      'insurance-notice',
    ]);
    expect(nodesOf(h, 'message.correlated')).toEqual(['await-supplement', 'await-payment']);
    expect(nodesOf(h, 'gateway.joined')).toEqual(['review-join']);
    expect(
      h.filter((e) => e.type === 'sla.paused' || e.type === 'sla.resumed').map((e) => e.type),
    ).toEqual(['sla.paused', 'sla.resumed']);

    // And every clock was met: two completeness checks, three reviews (the insured's too), the decision
    const all = await probe.clocks(app);
    expect(all.map((k) => [k.slaId, k.state]).sort()).toEqual([
      ['policy-application-completeness', 'met'],
      ['policy-application-completeness', 'met'],
      ['policy-application-decision', 'met'],
      ['policy-application-review', 'met'],
      ['policy-application-review', 'met'],
      ['policy-application-review', 'met'],
    ]);
  });
});

describe('policy application (P2) started at the counter', () => {
  it('sends invalid material back to the customer, waits, reviews again, then declines', async () => {
    // Given an accident application handed in at the counter
    const monday = T0 + 6 * WEEK; // 13 April 2026
    moveTo(monday);
    const APP = 'A20260413001';
    const app = await startInstance(
      t,
      'policy-application',
      { applicationNumber: APP },
      { as: 'receptionist', version: 2 },
    );
    expect((app as unknown as { businessKey: string }).businessKey).toBe(`APP-${APP}`);
    await work(app.id, 'material-intake', intake(APP, 'accident'), 'receptionist');
    await work(app.id, 'completeness-check', { complete: true }, 'receptionist');

    // When the review finds the application form unsigned while compliance is clear
    await work(app.id, 'compliance-review', clearCompliance, 'compliance');
    moveTo(monday + 2 * HOUR);
    const back = await work(
      app.id,
      'lob-review',
      {
        authentic: true,
        lawfulAndValid: false,
        occupationClass: '3',
        result: 'invalid',
        problems: '投保申請表未簽名。',
      },
      'underwriter',
    );

    // Then the customer is told to correct it and the case waits, its decision clock paused
    expect(back.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-supplement', waitingFor: 'message' }),
    ]);
    expect(back.variables).toMatchObject({ lobResult: 'invalid', supplementRounds: 1 });
    const paused = (await probe.clock(app.id, 'policy-application-decision'))!;
    expect(paused.state).toBe('paused');
    near(paused.elapsedMs, 2 * HOUR);

    // When the signed form arrives, the material is checked and reviewed again
    moveTo(monday + 3 * DAY);
    expect(
      await fromCustomer(
        'application-supplement',
        APP,
        { items: ['application-form'] },
        `${APP}-s1`,
      ),
    ).toMatchObject({ status: 'correlated' });
    await work(app.id, 'completeness-check', { complete: true }, 'receptionist');
    await work(app.id, 'compliance-review', clearCompliance, 'compliance');
    await work(
      app.id,
      'lob-review',
      { authentic: true, lawfulAndValid: true, occupationClass: '3', result: 'ok' },
      'underwriter',
    );
    await work(app.id, 'plan-design', plan(100_000_000), 'receptionist');
    await work(
      app.id,
      'plan-explanation',
      { explained: true, questions: [], planAccepted: true },
      'receptionist',
    );
    await work(
      app.id,
      'application-form',
      { ...applicationForm, planSumInsured: 100_000_000 },
      'receptionist',
    );

    // And the underwriter declines
    const declined = await work(
      app.id,
      'underwriting',
      {
        riskAssessment: '高空作業，風險超出承保範圍。',
        decision: 'decline',
        declineReasons: '職業風險過高。',
      },
      'underwriter',
    );

    // Then the application ends as declined, with the decision in time
    expect(declined).toMatchObject({ status: 'completed', outcome: 'declined' });
    const h = await history(t, app.id);
    expect(completedNodes(h)).toEqual([
      'material-intake',
      'completeness-check',
      'compliance-review',
      'lob-review',
      'completeness-check',
      'compliance-review',
      'lob-review',
      'plan-design',
      'plan-explanation',
      'application-form',
      'underwriting',
    ]);
    expect(nodesOf(h, 'node.entered').filter((n) => n === 'notify-customer')).toHaveLength(1);
    // the three days waiting for the customer did not count
    const decision = (await probe.clock(app.id, 'policy-application-decision'))!;
    expect(decision.state).toBe('met');
    near(decision.elapsedMs, 2 * HOUR);
    expect((await clocksOf(app.id, 'policy-application-review')).map((k) => k.state)).toEqual([
      'met',
      'met',
      'met',
      'met',
    ]);
  });

  it('ends as refused by compliance when the anti-money-laundering check hits, cancelling the decision clock', async () => {
    // Given a complete application under review
    const monday = T0 + 7 * WEEK; // 20 April 2026
    moveTo(monday);
    const APP = 'A20260420001';
    const app = await startInstance(
      t,
      'policy-application',
      { applicationNumber: APP },
      { as: 'receptionist' },
    );
    await work(app.id, 'material-intake', intake(APP, 'life'), 'receptionist');
    await work(app.id, 'completeness-check', { complete: true }, 'receptionist');
    await work(
      app.id,
      'lob-review',
      { authentic: true, lawfulAndValid: true, beneficiaryChecked: true, result: 'ok' },
      'underwriter',
    );

    // When compliance finds a money-laundering risk (the findings are required)
    expect(
      await refused(
        app.id,
        'compliance-review',
        { amlResult: 'hit', fraudResult: 'clear' },
        'compliance',
      ),
    ).toEqual(['/data/complianceFindings']);
    const done = await work(
      app.id,
      'compliance-review',
      {
        amlResult: 'hit',
        fraudResult: 'clear',
        complianceFindings: '資金來源不明，大額現金繳費。',
      },
      'compliance',
    );

    // Then the application ends as refused, and the decision clock is cancelled, not met
    expect(done).toMatchObject({ status: 'completed', outcome: 'refused-compliance' });
    expect(done.variables).toMatchObject({ complianceHit: true, amlResult: 'hit' });
    expect((await probe.clock(app.id, 'policy-application-decision'))?.state).toBe('cancelled');
    const h = await history(t, app.id);
    const end = h.findIndex((e) => e.type === 'instance.completed');
    expect(h[end - 2]).toMatchObject({ type: 'node.entered', nodeId: 'refused-compliance' });
    // the compliance review's own clock stops with its task, the decision clock is cancelled
    expect(h.slice(end + 1).map((e) => [e.type, e.data?.slaId])).toEqual([
      ['sla.stopped', 'policy-application-review'],
      ['sla.cancelled', 'policy-application-decision'],
    ]);
  });

  it('breaches the completeness check, takes the premium at the counter and deems the policy checked after 15 silent days', async () => {
    // Given a health application handed in on a Monday morning
    const monday = T0 + 8 * WEEK; // 27 April 2026
    moveTo(monday);
    const APP = 'A20260427001';
    const app = await startInstance(
      t,
      'policy-application',
      { applicationNumber: APP },
      { as: 'receptionist', version: 2 },
    );
    await work(app.id, 'material-intake', intake(APP, 'health'), 'receptionist');
    const check = await probe.openTask(app.id, 'completeness-check');
    const clock0 = (await clocksOf(app.id, 'policy-application-completeness'))[0]!;
    expect(clock0).toMatchObject({ state: 'running', targetMs: 8 * HOUR, taskId: check.id });
    near(clock0.dueAt, monday + DAY);

    // When nobody checks the material until Tuesday 09:30
    moveTo(monday + DAY + 30 * MIN);
    const breached = await t.until(async () => {
      const [k] = await clocksOf(app.id, 'policy-application-completeness');
      return k?.state === 'breached' ? k : null;
    }, 'completeness breach');

    // Then the warnings and the breach fired once each, the priority rose to 90
    expect(breached.thresholdsFired).toEqual([50, 80]);
    near(breached.breachedAt, monday + DAY);
    expect(await priorityOf(check.id)).toBe(90);
    expect(
      (await notificationsOf('supervisor', app.id)).map((n) => [n.kind, n.data.slaId]),
    ).toEqual([['sla.breach', 'policy-application-completeness']]);
    expect(
      (await notificationsOf('receptionist', app.id)).map((n) => n.data.percent).sort(),
    ).toEqual([50, 80]);

    // When the work goes on: health details are declared and reviewed (kept masked)
    await work(app.id, 'completeness-check', { complete: true }, 'receptionist');
    await work(app.id, 'compliance-review', clearCompliance, 'compliance');
    expect(
      await refused(
        app.id,
        'lob-review',
        { authentic: true, lawfulAndValid: true, result: 'ok' },
        'underwriter',
      ),
    ).toEqual(['/data/healthDeclarationChecked']);
    await work(
      app.id,
      'lob-review',
      {
        authentic: true,
        lawfulAndValid: true,
        healthDeclarationChecked: true,
        healthFindings: '高血壓，控制良好',
        result: 'ok',
      },
      'underwriter',
    );
    await work(app.id, 'plan-design', plan(100_000_000), 'receptionist');
    await work(
      app.id,
      'plan-explanation',
      { explained: true, questions: [], planAccepted: true },
      'receptionist',
    );
    await work(
      app.id,
      'application-form',
      {
        ...applicationForm,
        planSumInsured: 100_000_000,
        insuredIsApplicant: false,
        insuredName: '李大明',
        insuredIdNumber: '310115199208174565',
        hasHealthConditions: true,
        healthDetails: '高血壓五年，服藥控制',
      },
      'receptionist',
    );
    const vars = (await getInstance(t, app.id)).variables;
    expect(vars.healthFindings).not.toBe('高血壓，控制良好');
    expect(vars.healthDetails).not.toBe('高血壓五年，服藥控制');
    expect(vars.insuredIdNumber).toBe('3****************5');
    expect(vars.idNumber).toBe('1****************1');

    await work(
      app.id,
      'underwriting',
      { riskAssessment: '血壓控制良好，標準體。', decision: 'accept', premium: 800_000 },
      'underwriter',
    );
    const atCounter = await work(
      app.id,
      'contract',
      {
        policyNumber: 'PL-2026-000456',
        contractSignedOn: '2026-04-28',
        rightsAndDutiesExplained: true,
        paymentMethod: 'counter',
      },
      'receptionist',
    );

    // Then the premium is taken at the counter, prefilled with the premium due
    expect(atCounter.tokens).toEqual([
      expect.objectContaining({ nodeId: 'record-payment', waitingFor: 'task' }),
    ]);
    const pay = await probe.openTask(app.id, 'record-payment');
    const payView = await t.api('GET', `/api/tasks/${pay.id}`, undefined, { as: 'receptionist' });
    expect(payView.body.prefill).toMatchObject({ amountPaid: 800_000 });
    await work(
      app.id,
      'record-payment',
      { amountPaid: 800_000, paidAt: '2026-04-28T03:00:00Z', receiptNumber: 'R-0001' },
      'receptionist',
    );
    const sent = await work(
      app.id,
      'policy-delivery',
      { deliveryMethod: 'counter', deliveredOn: '2026-04-28', serviceContact: '95500' },
      'receptionist',
    );
    expect(sent.tokens).toEqual([expect.objectContaining({ nodeId: 'customer-check' })]);
    const checkTask = await probe.openTask(app.id, 'customer-check');

    // When the customer says nothing for 15 days
    moveTo(t.clock.now() + 15 * DAY + MIN);
    await untilAt(t, app.id, 'insurance-notice');

    // Then the check task is withdrawn and the policy counts as checked
    expect((await t.sql(`SELECT status FROM tasks WHERE id = $1`, [checkTask.id]))[0].status).toBe(
      'cancelled',
    );
    expect((await getInstance(t, app.id)).variables).toMatchObject({
      policyCorrect: true,
      policyCheckDeemed: true,
    });
    const done = await work(
      app.id,
      'insurance-notice',
      { ...notice, noticeChannel: 'sms' },
      'receptionist',
    );
    expect(done).toMatchObject({ status: 'completed', outcome: 'issued' });
    const h = await history(t, app.id);
    expect(nodesOf(h, 'timer.fired')).toEqual(['check-period-over']);
    expect(h.findIndex((e) => e.type === 'timer.fired')).toBeLessThan(
      h.findIndex((e) => e.type === 'node.entered' && e.nodeId === 'deemed-correct'),
    );
    expect(nodesOf(h, 'message.awaited')).toEqual([]);
    const states = (await probe.clocks(app.id)).map((k) => [k.slaId, k.state]).sort();
    expect(states).toEqual([
      ['policy-application-completeness', 'breached'],
      ['policy-application-decision', 'met'],
      ['policy-application-review', 'met'],
      ['policy-application-review', 'met'],
    ]);
  });
  it('closes the application when the customer never supplies the material, or never pays the premium', async () => {
    // Given two life applications on Monday 1 June 2026: one waits for the customer's material,
    // the other reaches its contract with an online payment
    const monday = Date.parse('2026-06-01T01:00:00Z');
    moveTo(monday);
    const waiting = await startInstance(
      t,
      'policy-application',
      { applicationNumber: 'A20260601001' },
      { as: 'receptionist' },
    );
    await work(waiting.id, 'material-intake', intake('A20260601001', 'life'), 'receptionist');
    await work(
      waiting.id,
      'completeness-check',
      { complete: false, missingItems: ['id-proof', 'health-declaration'] },
      'receptionist',
    );
    await untilAt(t, waiting.id, 'await-supplement');

    const unpaid = await startInstance(
      t,
      'policy-application',
      { applicationNumber: 'A20260601002' },
      { as: 'receptionist', version: 2 },
    );
    await work(unpaid.id, 'material-intake', intake('A20260601002', 'life'), 'receptionist');
    await work(unpaid.id, 'completeness-check', { complete: true }, 'receptionist');
    await work(unpaid.id, 'compliance-review', clearCompliance, 'compliance');
    await work(
      unpaid.id,
      'lob-review',
      { authentic: true, lawfulAndValid: true, beneficiaryChecked: true, result: 'ok' },
      'underwriter',
    );
    await work(unpaid.id, 'plan-design', plan(100_000_000), 'receptionist');
    await work(
      unpaid.id,
      'plan-explanation',
      { explained: true, questions: [], planAccepted: true },
      'receptionist',
    );
    await work(
      unpaid.id,
      'application-form',
      { ...applicationForm, planSumInsured: 100_000_000 },
      'receptionist',
    );
    await work(
      unpaid.id,
      'underwriting',
      { riskAssessment: '標準體。', decision: 'accept', premium: 900_000 },
      'underwriter',
    );
    const signed = await work(
      unpaid.id,
      'contract',
      {
        policyNumber: 'PL-2026-000789',
        contractSignedOn: '2026-06-01',
        rightsAndDutiesExplained: true,
        paymentMethod: 'online',
      },
      'receptionist',
    );
    expect(signed.tokens).toEqual([
      expect.objectContaining({ nodeId: 'await-payment', waitingFor: 'message' }),
    ]);

    // When thirty days pass without a word from either customer
    moveTo(monday + 30 * DAY + MIN);

    // Then the first application closes as lapsed, its paused decision clock cancelled
    const lapsed = await untilStatus(t, waiting.id, 'completed');
    expect(lapsed.outcome).toBe('lapsed');
    expect((await probe.clock(waiting.id, 'policy-application-decision'))?.state).toBe('cancelled');
    const h = await history(t, waiting.id);
    expect(nodesOf(h, 'timer.fired')).toEqual(['supplement-deadline']);
    expect(nodesOf(h, 'message.correlated')).toEqual([]);
    // and material sent afterwards finds no case waiting for it
    expect(
      await fromCustomer(
        'application-supplement',
        'A20260601001',
        { items: ['id-proof'] },
        'A20260601001-late',
      ),
    ).toMatchObject({ status: 'buffered' });

    // And the second closes as unpaid, its decision having been met long before
    const closed = await untilStatus(t, unpaid.id, 'completed');
    expect(closed.outcome).toBe('unpaid');
    expect(nodesOf(await history(t, unpaid.id), 'timer.fired')).toEqual(['payment-deadline']);
    expect((await probe.clock(unpaid.id, 'policy-application-decision'))?.state).toBe('met');
  });
});
