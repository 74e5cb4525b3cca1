/**
 * A process designer in the process editor, in Chromium against a real engine with the shipped
 * definitions (copied, so publishing writes into a temporary folder): the process settings
 * filled in both languages (the draft the engine stores has them), the largest shipped process
 * (claim v6, 61 nodes) zoomed to fit at 1280×800, 1920×1080 and 390 px, at a readable scale from
 * its start, with no two flow labels in view overlapping and its end reached by scrolling, people picked for a user task, problems that select what
 * they are about, and a draft discarded or kept when leaving. Writes the settings and
 * claim-canvas screenshots of docs/studio.md in both languages.
 */
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  hydrated,
  launchChromium,
  open,
  startStudio,
  type RunningStudio,
} from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const DEFINITIONS = fileURLToPath(new URL('../../definitions', import.meta.url));
const PLUGINS = fileURLToPath(new URL('../../plugins', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'caseway-designer-'));
  await cp(DEFINITIONS, dir, { recursive: true });
  // a copy of the shipped definitions calls the shipped plugins (claim v4 and v5: notices), as the
  // folder itself does: without them the claim process is refused
  t = await startTestEngine({
    definitions: dir,
    pluginsDir: PLUGINS,
    start: '2026-11-20T01:30:00Z',
  });
  const designer = await t.api('POST', '/api/users', {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['designer'],
    password: PASSWORD,
  });
  expect(designer.status).toBe(201);
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

/** A signed-in designer's page in a language at a viewport size. */
async function designerPage(
  lang: 'zh-Hant' | 'en',
  viewport = DESKTOP,
): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/London' });
  await context.addCookies([{ name: 'lang', value: lang, url: studio.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await open(page, `${studio.url}/login`);
  await page.locator('#username').fill('mei');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { page, context };
}

interface StoredDraft {
  body: {
    name: { 'zh-Hant': string; en: string };
    description?: { 'zh-Hant': string; en: string };
    public?: { intake?: boolean; steps?: { label: object; nodes: string[] }[] };
    retention?: string;
    timeZone?: string;
    nodes: { id: string; type: string; form?: { id: string } }[];
  };
}

/** The draft the engine stored, once `ok` holds for it (the editor saves 0.8 s after a change). */
function draftWhere(id: string, ok: (d: StoredDraft['body']) => boolean, what: string) {
  return t.until(async () => {
    const r = await t.api<StoredDraft>('GET', `/api/drafts/process/${id}`);
    return r.status === 200 && ok(r.body.body) ? r.body.body : null;
  }, what);
}

describe('process settings', () => {
  it('when a designer fills in the settings in both languages, the stored draft has them', async () => {
    const { page, context } = await designerPage('en');
    await open(page, `${studio.url}/definitions/process/windscreen-repair/edit`);
    // a start node first, so the start form can be chosen
    await page.getByRole('button', { name: 'Add a Start' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const settings = page.getByRole('region', { name: 'Process settings' });
    const names = settings.getByRole('group', { name: /Process name/ });
    await names.getByLabel('Chinese').fill('擋風玻璃維修');
    await names.getByLabel('English').fill('');
    await expect
      .poll(() => settings.getByText('Write it in both Chinese and English.').count())
      .toBe(1);
    await names.getByLabel('English').fill('Windscreen repair');
    const description = settings.getByRole('group', { name: 'Description' });
    await description.getByLabel('Chinese').fill('客戶回報擋風玻璃損壞，安排維修。');
    await description
      .getByLabel('English')
      .fill('A customer reports a damaged windscreen; we arrange the repair.');
    const form = settings.getByRole('combobox', { name: 'Form id' });
    await form.fill('claim-rep');
    await form.press('ArrowDown');
    await form.press('Enter');
    await settings.getByLabel('Customers may report online (public intake)').check();
    await settings.getByRole('button', { name: 'Add a step' }).click();
    const step = settings.getByRole('listitem').filter({ hasText: 'Step 1' });
    const label = step.getByRole('group', { name: /What customers read/ });
    await label.getByLabel('Chinese').fill('已收到您的報案');
    await label.getByLabel('English').fill('We received your report');
    const nodes = step.getByRole('combobox', { name: 'Nodes it covers' });
    await nodes.fill('start');
    await nodes.press('ArrowDown');
    await nodes.press('Enter');
    const retention = settings.getByLabel(/How long closed cases keep personal data/);
    await retention.fill('P7');
    await expect.poll(() => retention.getAttribute('aria-invalid')).toBe('true');
    await retention.fill('P7Y');
    await settings.getByText('= 7 years').waitFor();
    // the zone its timers count days and months in: a name the runtime knows
    const zone = settings.getByLabel('Time zone of timers and due dates');
    await zone.fill('Mars/Olympus_Mons');
    await zone.press('Tab');
    await expect.poll(() => zone.getAttribute('aria-invalid')).toBe('true');
    await zone.fill('Europe/Berlin');
    await zone.press('Tab');
    await expect.poll(() => zone.getAttribute('aria-invalid')).toBe('false');

    const stored = await draftWhere(
      'windscreen-repair',
      (d) =>
        d.retention === 'P7Y' &&
        d.timeZone === 'Europe/Berlin' &&
        d.public?.steps?.[0]?.nodes.length === 1,
      'the settings in the draft',
    );
    expect(stored.name).toEqual({ 'zh-Hant': '擋風玻璃維修', en: 'Windscreen repair' });
    expect(stored.description?.en).toBe(
      'A customer reports a damaged windscreen; we arrange the repair.',
    );
    expect(stored.nodes[0]).toMatchObject({ type: 'start', form: { id: 'claim-report' } });
    expect(stored.public).toEqual({
      intake: true,
      steps: [
        {
          label: { 'zh-Hant': '已收到您的報案', en: 'We received your report' },
          nodes: ['start-1'],
        },
      ],
    });
    await settings.evaluate((el) => el.parentElement?.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'process-settings-en.png'), ...STABLE });

    // the same settings in Chinese, after a reload (nothing lost)
    await context.addCookies([{ name: 'lang', value: 'zh-Hant', url: studio.url }]);
    await page.reload();
    await hydrated(page);
    await page.getByRole('tab', { name: '流程設定' }).click();
    const zh = page.getByRole('region', { name: '流程設定' });
    await expect.poll(() => zh.getByLabel('英文').first().inputValue()).toBe('Windscreen repair');
    await page.screenshot({ path: join(SCREENSHOTS, 'process-settings.png'), ...STABLE });
    await context.close();
  });
});

describe('canvas', () => {
  /** The canvas's box and every node's and flow label's box on the screen. */
  async function boxes(page: Page) {
    return page.evaluate(() => {
      const rect = (el: Element) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      };
      return {
        canvas: rect(document.querySelector('.svelte-flow')!),
        nodes: Array.from(document.querySelectorAll('.svelte-flow__node')).map((n) => ({
          id: n.getAttribute('data-id'),
          ...rect(n),
        })),
        labels: Array.from(document.querySelectorAll('.flow-label')).map((l) => ({
          id: l.getAttribute('data-flow-id'),
          ...rect(l),
        })),
      };
    });
  }
  const inside = (b: { x: number; y: number; width: number; height: number }, c: typeof b) =>
    b.x >= c.x && b.y >= c.y && b.x + b.width <= c.x + c.width && b.y + b.height <= c.y + c.height;
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
    a.x < b.x + b.width - 0.5 &&
    b.x < a.x + a.width - 0.5 &&
    a.y < b.y + b.height - 0.5 &&
    b.y < a.y + a.height - 0.5;

  /** The diagram's scale (the viewport's CSS transform). */
  const scaleOf = (page: Page) =>
    page
      .locator('.svelte-flow__viewport')
      .evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1]));

  for (const [lang, viewport, shot] of [
    ['zh-Hant', DESKTOP, 'process-claim-fit.png'],
    ['en', DESKTOP, 'process-claim-fit-en.png'],
    ['en', { width: 1920, height: 1080 }, undefined],
    ['zh-Hant', PHONE, 'process-claim-fit-phone.png'],
    ['en', PHONE, 'process-claim-fit-en-phone.png'],
  ] as const) {
    it(`when the largest shipped process is zoomed to fit at ${viewport.width}×${viewport.height} (${lang}), names stay readable, it starts at its start, and panning reaches its end`, async () => {
      const claim = await t.api<{
        body: { nodes: { id: string; type: string }[]; flows: { condition?: string }[] };
      }>('GET', '/api/definitions/process/claim');
      const count = claim.body.body.nodes.length;
      // the largest shipped process (claim v6: 61 nodes)
      expect(count).toBeGreaterThanOrEqual(61);
      const start = claim.body.body.nodes.find((n) => n.type === 'start')!.id;
      const { page, context } = await designerPage(lang, viewport);
      await open(page, `${studio.url}/definitions/process/claim/edit`);
      await page
        .getByRole('button', { name: lang === 'en' ? 'Zoom to fit' : '縮放至全圖' })
        .click();
      // the whole diagram would need a scale near 0.2: fitting stops at 0.8
      await expect.poll(() => scaleOf(page)).toBeCloseTo(0.8, 2);
      await page.locator('section.canvas').scrollIntoViewIfNeeded();
      let seen = await boxes(page);
      expect(seen.nodes.length).toBe(count);
      const startBox = seen.nodes.find((n) => n.id === start)!;
      expect(inside(startBox, seen.canvas), 'the start event in view').toBe(true);
      // a task's name is at least 9.5 px on the screen
      const nameSize = await page
        .locator('.svelte-flow__node .task .name')
        .first()
        .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(nameSize * (await scaleOf(page))).toBeGreaterThanOrEqual(9.5);
      const inView = seen.labels.filter((l) => inside(l, seen.canvas));
      const clashes: string[] = [];
      for (let i = 0; i < inView.length; i++)
        for (let j = i + 1; j < inView.length; j++)
          if (overlap(inView[i]!, inView[j]!)) clashes.push(`${inView[i]!.id} × ${inView[j]!.id}`);
      expect(clashes).toEqual([]);
      // the minimap shows where the view is, inside the canvas
      const minimap = (await page.locator('.svelte-flow__minimap').boundingBox())!;
      expect(inside(minimap, seen.canvas)).toBe(true);
      if (viewport.width !== 1920 && viewport.width !== PHONE.width)
        expect(seen.canvas.width).toBeGreaterThan(viewport.width * 0.6);
      // the palette's buttons fit its column: nothing cut off at its right edge
      const sideways = await page
        .locator('.palette-area')
        .evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(sideways).toBe(0);
      if (shot) await page.screenshot({ path: join(SCREENSHOTS, shot), ...STABLE });

      // scrolling sideways pans, at the same scale, until the rightmost node is in view
      const last = seen.nodes.reduce((a, b) => (b.x + b.width > a.x + a.width ? b : a)).id;
      await page.mouse.move(seen.canvas.x + seen.canvas.width / 2, seen.canvas.y + 40);
      for (let i = 0; i < 40; i++) {
        seen = await boxes(page);
        if (
          inside(
            seen.nodes.find((n) => n.id === last)!,
            seen.canvas,
          )
        )
          break;
        await page.mouse.wheel(300, 0);
        await expect.poll(async () => (await boxes(page)).nodes[0]!.x).not.toBe(seen.nodes[0]!.x);
      }
      seen = await boxes(page);
      expect(
        inside(
          seen.nodes.find((n) => n.id === last)!,
          seen.canvas,
        ),
        `${last} in view`,
      ).toBe(true);
      expect(await scaleOf(page)).toBeCloseTo(0.8, 2);
      await context.close();
    });
  }

  it('fits a small process whole, larger than the readable minimum', async () => {
    const { page, context } = await designerPage('en');
    await open(page, `${studio.url}/definitions/process/glass-intake-fit/edit`);
    await page.getByRole('button', { name: 'Add a Start' }).click();
    await page.getByRole('button', { name: 'Add a User task' }).click();
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await expect.poll(() => scaleOf(page)).toBeCloseTo(1.2, 2);
    const b = await boxes(page);
    for (const n of b.nodes) expect(inside(n, b.canvas), `${n.id} in view`).toBe(true);
    await context.close();
  });

  it('when a node is added with another selected, it lands beside it, in view, connected from it', async () => {
    const { page, context } = await designerPage('en');
    await open(page, `${studio.url}/definitions/process/glass-intake/edit`);
    await page.getByRole('button', { name: 'Add a Start' }).click();
    await page.getByRole('button', { name: 'Add a User task' }).click();
    await page.getByRole('button', { name: 'Add a Exclusive gateway' }).click();
    const stored = await t.until(async () => {
      const r = await t.api<{ body: { flows: { from: string; to: string }[] } }>(
        'GET',
        '/api/drafts/process/glass-intake',
      );
      return r.status === 200 && r.body.body.flows.length === 2 ? r.body.body : null;
    }, 'two flows in the draft');
    expect(stored.flows).toEqual([
      { id: 'flow-1', from: 'start-1', to: 'task-1' },
      { id: 'flow-2', from: 'task-1', to: 'decision-1' },
    ]);
    const b = await boxes(page);
    expect(b.nodes.map((n) => n.id)).toEqual(['start-1', 'task-1', 'decision-1']);
    for (const n of b.nodes) expect(inside(n, b.canvas), `${n.id} in view`).toBe(true);
    const [start, task, gateway] = b.nodes;
    expect(task!.x).toBeGreaterThan(start!.x + start!.width);
    expect(gateway!.x).toBeGreaterThan(task!.x + task!.width);
    await context.close();
  });

  it('pans and zooms by keyboard once the canvas has the focus', async () => {
    const { page, context } = await designerPage('en');
    await open(page, `${studio.url}/definitions/process/claim/edit`);
    const transform = () =>
      page.locator('.svelte-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
    await page.getByRole('button', { name: 'Zoom to fit' }).click();
    await page.locator('section.canvas').focus();
    let before = await transform();
    await page.keyboard.press('ArrowRight');
    await expect.poll(transform).not.toBe(before);
    before = await transform();
    const scale = (s: string) => Number(/scale\(([\d.]+)\)/.exec(s)?.[1]);
    await page.keyboard.press('+');
    await expect.poll(async () => scale(await transform())).toBeGreaterThan(scale(before));
    await context.close();
  });
});

describe('people and problems', () => {
  const GLASS = {
    id: 'glass-repair',
    version: 1,
    name: { 'zh-Hant': '玻璃維修', en: 'Glass repair' },
    nodes: [
      {
        id: 'reported',
        type: 'start',
        name: { 'zh-Hant': '報案', en: 'Reported' },
        form: { id: 'claim-report' },
      },
      {
        id: 'size',
        type: 'exclusiveGateway',
        name: { 'zh-Hant': '金額？', en: 'How much?' },
        default: 'small',
      },
      {
        id: 'repair',
        type: 'userTask',
        name: { 'zh-Hant': '維修', en: 'Repair' },
        form: { id: 'claim-report' },
        candidateGroups: 'windscreen-team',
      },
      { id: 'done', type: 'end', name: { 'zh-Hant': '完成', en: 'Done' } },
    ],
    flows: [
      { id: 'f1', from: 'reported', to: 'size' },
      {
        id: 'big',
        from: 'size',
        to: 'repair',
        condition: 'claimType = "acident" and amountClaimd > 1000',
      },
      { id: 'small', from: 'size', to: 'done' },
      { id: 'f4', from: 'repair', to: 'done' },
    ],
  };

  beforeAll(async () => {
    expect(
      (
        await t.api('PUT', '/api/groups/windscreen-team', {
          name: { 'zh-Hant': '擋風玻璃組', en: 'Windscreen team' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await t.api('POST', '/api/users', {
          id: 'fitter',
          displayName: '王師傅',
          roles: ['staff'],
          groups: ['windscreen-team'],
        })
      ).status,
    ).toBe(201);
    const saved = await t.api('PUT', '/api/drafts/process/glass-repair', {
      body: GLASS,
      baseVersion: null,
    });
    expect(saved.status).toBe(200);
  });

  it('says each problem as a sentence; clicking one selects its node and field, and the picker fixes it', async () => {
    const { page, context } = await designerPage('en');
    await open(page, `${studio.url}/definitions/process/glass-repair/edit`);
    const list = page.getByRole('region', { name: /Problems/ });
    const bare = list.getByRole('button', { name: /^User task “Repair” · Candidate groups:/ });
    await bare.waitFor();
    expect(await bare.textContent()).toContain('["windscreen-team"]');
    await list.getByRole('button', { name: /Did you mean amountClaimed\?/ }).waitFor();
    await list
      .getByRole('button', { name: /Compares claimType with "acident".*Did you mean "accident"\?/ })
      .waitFor();
    expect(await list.getByRole('heading').textContent()).toContain('1 problem, 2 warnings');

    await bare.click();
    const props = page.locator('.side');
    await expect
      .poll(() => page.locator('.svelte-flow__node[data-id="repair"]').getAttribute('class'))
      .toMatch(/selected/);
    const groups = props.getByRole('group', { name: 'Candidate groups' });
    const expression = groups.getByRole('combobox', { name: 'Candidate groups (FEEL)' });
    await expect.poll(() => expression.evaluate((el) => el === document.activeElement)).toBe(true);
    // back to picking: the group is chosen from the engine's groups
    await groups.getByLabel('Expression (FEEL)').uncheck();
    const picker = groups.getByRole('combobox', { name: 'Groups' });
    await picker.fill('wind');
    await groups.getByRole('option', { name: /windscreen-team/ }).waitFor();
    expect(await groups.getByRole('option').first().textContent()).toContain('1 member');
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await t.until(async () => {
      const r = await t.api('GET', '/api/drafts/process/glass-repair');
      return (
        r.body.body.nodes[2].candidateGroups === '["windscreen-team"]' &&
        r.body.problems.length === 0
      );
    }, 'the group picked and the problem gone');
    await expect
      .poll(() => list.getByRole('heading').textContent())
      .toContain('0 problems, 2 warnings');

    // the typo: its flow's condition gets the focus, and fixing it clears the warning
    await list.getByRole('button', { name: /Did you mean amountClaimed\?/ }).click();
    const condition = props.getByRole('combobox', { name: 'Condition (FEEL)' });
    await expect.poll(() => condition.evaluate((el) => el === document.activeElement)).toBe(true);
    await condition.fill('claimType = "accident" and amountClaimed > 1000');
    await expect.poll(() => list.getByRole('heading').textContent()).toContain('0 problems)');
    await context.close();
  });

  it('says the warnings in Chinese too', async () => {
    await t.api('PUT', '/api/drafts/process/glass-typo', {
      body: {
        ...GLASS,
        id: 'glass-typo',
        nodes: GLASS.nodes.map((n) =>
          n.id === 'repair' ? { ...n, candidateGroups: '["windscreen-team"]' } : n,
        ),
      },
      baseVersion: null,
    });
    const { page, context } = await designerPage('zh-Hant');
    await open(page, `${studio.url}/definitions/process/glass-typo/edit`);
    const list = page.getByRole('region', { name: /問題/ });
    await list
      .getByRole('button', {
        name: /流程 金額？ → 維修 · 條件（FEEL）:.*您是指 amountClaimed 嗎？/,
      })
      .waitFor();
    await list.getByRole('button', { name: /您是指 "accident" 嗎？/ }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'process-problems-zh.png'), ...STABLE });
    await context.close();
  });
});
