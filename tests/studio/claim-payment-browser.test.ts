/**
 * Claim version 6 in the studio (issues 19 and 20, item 5), on the shipped definitions and
 * plugins, with the bank-transfer plugin against a bank over real HTTP: a designer opens the
 * claim in the process editor and finds the triage (a business rule task naming its decision
 * table) and the error boundaries on the bank transfer; the payment team opens "correct the bank
 * details" after the bank refused a closed account and reads the bank's code and words there,
 * the account number masked. At 1280×800 and 390 px, in zh-Hant and English.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBank, type Bank } from '../fixtures/fake-bank.ts';
import type { TestEngine } from '../helpers/engine.ts';
import { complete, startInstance, untilAt } from '../helpers/scenario.ts';
import {
  addUser,
  clockAt,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { node, panTo } from './helpers/canvas.ts';
import { hydrated } from './helpers/studio.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';

let stage: Stage;
let t: TestEngine;
let bank: Bank;
let correctionTask: string;

const task = async (id: string, node: string) =>
  t.until(
    async () =>
      (
        await t.sql(
          `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
          [id, node],
        )
      )[0]?.id as string | undefined,
    `${node} of ${id}`,
  );

beforeAll(async () => {
  bank = await startBank({ limit: 100_000_000 });
  stage = await openStage({ definitions: SHIPPED, start: '2026-03-02T01:00:00Z' });
  t = stage.t;
  expect(t.engine.registry.problems).toEqual([]);
  expect(
    (await t.api('PUT', '/api/plugins/bank-transfer/config', { config: { baseUrl: bank.url } }))
      .status,
  ).toBe(204);
  expect(
    (
      await t.api('PUT', '/api/plugins/bank-transfer/secrets', {
        secrets: { apiKey: 'bank-key-0123456789' },
      })
    ).status,
  ).toBe(204);
  expect(
    (
      await t.api('PUT', '/api/groups/claims-payment', {
        name: { 'zh-Hant': '理賠支付組', en: 'Claims payment' },
      })
    ).status,
  ).toBe(201);
  for (const user of [
    { id: 'lin', displayName: '林設計', roles: ['designer'] },
    { id: 'paul.wong', displayName: '黃保羅', roles: ['staff'], groups: ['claims-payment'] },
  ])
    await addUser(t, { ...user, password: PASSWORD });

  // Given a claim agreed at 12,000 yuan, paid to an account the bank has closed (its history
  // and due times from 01:05 UTC, however long the stage took to open: screenshots show them)
  clockAt(t, '2026-03-02T01:05:00Z');
  const { id, variables } = await startInstance(
    t,
    'claim',
    {
      policyNumber: 'PL-BROWSER-1',
      claimantName: '陳美玲',
      idNumber: '110105198001011238',
      mobile: '13812345678',
      relationToInsured: 'self',
      incidentDate: '2026-02-27',
      incidentPlace: '台北市信義區松仁路100號',
      incidentDescription: '下樓梯時跌倒，左腕骨折。',
      claimType: 'accident',
      amountClaimed: 1_200_000,
      paymentMethod: 'bank-transfer',
      bankName: '中國工商銀行',
      accountHolder: '陳美玲',
      bankAccount: '900100200300400',
    },
    { as: 'intake' },
  );
  const work = async (node: string, as: Parameters<typeof complete>[3], data: object) =>
    complete(t, await task(id, node), data as Record<string, unknown>, as);
  await work('receipt-check', 'intake', { receiptComplete: true });
  await work('accept', 'intake', {
    assignedAdjuster: 'alice',
    policyStartDate: '2024-06-01',
    priorClaims: 0,
  });
  await work('first-contact', 'adjuster', {
    contactedAt: new Date(t.clock.now()).toISOString(),
    contactChannel: 'phone',
    customerReached: true,
    guidanceGiven: '已說明理賠流程。',
  });
  await work('review', 'adjuster', {
    materialComplete: true,
    materialAuthentic: true,
    eligible: true,
  });
  await work('calculate', 'adjuster', {
    lineItems: [{ item: '醫療費用', itemClaimed: 1_200_000, itemPayable: 1_200_000 }],
    deductible: 0,
    amountPayable: 1_200_000,
    amountNoticeChannel: 'portal',
  });
  await untilAt(t, id, 'await-answer');
  const answered = await t.api(
    'POST',
    '/api/messages',
    {
      messageId: `agree-${id}`,
      name: 'claim-amount-answer',
      correlationKey: variables.claimReference,
      payload: { accepted: true },
    },
    { as: 'portal' },
  );
  expect(answered.status).toBe(202);
  correctionTask = await task(id, 'correct-bank-details');
}, 600_000);

afterAll(async () => {
  await closeStage(stage);
  await bank?.close();
});

describe('Given the shipped claim, version 6', () => {
  for (const [lang, viewport, size] of [
    ['zh-Hant', DESKTOP, 'desktop'],
    ['en', PHONE, 'phone'],
  ] as const)
    it(`shows the designer the triage and the bank transfer's error boundaries (${lang}, ${size})`, async () => {
      const { context, page } = await signedIn(stage, {
        user: 'lin',
        password: PASSWORD,
        lang,
        viewport,
      });
      await page.goto(`${stage.studio.url}/definitions/process/claim/edit`);
      await hydrated(page);
      const en = lang === 'en';
      await expect.poll(() => node(page, 'triage').count()).toBe(1);
      expect(await node(page, 'triage').textContent()).toContain(en ? 'Claim triage' : '理賠分流');
      expect(await node(page, 'account-closed').count()).toBe(1);
      expect(await node(page, 'limit-exceeded').count()).toBe(1);
      await panTo(page, 'triage');
      await node(page, 'triage').click();
      await expect.poll(() => node(page, 'triage').getAttribute('class')).toContain('selected');
      await page.getByText('claim-triage').first().waitFor();
      await screenshot(page, `claim-v6-triage-${lang}-${size}`);
      await panTo(page, 'account-closed');
      await node(page, 'account-closed').click();
      await expect
        .poll(() => node(page, 'account-closed').getAttribute('class'))
        .toContain('selected');
      await page.getByText('ACCOUNT_CLOSED').first().waitFor();
      // the two boundaries' names stand side by side, apart
      const [closed, limit] = await Promise.all(
        ['account-closed', 'limit-exceeded'].map(
          async (id) => (await node(page, id).locator('.name').boundingBox())!,
        ),
      );
      expect(limit!.x + limit!.width, 'the names of the two boundaries apart').toBeLessThan(
        closed!.x,
      );
      expect(await node(page, 'limit-exceeded').locator('.name').textContent()).toBe(
        en ? "Over the account's limit" : '超出收款限額',
      );
      await screenshot(page, `claim-v6-boundary-${lang}-${size}`);
      await context.close();
    });

  for (const [lang, viewport, size] of [
    ['en', DESKTOP, 'desktop'],
    ['zh-Hant', PHONE, 'phone'],
  ] as const)
    it(`shows the payment team the bank's refusal on the correction task (${lang}, ${size})`, async () => {
      const { context, page } = await signedIn(stage, {
        user: 'paul.wong',
        password: PASSWORD,
        lang,
        viewport,
      });
      await page.goto(`${stage.studio.url}/tasks/${encodeURIComponent(correctionTask)}`);
      await hydrated(page);
      const en = lang === 'en';
      await page
        .getByRole('heading', { name: en ? 'Correct the bank details' : '更正收款資料', level: 1 })
        .waitFor();
      const body = (await page.locator('main').textContent()) ?? '';
      expect(body).toContain('ACCOUNT_CLOSED');
      expect(body).toContain(en ? "The bank's refusal code" : '銀行拒絕代碼');
      expect(body).toContain(en ? 'What the bank said' : '銀行的說明');
      expect(body).not.toContain('900100200300400');
      await screenshot(page, `claim-v6-correction-${lang}-${size}`, true);
      await context.close();
    });
});
