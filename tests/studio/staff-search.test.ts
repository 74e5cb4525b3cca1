/**
 * Supervisors' staff tools in a real browser against a real engine with the shipped
 * definitions: a supervisor with the personal-data role finds a claim by the customer's ID
 * number (typed in lower case) and opens its task, which lists the customer's other claim as
 * related; saves an inbox filter and sees it as a tab with its count; reassigns two tasks to a
 * colleague at once. A clerk's search by ID number is refused with the engine's message.
 * Screenshots of the search page (desktop and phone) go to docs/screenshots.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startInstance, tasksOf } from '../helpers/scenario.ts';
import {
  launchChromium,
  open,
  signIn as signInAs,
  startStudio,
  type RunningStudio,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let lead: Page;
let clerk: Page;
const claims: { id: string; task: string }[] = [];

const report = (policyNumber: string, idNumber: string, claimantName: string) => ({
  policyNumber,
  claimantName,
  idNumber,
  phone: '+886 912 345 678',
  incidentDate: '2026-11-20',
  claimType: 'medical',
  amountClaimed: 250000,
});

beforeAll(async () => {
  t = await startTestEngine({ definitions: DEFINITIONS });
  const group = await t.api('PUT', '/api/groups/claims-intake', {
    name: { 'zh-Hant': '理賠受理', en: 'Claims intake' },
  });
  expect(group.status).toBe(201);
  for (const user of [
    // the intake team's lead: supervises claims intake, may read personal data
    { id: 'meiling', displayName: '張美玲', roles: ['supervisor', 'personal-data'] },
    { id: 'zhiming', displayName: '林志明', roles: ['staff'] },
    { id: 'jiahao', displayName: '陳家豪', roles: ['staff'] },
  ]) {
    const res = await t.api('POST', '/api/users', {
      ...user,
      groups: ['claims-intake'],
      password: PASSWORD,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // Given three reported claims, two of one customer
  for (const [policy, id, name] of [
    ['PL-SEARCH-1', 'A123456789', '陳大文'],
    ['PL-SEARCH-2', 'A123456789', '陳大文'],
    ['PL-SEARCH-3', 'B223456789', '林美玲'],
  ] as const) {
    const i = await startInstance(t, 'claim-intake', report(policy, id, name));
    claims.push({ id: i.id, task: (await tasksOf(t, i.id))[0]!.id });
  }
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  lead = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  clerk = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await mkdir(SCREENSHOTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

const signIn = (page: Page, user: string, next: string) =>
  signInAs(page, studio.url, { user, password: PASSWORD }, next);

describe('Given a claims-intake lead with the personal-data role, a clerk, and three claims', () => {
  it('the lead finds the customer’s claims by ID number, however typed, and opens one', async () => {
    await signIn(lead, 'meiling', '/search');
    await lead.getByRole('heading', { name: '案件搜尋', level: 1 }).waitFor();
    expect(await lead.getByRole('link', { name: '案件搜尋' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await lead.getByTestId('search-kind').selectOption('idNumber');
    await lead.getByTestId('search-q').fill('a123456789');
    await lead.getByRole('button', { name: '搜尋', exact: true }).click();
    const results = lead.getByTestId('search-results');
    await results.locator('caption', { hasText: '共 2 件案件' }).waitFor();
    const rows = results.locator('tbody tr');
    expect((await rows.evaluateAll((trs) => trs.map((r) => r.dataset.businessKey))).sort()).toEqual(
      ['CLM-PL-SEARCH-1', 'CLM-PL-SEARCH-2'],
    );
    const first = results.locator('tr[data-business-key="CLM-PL-SEARCH-1"]');
    // the customer's name is personal data: masked as on every other page, the role notwithstanding
    expect(await first.getByRole('cell').nth(1).textContent()).toBe('陳*文');
    expect(await first.textContent()).toContain('居民身分證號');
    // the ID number itself is nowhere on the page, nor in the address bar
    expect(await lead.content()).not.toContain('A123456789');
    expect(lead.url()).toBe(`${studio.url}/search`);

    for (const [suffix, size] of [
      ['-phone', PHONE],
      ['', DESKTOP],
    ] as const) {
      await lead.setViewportSize(size);
      await lead.screenshot({
        path: `${SCREENSHOTS}search${suffix}.png`,
        fullPage: true,
        ...STABLE,
      });
    }

    // the case links to its case page, which lists the customer's other claim as related
    await first.getByRole('link', { name: 'CLM-PL-SEARCH-1' }).click();
    await lead.waitForURL(`${studio.url}/cases/${encodeURIComponent(claims[0]!.id)}`);
    const onCase = lead.getByTestId('case-related');
    await onCase.getByRole('link', { name: 'CLM-PL-SEARCH-2' }).waitFor();
    expect(await onCase.textContent()).toContain('同一客戶');
    // and its open task, which lists the other claim too, linked to its open task
    await lead.getByTestId('case-tasks').getByRole('link', { name: '理賠申請接收審核' }).click();
    await lead.waitForURL(`${studio.url}/tasks/${encodeURIComponent(claims[0]!.task)}`);
    const related = lead.getByTestId('related');
    await related.getByRole('heading', { name: '相關案件' }).waitFor();
    const other = related.getByTestId(`related-${claims[1]!.id}`);
    expect(await other.textContent()).toContain('同一客戶');
    expect(await other.getByRole('link').getAttribute('href')).toBe(
      `/tasks/${encodeURIComponent(claims[1]!.task)}`,
    );
  });

  it('the lead saves an inbox filter and sees it as a tab with its count', async () => {
    await open(lead, `${studio.url}/inbox?scope=all&processId=claim-intake`);
    await lead.locator('table[data-live="true"]').waitFor();
    expect(await lead.getByTestId('count-all').textContent()).toBe('3');
    await lead.getByTestId('filter-name').fill('理賠受理');
    await lead.getByRole('button', { name: '儲存目前篩選' }).click();
    const chip = lead.locator('[data-testid="saved-filter"][data-name="理賠受理"]');
    await chip.waitFor();
    expect(await chip.getByTestId('saved-count').textContent()).toBe('3');
    expect(await chip.getByRole('link').getAttribute('aria-current')).toBe('true');
    const saved = await t.api('GET', '/api/inbox/filters', undefined, {});
    expect(saved.body.items).toEqual([]); // the admin has none: filters are per user
  });

  it("the lead narrows the team's tasks by task and customer name, and the count follows", async () => {
    const filters = lead.getByRole('form', { name: '篩選' });
    await filters.locator('select[name="nodeId"]').selectOption('receipt-check');
    await filters.getByLabel('客戶姓名').fill('陳');
    await filters.getByRole('button', { name: '套用' }).click();
    await lead.waitForURL(/customer=%E9%99%B3/);
    await lead.locator('table[data-live="true"]').waitFor();
    expect(await lead.getByTestId('count-all').textContent()).toBe('2');
    const keys = await lead
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-business-key')).sort());
    expect(keys).toEqual(['CLM-PL-SEARCH-1', 'CLM-PL-SEARCH-2']);
    // back to the saved view for the next step
    await lead
      .locator('[data-testid="saved-filter"][data-name="理賠受理"]')
      .getByRole('link')
      .click();
    await lead.waitForURL((url) => !url.search.includes('customer'));
    expect(await lead.getByTestId('count-all').textContent()).toBe('3');
  });

  it('the lead reassigns two tasks to a colleague at once', async () => {
    await lead.locator('tr[data-business-key="CLM-PL-SEARCH-1"] input[type="checkbox"]').check();
    await lead.locator('tr[data-business-key="CLM-PL-SEARCH-2"] input[type="checkbox"]').check();
    const form = lead.getByTestId('reassign');
    await form.getByRole('status').filter({ hasText: '已選取 2 項任務' }).waitFor();
    await form.getByTestId('reassign-target').fill('jiahao');
    await form.getByRole('button', { name: '改派' }).click();
    await lead
      .locator('tr[data-business-key="CLM-PL-SEARCH-2"] td', { hasText: '陳家豪' })
      .waitFor();
    const rows = await t.sql<{ id: string; assignee: string | null }>(
      `SELECT id, assignee FROM tasks WHERE id = ANY($1) ORDER BY id`,
      [claims.map((c) => c.task)],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.assignee]))).toEqual({
      [claims[0]!.task]: 'jiahao',
      [claims[1]!.task]: 'jiahao',
      [claims[2]!.task]: null,
    });
  });

  it('a clerk without the personal-data role is refused a search by ID number, and has no reassignment', async () => {
    await signIn(clerk, 'zhiming', '/search');
    await clerk.getByTestId('search-kind').selectOption('idNumber');
    await clerk.getByTestId('search-q').fill('A123456789');
    await clerk.getByRole('button', { name: '搜尋', exact: true }).click();
    const refused = clerk.getByTestId('search-refused');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('CW_ERR_SEARCH_PERSONAL_DATA');
    expect(await refused.textContent()).toContain('personal-data');
    expect(await clerk.getByTestId('search-results').count()).toBe(0);

    // and in English, the page and the engine's refusal alike
    await clerk.getByTestId('lang-en').click();
    await clerk.getByRole('heading', { name: 'Case search', level: 1 }).waitFor();
    await clerk.getByRole('button', { name: 'Search', exact: true }).click();
    await clerk
      .getByTestId('search-refused')
      .filter({ hasText: 'Searching by ID number or phone number needs the personal-data role.' })
      .waitFor();
    expect(
      await clerk.getByTestId('search-kind').locator('option[value="idNumber"]').textContent(),
    ).toBe('ID number (personal-data role)');

    // nor does a clerk's inbox offer reassignment, a team view or task checkboxes
    await open(clerk, `${studio.url}/inbox?scope=groups`);
    await clerk.locator('table[data-live="true"]').waitFor();
    expect(await clerk.getByTestId('reassign').count()).toBe(0);
    expect(await clerk.getByTestId('tab-all').count()).toBe(0);
    expect(await clerk.locator('[data-testid="inbox-table"] input[type="checkbox"]').count()).toBe(
      0,
    );
    expect(await clerk.locator('[data-testid="inbox-table"] tbody tr').count()).toBe(1); // claim 3
  });
});
