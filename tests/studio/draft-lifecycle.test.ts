/**
 * A draft's life in the studio, in Chromium at 1280×800: nothing a designer does is lost. A
 * gateway added just before a reload is in the draft afterwards (sent as the page unloads, the
 * browser asking first); leaving for another studio page waits for the pending save; the same
 * save reads the same time, in the viewer's zone with the zone, in the editor, the definition's
 * page and the definitions list; "Draft based on version 1" only while a draft exists; Discard
 * draft, confirmed, goes back to version 1; Publish asks for a change note, which the version
 * list and the diff show. In Chinese from Shanghai, then in English from London; it writes the
 * publish dialog and version list screenshots for docs/studio.md.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../engine/src/time/index.ts';
import { forms, label } from '../fixtures/definitions.ts';
import { writeDefinitions, type TestEngine } from '../helpers/engine.ts';
import {
  addUser,
  clockAt,
  closeStage,
  openStage,
  schemaFiles,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { hydrated, open, type RunningStudio } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';
const ID = 'glass-repair';

/** v1 in the folder: report, the glass team reviews, done. */
const GLASS_REPAIR = {
  id: ID,
  version: 1,
  name: label('Glass repair', '玻璃維修'),
  nodes: [
    { id: 'reported', type: 'start', name: label('Reported', '已報案') },
    {
      id: 'review',
      type: 'userTask',
      name: label('Review', '審核'),
      form: { id: 'ack' },
      candidateGroups: '["glass"]',
    },
    { id: 'done', type: 'end', name: label('Done', '完成') },
  ],
  flows: [
    { id: 'f1', from: 'reported', to: 'review' },
    { id: 'f2', from: 'review', to: 'done' },
  ],
};

let stage: Stage;
let t: TestEngine;
let studio: RunningStudio;

beforeAll(async () => {
  const dir = await writeDefinitions({
    ...(await schemaFiles()),
    'forms/ack/v1.json': forms.ack,
    [`processes/${ID}/v1.json`]: GLASS_REPAIR,
  });
  stage = await openStage({ definitions: dir, start: '2026-12-01T01:00:00Z' });
  ({ t, studio } = stage);
  await addUser(t, { id: 'mei', displayName: '陳美玲', roles: ['designer'], password: PASSWORD });
  await t.api('PUT', '/api/groups/glass', { name: label('Glass team', '玻璃組') });
  await addUser(t, { id: 'gary', displayName: '高志遠', roles: ['staff'], groups: ['glass'] });
}, 240_000);

afterAll(() => closeStage(stage));

/** A signed-in designer in a language and a time zone, with the dialogs the browser showed. */
async function designer(lang: 'zh-Hant' | 'en', timezoneId: string) {
  const { page, context } = await signedIn(stage, {
    user: 'mei',
    password: PASSWORD,
    lang,
    timezoneId,
  });
  const dialogs: string[] = [];
  // the browser's own "leave this page?" question: the designer leaves
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    void d.accept();
  });
  return { page, context, dialogs };
}

interface StoredDraft {
  updatedAt: string;
  body: { nodes: { id: string; type: string }[] };
}
const draft = () =>
  t.api<StoredDraft>('GET', `/api/drafts/process/${ID}`, undefined, { as: 'designer' });

const shot = (page: Page, name: string) => screenshot(page, name);

const nodes = (page: Page) => page.locator('.svelte-flow__node');
const state = (page: Page) => page.getByTestId('draft-state');

describe('Given a designer in Shanghai and glass-repair v1', () => {
  let page: Page;
  let dialogs: string[];

  beforeAll(async () => {
    ({ page, dialogs } = await designer('zh-Hant', 'Asia/Shanghai'));
  });

  it('when they add a gateway and reload at once, then the gateway is in the draft afterwards', async () => {
    await open(page, `${studio.url}/definitions/process/${ID}/edit`);
    await state(page).filter({ hasText: 'v1（已發布），沒有草稿：第一個變更會建立草稿' }).waitFor();
    await expect.poll(() => nodes(page).count()).toBe(3);

    await page.getByRole('button', { name: '新增互斥閘道' }).click();
    // within the autosave's delay: the edit is still only on the page
    await page.getByRole('status').filter({ hasText: '有未儲存的變更' }).waitFor();
    // the save sent as the page unloads reaches the engine only after the new page has read
    // the draft (as on a busy server): the page must still come back with the gateway
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let heldSaves = 0;
    await page.route(`**/api/drafts/process/${ID}`, async (route) => {
      if (route.request().method() === 'PUT' && heldSaves++ === 0) await held;
      await route.continue();
    });
    await page.reload();
    await hydrated(page);
    release();

    expect(heldSaves).toBeGreaterThanOrEqual(1);
    expect(dialogs).toEqual(['beforeunload']);
    // the page shows the gateway it kept, saves it again, and the engine has it, once
    await expect.poll(() => nodes(page).count()).toBe(4);
    await state(page).filter({ hasText: '草稿，以 v1 為基礎' }).waitFor();
    const saved = await draft();
    expect(saved.status).toBe(200);
    expect(saved.body.body.nodes.filter((n) => n.type === 'exclusiveGateway')).toHaveLength(1);
    await page.unroute(`**/api/drafts/process/${ID}`);
  });

  it('when they add an end and go back at once, then the page waits for the save, and that save shows one time everywhere', async () => {
    await page.getByRole('button', { name: '新增結束' }).click();
    await page.getByRole('link', { name: /回到定義與版本/ }).click();
    await page.waitForURL(`${studio.url}/definitions/process/${ID}`);

    const saved = (await draft()).body;
    expect(saved.body.nodes.filter((n) => n.type === 'end')).toHaveLength(2);
    // the engine's instant of that save, in the viewer's zone with the zone
    const at = formatInstant(saved.updatedAt, 'Asia/Shanghai', 'zh-Hant');
    expect(at).toMatch(/\[GMT\+8\]$/);
    expect(await page.getByTestId('draft').textContent()).toContain(
      `以 v1 為基礎，mei 於 ${at} 更新`,
    );
    await open(page, `${studio.url}/definitions?kind=process`);
    expect(await page.getByTestId(`definition-${ID}`).textContent()).toContain(
      `以 v1 為基礎，mei 於 ${at} 更新`,
    );
    await open(page, `${studio.url}/definitions/process/${ID}/edit`);
    await page
      .getByRole('status')
      .filter({ hasText: `草稿已於 ${at} 儲存` })
      .waitFor();
    expect(dialogs).toEqual(['beforeunload']);
  });

  it('when they discard the draft, then the editor is back at v1 and the engine has no draft', async () => {
    await expect.poll(() => nodes(page).count()).toBe(5);
    await page.getByRole('button', { name: '捨棄草稿' }).click();
    const confirm = page.getByRole('dialog', { name: '捨棄草稿？' });
    await confirm.getByText('自 v1 以來的所有變更都會遺失，編輯器會回到 v1。').waitFor();
    await confirm.getByRole('button', { name: '捨棄草稿' }).click();

    await page.getByText('已捨棄草稿，現在顯示 v1。').waitFor();
    await state(page).filter({ hasText: 'v1（已發布），沒有草稿' }).waitFor();
    await expect.poll(() => nodes(page).count()).toBe(3);
    expect((await draft()).status).toBe(404);
    expect(await page.getByRole('button', { name: '捨棄草稿' }).count()).toBe(0);
  });

  it('when they publish, then a change note is asked for, and the versions list and the diff show it', async () => {
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('流程定義（JSON）');
    clockAt(t, '2026-12-01T01:15:00Z');
    await json.fill((await json.inputValue()).replace('"審核"', '"玻璃組審核"'));
    await page.getByRole('status').filter({ hasText: '草稿已於' }).waitFor();
    await page.getByRole('tab', { name: '流程圖' }).click();

    await page.getByRole('button', { name: '發布', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '發布 v2' });
    await dialog
      .getByLabel('變更說明')
      .fill('審核步驟改名為「玻璃組審核」，讓玻璃組一眼認出自己的任務。');
    await shot(page, 'publish-note');
    await dialog.getByRole('button', { name: '發布', exact: true }).click();
    await page
      .getByText('已發布 v2：審核步驟改名為「玻璃組審核」，讓玻璃組一眼認出自己的任務。')
      .waitFor();
    await state(page).filter({ hasText: 'v2（已發布），沒有草稿' }).waitFor();

    const v2 = (await t.api('GET', `/api/definitions/process/${ID}/versions/2`)).body;
    expect(v2).toMatchObject({
      note: '審核步驟改名為「玻璃組審核」，讓玻璃組一眼認出自己的任務。',
      publishedBy: 'mei',
    });
    await open(page, `${studio.url}/definitions/process/${ID}`);
    expect(await page.getByTestId('note-1').textContent()).toContain('檔案直接加入，沒有說明');
    const row = await page.getByTestId('version-2').textContent();
    expect(row).toContain('審核步驟改名為「玻璃組審核」');
    expect(row).toContain(`mei，${formatInstant(v2.publishedAt, 'Asia/Shanghai', 'zh-Hant')}`);

    await open(page, `${studio.url}/definitions/process/${ID}/diff?from=1&to=2`);
    const notes = page.getByRole('region', { name: '這兩個版本之間的變更說明' });
    expect(await notes.textContent()).toContain('v2');
    expect(await notes.textContent()).toContain('審核步驟改名為「玻璃組審核」');
  });
});

describe('Then a designer in London, in English', () => {
  it('cannot publish without a note; the version list shows both notes in their zone', async () => {
    const { page, context } = await designer('en', 'Europe/London');
    await open(page, `${studio.url}/definitions/process/${ID}/edit`);
    await state(page)
      .filter({ hasText: 'Version 2 (published), no draft: the first change starts one' })
      .waitFor();
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('Process definition (JSON)');
    clockAt(t, '2026-12-01T01:25:00Z');
    await json.fill((await json.inputValue()).replace('"Review"', '"Glass team review"'));
    await state(page).filter({ hasText: 'Draft based on version 2' }).waitFor();
    await page.getByRole('tab', { name: 'Diagram' }).click();

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 3' });
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByText('Write a change note.').waitFor();
    expect(await dialog.getByLabel('Change note').getAttribute('aria-invalid')).toBe('true');
    await dialog
      .getByLabel('Change note')
      .fill('The review step is named for the glass team in English too.');
    await shot(page, 'publish-note-en');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page
      .getByText('Published version 3: The review step is named for the glass team in English too.')
      .waitFor();

    await open(page, `${studio.url}/definitions/process/${ID}`);
    const v3 = (await t.api('GET', `/api/definitions/process/${ID}/versions/3`)).body;
    expect(await page.getByTestId('version-3').textContent()).toContain(
      `${formatInstant(v3.publishedAt, 'Europe/London', 'en')} by mei`,
    );
    expect(await page.getByTestId('note-2').textContent()).toContain('審核步驟改名');
    await shot(page, 'version-notes-en');
    await context.close();
  });

  it('and the Chinese version list shows them too', async () => {
    const { page, context } = await designer('zh-Hant', 'Asia/Shanghai');
    await open(page, `${studio.url}/definitions/process/${ID}`);
    await page.getByTestId('version-3').waitFor();
    await shot(page, 'version-notes');
    await context.close();
  });
});
