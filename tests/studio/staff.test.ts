/**
 * Staff and customers in real browsers against a real engine with the shipped definitions:
 * a customer reports a claim on the public page (phone-sized), an intake clerk sees it arrive
 * live in the inbox, claims it, asks for a missing document on the task's generated form, the
 * customer uploads a PDF through the private tracking link, and the claim is back at the
 * receipt check in the clerk's inbox. Also takes the inbox, task, report and track screenshots
 * at desktop and phone width.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { launchChromium, startStudio, type RunningStudio, open } from './helpers/studio.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const POLICY = 'PL-WEB-2026';
const INCIDENT = '2026-11-19';
const REFERENCE = `CLM-${POLICY}-${INCIDENT}`;

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let staffContext: BrowserContext;
let customerContext: BrowserContext;
let staff: Page;
let customer: Page;
let trackHref: string;

beforeAll(async () => {
  t = await startTestEngine({ definitions: DEFINITIONS });
  const group = await t.api('PUT', '/api/groups/claims-intake', {
    name: { 'zh-Hant': '理賠受理', en: 'Claims intake' },
  });
  expect(group.status).toBe(201);
  const clerk = await t.api('POST', '/api/users', {
    id: 'zhiming',
    displayName: '林志明',
    roles: ['staff'],
    groups: ['claims-intake'],
    password: PASSWORD,
  });
  expect(clerk.status).toBe(201);
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  staffContext = await browser.newContext({ viewport: DESKTOP });
  customerContext = await browser.newContext({ viewport: PHONE });
  staff = await staffContext.newPage();
  customer = await customerContext.newPage();
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

/** A screenshot at phone width and one at desktop width (the page's viewport is restored). */
async function shots(page: Page, name: string) {
  const before = page.viewportSize();
  for (const [suffix, size] of [
    ['-phone', PHONE],
    ['', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: `${SCREENSHOTS}${name}${suffix}.png`, animations: 'disabled' });
  }
  if (before) await page.setViewportSize(before);
}

const groupsRow = () => staff.locator(`tr[data-business-key="${REFERENCE}"]`);

describe('Given an intake clerk of the claims-intake group and the shipped claim process', () => {
  it('when the clerk signs in to the groups view, then it is empty and listening for tasks', async () => {
    await open(staff, `${studio.url}/inbox?scope=groups`);
    await staff.waitForURL(/\/login\?next=/);
    await staff.getByLabel('使用者名稱').fill('zhiming');
    await staff.getByLabel('密碼').fill(PASSWORD);
    await staff.getByRole('button', { name: '登入' }).click();
    await staff.waitForURL(`${studio.url}/inbox?scope=groups`);
    await staff.getByRole('heading', { name: '收件匣', level: 1 }).waitFor();
    await staff.locator('table[data-live="true"]').waitFor();
    expect(await staff.getByTestId('count-groups').textContent()).toBe('0');
    expect(await staff.getByTestId('tab-groups').getAttribute('aria-current')).toBe('page');
    expect(await staff.getByRole('link', { name: '收件匣' }).getAttribute('aria-current')).toBe(
      'page',
    );
  });

  it('when a customer reports a claim on the public page at phone width, then they get the reference and a private tracking link', async () => {
    await open(customer, `${studio.url}/report/claim`);
    await customer.getByRole('heading', { name: '理賠服務', level: 1 }).waitFor();
    // no session: nobody was sent to sign in
    expect(customer.url()).toBe(`${studio.url}/report/claim`);
    await customer.getByLabel('保單號碼').fill(POLICY);
    await customer.getByLabel('申請人姓名').fill('王小明');
    await customer.getByLabel('申請人身分證號碼').fill('110105198001011238');
    await customer.getByLabel('手機號碼').fill('13812345678');
    await customer.getByLabel('與被保險人關係').selectOption('self');
    await customer.getByLabel('出險日期').fill(INCIDENT);
    await customer.getByLabel('出險地點').fill('上海市浦東新區世紀大道100號');
    await customer.getByLabel('事故經過').fill('騎車時被汽車撞倒，右腿骨折。');
    await customer.getByLabel('理賠類型').selectOption('accident');
    const injured = customer.getByRole('group', { name: '受傷人員' });
    await injured.getByLabel('姓名').fill('王小明');
    await injured.getByLabel('身分證號碼').fill('110105198001011238');
    await injured.getByLabel('傷情及診斷').fill('右腿脛骨骨折');
    const documents = customer.getByRole('group', { name: '證明材料' });
    await documents.getByLabel('材料類型').selectOption('claim-form');
    await documents.getByLabel('檔案編號或連結').fill('DOC-1');
    await customer.getByLabel('申請金額（分）').fill('20000');
    await customer.getByLabel('領款方式').selectOption('cheque');
    await shots(customer, 'report');

    await customer.getByRole('button', { name: '送出申請' }).click();
    const confirmation = customer.getByTestId('confirmation');
    await confirmation.getByRole('heading', { name: '我們已收到您的申請' }).waitFor();
    expect(await customer.getByTestId('reference').textContent()).toBe(REFERENCE);
    trackHref = (await customer.getByTestId('track-link').getAttribute('href'))!;
    expect(trackHref).toMatch(/^\/track\/[A-Za-z0-9_-]{32}$/);
    expect(await customer.getByTestId('track-link').textContent()).toBe(
      `${studio.url}${trackHref}`,
    );
  });

  it("then the claim appears live in the groups view, and once claimed it moves to the clerk's own tasks", async () => {
    await groupsRow().waitFor();
    expect(await staff.getByTestId('count-groups').textContent()).toBe('1');
    expect(await groupsRow().textContent()).toContain('理賠申請接收');
    expect(await groupsRow().textContent()).toContain('理賠服務');
    await shots(staff, 'inbox');

    await groupsRow()
      .getByRole('button', { name: `認領「理賠申請接收」（${REFERENCE}）` })
      .click();
    await groupsRow().waitFor({ state: 'detached' });
    expect(await staff.getByTestId('count-groups').textContent()).toBe('0');
    expect(await staff.getByTestId('count-mine').textContent()).toBe('1');

    await staff.getByTestId('tab-mine').click();
    await staff.waitForURL(`${studio.url}/inbox`);
    const mine = staff.locator(`tr[data-business-key="${REFERENCE}"]`);
    await mine
      .getByRole('button', { name: `將「理賠申請接收」（${REFERENCE}）退回群組` })
      .waitFor();
    expect(await mine.textContent()).toContain('zhiming');
  });

  it('when the clerk opens the task and asks for a missing receipt, then the draft is autosaved and the task completes', async () => {
    await staff
      .locator(`tr[data-business-key="${REFERENCE}"]`)
      .getByRole('link', { name: '理賠申請接收' })
      .click();
    await staff.waitForURL(/\/tasks\//);
    const taskId = decodeURIComponent(staff.url().split('/tasks/')[1]!);
    await staff.getByRole('heading', { name: '理賠申請接收', level: 1 }).waitFor();
    expect(await staff.getByTestId('business-key').textContent()).toBe(REFERENCE);
    const history = staff.getByTestId('history');
    await history.getByText('案件已建立').waitFor();
    await history.getByText('zhiming 認領了「理賠申請接收」').waitFor();
    await staff.getByRole('timer').first().waitFor();
    expect(await staff.getByRole('timer').first().textContent()).toMatch(
      /^剩餘 \d+ 天 \d+:\d\d:\d\d$/,
    );

    await staff.getByRole('radiogroup', { name: '資料齊全' }).getByLabel('否').check();
    await staff
      .getByRole('group', { name: '缺少的材料（一次性通知）' })
      .getByLabel('醫療費用收據')
      .check();
    await staff.getByLabel('補件說明').fill('請補醫療費用收據。');
    await expect.poll(() => staff.getByTestId('draft-state').textContent()).toContain('草稿已於');
    const stored = await t.api('GET', `/api/tasks/${encodeURIComponent(taskId)}`);
    expect(stored.body.draft).toEqual({
      receiptComplete: false,
      missingItems: ['invoices'],
      missingNote: '請補醫療費用收據。',
    });
    await shots(staff, 'task');

    await staff.getByRole('button', { name: '完成任務' }).click();
    await staff.getByTestId('task-done').waitFor();
    await history.getByText('zhiming 完成了「理賠申請接收」').waitFor();
  });

  it('when the customer opens the tracking link, then the page waits for their documents, in Chinese and in English', async () => {
    // the clerk watches the groups view while the customer answers
    await open(staff, `${studio.url}/inbox?scope=groups`);
    await staff.locator('table[data-live="true"]').waitFor();
    expect(await staff.getByTestId('count-groups').textContent()).toBe('0');

    await open(customer, `${studio.url}${trackHref}`);
    await customer.getByRole('heading', { name: '案件進度', level: 1 }).waitFor();
    expect(await customer.getByTestId('reference').textContent()).toBe(REFERENCE);
    const current = customer.locator('[aria-current="step"]');
    expect(await current.textContent()).toContain('等待您補充資料');
    await customer.getByText('補充理賠資料（通知書所列全部文件）').waitFor();

    await customer.getByTestId('lang-en').click();
    await customer.getByRole('heading', { name: 'Your case', level: 1 }).waitFor();
    expect(await current.textContent()).toContain('Waiting for your documents');
    await shots(customer, 'track');
    await customer.getByTestId('lang-zh-Hant').click();
    await customer.getByRole('heading', { name: '案件進度', level: 1 }).waitFor();
  });

  it("when the customer uploads a PDF, then the claim goes back to the receipt check and appears live in the clerk's groups view", async () => {
    const form = customer.getByTestId('upload-claim-documents-supplied');
    const files = form.getByLabel('選擇檔案（PDF、PNG 或 JPEG，每個不超過 5 MB，最多 5 個）');
    // a text file is refused in the browser, before anything is sent
    await files.setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hi'),
    });
    await form.getByRole('button', { name: '上傳文件' }).click();
    await form.getByRole('alert').getByText('「notes.txt」不是 PDF、PNG 或 JPEG 檔案。').waitFor();

    await files.setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await form.getByRole('button', { name: '上傳文件' }).click();
    await customer.getByTestId('received').getByText('已收到您的文件：invoice.pdf').waitFor();
    await customer.getByTestId('nothing-waited').waitFor();
    expect(await customer.locator('[aria-current="step"]').textContent()).toContain('審核申請資料');

    await groupsRow().waitFor();
    expect(await groupsRow().textContent()).toContain('理賠申請接收');
    expect(await staff.getByTestId('count-groups').textContent()).toBe('1');
    const tasks = await t.sql(
      `SELECT t.node_id, t.status FROM tasks t JOIN instances i ON i.id = t.instance_id
       WHERE i.business_key = $1 ORDER BY t.created_at, t.id`,
      [REFERENCE],
    );
    expect(tasks).toEqual([
      { node_id: 'receipt-check', status: 'completed' },
      { node_id: 'receipt-check', status: 'open' },
    ]);
  });
});
