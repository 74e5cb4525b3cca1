/**
 * The stage of a browser test: a test engine on its definitions, the studio served against it
 * and Debian's Chromium, set up in one call and taken down in one; the definition schemas a
 * definitions folder starts from; people with passwords; a browser context signed in as one of
 * them in a language, a zone and a size; the engine's clock moved to a fixed instant for
 * screenshots that come out the same on every run.
 *
 * ```ts
 * let stage: Stage;
 * beforeAll(async () => {
 *   const dir = await writeDefinitions({ ...(await schemaFiles()), 'forms/ack/v1.json': ack });
 *   stage = await openStage({ definitions: dir, start: '2026-11-19T02:00:00Z' });
 *   await addUser(stage.t, { id: 'mei', displayName: '陳美玲', roles: ['designer'], password });
 * }, 240_000);
 * afterAll(() => closeStage(stage));
 * const { page } = await signedIn(stage, { user: 'mei', password, lang: 'en' });
 * ```
 */
import { mkdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type TestEngineOptions,
} from '../../helpers/engine.ts';
import { launchChromium, open, startStudio, type RunningStudio } from './studio.ts';

/**
 * Where the browser tests' screenshots go: docs/screenshots when the run is asked to refresh
 * them (`npm run screenshots`, which sets UPDATE_SCREENSHOTS=1), else a folder of the system's
 * temporary one, `caseway-screenshots/`, where they are still there to look at. So `npm test`
 * leaves the checkout as it found it: a picture whose clock, pixels or numbers differ from the
 * last run's no longer shows as a changed file (about 130 of them did after every run).
 */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : join(tmpdir(), 'caseway-screenshots') + sep;
mkdirSync(SCREENSHOTS, { recursive: true });
const SCHEMA = fileURLToPath(new URL('../../../definitions/schema', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

type SchemaKind = 'process' | 'form' | 'sla' | 'calendar' | 'decision' | 'scenario';

/** The shipped JSON Schemas of these kinds, as files of a definitions folder (`schema/…`). */
export async function schemaFiles(
  kinds: readonly SchemaKind[] = ['process', 'form', 'sla', 'calendar'],
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const kind of kinds)
    files[`schema/${kind}.schema.json`] = await readFile(
      join(SCHEMA, `${kind}.schema.json`),
      'utf8',
    );
  return files;
}

export interface Stage {
  t: TestEngine;
  studio: RunningStudio;
  browser: Browser;
}

/** Starts the engine, then the studio against it and Chromium side by side. */
export async function openStage(options: TestEngineOptions): Promise<Stage> {
  const t = await startTestEngine(options);
  const [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  await mkdir(SCREENSHOTS, { recursive: true });
  return { t, studio, browser };
}

/** Closes what `openStage` opened (what of it was opened, when a set-up failed half-way). */
export async function closeStage(stage: Partial<Stage> | undefined): Promise<void> {
  await stage?.browser?.close();
  await stage?.studio?.close();
  if (stage?.t) {
    await stage.t.close();
    await dropTestData(stage.t.schema, stage.t.prefix);
  }
}

export interface NewUser {
  id: string;
  displayName: string;
  roles: string[];
  groups?: string[];
  /** Without one the user cannot sign in to the studio (a group's member, say). */
  password?: string;
}

/** Creates a user through the API, as the administrator. */
export async function addUser(t: TestEngine, user: NewUser): Promise<void> {
  const res = await t.api('POST', '/api/users', user);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
}

/**
 * A new browser context in a language, size and zone, signed in on the sign-in page (its fields
 * by id, so in any language), and on the page the studio went to after it: `next` when given
 * (opened signed out, so the studio sends it through the sign-in page and back).
 */
export async function signedIn(
  stage: Stage,
  who: {
    user: string;
    password: string;
    lang: 'zh-Hant' | 'zh-Hans' | 'en';
    viewport?: { width: number; height: number };
    timezoneId?: string;
    next?: string;
  },
): Promise<SignedIn> {
  const context = await stage.browser.newContext({
    viewport: who.viewport ?? DESKTOP,
    ...(who.timezoneId ? { timezoneId: who.timezoneId } : {}),
  });
  await context.addCookies([{ name: 'lang', value: who.lang, url: stage.studio.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await open(page, `${stage.studio.url}${who.next ?? '/login'}`);
  if (who.next) await page.waitForURL(/\/login/);
  await page.locator('#username').fill(who.user);
  await page.locator('#password').fill(who.password);
  await page.locator('button[type="submit"]').click();
  if (who.next) await page.waitForURL(`${stage.studio.url}${who.next}`);
  else await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

/**
 * The engine's clock moved on to a fixed instant (when the run has not passed it yet), before
 * a save or a step a screenshot shows, so the screenshots are the same on every run; keep the
 * steps within the sessions' idle timeout.
 */
export function clockAt(t: TestEngine, iso: string): void {
  const at = Date.parse(iso);
  if (t.clock.now() < at) t.clock.advance(at - t.clock.now());
}

/**
 * Text that reads the wall clock, covered in screenshots: an SLA countdown ticking to the second
 * from the engine's instant (`role="timer"`, on the task page, the case page and the supervisors'
 * worklist) and times the browser's own clock gives (`data-wall-clock`: when the task page saved
 * a draft), and text random per run (`data-per-run`: a case's reference beside its business
 * key in the calendar replay report). The pages show them as ever; the picture paints each as a
 * grey bar of its size, so an unchanged page gives an unchanged file. (Times the engine's clock
 * gives are fixed by the test's `start` and {@link clockAt}.)
 */
export const WALL_CLOCK_CSS =
  '[role="timer"], [data-wall-clock], [data-per-run] { color: transparent !important; text-shadow: none !important; background: #d0d7de !important; border-radius: 3px; }';

/** The options of every docs screenshot: no animations, wall-clock text covered. */
export const STABLE = { animations: 'disabled', style: WALL_CLOCK_CSS } as const;

/** A screenshot into docs/screenshots (`name`.png), of the viewport or the whole page. */
export function screenshot(page: Page, name: string, fullPage = false): Promise<Buffer> {
  return page.screenshot({ path: `${SCREENSHOTS}${name}.png`, ...STABLE, fullPage });
}
