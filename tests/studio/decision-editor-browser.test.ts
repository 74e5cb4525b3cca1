/**
 * The decision-table editor (issue 20, item 4), driven in Chromium as a rule owner would: the
 * shipped claim triage opened from the definitions page, a rule's amount given a word (the
 * lint's problem read on that cell), then a higher fast-track threshold typed in, the claim
 * type's completion used in a cell, the draft tried in the test panel (the matched rule read as
 * highlighted, the result and the rule read from the answer), and published as the next version
 * with a change note. In English, Traditional and Simplified Chinese, at 1280×800 and at phone
 * width (the table scrolls sideways, the page does not), with the screenshots for docs/studio.md.
 * And Import DMN: Camunda's dinner decisions open in the editor with the table that was left out
 * listed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitions } from '../helpers/engine.ts';
import {
  addUser,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  schemaFiles,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { refusedImport } from './helpers/import-file.ts';
import { hydrated, open } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';
const dmn = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/dmn/${name}`, import.meta.url)));
const TRIAGE = 'decisions/claim-triage/v1.json';
const shipped = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../definitions/${path}`, import.meta.url)), 'utf8');

let stage: Stage;
beforeAll(async () => {
  const dir = await writeDefinitions({
    ...(await schemaFiles(['process', 'form', 'sla', 'calendar', 'decision'])),
    [TRIAGE]: shipped(TRIAGE),
  });
  stage = await openStage({ definitions: dir, start: '2026-11-20T01:30:00Z' });
  await addUser(stage.t, {
    id: 'mei',
    displayName: '陳美玲',
    roles: ['designer'],
    password: PASSWORD,
  });
}, 240_000);
afterAll(() => closeStage(stage));

const TEXT = {
  en: {
    name: 'Claim triage',
    edit: 'Edit',
    other: /Other variables/,
    run: 'Run',
    decided: 'Decided',
    onDraft: (v: number) => `Tried on: the draft (to be published as v${v})`,
    matchedMark: '✓ Matched',
    matched: 'Matched rules: Rule 4 (small-simple)',
    saved: 'Draft saved at',
    publish: 'Publish',
    dialog: (v: number) => `Publish version ${v}`,
    note: 'Change note',
    published: (v: number) => `Published version ${v}: Fast track up to a higher amount.`,
    typeProblem: /^"high" is .*, but the column holds /,
  },
  'zh-Hant': {
    name: '理賠分流',
    edit: '編輯',
    other: /其他變數/,
    run: '試算',
    decided: '已決定',
    onDraft: (v: number) => `試算對象：草稿（將發布為 v${v}）`,
    matchedMark: '✓ 相符',
    matched: '相符規則：規則 4 (small-simple)',
    saved: '草稿已於',
    publish: '發布',
    dialog: (v: number) => `發布 v${v}`,
    note: '變更說明',
    published: (v: number) => `已發布 v${v}：Fast track up to a higher amount.`,
    typeProblem: /^"high" 是.*，但此欄的型別是/,
  },
  'zh-Hans': {
    name: '理赔分流',
    edit: '编辑',
    other: /其他变量/,
    run: '试算',
    decided: '已得出结果',
    onDraft: (v: number) => `试算对象：草稿（将发布为 v${v}）`,
    matchedMark: '✓ 匹配',
    matched: '匹配的规则：规则 4 (small-simple)',
    saved: '草稿已于',
    publish: '发布',
    dialog: (v: number) => `发布 v${v}`,
    note: '变更说明',
    published: (v: number) => `已发布 v${v}：Fast track up to a higher amount.`,
    typeProblem: /^"high" 是.*，但此栏的类型是/,
  },
} as const;

// each run publishes the next version of the shipped table, from the one the run before left
const runs = [
  { lang: 'en' as const, size: 'desktop', viewport: DESKTOP },
  { lang: 'zh-Hant' as const, size: 'desktop', viewport: DESKTOP },
  { lang: 'en' as const, size: 'phone', viewport: PHONE },
  { lang: 'zh-Hant' as const, size: 'phone', viewport: PHONE },
  { lang: 'zh-Hans' as const, size: 'desktop', viewport: DESKTOP },
].map((r, i) => ({ ...r, version: i + 2, threshold: 6000 + 1000 * i }));

/** Scrolls the element with this test id to the middle of the window (for a screenshot). */
const centre = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => el.scrollIntoView({ block: 'center' }));

/** A cell's input: rule `r` (from 0), input or output column `k`. */
const cell = (page: Page, r: number, side: 'in' | 'out', k: number) =>
  page.getByTestId(`cell-${r}-${side}-${k}`).locator('input');

describe('the decision-table editor', () => {
  it.each(runs)(
    'edits the shipped claim triage, reads the lint on a cell, tries it and publishes v$version ($lang, $size)',
    async ({ lang, size, viewport, version, threshold }) => {
      const text = TEXT[lang];
      const { context, page } = await signedIn(stage, {
        user: 'mei',
        password: PASSWORD,
        lang,
        viewport,
      });
      try {
        // Given the shipped claim triage, opened from the definitions page
        await open(page, `${stage.studio.url}/definitions?kind=decision`);
        await page.getByRole('link', { name: text.name, exact: true }).click();
        await page.waitForURL(/\/definitions\/decision\/claim-triage$/);
        await page.getByRole('link', { name: text.edit, exact: true }).click();
        await page.waitForURL(/\/definitions\/decision\/claim-triage\/edit$/);
        await hydrated(page);
        expect(await page.locator('tbody tr[data-rule]').count()).toBe(5);
        expect(await cell(page, 3, 'in', 0).inputValue()).toBe(`<= ${threshold - 1000}`);

        // When rule 4's amount is given a word, the lint's problem shows on that cell
        await cell(page, 3, 'in', 0).fill('"high"');
        const problem = page.getByTestId('cell-3-in-0').locator('.findings');
        await problem.waitFor();
        expect(await problem.innerText()).toMatch(text.typeProblem);
        expect(await cell(page, 3, 'in', 0).getAttribute('aria-invalid')).toBe('true');
        const described = await cell(page, 3, 'in', 0).getAttribute('aria-describedby');
        expect(described?.split(' ')).toContain(await problem.getAttribute('id'));
        if (size === 'desktop' || lang === 'zh-Hant') {
          await centre(page, 'cell-3-in-0');
          await screenshot(page, `decision-editor-lint-${lang}-${size}`);
        }

        // Then the fast track is raised: the problem goes, the draft is saved
        await cell(page, 3, 'in', 0).fill(`<= ${threshold}`);
        await problem.waitFor({ state: 'detached' });
        await page.getByRole('status').filter({ hasText: text.saved }).waitFor();

        // And the claim type cell offers the column's values as it is typed (and is put back)
        await cell(page, 0, 'in', 1).fill('dea');
        await page.getByTestId('cell-0-in-1').getByRole('option', { name: /death/ }).waitFor();
        await cell(page, 0, 'in', 1).press('Enter');
        await expect.poll(() => cell(page, 0, 'in', 1).inputValue()).toBe('"death"');
        await cell(page, 0, 'in', 1).fill('-');

        // When a medical claim just under the new threshold is tried on the draft
        const trial = page.getByTestId('decision-trial');
        await trial.getByLabel(/claimType/).selectOption('medical');
        await trial.getByLabel(/priorClaims/).fill('0');
        await trial.getByLabel(text.other).fill(
          JSON.stringify({
            amountClaimed: (threshold - 500) * 100,
            incidentDate: '2026-09-01',
            policyStartDate: '2026-01-01',
          }),
        );
        await trial.getByRole('button', { name: text.run, exact: true }).click();

        // Then the answer reads: decided on the draft, fast track, by rule 4, highlighted
        const outcome = page.getByTestId('trial-outcome');
        await outcome.filter({ hasText: text.decided }).waitFor();
        expect(await outcome.innerText()).toContain(text.onDraft(version));
        expect(await page.getByTestId('trial-result').innerText()).toBe('"fast-track"');
        expect(await page.getByTestId('trial-matched').innerText()).toBe(text.matched);
        const matchedRows = page.locator('tbody tr.matched');
        expect(await matchedRows.count()).toBe(1);
        expect(await matchedRows.getAttribute('data-rule')).toBe('3');
        expect(await page.getByTestId('rule-3').locator('th').innerText()).toContain(
          text.matchedMark,
        );
        const green = await page
          .getByTestId('rule-3')
          .locator('td')
          .first()
          .evaluate((td) => getComputedStyle(td).backgroundColor);
        expect(green).toBe('rgb(218, 251, 225)');

        // the page keeps its width at 390 px; the table scrolls on its own
        const widths = await page.evaluate(() => {
          const scroller = document.querySelector('[data-testid="decision-table"]')!.parentElement!;
          // what sticks out of the window outside the table's own scrolling frame
          const wide = Array.from(document.querySelectorAll('body *'))
            .filter((el) => !scroller.contains(el))
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent?.slice(0, 40)}`,
            );
          return {
            page: document.documentElement.scrollWidth,
            view: window.innerWidth,
            table: scroller.scrollWidth,
            box: scroller.clientWidth,
            wide,
          };
        });
        expect(widths.page, widths.wide.join('\n')).toBeLessThanOrEqual(widths.view);
        if (size === 'phone') expect(widths.table).toBeGreaterThan(widths.box);
        await centre(page, 'rule-3');
        await screenshot(page, `decision-editor-${lang}-${size}`);
        await centre(page, 'decision-trial');
        await screenshot(page, `decision-editor-trial-${lang}-${size}`);

        // And published with a change note, the next version holds the new threshold
        await page.getByRole('button', { name: text.publish, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: text.dialog(version) });
        await dialog.getByLabel(text.note).fill('Fast track up to a higher amount.');
        await dialog.getByRole('button', { name: text.publish, exact: true }).click();
        await page.getByText(text.published(version)).waitFor();

        const published = await stage.t.api(
          'GET',
          `/api/definitions/decision/claim-triage/versions/${version}`,
        );
        expect(published.status).toBe(200);
        const { body, note } = published.body as {
          body: { rules: { inputEntries: string[] }[] };
          note: string;
        };
        expect(note).toBe('Fast track up to a higher amount.');
        expect(body.rules.map((r) => r.inputEntries)).toEqual([
          ['-', '-', '< 30', '-'],
          ['-', '"critical-illness", "disability", "death"', '< 180', '-'],
          ['-', '-', '-', '>= 3'],
          [`<= ${threshold}`, '"medical", "accident"', '>= 90', '<= 1'],
          ['-', '-', '-', '-'],
        ]);
      } finally {
        await context.close();
      }
    },
    180_000,
  );

  it('moves and removes rules by keyboard, the focus following the moved rule', async () => {
    const { context, page } = await signedIn(stage, {
      user: 'mei',
      password: PASSWORD,
      lang: 'en',
    });
    try {
      await open(page, `${stage.studio.url}/definitions/decision/order/edit`);
      await cell(page, 0, 'out', 0).fill('"first"');
      await page.getByRole('button', { name: 'Add rule', exact: true }).click();
      await cell(page, 1, 'out', 0).fill('"second"');
      // Move rule 2 up with the keyboard: it becomes rule 1, and the focus goes with it
      await page.getByRole('button', { name: 'Move rule 2 up' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => cell(page, 0, 'out', 0).inputValue()).toBe('"second"');
      await page.waitForFunction(
        () => document.activeElement?.getAttribute('aria-label') === 'Move rule 1 down',
      );
      await page.keyboard.press('Enter');
      await expect.poll(() => cell(page, 0, 'out', 0).inputValue()).toBe('"first"');
      // Key presses return before the studio re-renders: wait for what a person would see
      await page.getByRole('button', { name: 'Remove rule 1' }).press('Enter');
      await expect.poll(() => page.locator('tbody tr[data-rule]').count()).toBe(1);
      await expect.poll(() => cell(page, 0, 'out', 0).inputValue()).toBe('"second"');
    } finally {
      await context.close();
    }
  });
});

describe('Import DMN', () => {
  it.each([
    { lang: 'en' as const, size: 'desktop', viewport: DESKTOP },
    { lang: 'zh-Hant' as const, size: 'phone', viewport: PHONE },
  ])(
    'opens the table in the editor with what was left out listed ($lang, $size)',
    async ({ lang, size, viewport }) => {
      const { context, page } = await signedIn(stage, {
        user: 'mei',
        password: PASSWORD,
        lang,
        viewport,
      });
      try {
        await open(page, `${stage.studio.url}/definitions?kind=decision`);
        await page.locator('#import-dmn-file').setInputFiles({
          name: 'dinnerDecisions.dmn',
          mimeType: 'application/xml',
          buffer: dmn('camunda-get-started-dmn/dinnerDecisions.dmn'),
        });
        await page.waitForURL(/\/definitions\/decision\/dish(-\d+)?\/edit$/);
        await hydrated(page);
        const list = page.getByTestId('import-problems');
        await list
          .getByRole('heading', {
            name:
              lang === 'en'
                ? 'Imported from DMN: 1 element was not carried as it is'
                : '自 DMN 匯入：1 個元素未能照原樣帶入',
          })
          .waitFor();
        const row = list.getByTestId('import-problem');
        expect(await row.count()).toBe(1);
        expect(await row.innerText()).toContain('beverages');
        expect(await row.innerText()).toContain('87');
        // the table as the file has it: six rules, the fourth with its description
        expect(await page.locator('tbody tr[data-rule]').count()).toBe(6);
        expect(await cell(page, 3, 'in', 1).inputValue()).toBe('[5..8]');
        await screenshot(page, `dmn-import-${lang}-${size}`);
      } finally {
        await context.close();
      }
    },
    120_000,
  );

  it('says why a file with no decision table is refused', async () => {
    const said = await refusedImport(stage, { user: 'mei', password: PASSWORD }, 'decision', {
      name: 'literal-expression.dmn',
      buffer: dmn('dmn-js/literal-expression.dmn'),
    });
    expect(said).toContain('no decision table Caseway can import');
    expect(said).toContain('A decision given by a literal expression');
  });
});
