/**
 * Underwriting in the shipped policy application, version 3 (issues 19 and 20, item 5): one
 * review per insured person, all open at once and done in any order, the reviews collected in
 * the order the application lists the insureds; then the `underwriting` decision table decides
 * accept, accept with rating or decline, and the case goes on to the contract, to the
 * applicant's consent to the rated terms (15-day deadline) or to a decline letter with the
 * reasons. Each rule group of the table is tried through `POST /api/decisions/underwriting/evaluate`.
 * Through the HTTP API, with the real engine, PostgreSQL and Redis.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
  complete,
  getInstance,
  history,
  settle,
  startInstance,
  tasksOf,
  untilStatus,
} from '../helpers/scenario.ts';
import { slaProbe } from '../fixtures/slas.ts';
import { clearCompliance, intake, plan } from '../fixtures/policy-application.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
/** Monday 2 March 2026, 09:00 in Beijing. */
const T0 = Date.parse('2026-03-02T01:00:00Z');

let t: TestEngine;
let probe: ReturnType<typeof slaProbe>;
beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: new Date(T0).toISOString() });
  probe = slaProbe(t);
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

/** An insured person as the application form lists them; `declared` answers one health question yes. */
const person = (
  name: string,
  relation: string,
  dateOfBirth: string,
  idNumber: string,
  declared = false,
) => ({
  name,
  relation,
  dateOfBirth,
  idNumber,
  hospitalised: declared,
  underTreatment: false,
  seriousIllness: false,
  smoker: false,
  ...(declared ? { healthDetails: '2025 年因膽結石住院五日，已手術治癒。' } : {}),
});
const SELF = person('李小明', 'self', '1988-03-05', '110105198803051231');
const SPOUSE = person('王美麗', 'spouse', '1990-05-20', '31010419900520004X');
const CHILD = person('李小寶', 'child', '2015-08-10', '310104201508100032');
const FAMILY = [SELF, SPOUSE, CHILD];

async function work(instanceId: string, nodeId: string, data: object, as: UserName) {
  const task = await probe.openTask(instanceId, nodeId);
  return complete(t, task.id, data as Record<string, unknown>, as);
}

/** Starts an application (the latest version) and takes it to the reviews of its insureds. */
async function toReviews(
  applicationNumber: string,
  insureds: object[],
  planSumInsured = 120_000_000,
): Promise<string> {
  const app = await startInstance(
    t,
    'policy-application',
    { applicationNumber },
    { as: 'receptionist' },
  );
  expect(app.processVersion).toBe(3);
  await work(app.id, 'material-intake', intake(applicationNumber, 'life'), 'receptionist');
  await work(app.id, 'completeness-check', { complete: true }, 'receptionist');
  await work(app.id, 'compliance-review', clearCompliance, 'compliance');
  const lob = { authentic: true, lawfulAndValid: true, beneficiaryChecked: true, result: 'ok' };
  await work(app.id, 'lob-review', lob, 'underwriter');
  await work(app.id, 'plan-design', plan(planSumInsured), 'receptionist');
  const explained = { explained: true, questions: [], planAccepted: true };
  await work(app.id, 'plan-explanation', explained, 'receptionist');
  await work(
    app.id,
    'application-form',
    {
      productName: '安心終身壽險',
      planSumInsured,
      planTermYears: 20,
      insureds,
      beneficiaries: [],
      applicationChecked: true,
    },
    'receptionist',
  );
  return app.id;
}

/** The open review tasks of an application, by the insured each one is for (from its prefill). */
async function reviewsByName(instanceId: string): Promise<Map<string, string>> {
  const open = (await tasksOf(t, instanceId)).filter((k) => k.node_id === 'insured-reviews');
  const byName = new Map<string, string>();
  for (const task of open) {
    const view = await t.api('GET', `/api/tasks/${task.id}`, undefined, { as: 'underwriter' });
    expect(view.status).toBe(200);
    byName.set(String(view.body.prefill.insuredName), task.id);
  }
  return byName;
}

const standard = (insured: { name: string; dateOfBirth: string }, standardPremium: number) => ({
  insuredName: insured.name,
  insuredDateOfBirth: insured.dateOfBirth,
  finding: 'standard',
  standardPremium,
});
const rated = (
  insured: { name: string; dateOfBirth: string },
  standardPremium: number,
  extraPremiumPercent: number,
  findingReasons: string,
) => ({
  ...standard(insured, standardPremium),
  finding: 'rated',
  extraPremiumPercent,
  findingReasons,
});

/** Reviews every insured: `findings` by name, completed in the order given. */
async function review(instanceId: string, findings: [string, object][]) {
  const tasks = await reviewsByName(instanceId);
  expect([...tasks.keys()].sort()).toEqual(findings.map(([name]) => name).sort());
  let last;
  for (const [name, data] of findings)
    last = await complete(t, tasks.get(name)!, data as Record<string, unknown>, 'underwriter');
  return last!;
}

describe('one review per insured person', () => {
  it('opens three reviews at once, takes them in any order and collects them in the insureds’ order; all standard: accept', async () => {
    // Given an application for a family of three
    const app = await toReviews('A20260302001', FAMILY);

    // Then one review is open per insured, each with its insured filled in
    const tasks = await reviewsByName(app);
    expect([...tasks.keys()].sort()).toEqual(['李小寶', '李小明', '王美麗'].sort());
    const waiting = await getInstance(t, app);
    expect(waiting.tokens.map((k) => `${k.nodeId}:${k.waitingFor}`).sort()).toEqual([
      'insured-reviews:multiInstance',
      'insured-reviews:task',
      'insured-reviews:task',
      'insured-reviews:task',
    ]);
    const childTask = await t.api('GET', `/api/tasks/${tasks.get('李小寶')}`, undefined, {
      as: 'underwriter',
    });
    expect(childTask.body.prefill).toMatchObject({ insuredDateOfBirth: '2015-08-10' });

    // When the child is reviewed first, then the spouse, the applicant last
    await complete(t, tasks.get('李小寶')!, standard(CHILD, 300_000), 'underwriter');
    await complete(t, tasks.get('王美麗')!, standard(SPOUSE, 500_000), 'underwriter');
    const midway = await getInstance(t, app);
    expect(midway.tokens.map((k) => k.nodeId)).toEqual(['insured-reviews', 'insured-reviews']);
    expect(midway.variables).not.toHaveProperty('underwritingReviews');
    const done = await complete(t, tasks.get('李小明')!, standard(SELF, 1_000_000), 'underwriter');

    // Then the reviews stand in the application's order, with each insured's age that day
    expect(done.variables.underwritingReviews).toEqual([
      {
        name: '李小明',
        relation: 'self',
        age: 37,
        finding: 'standard',
        extraPremiumPercent: 0,
        standardPremium: 1_000_000,
        reasons: null,
      },
      {
        name: '王美麗',
        relation: 'spouse',
        age: 35,
        finding: 'standard',
        extraPremiumPercent: 0,
        standardPremium: 500_000,
        reasons: null,
      },
      {
        name: '李小寶',
        relation: 'child',
        age: 10,
        finding: 'standard',
        extraPremiumPercent: 0,
        standardPremium: 300_000,
        reasons: null,
      },
    ]);
    // and nothing of one review leaks into the case
    expect(done.variables).not.toHaveProperty('finding');
    expect(done.variables).not.toHaveProperty('insured');

    // And the table accepts at the standard rate: the premium is the three standard premiums
    expect(done.variables).toMatchObject({
      underwriting: { outcome: 'accept', reason: 'standard', extraPremiumPercent: 0 },
      underwritingOutcome: 'accept',
      premium: 1_800_000,
    });
    expect(done.tokens.map((k) => k.nodeId)).toEqual(['contract']);
    const evaluated = (await history(t, app)).find((h) => h.type === 'decision.evaluated');
    expect(evaluated).toMatchObject({
      nodeId: 'underwriting',
      data: { decision: 'underwriting', version: 1, matched: [6] },
    });

    // And the decision came in time; each insured's review had its own clock
    expect((await probe.clock(app, 'policy-application-decision'))?.state).toBe('met');
    const reviewClocks = (await probe.clocks(app)).filter(
      (k) => k.slaId === 'policy-application-review',
    );
    expect(reviewClocks.map((k) => k.state)).toEqual(['met', 'met', 'met', 'met', 'met']);
  });

  it('keeps the insureds’ identity numbers masked in the collected application', async () => {
    const app = await toReviews('A20260302002', [SELF]);
    const view = await getInstance(t, app);
    const [insured] = view.variables.insureds as { idNumber: string; name: string }[];
    expect(insured!.name).toBe('李小明');
    expect(insured!.idNumber).not.toBe(SELF.idNumber);
    expect(JSON.stringify(view.variables)).not.toContain(SELF.idNumber);
  });
});

describe('the outcome’s paths', () => {
  it('rating accepted: the highest extra premium any review asked for, the applicant consents, then the contract', async () => {
    const app = await toReviews('A20260302003', [SELF, SPOUSE]);
    const done = await review(app, [
      ['王美麗', rated(SPOUSE, 500_000, 50, '甲狀腺功能亢進，治療中。')],
      ['李小明', standard(SELF, 1_000_000)],
    ]);
    expect(done.variables).toMatchObject({
      underwritingOutcome: 'accept-rated',
      underwritingReason: 'review-rating',
      extraPremiumPercent: 50,
      premium: 2_250_000,
    });
    expect(done.tokens.map((k) => k.nodeId)).toEqual(['rated-consent']);

    // The receptionist puts the terms to the applicant, filled in from the decision
    const consent = await probe.openTask(app, 'rated-consent');
    const view = await t.api('GET', `/api/tasks/${consent.id}`, undefined, { as: 'receptionist' });
    expect(view.body.prefill).toEqual({
      extraPremiumPercent: 50,
      premium: 2_250_000,
      ratingReasons: '王美麗：甲狀腺功能亢進，治療中。',
    });
    const signed = await complete(
      t,
      consent.id,
      {
        extraPremiumPercent: 50,
        premium: 2_250_000,
        ratedTermsAccepted: true,
        answeredOn: '2026-03-02',
      },
      'receptionist',
    );
    expect(signed.tokens.map((k) => k.nodeId)).toEqual(['contract']);
    expect(signed.variables.ratedTermsAccepted).toBe(true);
  });

  it('rating refused: the application closes as refused', async () => {
    const app = await toReviews('A20260302004', [SELF]);
    await review(app, [['李小明', rated(SELF, 1_000_000, 100, '體重指數 34，高血壓。')]]);
    const refused = await work(
      app,
      'rated-consent',
      {
        extraPremiumPercent: 100,
        premium: 2_000_000,
        ratedTermsAccepted: false,
        answeredOn: '2026-03-02',
      },
      'receptionist',
    );
    expect(refused.status).toBe('completed');
    expect(refused.outcome).toBe('rated-refused');
  });

  it('a rating the table adds (56 or over, a condition declared, over a million yuan), unanswered for 15 days: closed', async () => {
    // Given a 58-year-old who declared a stay in hospital, for 2 million yuan, found standard
    const father = person('李大明', 'self', '1968-01-15', '440305196801150031', true);
    const app = await toReviews('A20260302005', [father], 200_000_000);
    const decided = await review(app, [['李大明', standard(father, 4_000_000)]]);

    // Then the table asks for the minimum loading
    expect(decided.variables).toMatchObject({
      underwritingOutcome: 'accept-rated',
      underwritingReason: 'senior-health-loading',
      extraPremiumPercent: 25,
      premium: 5_000_000,
    });
    const consent = await probe.openTask(app, 'rated-consent');

    // When the applicant does not answer within 15 days
    t.clock.advance(15 * DAY + 60_000);
    await settle(t);

    // Then the application closes and the consent task is withdrawn
    const closed = await untilStatus(t, app, 'completed');
    expect(closed.outcome).toBe('rated-lapsed');
    expect((await tasksOf(t, app, 'cancelled')).map((k) => k.id)).toEqual([consent.id]);
  });

  it('decline: one uninsurable insured declines the application; the letter gives the reviewer’s reasons', async () => {
    const app = await toReviews('A20260302006', FAMILY);
    const done = await review(app, [
      ['李小明', standard(SELF, 1_000_000)],
      [
        '李小寶',
        {
          insuredName: CHILD.name,
          insuredDateOfBirth: CHILD.dateOfBirth,
          finding: 'decline',
          findingReasons: '先天性心臟病，未手術。',
        },
      ],
      ['王美麗', standard(SPOUSE, 500_000)],
    ]);
    expect(done.variables).toMatchObject({
      underwritingOutcome: 'decline',
      underwritingReason: 'review-decline',
    });
    expect(
      (done.variables.underwritingReviews as { finding: string }[]).map((r) => r.finding),
    ).toEqual(['standard', 'standard', 'decline']);
    expect(done.tokens.map((k) => k.nodeId)).toEqual(['decline-letter']);

    const letter = await probe.openTask(app, 'decline-letter');
    const view = await t.api('GET', `/api/tasks/${letter.id}`, undefined, { as: 'underwriter' });
    expect(view.body.prefill).toEqual({
      declineReason: 'review-decline',
      letterReasons: '李小寶：先天性心臟病，未手術。',
    });
    const sent = await complete(
      t,
      letter.id,
      {
        declineReason: 'review-decline',
        letterReasons: '被保險人李小寶患先天性心臟病，未經手術治療，本公司未能承保。',
        sentVia: 'post',
        sentOn: '2026-03-02',
      },
      'underwriter',
    );
    expect(sent.status).toBe('completed');
    expect(sent.outcome).toBe('declined');
    expect((await probe.clock(app, 'policy-application-decision'))?.state).toBe('met');
  });
});

// ---------------------------------------------------------------------------------------------

type Finding = { finding: string; extraPremiumPercent?: number };
/** What the table reads: the reviews' findings, the insureds' birth dates and declarations, the sum. */
const inputs = (
  findings: Finding[],
  births: [string, boolean][],
  sumYuan: number,
): Record<string, unknown> => ({
  underwritingReviews: findings.map((f) => ({ extraPremiumPercent: 0, ...f })),
  insureds: births.map(([dateOfBirth, declared]) => ({
    dateOfBirth,
    hospitalised: declared,
    underTreatment: false,
    seriousIllness: false,
  })),
  planSumInsured: sumYuan * 100,
});
const STD = { finding: 'standard' };
const ratedBy = (extraPremiumPercent: number) => ({ finding: 'rated', extraPremiumPercent });
// ages on the engine's clock (spring 2026): born mid-January, so the age holds until next January
const AGED = (age: number) => `${2026 - age}-01-15`;

describe('the underwriting decision table, rule group by rule group', () => {
  const cases: [string, Record<string, unknown>, string, string, number][] = [
    // a review's decline wins over everything, even an age or sum that would also decline
    [
      'review decline',
      inputs([STD, { finding: 'decline' }], [[AGED(70), true]], 9_000_000),
      'review-decline',
      'decline',
      0,
    ],
    // the highest entry age: 65 in, 66 out
    [
      'age 66',
      inputs(
        [STD],
        [
          [AGED(30), false],
          [AGED(66), false],
        ],
        500_000,
      ),
      'over-age',
      'decline',
      0,
    ],
    [
      'age 65',
      inputs([STD], [[AGED(65), false]], 500_000),
      'standard-senior-small-sum',
      'accept',
      0,
    ],
    // the highest sum insured: 5 million in, a yuan more out
    [
      '5,000,001 yuan',
      inputs([ratedBy(50)], [[AGED(40), false]], 5_000_001),
      'over-sum-limit',
      'decline',
      0,
    ],
    [
      '5,000,000 yuan',
      inputs([STD], [[AGED(40), false]], 5_000_000),
      'standard-under-56',
      'accept',
      0,
    ],
    // the rating limit: 150 % in (the highest of the reviews), 175 % out
    [
      'rated 150',
      inputs([ratedBy(25), ratedBy(150), STD], [[AGED(40), true]], 800_000),
      'review-rating',
      'accept-rated',
      150,
    ],
    [
      'rated 175',
      inputs([ratedBy(175)], [[AGED(40), true]], 800_000),
      'over-rating-limit',
      'decline',
      0,
    ],
    // the senior loading: 56, declared, over a million; not at 55, a million, or nothing declared
    [
      '56 declared 1,000,001',
      inputs([STD], [[AGED(56), true]], 1_000_001),
      'senior-health-loading',
      'accept-rated',
      25,
    ],
    [
      '56 declared 1,000,000',
      inputs([STD], [[AGED(56), true]], 1_000_000),
      'standard-senior-small-sum',
      'accept',
      0,
    ],
    [
      '56 undeclared 2,000,000',
      inputs([STD], [[AGED(56), false]], 2_000_000),
      'standard-senior-no-declaration',
      'accept',
      0,
    ],
    [
      '55 declared 2,000,000',
      inputs([STD], [[AGED(55), true]], 2_000_000),
      'standard-under-56',
      'accept',
      0,
    ],
  ];
  it.each(
    cases.map(([name, variables, rule, outcome, extra]) => ({
      name,
      variables,
      rule,
      outcome,
      extra,
    })),
  )('$name: rule $rule, $outcome', async ({ variables, rule, outcome, extra }) => {
    const res = await t.api(
      'POST',
      '/api/decisions/underwriting/evaluate',
      { inputs: variables },
      { as: 'designer' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.outcome).toBe('decided');
    expect(res.body.matched.map((m: { id: string }) => m.id)).toEqual([rule]);
    expect(res.body.result).toMatchObject({ outcome, extraPremiumPercent: extra });
  });

  it('is lint clean as shipped, and the lint would catch two rules that overlap', async () => {
    const table = JSON.parse(
      await readFile(join(SHIPPED, 'decisions/underwriting/v1.json'), 'utf8'),
    ) as { rules: { id: string; inputEntries: string[] }[] };
    const clean = await t.api('POST', '/api/definitions/validate', {
      kind: 'decision',
      body: table,
    });
    expect(clean.body).toEqual({ valid: true, problems: [], warnings: [] });

    // a designer who widens "under 56" to "56 or under" makes it overlap the senior rules
    const widened = structuredClone(table);
    const young = widened.rules.findIndex((r) => r.id === 'standard-under-56');
    widened.rules[young]!.inputEntries[2] = '<= 56';
    const overlap = await t.api('POST', '/api/definitions/validate', {
      kind: 'decision',
      body: widened,
    });
    expect(overlap.body.valid).toBe(false);
    expect(overlap.body.problems).toContainEqual(
      expect.objectContaining({ code: 'CW_ERR_DEF_DECISION_OVERLAP' }),
    );
  });
});
