/**
 * The shipped claim process, version 6 (issues 19 and 20, item 5), through the HTTP API on the
 * real definitions and plugins folders, with the bank-transfer plugin against a bank over real
 * HTTP (tests/fixtures/fake-bank.ts):
 * - the claim triage (decision table claim-triage v1) at acceptance: a small accident claim on
 *   an old policy takes the fast track (straight to the review, no first-contact call), a large
 *   one the standard route (the first contact and its 24-hour clock), a claim 17 days into its
 *   policy goes to compliance's investigation, which sends it on or refuses it for false
 *   material (the 30-day decision clock stops there);
 * - the payment: a bank transfer through `bank-transfer/pay`; the bank refuses a closed account
 *   (`ACCOUNT_CLOSED`), the error boundary opens "correct the bank details" for the payment
 *   team with the bank's code and words, and the corrected account is paid, all under one
 *   10-day payment clock (Insurance Law art. 23); a cheque is paid by hand; an unconfigured
 *   plugin is an incident naming the missing field, paid once configured and retried.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBank, type Bank } from '../fixtures/fake-bank.ts';
import { slaProbe, type ClockJson } from '../fixtures/slas.ts';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { SHIPPED_PLUGINS } from '../helpers/notices.ts';
import {
  DAY,
  HOUR,
  complete,
  getInstance,
  history,
  startInstance,
  untilAt,
} from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const T0 = '2026-03-02T01:00:00Z'; // Monday 09:00 in Beijing
/** How far the real-speed test clock may run on besides its jumps while a test works. */
const SLACK = 30_000;

let t: TestEngine;
let bank: Bank;
let probe: ReturnType<typeof slaProbe>;

beforeAll(async () => {
  // a bank whose accounts may receive up to 1,000,000 yuan (in fen)
  bank = await startBank({ limit: 100_000_000 });
  t = await startTestEngine({ definitions: SHIPPED, pluginsDir: SHIPPED_PLUGINS, start: T0 });
  probe = slaProbe(t);
  // the shipped definitions and plugins load in seconds on a quiet machine, a minute at load 30
}, 180_000);
afterAll(async () => {
  await t?.close();
  await bank?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

const configureBank = async () => {
  const config = await t.api('PUT', '/api/plugins/bank-transfer/config', {
    config: { baseUrl: bank.url },
  });
  expect(config.status).toBe(204);
  const secrets = await t.api('PUT', '/api/plugins/bank-transfer/secrets', {
    secrets: { apiKey: 'bank-key-0123456789' },
  });
  expect(secrets.status).toBe(204);
};

let policySeq = 0;
/** A claim form as a customer fills it in: an accident on 27 February, 20,000 yuan by transfer. */
const application = (extra: Record<string, unknown> = {}) => ({
  policyNumber: `PL-V6-${++policySeq}`,
  claimantName: '陳美玲',
  idNumber: '110105198001011238',
  mobile: '13812345678',
  relationToInsured: 'self',
  incidentDate: '2026-02-27',
  incidentPlace: '台北市信義區松仁路100號',
  incidentDescription: '下樓梯時跌倒，左腕骨折。',
  claimType: 'accident',
  amountClaimed: 2_000_000,
  paymentMethod: 'bank-transfer',
  bankName: '中國工商銀行',
  accountHolder: '陳美玲',
  bankAccount: '6222020200112233445',
  ...extra,
});

const openTask = async (id: string, nodeId: string) => (await probe.openTask(id, nodeId)).id;
const work = async (id: string, nodeId: string, as: UserName, data: Record<string, unknown>) =>
  complete(t, await openTask(id, nodeId), data, as);
const openNodes = async (id: string) =>
  (await t.sql(`SELECT node_id FROM tasks WHERE instance_id = $1 AND status = 'open'`, [id])).map(
    (r) => r.node_id as string,
  );
const clockOf = async (id: string, slaId: string): Promise<ClockJson | undefined> =>
  probe.clock(id, slaId);

/** A new claim of the latest version, checked complete and accepted with the policy's facts. */
async function accepted(
  extra: Record<string, unknown> = {},
  policy: { policyStartDate: string; priorClaims: number } = {
    policyStartDate: '2024-06-01',
    priorClaims: 0,
  },
) {
  const started = await startInstance(t, 'claim', application(extra), { as: 'intake' });
  const [row] = await t.sql(`SELECT process_version FROM instances WHERE id = $1`, [started.id]);
  expect(row!.process_version).toBe(7);
  await work(started.id, 'receipt-check', 'intake', { receiptComplete: true });
  await work(started.id, 'accept', 'intake', { assignedAdjuster: 'alice', ...policy });
  return started;
}

const triaged = async (id: string) => {
  const h = await t.until(
    async () => (await history(t, id)).find((e) => e.type === 'decision.evaluated'),
    'the triage',
  );
  return {
    matched: (h.data!.matched as number[]) ?? [],
    route: (await getInstance(t, id)).variables.triageRoute,
  };
};

const covered = { materialComplete: true, materialAuthentic: true, eligible: true };

/** From an accepted standard claim to the customer's agreement of `amount` (fen). */
async function agreed(id: string, claimReference: string, amount: number, fastTrack = false) {
  if (!fastTrack)
    await work(id, 'first-contact', 'adjuster', {
      contactedAt: new Date(t.clock.now()).toISOString(),
      contactChannel: 'phone',
      customerReached: true,
      guidanceGiven: '已說明理賠流程。',
    });
  await work(id, 'review', 'adjuster', covered);
  await work(id, 'calculate', 'adjuster', {
    lineItems: [{ item: '醫療費用', itemClaimed: amount, itemPayable: amount }],
    deductible: 0,
    amountPayable: amount,
    amountNoticeChannel: 'portal',
  });
  await untilAt(t, id, 'await-answer');
  const answered = await t.api(
    'POST',
    '/api/messages',
    {
      messageId: `agree-${id}`,
      name: 'claim-amount-answer',
      correlationKey: claimReference,
      payload: { accepted: true },
    },
    { as: 'portal' },
  );
  expect(answered.status).toBe(202);
}

describe('claim v6: the triage decides the route at acceptance', () => {
  it('sends a small accident claim on a policy two years old straight to the review', async () => {
    // Given a 3,000-yuan accident claim, the policy in force since June 2024, no earlier claim
    const { id } = await accepted({ amountClaimed: 300_000 });
    // Then the table's "small-simple" rule (index 3) decides the fast track
    expect(await triaged(id)).toEqual({ matched: [3], route: 'fast-track' });
    // and the adjuster reviews at once, with a higher priority, without a first-contact call
    const review = await openTask(id, 'review');
    expect(await openNodes(id)).toEqual(['review']);
    const [task] = await t.sql(`SELECT priority, assignee FROM tasks WHERE id = $1`, [review]);
    expect(task).toEqual({ priority: 60, assignee: 'alice' });
    expect(await clockOf(id, 'claim-contact')).toBeUndefined();
    // and the 30-day decision clock runs from the claim
    expect((await clockOf(id, 'claim-decision'))!).toMatchObject({
      slaVersion: 2,
      state: 'running',
    });
  });

  it('sends a 20,000-yuan claim the standard way: the first contact under its 24-hour clock', async () => {
    const { id } = await accepted();
    expect(await triaged(id)).toEqual({ matched: [4], route: 'standard' });
    await openTask(id, 'first-contact');
    expect(await openNodes(id)).toEqual(['first-contact']);
    expect((await clockOf(id, 'claim-contact'))!).toMatchObject({
      state: 'running',
      target: 'PT24H',
    });
  });

  it('sends a small claim with three earlier claims to the investigation, by priority over the fast track', async () => {
    const { id } = await accepted(
      { amountClaimed: 300_000 },
      { policyStartDate: '2020-01-01', priorClaims: 3 },
    );
    expect(await triaged(id)).toEqual({ matched: [2], route: 'investigation' });
    await openTask(id, 'investigate');
  });

  it('investigates a claim 17 days into its policy; nothing false found, it goes on to the first contact', async () => {
    // Given an accident on 27 February under a policy that started on 10 February
    const { id } = await accepted({}, { policyStartDate: '2026-02-10', priorClaims: 0 });
    expect(await triaged(id)).toEqual({ matched: [0], route: 'investigation' });
    // Then compliance investigates, not the adjusters
    const task = await openTask(id, 'investigate');
    const asAdjuster = await t.api(
      'POST',
      `/api/tasks/${task}/complete`,
      { data: {} },
      { as: 'adjuster' },
    );
    expect(asAdjuster.status).toBe(404); // not theirs even to see
    await work(id, 'investigate', 'compliance', {
      checksDone: ['incident', 'medical-records'],
      falseMaterialFound: false,
      investigationFindings: '醫院病歷與事故經過相符。',
    });
    await openTask(id, 'first-contact');
    expect((await clockOf(id, 'claim-decision'))!.state).toBe('running');
  });

  it('refuses for false material when the investigation finds it: the decision clock is met and the notice gives the findings', async () => {
    const { id } = await accepted(
      { claimType: 'critical-illness' },
      { policyStartDate: '2025-12-01', priorClaims: 0 },
    );
    // critical illness 88 days into the policy: the "serious-early" rule
    expect(await triaged(id)).toEqual({ matched: [1], route: 'investigation' });
    t.clock.advance(5 * DAY);
    await work(id, 'investigate', 'compliance', {
      checksDone: ['disclosure'],
      falseMaterialFound: true,
      investigationFindings: '投保前已確診，投保時未告知。',
    });
    const notice = await openTask(id, 'refusal-notice');
    const view = await t.api('GET', `/api/tasks/${notice}`, undefined, { as: 'adjuster' });
    expect(view.body.prefill.refusalReasons).toBe('投保前已確診，投保時未告知。');
    expect((await getInstance(t, id)).variables.claimResult).toBe('refused-fraud');
    const decision = (await clockOf(id, 'claim-decision'))!;
    expect(decision).toMatchObject({ slaVersion: 2, state: 'met' });
    expect(decision.elapsedMs - 5 * DAY).toBeLessThan(SLACK);
    expect((await clockOf(id, 'claim-refusal-notice'))!.state).toBe('running');
  });
});

describe('claim v6: the payment by bank transfer', () => {
  it('is an incident naming the missing setting while the plugin is unconfigured, and pays once it is configured and retried', async () => {
    const { id, variables } = await accepted();
    await agreed(id, variables.claimReference as string, 1_800_000);
    // Then the transfer stops at an incident that says what to set
    const incident = await t.until(async () => {
      const items = (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items as {
        id: string;
        nodeId: string;
      }[];
      return items[0];
    }, 'an incident');
    const detail = (await t.api('GET', `/api/incidents/${incident.id}`)).body;
    expect(detail.nodeId).toBe('transfer');
    expect(detail.error).toMatch(
      /^CW_ERR_PLUGIN_NOT_CONFIGURED: bank-transfer is not configured: \/config\/baseUrl must have required property 'baseUrl'$/,
    );
    expect(bank.requests).toEqual([]);
    // When an administrator configures it and retries
    await configureBank();
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    // Then the claim is paid, by one transfer
    await openTask(id, 'archive');
    const paid = (await getInstance(t, id)).variables;
    expect(paid).toMatchObject({
      claimResult: 'paid',
      transferId: expect.any(String),
      amountPaid: 1_800_000,
    });
    expect(bank.requests.map((r) => r.body)).toEqual([
      { account: '6222020200112233445', amount: 1_800_000, reference: variables.claimReference },
    ]);
  });

  it('routes a closed account to "correct the bank details" with the bank’s reason, pays the new account, all under one 10-day clock', async () => {
    await configureBank();
    const sent = bank.requests.length;
    // Given a claim paid to an account the bank has closed
    const { id, variables } = await accepted({ bankAccount: '900100200300400' });
    await agreed(id, variables.claimReference as string, 1_200_000);
    const startedAt = t.clock.now();
    // Then the payment team is asked to correct the bank details
    const correction = await openTask(id, 'correct-bank-details');
    expect(bank.requests.slice(sent).map((r) => r.body.account)).toEqual(['900100200300400']);
    expect((await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items).toEqual([]);
    // and its task shows the bank's code and words, the account number masked
    const view = await t.api('GET', `/api/tasks/${correction}`, undefined, {
      as: 'payer',
      lang: 'en',
    });
    expect(view.status).toBe(200);
    const shown = Object.fromEntries(
      (view.body.context.variables as { name: string; label: string; value: unknown }[]).map(
        (v) => [v.name, v],
      ),
    );
    expect(shown.paymentRefusal).toMatchObject({ value: 'ACCOUNT_CLOSED' });
    expect(String(shown.paymentRefusalMessage!.value)).toMatch(/^account .* is closed/);
    expect(String(shown.paymentRefusalMessage!.value)).not.toContain('900100200300400');
    expect(view.body.prefill).toMatchObject({
      paymentMethod: 'bank-transfer',
      accountHolder: '陳美玲',
    });
    // and the payment clock keeps running while it waits
    const running = (await clockOf(id, 'claim-payment'))!;
    expect(running).toMatchObject({ slaVersion: 2, state: 'running', target: 'P10D' });

    // When, a day later, the payment team enters the customer's new account
    t.clock.advance(DAY);
    await work(id, 'correct-bank-details', 'payer', {
      paymentMethod: 'bank-transfer',
      bankName: '中國銀行',
      accountHolder: '陳美玲',
      bankAccount: '6217000010002000300',
      customerContact: '已致電客戶，客戶提供新的帳戶。',
    });
    // Then the new account is paid and the claim goes to the archive
    await openTask(id, 'archive');
    expect(bank.requests.slice(sent).map((r) => r.body.account)).toEqual([
      '900100200300400',
      '6217000010002000300',
    ]);
    // two transfers, two idempotency keys: the second is a new payment, not a retry of the first
    const keys = bank.requests.slice(sent).map((r) => r.key);
    expect(new Set(keys).size).toBe(2);
    const done = (await getInstance(t, id)).variables;
    expect(done).toMatchObject({
      claimResult: 'paid',
      bankDetailsCorrections: 1,
      amountPaid: 1_200_000,
    });
    // and one 10-day clock measured it all, from the agreement to the money paid
    const met = (await clockOf(id, 'claim-payment'))!;
    expect(met.id).toBe(running.id);
    expect(met.state).toBe('met');
    expect(met.elapsedMs - DAY).toBeGreaterThanOrEqual(0);
    expect(met.elapsedMs - DAY).toBeLessThan(SLACK + (t.clock.now() - startedAt - DAY));
    const clocks = await probe.clocks(id);
    expect(clocks.filter((c) => c.slaId === 'claim-payment')).toHaveLength(1);
    // and the history shows the path
    const path = (await history(t, id))
      .filter((h) => h.type === 'node.entered')
      .map((h) => h.nodeId)
      .filter((n) =>
        [
          'payment-route',
          'transfer',
          'account-closed',
          'correct-bank-details',
          'mark-paid',
        ].includes(n!),
      );
    expect(path).toEqual([
      'payment-route',
      'transfer',
      'account-closed',
      'correct-bank-details',
      'payment-route',
      'transfer',
      'mark-paid',
    ]);
  });

  it('pays a cheque by hand: the payment team’s task, under the same 10-day clock', async () => {
    const { id, variables } = await accepted({
      paymentMethod: 'cheque',
      bankName: undefined,
      accountHolder: undefined,
      bankAccount: undefined,
    });
    const sent = bank.requests.length;
    await agreed(id, variables.claimReference as string, 900_000);
    const pay = await openTask(id, 'payment');
    t.clock.advance(2 * HOUR);
    await complete(
      t,
      pay,
      {
        paymentMethod: 'cheque',
        amountPaid: 900_000,
        paidOn: '2026-03-02',
        chequeNumber: 'CHQ-0001',
        voucherNumber: 'V-0001',
        voucherSentVia: 'mail',
      },
      'payer',
    );
    await openTask(id, 'archive');
    expect(bank.requests.length).toBe(sent);
    const met = (await clockOf(id, 'claim-payment'))!;
    expect(met).toMatchObject({ slaVersion: 2, state: 'met' });
    expect(met.elapsedMs - 2 * HOUR).toBeLessThan(SLACK);
  });
});
