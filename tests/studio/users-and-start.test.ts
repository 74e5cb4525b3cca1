/**
 * Users and groups, starting a case, and where each role lands, in Chromium against the shipped
 * definitions. An administrator signs in and lands on Users and groups, creates the customer
 * care group with its names in both languages and a clerk in it, and disables a user who left.
 * The clerk signs in, lands on their inbox (no designers' notice), and starts a follow-up visit
 * from "Start a case" (processes customers start online are not offered): the start form shows
 * the claim number only for a visit after a claim, and the case page opens. A designer lands
 * on the definitions, a supervisor on operations. Screenshots of both screens in both
 * languages at 1280×800 and phone width for docs/studio.md.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { launchChromium, open, startStudio, type RunningStudio } from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const CLERK_PASSWORD = 'a first password for hui';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;

beforeAll(async () => {
  t = await startTestEngine({ definitions: SHIPPED, start: '2026-11-19T02:00:00Z' });
  // the people who exist before the screen is used: an administrator, a designer, a
  // supervisor, and a clerk who has left
  for (const [id, displayName, roles] of [
    ['wenjie', '林文傑', ['admin']],
    ['mei', '陳美玲', ['designer']],
    ['nora', '李娜', ['supervisor']],
    ['old-clerk', '張舊', ['staff']],
  ] as const)
    expect(
      (
        await t.api('POST', '/api/users', {
          id,
          displayName,
          roles: [...roles],
          password: PASSWORD,
        })
      ).status,
    ).toBe(201);
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

/** A new browser context in a language and size, signed in at the bare sign-in page. */
async function signedIn(
  user: string,
  password: string,
  lang: 'zh-Hant' | 'en' = 'zh-Hant',
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: 'lang', value: lang, url: studio.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await open(page, `${studio.url}/login`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}${name}.png`, ...STABLE });
const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

describe('Given an administrator, a designer, a supervisor and the shipped processes', () => {
  let admin: Page;

  it('when the administrator signs in, then they land on Users and groups and create a group with names in both languages', async () => {
    ({ page: admin } = await signedIn('wenjie', PASSWORD));
    await admin.waitForURL(`${studio.url}/users`);
    await admin.getByRole('heading', { name: '使用者與群組', level: 1 }).waitFor();
    expect(
      await admin.getByRole('link', { name: '使用者與群組' }).getAttribute('aria-current'),
    ).toBe('page');
    await admin.getByText('尚無群組。').waitFor();

    const form = admin.getByTestId('new-group');
    await form.getByLabel('群組代號').fill('customer-care');
    await form.getByLabel('名稱（中文）').fill('客戶關懷組');
    await form.getByLabel('名稱（英文）').fill('Customer care');
    await form.getByRole('button', { name: '建立群組' }).click();
    await admin.getByRole('status').filter({ hasText: '已建立群組「客戶關懷組」。' }).waitFor();
    // the care team's Kate is in it already (groups are named on users before they are created)
    const row = admin.getByTestId('group-customer-care');
    expect(await row.textContent()).toMatch(/^客戶關懷組Customer carecustomer-care–1$/);
    // the same id again is refused in words, and nothing is replaced
    await form.getByLabel('群組代號').fill('customer-care');
    await form.getByLabel('名稱（中文）').fill('別的組');
    await form.getByLabel('名稱（英文）').fill('Another');
    await form.getByRole('button', { name: '建立群組' }).click();
    await admin.getByRole('alert').filter({ hasText: '已有相同代號的群組。' }).waitFor();
    expect((await t.api('GET', '/api/groups')).body.items).toEqual([
      {
        id: 'customer-care',
        name: { 'zh-Hant': '客戶關懷組', en: 'Customer care' },
        supervisorGroup: null,
      },
    ]);
  });

  it('when they create a clerk in the group and disable a user who left, then the list says so', async () => {
    const form = admin.getByTestId('new-user');
    await form.getByText('新增使用者').click();
    await form.getByLabel('登入名稱').fill('hui');
    await form.getByLabel('顯示名稱').fill('周曉慧');
    await form.getByLabel('初始密碼').fill(CLERK_PASSWORD);
    // staff is offered first and ticked; the group is picked by its name
    expect(await form.getByRole('checkbox', { name: '承辦人員' }).isChecked()).toBe(true);
    await form.getByRole('checkbox', { name: '客戶關懷組' }).check();
    await form.getByRole('button', { name: '建立使用者' }).click();
    await admin.getByRole('status').filter({ hasText: '已建立使用者 周曉慧。' }).waitFor();
    const hui = admin.getByTestId('user-hui');
    expect(await hui.textContent()).toMatch(/周曉慧.*hui.*承辦人員.*客戶關懷組.*啟用.*從未/);
    expect(await admin.getByTestId('group-customer-care').locator('td').last().textContent()).toBe(
      '2',
    );

    admin.once('dialog', (d) => void d.accept());
    await admin.getByRole('button', { name: '停用 張舊' }).click();
    await admin.getByRole('status').filter({ hasText: '已停用 張舊，其登入已結束。' }).waitFor();
    expect(await admin.getByTestId('user-old-clerk').textContent()).toContain('已停用');
    // an administrator cannot disable themselves from here
    expect(await admin.getByRole('button', { name: '停用 林文傑' }).isDisabled()).toBe(true);

    const users = (await t.api('GET', '/api/users')).body.items as {
      id: string;
      roles: string[];
      groups: string[];
      disabled: boolean;
      hasPassword: boolean;
    }[];
    expect(users.find((u) => u.id === 'hui')).toMatchObject({
      displayName: '周曉慧',
      roles: ['staff'],
      groups: ['customer-care'],
      disabled: false,
      hasPassword: true,
    });
    expect(users.find((u) => u.id === 'old-clerk')?.disabled).toBe(true);
    await admin.evaluate(() => window.scrollTo(0, 0));
    await shot(admin, 'users');
  });

  it('when they open the screen in English and at phone width, then it reads in either language without sideways scrolling', async () => {
    const en = await signedIn('wenjie', PASSWORD, 'en');
    await en.page.waitForURL(`${studio.url}/users`);
    expect(await en.page.getByTestId('user-hui').textContent()).toMatch(
      /周曉慧.*hui.*Staff.*Customer care.*Enabled.*never/,
    );
    await en.page.getByRole('button', { name: 'Edit 周曉慧' }).click();
    await en.page.getByTestId('edit-user').getByRole('heading', { name: 'Edit 周曉慧' }).waitFor();
    expect(
      await en.page
        .getByTestId('edit-user')
        .getByRole('checkbox', { name: 'Customer care' })
        .isChecked(),
    ).toBe(true);
    await en.page.getByTestId('edit-user').scrollIntoViewIfNeeded();
    await shot(en.page, 'users-en');
    await en.page.setViewportSize(PHONE);
    await en.page.getByTestId('edit-user').scrollIntoViewIfNeeded();
    await noSidewaysScroll(en.page);
    await shot(en.page, 'users-phone-en');
    await en.context.close();
    await admin.setViewportSize(PHONE);
    await admin.evaluate(() => window.scrollTo(0, 0));
    await noSidewaysScroll(admin);
    await shot(admin, 'users-phone');
    await admin.context().close();
  });

  it('when the administrator creates a role and takes a permission from another, then it is enforced at once, and the last administration cannot be taken', async () => {
    const { page, context } = await signedIn('wenjie', PASSWORD);
    await page.waitForURL(`${studio.url}/users`);
    const roles = page.getByTestId('roles');
    await roles.scrollIntoViewIfNeeded();
    // the six roles are there with what each allows
    expect(await page.getByTestId('role-supervisor').textContent()).toMatch(
      /督導.*supervisor.*位使用者.*4 項權限.*督導工作、列出案件、開立案件、督導下屬群組/,
    );

    // a new role: an auditor who lists and sees every case
    const form = page.getByTestId('new-role');
    await form.getByText('新增角色').click();
    await form.getByLabel('代碼').fill('auditor');
    await form.getByLabel('中文名稱').fill('稽核');
    await form.getByLabel('英文名稱').fill('Auditor');
    await form.getByRole('checkbox', { name: '列出案件' }).check();
    await form.getByRole('checkbox', { name: '檢視所有案件' }).check();
    await form.getByRole('button', { name: '建立角色' }).click();
    await page.getByRole('status').filter({ hasText: '已建立角色 稽核。' }).waitFor();
    expect(await page.getByTestId('role-auditor').textContent()).toMatch(
      /稽核.*auditor.*0 位使用者.*2 項權限.*列出案件、檢視所有案件/,
    );

    // the supervisors lose "Oversee": Nora's next call is refused
    const nora = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'nora', password: PASSWORD }),
    });
    const cookie = nora.headers.getSetCookie()[0]!.split(';')[0]!;
    const incidents = () => fetch(`${t.url}/api/incidents`, { headers: { cookie } });
    expect((await incidents()).status).toBe(200);
    await page.getByRole('button', { name: '編輯角色 督導' }).click();
    const edit = page.getByTestId('edit-role');
    await edit.getByRole('checkbox', { name: '督導工作' }).uncheck();
    // the role's card from its top: its name, the form and every permission with its line
    await page.getByTestId('role-supervisor').evaluate((el) => el.scrollIntoView());
    await shot(page, 'users-roles');
    await edit.getByRole('button', { name: '儲存權限' }).click();
    await page.getByRole('status').filter({ hasText: '已更新角色 督導。' }).waitFor();
    expect((await incidents()).status).toBe(403);
    expect(await page.getByTestId('role-supervisor').textContent()).toContain('3 項權限');

    // taking "Administer" from the administrators, whom nobody else backs, is refused in words
    await page.getByRole('button', { name: '編輯角色 管理員' }).click();
    await page.getByTestId('edit-role').getByRole('checkbox', { name: '系統管理' }).uncheck();
    await page.getByTestId('edit-role').getByRole('button', { name: '儲存權限' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: '沒有任何啟用中的使用者會擁有「系統管理」權限' })
      .waitFor();
    expect((await t.api('GET', '/api/users')).status).toBe(200);

    // the supervisors get it back, in English at phone width
    await context.close();
    const en = await signedIn('wenjie', PASSWORD, 'en', PHONE);
    await en.page.waitForURL(`${studio.url}/users`);
    await en.page.getByRole('button', { name: 'Edit role Supervisor' }).click();
    const back = en.page.getByTestId('edit-role');
    await back.getByRole('checkbox', { name: 'Oversee' }).check();
    await back.scrollIntoViewIfNeeded();
    await noSidewaysScroll(en.page);
    await shot(en.page, 'users-roles-phone-en');
    await back.getByRole('button', { name: 'Save permissions' }).click();
    await en.page.getByRole('status').filter({ hasText: 'Role Supervisor updated.' }).waitFor();
    expect((await incidents()).status).toBe(200);
    await en.context.close();
  });

  it('when the administrator opens the audit log from Users and groups, then the acts just done are there, newest first, by name, in both languages', async () => {
    const { page, context } = await signedIn('wenjie', PASSWORD);
    await page.waitForURL(`${studio.url}/users`);
    await page.getByTestId('audit-link').click();
    await page.waitForURL(`${studio.url}/audit`);
    await page.getByRole('heading', { name: '稽核紀錄', level: 1 }).waitFor();
    const rows = page.getByTestId('audit-log').locator('tbody tr');
    // newest first: the supervisors' permission given back and taken, the auditor role,
    // disabling the one who left, creating the clerk, creating the group
    const acts = await rows.evaluateAll((trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset.action),
    );
    expect(acts.slice(0, 6)).toEqual([
      'role.changed',
      'role.changed',
      'role.created',
      'user.changed',
      'user.created',
      'group.changed',
    ]);
    expect(await rows.first().textContent()).toContain('新增權限：督導工作');
    expect(await rows.nth(1).textContent()).toContain('移除權限：督導工作');
    expect(await rows.nth(2).textContent()).toContain('權限：列出案件、檢視所有案件');
    const disabled = rows.nth(3);
    expect(await disabled.textContent()).toContain('林文傑');
    expect(await disabled.textContent()).toContain('變更使用者');
    expect(await disabled.textContent()).toContain('停用：否 → 是');
    expect(await rows.nth(4).textContent()).toContain('周曉慧 · staff · customer-care');
    await shot(page, 'audit');
    // filtered to the users created (the filter in the address), read again in English
    await page.getByLabel('操作', { exact: true }).selectOption('user.created');
    await page.getByRole('button', { name: '顯示' }).click();
    await page.waitForURL(`${studio.url}/audit?action=user.created`);
    await context.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(
      await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.action)),
    ).toEqual(['user.created', 'user.created', 'user.created', 'user.created', 'user.created']);
    expect(await rows.first().textContent()).toContain('Created a user');
    await shot(page, 'audit-en');
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await context.close();
  });

  it('when the clerk signs in, then they land on their inbox, with Start a case and no designers’ pages', async () => {
    const { page, context } = await signedIn('hui', CLERK_PASSWORD);
    await page.waitForURL(`${studio.url}/inbox`);
    const nav = page.getByRole('navigation', { name: '主選單' });
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      '收件匣',
      '開立案件',
      '案件搜尋',
    ]);
    // the definitions list, if they go there, shows what is published and no drafts notice
    await open(page, `${studio.url}/definitions`);
    await page.getByRole('heading', { name: '定義', level: 1 }).waitFor();
    expect(await page.getByTestId('drafts-unavailable').count()).toBe(0);
    expect(await page.getByTestId('new-definition').count()).toBe(0);
    await context.close();
  });

  it('when the clerk starts a follow-up visit, then the start form asks for the claim number only after a claim, and the case opens', async () => {
    const { page, context } = await signedIn('hui', CLERK_PASSWORD);
    await page.getByRole('link', { name: '開立案件' }).click();
    await page.waitForURL(`${studio.url}/start`);
    const offered = await page.getByTestId('startable').getByRole('link').allTextContents();
    expect(offered).toContain('客戶回訪');
    // customers start claims, complaints and after-sales requests themselves online
    for (const online of ['理賠服務', '客戶投訴處理', '售後服務請求'])
      expect(offered).not.toContain(online);
    await shot(page, 'start-case-list');

    await page.getByRole('link', { name: '客戶回訪' }).click();
    await page.getByRole('heading', { name: '開立「客戶回訪」' }).waitFor();
    await page.getByLabel('回訪類別').selectOption('new-policy');
    expect(await page.getByLabel('理賠案號').count()).toBe(0);
    await page.getByLabel('回訪類別').selectOption('claim');
    await page.getByLabel('理賠案號').fill('CLM-2026-0042');
    await page.getByLabel('客戶姓名').fill('王小明');
    await page.getByLabel('手機號碼').fill('13812345678');
    await page.getByLabel('保單號碼').fill('PL-123456');
    await shot(page, 'start-case');
    await page.getByRole('button', { name: '開立案件' }).click();
    await page.waitForURL(/\/cases\//);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const started = await t.api('GET', `/api/instances/${encodeURIComponent(id)}`);
    expect(started.body).toMatchObject({
      processId: 'follow-up-visit',
      status: 'active',
      businessKey: 'FUV-PL-123456',
      tokens: [{ nodeId: 'visit', waitingFor: 'task' }],
    });
    const history = (await t.api('GET', `/api/instances/${encodeURIComponent(id)}/history`)).body
      .items as { type: string; actor: string | null }[];
    expect(history[0]).toMatchObject({ actor: 'hui' });
    // the visit waits in the clerk's group
    await page.getByRole('link', { name: '收件匣', exact: true }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByTestId('tab-groups').click();
    await page.waitForURL(/scope=groups/);
    await expect.poll(() => page.locator('main table').textContent()).toContain('FUV-PL-123456');
    await context.close();
  });

  it('when the start page is read in English and on a phone, then it fits', async () => {
    const { page, context } = await signedIn('hui', CLERK_PASSWORD, 'en');
    await open(page, `${studio.url}/start/follow-up-visit`);
    await page.getByRole('heading', { name: 'Start “Follow-up visit”' }).waitFor();
    await page.getByLabel('Kind of visit').selectOption('claim');
    await page.getByLabel('Claim number').waitFor();
    await shot(page, 'start-case-en');
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await shot(page, 'start-case-phone-en');
    await context.close();
    const zh = await signedIn('hui', CLERK_PASSWORD, 'zh-Hant', PHONE);
    await open(zh.page, `${studio.url}/start`);
    await noSidewaysScroll(zh.page);
    await shot(zh.page, 'start-case-list-phone');
    await zh.context.close();
  });

  it('when a designer or a supervisor signs in, then each lands on a page of their own', async () => {
    const designer = await signedIn('mei', PASSWORD);
    await designer.page.waitForURL(`${studio.url}/definitions`);
    expect(await designer.page.getByTestId('new-definition').count()).toBe(1);
    expect(
      await designer.page
        .getByRole('navigation', { name: '主選單' })
        .getByRole('link')
        .allTextContents(),
    ).not.toContain('開立案件');
    await designer.context.close();
    const supervisor = await signedIn('nora', PASSWORD);
    await supervisor.page.waitForURL(`${studio.url}/operations`);
    await supervisor.context.close();
  });
});
