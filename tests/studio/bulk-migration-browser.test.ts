/**
 * Bulk migration in a real browser (issue 21, item 4). Four claims run on v1 (three in review,
 * one approving); v2 renames the review `assess` and has no approval. A designer opens the
 * process, follows "migrate running cases", previews (every case refused: nothing maps the
 * review), maps the review to `assess`, previews again (three would move, the approving one is
 * refused and why), starts the migration and watches its progress to the end. Desktop in
 * Chinese; then at phone width in English the batch reads in English. Takes the bulk-migration
 * screenshots.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import type { TestEngine } from '../helpers/engine.ts';
import { complete, startInstance, tasksOf } from '../helpers/scenario.ts';
import { hydrated, open, signIn } from './helpers/studio.ts';
import {
  addUser,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  SCREENSHOTS,
  STABLE,
  type Stage,
} from './helpers/stage.ts';

const PASSWORD = 'correct horse battery staple';

const v1 = process(
  'claim',
  [start(), userTask('review'), userTask('approve'), end()],
  [
    ['start', 'review'],
    ['review', 'approve'],
    ['approve', 'end'],
  ],
);
const v2 = process(
  'claim',
  [start(), userTask('assess'), end()],
  [
    ['start', 'assess'],
    ['assess', 'end'],
  ],
  {},
  2,
);

let t: TestEngine;
let stage: Stage;
let context: BrowserContext;
let page: Page;
const reviewing: string[] = [];
let approving: string;

beforeAll(async () => {
  stage = await openStage({ definitions: files(v1, v2) });
  t = stage.t;
  await addUser(t, {
    id: 'dana-designer',
    displayName: 'Dana',
    roles: ['designer'],
    password: PASSWORD,
  });
  const first = await startInstance(t, 'claim', {}, { version: 1 });
  await complete(t, (await tasksOf(t, first.id))[0]!.id, { ok: true });
  approving = first.id;
  for (let i = 0; i < 3; i++)
    reviewing.push((await startInstance(t, 'claim', {}, { version: 1 })).id);
  context = await stage.browser.newContext({ viewport: DESKTOP, timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
}, 300_000);

afterAll(() => closeStage(stage));

describe('Given four claims running on v1 of a process whose v2 renamed the review', () => {
  it('when a designer previews the migration, then every case is refused until the review is mapped', async () => {
    await signIn(
      page,
      stage.studio.url,
      { user: 'dana-designer', password: PASSWORD },
      '/definitions/process/claim',
    );
    await page.getByTestId('bulk-migrate-link').click();
    await page.waitForURL(`${stage.studio.url}/definitions/process/claim/migrate`);
    await hydrated(page);
    await page.getByRole('heading', { name: '批次移轉 claim 的案件' }).waitFor();
    await page.getByTestId('bulk-preview').click();
    const summary = page.getByTestId('bulk-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('4 件案件：0 件可移轉，4 件會被拒絕。');
    expect(await page.getByTestId('bulk-start').isDisabled()).toBe(true);
  });

  it('when the review is mapped to assess and previewed again, then three would move and one is refused, with why', async () => {
    await page.getByTestId('bulk-map-review').selectOption('assess');
    await page.getByText('設定已變更：請重新試算後再移轉。').waitFor();
    expect(await page.getByTestId('bulk-start').isDisabled()).toBe(true);
    await page.getByTestId('bulk-preview').click();
    await page.getByText('4 件案件：3 件可移轉，1 件會被拒絕。').waitFor();
    const cases = page.getByTestId('bulk-cases');
    expect(await cases.locator('tbody tr').count()).toBe(4);
    const refused = cases.locator('tbody tr.refused');
    expect(await refused.count()).toBe(1);
    expect(await refused.textContent()).toContain('approve');
    expect(await cases.textContent()).toContain('review → assess');
    await page.screenshot({
      path: `${SCREENSHOTS}bulk-migration-preview.png`,
      ...STABLE,
      fullPage: true,
    });
  });

  it('when the migration starts, then its progress runs to the end and the cases are on v2', async () => {
    await page.getByRole('button', { name: '移轉 3 件案件' }).click();
    const progress = page.locator('[data-testid="bulk-progress"][data-status="done"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bulk-counts').textContent()).toBe(
      '已移轉 3 · 被拒絕 1 · 略過 0 · 等待中 0 · 已取消 0',
    );
    expect(await progress.textContent()).toContain('4 / 4 件已處理（已完成）');
    const versions = await t.sql(
      `SELECT id, process_version FROM instances WHERE process_id = 'claim' ORDER BY id`,
    );
    for (const v of versions) expect(v.process_version).toBe(v.id === approving ? 1 : 2);
    expect(versions.filter((v) => reviewing.includes(v.id))).toHaveLength(3);
    await page.screenshot({
      path: `${SCREENSHOTS}bulk-migration-done.png`,
      ...STABLE,
      fullPage: true,
    });
  });

  it('at phone width in English, then the batch reads in English and can be followed', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: stage.studio.url }]);
    await page.setViewportSize(PHONE);
    const [batch] = (await t.api('GET', '/api/migrations')).body.items;
    await open(page, `${stage.studio.url}/definitions/process/claim/migrate?batch=${batch.id}`);
    await page.getByRole('heading', { name: 'Migrate the cases of claim' }).waitFor();
    const progress = page.locator('[data-testid="bulk-progress"][data-status="done"]');
    await progress.waitFor();
    expect(await progress.textContent()).toContain('4 of 4 cases handled (done)');
    expect(await page.getByTestId('bulk-counts').textContent()).toBe(
      'moved 3 · refused 1 · skipped 0 · pending 0 · cancelled 0',
    );
    expect(await page.getByTestId('bulk-history').textContent()).toContain('v1 → v2');
    // nothing wider than the phone but the tables, which scroll on their own
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${SCREENSHOTS}bulk-migration-phone-en.png`,
      ...STABLE,
      fullPage: true,
    });
  });
});
