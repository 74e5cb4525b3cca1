/**
 * Single sign-on in Chromium, through a real OpenID provider (`oidc-provider`, started here) and
 * its own login and consent pages: the sign-in page offers "Sign in with Ankang ID" beside the
 * password form; a claims clerk signs in at the provider, consents, and lands in the inbox
 * signed in with the role the claims map to (staff) and the mapped group. A person whose
 * provider roles map to no Caseway role comes back to the sign-in page told why, in the page's
 * language, with no session. zh-Hant and zh-Hans at 1280×800 and en at 390 px wide (and the
 * sign-in page in the other two); screenshots docs/screenshots/oidc-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { startProvider, type TestProvider } from '../helpers/oidc-provider.ts';
import {
  freePort,
  launchChromium,
  open,
  startStudio,
  type RunningStudio,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
type Lang = 'zh-Hant' | 'zh-Hans' | 'en';

const people: Record<string, Record<string, unknown>> = {
  'u-3003': {
    preferred_username: 'chen.yu',
    name: '陳宇',
    roles: ['claims-clerk'],
    groups: ['ADJ'],
  },
  'u-3004': { preferred_username: 'jo.guest', name: 'Jo Guest', roles: ['visitor'], groups: [] },
};

let idp: TestProvider;
let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;

beforeAll(async () => {
  // the studio's address is the redirect URL both the provider and the engine must know first
  const port = await freePort();
  const studioUrl = `http://127.0.0.1:${port}`;
  const redirectUri = `${studioUrl}/api/auth/oidc/callback`;
  idp = await startProvider({ redirectUri, people });
  t = await startTestEngine({
    definitions: {},
    config: {
      oidc: {
        issuer: idp.issuer,
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        redirectUri,
        name: 'Ankang ID',
        scopes: 'openid profile',
        usernameClaim: 'preferred_username',
        rolesClaim: 'roles',
        groupsClaim: 'groups',
        roleMap: { 'claims-clerk': ['staff'] },
        groupMap: { ADJ: ['adjusters'] },
        defaultRoles: [],
        allowHttp: true,
      },
    },
  });
  expect((await t.api('PUT', '/api/groups/adjusters', {})).status).toBeLessThan(300);
  [studio, browser] = await Promise.all([
    startStudio(t.url, { PORT: String(port), ORIGIN: studioUrl }),
    launchChromium(),
  ]);
  expect(studio.url).toBe(studioUrl);
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  await idp?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENSHOTS}${name}.png`, ...STABLE });
const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

const BUTTON: Record<Lang, string> = {
  'zh-Hant': '以 Ankang ID 登入',
  'zh-Hans': '以 Ankang ID 登录',
  en: 'Sign in with Ankang ID',
};
const SIGNED_IN: Record<Lang, string> = {
  'zh-Hant': '已登入：陳宇',
  'zh-Hans': '已登录：陳宇',
  en: 'Signed in as 陳宇',
};

/** A fresh browser in a language and size, on the studio's sign-in page. */
async function signInPage(lang: Lang, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: 'lang', value: lang, url: studio.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await open(page, `${studio.url}/login`);
  return { context, page };
}

/** At the provider: its login page (any password), then its consent page. */
async function throughProvider(page: Page, login: string, shotPrefix?: string) {
  await page.waitForURL((u) => u.origin === idp.issuer);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  if (shotPrefix) await shot(page, `${shotPrefix}-provider-login`);
  await page.locator('button[type="submit"]').click();
  // consent: the provider asks once per person and client
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Who the page's session is, from the engine through the studio. */
const me = (page: Page) =>
  page.evaluate(async () => (await fetch('/api/auth/me')).json()) as Promise<{
    id: string;
    displayName: string;
    roles: string[];
    groups: string[];
    via: string;
  }>;

describe('Given a provider whose claims clerks map to staff in the adjusters group', () => {
  it.each([
    ['zh-Hant', DESKTOP, 'oidc-zh-Hant-desktop'],
    ['zh-Hans', DESKTOP, 'oidc-zh-Hans-desktop'],
    ['en', PHONE, 'oidc-en-phone'],
  ] as const)(
    'when a clerk signs in with it (%s, %o), then they pass the provider’s pages and land in the inbox with the mapped role',
    async (lang, viewport, name) => {
      const { context, page } = await signInPage(lang, viewport);
      // the password form is still there, and the provider's button beside it
      await page.locator('#password').waitFor();
      const sso = page.getByRole('link', { name: BUTTON[lang] });
      await sso.waitFor();
      await noSidewaysScroll(page);
      await shot(page, `${name}-sign-in`);

      await sso.click();
      await throughProvider(page, 'u-3003', lang === 'en' ? name : undefined);
      await page.waitForURL(`${studio.url}/inbox`);
      await page.getByText(SIGNED_IN[lang], { exact: true }).waitFor();
      expect(await me(page)).toMatchObject({
        id: 'chen.yu',
        displayName: '陳宇',
        roles: ['staff'],
        groups: ['adjusters'],
        via: 'session',
      });
      await noSidewaysScroll(page);
      await shot(page, `${name}-inbox`);
      await context.close();
    },
  );

  it.each([
    ['en', DESKTOP, 'oidc-en-desktop-sign-in'],
    ['zh-Hant', PHONE, 'oidc-zh-Hant-phone-sign-in'],
  ] as const)('the sign-in page offers it in %s at %o too', async (lang, viewport, name) => {
    const { context, page } = await signInPage(lang, viewport);
    await page.getByRole('link', { name: BUTTON[lang] }).waitFor();
    await noSidewaysScroll(page);
    await shot(page, name);
    await context.close();
  });

  it('when a person whose roles map to none signs in, then they are back at the sign-in page, told why in zh-Hant, with no session and no user', async () => {
    const { context, page } = await signInPage('zh-Hant', PHONE);
    await page.getByRole('link', { name: BUTTON['zh-Hant'] }).click();
    await throughProvider(page, 'u-3004');
    await page.waitForURL(`${studio.url}/login?error=CW_ERR_OIDC_NO_ROLE`);
    await page
      .getByRole('alert')
      .filter({ hasText: '身分提供者已確認您的身分，但您在該處的角色都不是 Caseway 的角色' })
      .waitFor();
    expect((await context.cookies(studio.url)).map((c) => c.name)).not.toContain(
      '__Host-cw_session',
    );
    expect(await t.sql(`SELECT id FROM users WHERE id = 'jo.guest'`)).toEqual([]);
    await shot(page, 'oidc-zh-Hant-phone-refused');
    await context.close();
  });
});
