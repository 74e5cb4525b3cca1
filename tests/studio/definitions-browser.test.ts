/**
 * The studio in a real browser against a real engine with the shipped definitions:
 * a designer signs in, browses the definitions in Chinese and in English, opens one, and
 * signs out. The studio's server proxies /api to the engine, so the engine's `Secure`,
 * `__Host-` session cookie is the studio origin's cookie over plain http://127.0.0.1.
 * Also takes the screenshots in docs/screenshots/.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  launchChromium,
  startStudio,
  type RunningStudio,
  open,
  hydrated,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let drafts: { status: number; body: { problems: { code: string }[] } }[];

beforeAll(async () => {
  // a fixed clock: the draft times on the screenshots stay the same
  t = await startTestEngine({ definitions: DEFINITIONS, start: '2026-11-20T01:30:00Z' });
  const created = await t.api('POST', '/api/users', {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['designer'],
    password: PASSWORD,
  });
  expect(created.status).toBe(201);
  // a running claim report, a draft of the claim process and of a form not yet published
  const started = await t.api('POST', '/api/instances', {
    processId: 'claim-intake',
    variables: {
      policyNumber: 'PL-778899',
      claimantName: '林小美',
      idNumber: 'A123456789',
      phone: '+886 912 345 678',
      incidentDate: '2026-11-19',
      claimType: 'accident',
      amountClaimed: 12000,
    },
  });
  expect(started.status).toBe(201);
  const claim = await t.api('GET', '/api/definitions/process/claim');
  drafts = [
    await t.api(
      'PUT',
      '/api/drafts/process/claim',
      { body: claim.body.body, baseVersion: 1 },
      { as: 'designer' },
    ),
    await t.api(
      'PUT',
      '/api/drafts/form/accident-photos',
      {
        body: {
          id: 'accident-photos',
          version: 1,
          title: { 'zh-Hant': '事故照片', en: 'Accident photos' },
          // no fields yet: the draft is stored, with the validator's problems
        },
        baseVersion: null,
      },
      { as: 'designer' },
    ),
  ];
  expect(drafts.map((d) => d.status)).toEqual([200, 200]);
  expect(drafts.map((d) => d.body.problems.length > 0)).toEqual([false, true]);
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  // a viewer in Shanghai: draft times in their zone, the zone shown
  context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    timezoneId: 'Asia/Shanghai',
  });
  page = await context.newPage();
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

const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}${name}.png`, ...STABLE });

describe('Given a designer with a password and the shipped definitions', () => {
  it('when they open the studio unsigned, then they are sent to the Chinese sign-in page', async () => {
    await open(page, `${studio.url}/definitions`);
    await page.waitForURL(/\/login\?next=%2Fdefinitions$/);
    await page.getByRole('heading', { name: '登入' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant');
    await shot('login');
  });

  it('when the password is wrong, then the error is shown in Chinese and nothing is stored', async () => {
    await page.getByLabel('使用者名稱').fill('mei');
    await page.getByLabel('密碼').fill('not the password');
    await page.getByRole('button', { name: '登入' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('使用者名稱或密碼不正確。');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-cw_session');
  });

  it('when they sign in, then the browser keeps the Secure session cookie and the definitions list shows the claim process in Chinese', async () => {
    await page.getByLabel('使用者名稱').fill('mei');
    await page.getByLabel('密碼').fill(PASSWORD);
    await page.getByRole('button', { name: '登入' }).click();
    await page.waitForURL(`${studio.url}/definitions`);

    const session = (await context.cookies()).find((c) => c.name === '__Host-cw_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.getByTestId('current-user').textContent()).toBe('已登入：陳美玲');

    await page.getByRole('heading', { name: '定義', level: 1 }).waitFor();
    const claim = page.getByTestId('definition-claim');
    await claim.getByRole('link', { name: '理賠服務' }).waitFor();
    expect(await claim.textContent()).toContain('v1');
    expect(await claim.textContent()).toContain('最新');
    expect(await claim.textContent()).toContain('正常');
    expect(await page.getByTestId('kind-process').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('definition-claim-intake').textContent()).toContain('v2：1 件');
    expect(await claim.textContent()).toContain('v1：0 件');
    expect(await claim.textContent()).toMatch(
      /以 v1 為基礎，dana 於 2026年11月20日週五 09:30 \[GMT\+8\] 更新/,
    );
    await shot('definitions');
  });

  it('when they choose another kind, then that kind is listed', async () => {
    await page.getByTestId('kind-calendar').click();
    await page.waitForURL(/\?kind=calendar$/);
    await page.getByRole('heading', { name: '行事曆', level: 2 }).waitFor();
    await page.getByRole('link', { name: '自然日（全天候）' }).waitFor();
    await page.getByTestId('kind-form').click();
    const draftOnly = page.getByTestId('definition-accident-photos');
    await draftOnly.waitFor();
    expect(await draftOnly.textContent()).toContain('尚未發布');
    expect(await draftOnly.textContent()).toContain('新定義，dana 於');
    const problems = drafts[1]!.body.problems;
    expect(await draftOnly.textContent()).toContain(`${problems.length} 個問題`);
    await draftOnly.getByText(`${problems.length} 個問題`).click();
    await draftOnly.getByText(problems[0]!.code).first().waitFor();
    await page.getByTestId('kind-process').click();
    await page.getByTestId('definition-claim').waitFor();
  });

  it('when they switch to English, then labels, headings and <html lang> are English, and stay so after a reload', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Claims service' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Definitions');
    expect(await page.getByTestId('current-user').textContent()).toBe('Signed in as 陳美玲');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe(
      'true',
    );

    // rendered on the server this time: the cookies travel through the proxy
    await page.reload();
    await hydrated(page);
    await page.getByRole('link', { name: 'Claims service' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await shot('definitions-en');
  });

  it('when they open a definition, then its versions with hash and file state and its body are shown', async () => {
    await page.getByRole('link', { name: 'Claims service' }).click();
    await page.waitForURL(`${studio.url}/definitions/process/claim`);
    await page.getByRole('heading', { name: /Claims service/, level: 1 }).waitFor();

    // every version is listed with its hash and file; the latest is marked (claim has had a
    // new version since it was first shipped, so the test reads which one that is)
    const claim = (
      await t.api<{
        latestVersion: number;
        versions: { version: number; hash: string }[];
      }>('GET', '/api/definitions/process/claim')
    ).body;
    for (const v of claim.versions) {
      const row = await page.getByTestId(`version-${v.version}`).textContent();
      expect(row).toContain(v.hash);
      expect(row).toContain('present');
      expect(row).toContain(`processes/claim/v${v.version}.json`);
      if (v.version === claim.latestVersion) expect(row).toContain('latest version');
      else expect(row).not.toContain('latest version');
    }

    expect(await page.getByTestId('draft').textContent()).toMatch(
      /based on v1, updated by dana at Fri, 20 Nov 2026, 09:30 GMT\+8\s*OK/,
    );

    const body = JSON.parse((await page.getByTestId('definition-body').textContent()) ?? '');
    expect(body).toMatchObject({
      id: 'claim',
      version: claim.latestVersion,
      name: { en: 'Claims service' },
    });
    await shot('definition');
  });

  it('when they sign out, then the session ends and the studio asks them to sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${studio.url}/login`);
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-cw_session');

    await open(page, `${studio.url}/definitions/process/claim`);
    await page.waitForURL(/\/login\?next=%2Fdefinitions%2Fprocess%2Fclaim$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('when a wrong password is given in English, then the error is in English', async () => {
    await page.getByLabel('User name').fill('mei');
    await page.getByLabel('Password').fill('still not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('The user name or password is wrong.');
  });

  it('when they sign in from the link they were sent to, then they land on that page', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${studio.url}/definitions/process/claim`);
    await page.getByTestId('version-1').waitFor();
  });
});

describe('The proxy', () => {
  it('passes the engine answer through: status, JSON error body in the asked language', async () => {
    const ask = async (lang: string) => {
      const res = await fetch(`${studio.url}/api/auth/me`, {
        headers: { 'accept-language': lang },
      });
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    };
    const [en, zh] = await Promise.all([ask('en'), ask('zh-Hant')]);
    expect(en).toMatchObject({ status: 401, body: { code: 'CW_ERR_UNAUTHENTICATED' } });
    expect(zh).toMatchObject({ status: 401, body: { code: 'CW_ERR_UNAUTHENTICATED' } });
    expect(en.body.message).toMatch(/^[\x20-\x7e]+$/);
    expect(zh.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("passes the body and the session cookie's Set-Cookie through unchanged", async () => {
    const res = await fetch(`${studio.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mei', password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { id: string }).id).toBe('mei');
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(/^__Host-cw_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
  });

  it('refuses a cookie-authenticated write without the CSRF token, as the engine does', async () => {
    const session = (await context.cookies()).find((c) => c.name === '__Host-cw_session')!;
    const res = await fetch(`${studio.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: `${session.name}=${session.value}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe('CW_ERR_CSRF');
    const me = await fetch(`${studio.url}/api/auth/me`, {
      headers: { cookie: `${session.name}=${session.value}` },
    });
    expect(me.status).toBe(200);
  });
});
