/**
 * Every studio page in its three languages (zh-Hant, zh-Hans, en) at phone width (390x844) and at
 * desktop width, against a real engine with the shipped definitions and a claim reported through
 * the public intake: no raw message keys, no text in the other language in the navigation and
 * headings (in English no Chinese outside user data and definition content; in Chinese the
 * navigation and the main heading are Chinese; in Simplified Chinese no Traditional-only
 * character anywhere outside user data), nothing wider than a phone's screen, and no console
 * errors. Saves phone-width screenshots of the customer pages and the inbox in each language.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { launchChromium, open, startStudio, type RunningStudio } from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const LANGS = ['zh-Hant', 'zh-Hans', 'en'] as const;
/**
 * Characters that exist only in Traditional Chinese (their Simplified forms differ): a zh-Hans
 * page showing one has text that was not converted.
 */
const TRADITIONAL_ONLY =
  '們個這過與會點務發戶單據證賠險請驗資簡訊帳號處體變選擇實際時間設計說條項開關內線預設儲給對讀寫認態歷產錄';
type Lang = (typeof LANGS)[number];
const POLICY = 'PL-I18N-2026';
const INCIDENT = '2026-11-20';

/** The studio's message keys, and their first segments (a raw `inbox.title` on a page is a bug). */
const MESSAGES = readFileSync(
  new URL('../../studio/src/lib/i18n/messages.ts', import.meta.url),
  'utf8',
);
const KEYS = [...MESSAGES.matchAll(/^\s+'([a-z][A-Za-z]*(?:\.[A-Za-z-]+)+)':/gm)].map((m) => m[1]!);
const KEY_PREFIX = new RegExp(
  `\\b(?:${[...new Set(KEYS.map((k) => k.split('.')[0]))].join('|')})\\.[a-z][A-Za-z]+\\b`,
);

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let trackPath: string;
let taskId: string;
let instanceId: string;

beforeAll(async () => {
  t = await startTestEngine({ definitions: DEFINITIONS });
  const group = await t.api('PUT', '/api/groups/claims-intake', {
    name: { 'zh-Hant': '理賠受理', en: 'Claims intake' },
  });
  expect(group.status).toBe(201);
  // one user who may see every page: administrator, designer and supervisor, in the intake group
  const boss = await t.api('POST', '/api/users', {
    id: 'wenjie',
    displayName: 'Wen Jie',
    roles: ['admin', 'designer', 'supervisor'],
    groups: ['claims-intake'],
    password: PASSWORD,
  });
  expect(boss.status, JSON.stringify(boss.body)).toBe(201);
  // a claim reported online: its tracking link, its case and the intake task
  const made = await fetch(`${t.url}/api/public/intake/claim`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: {
        policyNumber: POLICY,
        claimantName: '王小明',
        idNumber: '110105198001011238',
        mobile: '13812345678',
        relationToInsured: 'self',
        incidentDate: INCIDENT,
        incidentPlace: '上海市浦东新区世纪大道100号',
        incidentDescription: '骑车时被汽车撞倒，右腿骨折。',
        claimType: 'accident',
        injuredPersons: [
          { name: '王小明', idNumber: '110105198001011238', injuryDetails: '右腿胫骨骨折' },
        ],
        documents: [{ documentType: 'claim-form', fileReference: 'DOC-1' }],
        amountClaimed: 2_000_000,
        paymentMethod: 'cheque',
      },
    }),
  });
  const body = (await made.json()) as { token: string; reference: string };
  expect(made.status, JSON.stringify(body)).toBe(201);
  trackPath = `/track/${body.token}`;
  const [task] = await t.sql<{ id: string; instance_id: string }>(
    `SELECT t.id, t.instance_id FROM tasks t JOIN instances i ON i.id = t.instance_id
     WHERE i.reference = $1 AND t.status = 'open'`,
    [body.reference],
  );
  taskId = task!.id;
  instanceId = task!.instance_id;
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  await mkdir(SCREENSHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

/** A browser context in a language, signed in as the user who sees every page (or nobody). */
async function contextIn(lang: Lang, signedIn: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP });
  await context.addCookies([{ name: 'lang', value: lang, url: studio.url }]);
  if (signedIn) {
    const page = await context.newPage();
    await open(page, `${studio.url}/login`);
    await page.locator('#username').fill('wenjie');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.close();
  }
  return context;
}

const contexts = new Map<string, BrowserContext>();
async function contextFor(lang: Lang, signedIn: boolean) {
  const key = `${lang}:${signedIn}`;
  if (!contexts.has(key)) contexts.set(key, await contextIn(lang, signedIn));
  return contexts.get(key)!;
}

/** What the page shows that breaks the rules, for one language and width. */
async function inspect(page: Page, lang: Lang, phone: boolean): Promise<string[]> {
  const found = await page.evaluate(
    ({ lang, keyPrefix, traditionalOnly }) => {
      const cjk = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;
      const problems: string[] = [];
      /** Visible text of an element without the parts in another language or user content. */
      const textOf = (el: Element): string => {
        let out = '';
        const walk = (node: Node) => {
          if (node.nodeType === Node.TEXT_NODE) out += node.textContent ?? '';
          if (node.nodeType !== Node.ELEMENT_NODE) return;
          const e = node as HTMLElement;
          if (e.hidden || e.getAttribute('aria-hidden') === 'true') return;
          if (e.lang && e.lang !== lang) return;
          // a person's own words and code (FEEL such as `error.code`) are not UI text
          if (e.closest('[data-user-content], [translate="no"], code')) return;
          if (getComputedStyle(e).display === 'none') return;
          e.childNodes.forEach(walk);
        };
        walk(el);
        return out.replace(/\s+/g, ' ').trim();
      };
      const all = textOf(document.body);
      const raw = all.match(new RegExp(keyPrefix, 'g'));
      if (raw) problems.push(`raw message keys: ${[...new Set(raw)].join(', ')}`);
      if (lang === 'zh-Hans') {
        const left = [...new Set([...all].filter((c) => traditionalOnly.includes(c)))];
        if (left.length)
          problems.push(
            `Traditional-only characters in zh-Hans: ${left.join('')} (${all
              .split(/(?<=[。；\n])/)
              .filter((line) => [...line].some((c) => left.includes(c)))
              .slice(0, 3)
              .map((line) => line.slice(0, 80))
              .join(' | ')})`,
          );
      }
      const chrome = Array.from(
        document.querySelectorAll(
          'header nav a, main h1, main h2, main h3, main button, main label, main legend, main summary, main th[scope="col"], main caption',
        ),
      );
      if (lang === 'en') {
        for (const el of chrome) {
          const text = textOf(el);
          if (cjk.test(text))
            problems.push(
              `Chinese in English UI: <${el.tagName.toLowerCase()}> "${text.slice(0, 80)}"`,
            );
        }
      } else {
        for (const el of Array.from(document.querySelectorAll('header nav a, main h1'))) {
          const text = textOf(el);
          if (text && !cjk.test(text))
            problems.push(`not Chinese: <${el.tagName.toLowerCase()}> "${text.slice(0, 80)}"`);
        }
      }
      const scroller = document.scrollingElement ?? document.documentElement;
      return {
        problems,
        width: scroller.scrollWidth,
        inner: window.innerWidth,
        htmlLang: document.documentElement.lang,
      };
    },
    { lang, keyPrefix: KEY_PREFIX.source, traditionalOnly: TRADITIONAL_ONLY },
  );
  const problems = [...found.problems];
  if (found.htmlLang !== lang) problems.push(`<html lang="${found.htmlLang}">`);
  if (phone && found.width > found.inner) {
    // name the widest elements, to find what overflows
    const wide = await page.evaluate((inner) => {
      const out: string[] = [];
      /** Inside an element that scrolls or clips sideways: it does not widen the page. */
      const contained = (el: Element) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
          if (getComputedStyle(p).overflowX !== 'visible') return true;
        return false;
      };
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const r = el.getBoundingClientRect();
        if (r.right > inner + 1 && r.width > 0 && !contained(el)) {
          const e = el as HTMLElement;
          out.push(
            `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}${e.dataset.testid ? `[${e.dataset.testid}]` : ''} (right ${Math.round(r.right)})`,
          );
        }
        if (out.length >= 5) break;
      }
      return out;
    }, found.inner);
    problems.push(`scrolls sideways: ${found.width} > ${found.inner} (${wide.join('; ')})`);
  }
  return problems;
}

/**
 * Visits a page in each language, at phone width and then widened to a desktop's; returns every
 * problem found, each prefixed with where it was seen. `shot` names the phone-width screenshots
 * to save.
 */
async function visit(
  path: string,
  opts: { signedIn?: boolean; shot?: string; ready?: (p: Page) => Promise<void> } = {},
) {
  const problems: string[] = [];
  for (const lang of LANGS) {
    const context = await contextFor(lang, opts.signedIn ?? true);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('pageerror', (e) => errors.push(e.message));
    // name what failed to load (the console only says "404")
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
    });
    // loaded once at phone width, then widened: the studio's layout answers its width with CSS
    // media queries and resize listeners, so the desktop check reads the same page a desktop
    // load would show (a page load costs Chromium about a second of CPU; there are 63 here)
    await page.setViewportSize(PHONE);
    await open(page, `${studio.url}${path}`);
    for (const [size, phone] of [
      [PHONE, true],
      [DESKTOP, false],
    ] as const) {
      await page.setViewportSize(size);
      await page.locator('main h1').first().waitFor();
      await opts.ready?.(page);
      const where = `${path} ${lang} ${phone ? 'phone' : 'desktop'}`;
      for (const p of await inspect(page, lang, phone)) problems.push(`${where}: ${p}`);
      if (phone && opts.shot)
        await page.screenshot({
          path: `${SCREENSHOTS}${opts.shot}-phone-${lang}.png`,
          ...STABLE,
        });
    }
    for (const e of errors) problems.push(`${path} ${lang}: console error: ${e}`);
    await page.close();
  }
  return problems;
}

describe('Given the shipped definitions and a claim reported online', () => {
  const pages: [string, () => string, Parameters<typeof visit>[1]?][] = [
    ['the sign-in page', () => '/login', { signedIn: false }],
    ['the definitions list', () => '/definitions'],
    ['the forms tab', () => '/definitions?kind=form'],
    ['a definition', () => '/definitions/process/claim'],
    ['the form editor', () => '/definitions/form/claim-receipt/edit'],
    ['the process editor', () => '/definitions/process/claim/edit'],
    ['the SLA editor', () => '/definitions/sla/claim-decision/edit'],
    ['the calendar editor', () => '/definitions/calendar/cn-mainland/edit'],
    ['the decision tables tab', () => '/definitions?kind=decision'],
    ['the decision-table editor', () => '/definitions/decision/claim-triage/edit'],
    ['the inbox', () => '/inbox?scope=groups', { shot: 'i18n-inbox' }],
    ['a task', () => `/tasks/${encodeURIComponent(taskId)}`],
    ['a case', () => `/cases/${encodeURIComponent(instanceId)}`],
    ['case search', () => '/search'],
    ['migrating a case', () => `/instances/${encodeURIComponent(instanceId)}/migrate`],
    ['operations', () => '/operations'],
    ['dashboards', () => '/dashboards'],
    ['notifications', () => '/notifications'],
    ['the complaints report', () => '/reports/complaints'],
    ['the claim report page', () => '/report/claim', { signedIn: false, shot: 'i18n-report' }],
    ['the tracking page', () => trackPath, { signedIn: false, shot: 'i18n-track' }],
  ];
  for (const [name, path, opts] of pages)
    it(`${name} speaks each language only, fits a phone and logs no errors`, async () => {
      expect(await visit(path(), opts)).toEqual([]);
    });
});
