/**
 * The form editor at 1280×800 (issue 15, item 9), in Chromium: with a text field selected the
 * properties column stays beside the preview, never over it, in both languages; the form's
 * title can be changed while a field is selected; Escape, a click on empty space and the
 * Deselect button each let go of the field, after which new fields go to the end of the form.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { launchChromium, signIn, startStudio, type RunningStudio } from './helpers/studio.ts';
import { STABLE, SCREENSHOTS } from './helpers/stage.ts';

const SCHEMA = fileURLToPath(new URL('../../definitions/schema', import.meta.url));
const PASSWORD = 'correct horse battery staple';
const text = (zh: string, en: string) => ({ 'zh-Hant': zh, en });

/** A start form as a designer has it half done: its draft, never published. */
const REPORT = {
  id: 'glass-report',
  version: 1,
  title: text('擋風玻璃報案', 'Windscreen report'),
  fields: [
    {
      key: 'plate',
      type: 'text',
      required: true,
      maxLength: 20,
      label: text('車牌號碼', 'Registration plate'),
      help: text('如滬A-12345，含省份簡稱', 'As on the plate, with the province, e.g. 滬A-12345'),
    },
    {
      key: 'damageType',
      type: 'select',
      required: true,
      label: text('損壞類型', 'Kind of damage'),
      options: [
        { value: 'chip', label: text('小缺口', 'Chip') },
        { value: 'crack', label: text('裂痕', 'Crack') },
      ],
    },
  ],
};

let t: TestEngine;
let studio: RunningStudio;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const definitionsDir = await writeDefinitions({
    'schema/form.schema.json': await readFile(join(SCHEMA, 'form.schema.json'), 'utf8'),
  });
  t = await startTestEngine({ definitions: definitionsDir, start: '2026-11-19T02:00:00Z' });
  await t.api('POST', '/api/users', {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['designer'],
    password: PASSWORD,
  });
  const saved = await t.api(
    'PUT',
    '/api/drafts/form/glass-report',
    { body: REPORT, baseVersion: null },
    { as: 'designer' },
  );
  expect(saved.body.problems).toEqual([]);
  [studio, browser] = await Promise.all([startStudio(t.url), launchChromium()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
});

/** How far the properties column (or anything in it) reaches over the preview, in pixels. */
const overlap = () =>
  page.evaluate(() => {
    const region = (name: string) =>
      Array.from(document.querySelectorAll('section')).find(
        (s) => s.querySelector('h2')?.textContent?.trim() === name,
      )!;
    const props = region('屬性') ?? region('属性') ?? region('Properties');
    const preview =
      region('預覽（與承辦人員所見相同）') ??
      region('预览（与承办人员所见相同）') ??
      region('Preview (as staff see it)');
    const previewLeft = preview.getBoundingClientRect().left;
    const rights = [props, ...Array.from(props.querySelectorAll('*'))].map(
      (el) => el.getBoundingClientRect().right,
    );
    return Math.max(0, Math.max(...rights) - previewLeft);
  });
const tree = () => page.getByRole('region', { name: /^(欄位|字段|Fields)$/ });
const pressed = () => tree().getByRole('button', { pressed: true }).count();

describe('Given a designer with a start form draft, at 1280×800', () => {
  it('when a text field is selected, then its properties stay beside the preview', async () => {
    await signIn(
      page,
      studio.url,
      { user: 'mei', password: PASSWORD },
      '/definitions/form/glass-report/edit',
    );
    await tree()
      .getByRole('button', { name: /^車牌號碼/ })
      .click();
    await page.getByRole('group', { name: '標籤' }).waitFor();
    expect(await overlap()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
    await page.screenshot({ path: `${SCREENSHOTS}form-editor-1280.png`, ...STABLE });
  });

  it('when they change the form title with the field still selected, then the draft has it', async () => {
    await page.getByLabel('標題（英文）').fill('Windscreen damage report');
    await expect.poll(pressed).toBe(1);
    await expect
      .poll(
        async () =>
          (await t.api('GET', '/api/drafts/form/glass-report', undefined, { as: 'designer' })).body
            .body.title.en,
      )
      .toBe('Windscreen damage report');
  });

  it('when they press Escape, click on empty space or press Deselect, then no field is selected', async () => {
    const label = page.getByRole('group', { name: '標籤' });
    await label.getByLabel('英文').focus();
    await page.keyboard.press('Escape');
    await expect.poll(pressed).toBe(0);
    await page.getByText('請選擇一個欄位；新欄位加在表單最後。').waitFor();
    // the focus is back on the field's entry in the tree
    expect(
      await page.evaluate(() =>
        document.activeElement?.closest('[data-field-path]')?.getAttribute('data-field-path'),
      ),
    ).toBe('0');

    await tree()
      .getByRole('button', { name: /^損壞類型/ })
      .click();
    await expect.poll(pressed).toBe(1);
    // empty space: the preview's background below its fields
    const preview = page.getByRole('region', { name: '預覽（與承辦人員所見相同）' });
    const box = (await preview.boundingBox())!;
    await page.mouse.click(box.x + box.width - 4, box.y + 4);
    await expect.poll(pressed).toBe(0);

    await tree()
      .getByRole('button', { name: /^損壞類型/ })
      .click();
    await page.getByRole('button', { name: '取消選取' }).click();
    await expect.poll(pressed).toBe(0);
    // a new field goes to the end of the form, not into what was selected
    await page.getByRole('button', { name: '新增文字欄位' }).click();
    await expect
      .poll(
        async () =>
          (await t.api('GET', '/api/drafts/form/glass-report', undefined, { as: 'designer' })).body
            .body.fields.length,
      )
      .toBe(3);
  });

  it('when the editor is read in English, then the properties stay beside the preview too', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
    await page.reload();
    await tree()
      .getByRole('button', { name: /^Registration plate/ })
      .click();
    await page.getByRole('group', { name: 'Label' }).waitFor();
    expect(await overlap()).toBe(0);
    await page.screenshot({
      path: `${SCREENSHOTS}form-editor-1280-en.png`,
      ...STABLE,
    });
  });

  it('when a mainland designer gives the label its Simplified text, then the draft keeps it as zh-Hans', async () => {
    await context.addCookies([{ name: 'lang', value: 'zh-Hans', url: studio.url }]);
    await page.reload();
    await tree()
      .getByRole('button', { name: /^车牌号码/ })
      .click();
    const label = page.getByRole('group', { name: '标签' });
    const hans = label.getByLabel('简体（选填）');
    // empty, it reads the Traditional text converted: its placeholder says so
    expect(await hans.getAttribute('placeholder')).toBe('车牌号码');
    await hans.fill('车牌号');
    await expect
      .poll(
        async () =>
          (await t.api('GET', '/api/drafts/form/glass-report', undefined, { as: 'designer' })).body
            .body.fields[0].label,
      )
      .toEqual({ 'zh-Hant': '車牌號碼', en: 'Registration plate', 'zh-Hans': '车牌号' });
    expect(await overlap()).toBe(0);
    await page.screenshot({
      path: `${SCREENSHOTS}form-editor-1280-zh-Hans.png`,
      ...STABLE,
    });
  });

  it('at phone width in English, then the three label inputs fit the screen', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await tree()
      .getByRole('button', { name: /^Registration plate/ })
      .click();
    const label = page.getByRole('group', { name: 'Label' });
    const hans = label.getByLabel('Simplified (optional)');
    expect(await hans.inputValue()).toBe('车牌号');
    await hans.scrollIntoViewIfNeeded();
    for (const name of ['Chinese', 'Simplified (optional)', 'English']) {
      const box = (await label.getByLabel(name, { exact: true }).boundingBox())!;
      expect(box.x + box.width, name).toBeLessThanOrEqual(390);
    }
    await page.screenshot({
      path: `${SCREENSHOTS}form-editor-390-en.png`,
      ...STABLE,
    });
  });
});
