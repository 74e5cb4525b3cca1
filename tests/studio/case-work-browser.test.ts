/**
 * Two parts of issue 16 driven as their users would, at 1280×800 and 390 px, in both languages:
 * - the designer chooses, in the process editor's properties of a user task, what its worker
 *   sees of the case (the damage section of the report and the plate number, not the whole
 *   report), publishes, and the adjuster's task then shows exactly that;
 * - the case page's actions by role: the adjuster sees none; the claims lead reassigns the open
 *   task to a colleague picked by name, retries the incident of a notice whose gateway was down
 *   (the case then ends) and cancels a case with a reason; the designer sees only the link to
 *   migrate.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import type { TestEngine } from '../helpers/engine.ts';
import { complete, getInstance, history, startInstance, tasksOf } from '../helpers/scenario.ts';
import {
  addUser,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  screenshot,
  signedIn,
  type Stage,
} from './helpers/stage.ts';
import { hydrated, open } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';

const report = {
  id: 'glass-report',
  version: 1,
  title: label('Windscreen report', '擋風玻璃報案'),
  fields: [
    {
      key: 'vehicle',
      type: 'section',
      label: label('Vehicle', '車輛'),
      fields: [{ key: 'plate', type: 'text', label: label('Plate number', '車牌號碼') }],
    },
    {
      key: 'damage',
      type: 'section',
      label: label('Damage', '損壞情況'),
      fields: [
        {
          key: 'crackLength',
          type: 'number',
          label: label('Crack length (cm)', '裂痕長度（公分）'),
        },
        { key: 'customerNote', type: 'text', label: label('Customer note', '客戶留言') },
      ],
    },
  ],
};
const glass = process(
  'glass',
  [
    { ...start(), form: { id: 'glass-report', version: 1 }, name: label('Reported', '報案') },
    userTask('assess', 'ack', { name: label('Assess the damage', '評估損壞') }),
    userTask('book', 'ack', { name: label('Book the repair', '安排維修') }),
    {
      id: 'notice',
      type: 'serviceTask',
      action: 'gateway/send',
      retry: { attempts: 1 },
      name: label('Notify the customer', '通知客戶'),
    },
    end(),
  ],
  [
    ['start', 'assess'],
    ['assess', 'book'],
    ['book', 'notice'],
    ['notice', 'end'],
  ],
  { name: label('Windscreen claim', '擋風玻璃理賠') },
);
const reported = {
  plate: '滬A·12345',
  crackLength: 23,
  customerNote: 'The crack grows in the cold.',
};

let stage: Stage;
let t: TestEngine;
/** Whether the SMS gateway answers (it is down until the lead's retry). */
let gatewayUp = false;

beforeAll(async () => {
  const actions = new ActionRegistry().register('gateway/send', async () => {
    if (!gatewayUp) throw new Error('gateway down');
    return {};
  });
  stage = await openStage({
    definitions: { ...files(glass), 'forms/glass-report/v1.json': report },
    start: '2026-11-20T02:00:00Z',
    actions,
  });
  t = stage.t;
  expect(t.engine.registry.problems).toEqual([]);
  expect(
    (await t.api('PUT', '/api/groups/adjusters', { name: label('Adjusters', '理賠人員') })).status,
  ).toBe(201);
  for (const user of [
    { id: 'mei', displayName: '陳美玲', roles: ['designer'] },
    { id: 'hui', displayName: '王慧', roles: ['staff'], groups: ['adjusters'] },
    { id: 'ming', displayName: '林志明', roles: ['staff'], groups: ['adjusters'] },
    { id: 'lan', displayName: '李蘭', roles: ['staff', 'supervisor'], groups: ['adjusters'] },
  ])
    await addUser(t, { ...user, password: PASSWORD });
}, 600_000);

afterAll(() => closeStage(stage));

const as = (user: string, lang: 'en' | 'zh-Hant', viewport = DESKTOP) =>
  signedIn(stage, { user, password: PASSWORD, lang, viewport });
const noOverflow = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

// Each test walks several people through the studio (sign-ins, a publish, the case page in two
// languages and two widths): 30 to 60 s on a quiet machine, so each may take up to 4 minutes.
describe('Given a windscreen claim whose adjuster assesses the damage the customer reported', () => {
  it('when the designer chooses in the task’s properties what the adjuster sees and publishes, then the adjuster’s task shows the damage and the plate, not the whole report', async () => {
    const { page, context } = await as('mei', 'en');
    await open(page, `${stage.studio.url}/definitions/process/glass/edit`);
    await page.locator('.svelte-flow__node[data-id="assess"]').click();
    const field = page.getByRole('group', { name: 'Case shown to the worker' });
    await field.waitFor();
    // the default: every earlier submission
    expect(await field.getByLabel('Every earlier submission (default)').isChecked()).toBe(true);
    await field.getByLabel('Only what is chosen').check();
    const steps = field.getByRole('group', { name: 'Steps' });
    // only the start and the other user task can be chosen, by their names
    expect(await steps.getByRole('checkbox').count()).toBe(2);
    await steps.getByLabel('Reported').check();
    const sections = field.getByRole('group', { name: 'Sections of Reported' });
    expect(await sections.textContent()).toContain('The whole form');
    await sections.getByLabel('Damage').check();
    // the variables the process sets, by their labels and where each is set
    const variables = field.getByRole('group', { name: 'Variables', exact: true });
    expect(await variables.textContent()).toContain('from start form glass-report v1');
    await variables.getByLabel(/Plate number · plate/).check();
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'process-task-context-en');

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish version 2' });
    await dialog.getByLabel('Change note').fill('The assessor sees the damage and the plate.');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page
      .getByText('Published version 2: The assessor sees the damage and the plate.')
      .waitFor();
    const published = (await t.api('GET', '/api/definitions/process/glass/versions/2')).body.body;
    expect(published.nodes.find((n: { id: string }) => n.id === 'assess').context).toEqual({
      submissions: [{ node: 'start', sections: ['damage'] }],
      variables: [{ name: 'plate' }],
    });
    await context.close();

    // read again in Chinese at phone width: the choice as saved
    const zh = await as('mei', 'zh-Hant', PHONE);
    await open(zh.page, `${stage.studio.url}/definitions/process/glass/edit`);
    await zh.page.locator('.svelte-flow__node[data-id="assess"]').click();
    const zhField = zh.page.getByRole('group', { name: '工作人員看到的案件資料' });
    await zhField.scrollIntoViewIfNeeded();
    expect(await zhField.getByLabel('只顯示選取的資料').isChecked()).toBe(true);
    expect(await zhField.getByLabel('報案').isChecked()).toBe(true);
    expect(await zhField.getByLabel('損壞情況').isChecked()).toBe(true);
    expect(await zhField.getByLabel('車輛').isChecked()).toBe(false);
    const zhVariables = zhField.getByRole('group', { name: '變數', exact: true });
    expect(await zhVariables.getByLabel(/車牌號碼 · plate/).isChecked()).toBe(true);
    expect(await zhVariables.getByLabel(/裂痕長度（公分） · crackLength/).isChecked()).toBe(false);
    await screenshot(zh.page, 'process-task-context-phone-zh');
    await noOverflow(zh.page);
    await zh.context.close();

    // When a customer's report starts a case on version 2
    const { id } = await startInstance(t, 'glass', reported);
    const [task] = await tasksOf(t, id);
    for (const [lang, viewport, section, note] of [
      ['en', DESKTOP, 'Damage', 'Customer note'],
      ['zh-Hant', PHONE, '損壞情況', '客戶留言'],
    ] as const) {
      const { page: worker, context: ctx } = await as('hui', lang, viewport);
      await open(worker, `${stage.studio.url}/tasks/${task!.id}`);
      const shown = worker.getByTestId('case-context');
      const submission = shown.getByTestId('submission-start');
      await submission.waitFor();
      // Then the adjuster reads the damage section and the plate, and nothing of the vehicle section
      const text = (await submission.textContent())!;
      expect(text).toContain(section);
      expect(text).toContain(note);
      expect(text).toContain('The crack grows in the cold.');
      expect(text).toContain('23');
      expect(text).not.toContain(lang === 'en' ? 'Vehicle' : '車輛');
      expect(text).not.toContain('滬A·12345');
      // the plate under its label in the report, not the variable's name
      const values = (await shown.getByTestId('context-variables').textContent())!;
      expect(values).toContain('滬A·12345');
      expect(values).toContain(lang === 'en' ? 'Plate number' : '車牌號碼');
      await screenshot(worker, `task-chosen-context-${lang === 'en' ? 'en' : 'phone-zh'}`);
      await noOverflow(worker);
      await ctx.close();
    }
  }, 240_000);
});

describe('Given the case page of windscreen claims, its actions by role', () => {
  /** The case page, opened as someone. */
  async function casePage(user: string, id: string, lang: 'en' | 'zh-Hant', viewport = DESKTOP) {
    const s = await as(user, lang, viewport);
    await open(s.page, `${stage.studio.url}/cases/${id}`);
    await s.page.getByTestId('case-summary').waitFor();
    return s;
  }

  it('shows the adjuster no action and the designer only the migration; the lead reassigns the open task to a colleague by name', async () => {
    const { id } = await startInstance(t, 'glass', reported);
    // the adjuster who may work on it: the page, without actions
    for (const [lang, viewport] of [
      ['en', DESKTOP],
      ['zh-Hant', PHONE],
    ] as const) {
      const { page, context } = await casePage('hui', id, lang, viewport);
      expect(await page.getByTestId('case-actions').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Cancel the case|取消案件/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /Retry|重試/ }).count()).toBe(0);
      await context.close();
    }
    // the designer: only the link to migrate the case to another version
    const designer = await casePage('mei', id, 'en');
    const theirs = designer.page.getByTestId('case-actions');
    await theirs.getByRole('link', { name: 'Migrate to another version' }).waitFor();
    expect(await theirs.getByRole('button').count()).toBe(0);
    await designer.context.close();

    // the lead, in English at desktop: reassigns the open task to 林志明, picked by name
    const { page, context } = await casePage('lan', id, 'en');
    const actions = page.getByTestId('case-actions');
    await actions.getByRole('heading', { name: 'Actions' }).waitFor();
    const reassign = actions.getByRole('group', { name: 'Reassign the open tasks' });
    const to = reassign.getByLabel('To (a name or a group)');
    await expect
      .poll(() =>
        page
          .locator('#reassign-choices option')
          .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value)),
      )
      .toContain('林志明');
    await to.fill('林志明');
    await screenshot(page, 'case-actions-en');
    await reassign.getByRole('button', { name: 'Reassign' }).click();
    await page.getByText('Reassigned 1 task to 林志明.').waitFor();
    const [task] = await tasksOf(t, id);
    expect((await t.sql(`SELECT assignee FROM tasks WHERE id = $1`, [task!.id]))[0]!.assignee).toBe(
      'ming',
    );
    await context.close();
  }, 240_000);

  it('lets the lead retry the incident of a notice whose gateway was down, and cancel a case with a reason, in Chinese at phone width', async () => {
    // Given a case whose notice failed: the gateway was down
    const failed = (await startInstance(t, 'glass', reported)).id;
    for (const node of ['assess', 'book']) {
      const task = (await tasksOf(t, failed)).find((x) => x.node_id === node)!;
      await complete(t, task.id, { ok: true }, 'adjuster');
    }
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM incidents WHERE instance_id = $1`, [failed]))[0],
      'the incident',
    );
    const { page, context } = await casePage('lan', failed, 'zh-Hant', PHONE);
    const actions = page.getByTestId('case-actions');
    await actions.getByRole('heading', { name: '異常' }).waitFor();
    expect(await actions.textContent()).toContain('gateway down');
    // no open task: nothing to reassign
    expect(await actions.getByRole('group', { name: '改派待處理任務' }).count()).toBe(0);
    await actions.scrollIntoViewIfNeeded();
    await screenshot(page, 'case-actions-phone-zh');
    await noOverflow(page);

    // When the gateway is back and the lead retries the notice
    gatewayUp = true;
    await actions.getByRole('button', { name: '重試「通知客戶」' }).click();
    await page.getByText('已重試。').waitFor();
    // Then the case ends, and the page says so without the incident
    await t.until(
      async () => (await getInstance(t, failed)).status === 'completed' || null,
      'the case ends',
    );
    await page.reload();
    await hydrated(page);
    expect(await page.getByTestId('case-summary').textContent()).toContain('已結案');
    expect(await page.getByRole('button', { name: /重試/ }).count()).toBe(0);
    // and on a phone each task is a card: every value beside its column's name, nothing cut off
    const assess = page.locator('[data-testid="case-tasks"] tr[data-task="assess"]');
    await assess.scrollIntoViewIfNeeded();
    expect(
      await assess
        .locator('td')
        .evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content)),
    ).toEqual(['"狀態"', '"處理人"', '"建立時間"', '"完成時間"']);
    const card = (await assess.boundingBox())!;
    expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
    expect(await assess.textContent()).toContain('已完成');
    await screenshot(page, 'case-tasks-phone-zh');
    await noOverflow(page);
    await context.close();

    // When the lead cancels another case with a reason
    const other = (await startInstance(t, 'glass', reported)).id;
    const lead = await casePage('lan', other, 'zh-Hant', PHONE);
    const cancel = lead.page.getByRole('group', { name: '取消案件' });
    await cancel.getByLabel('取消原因').fill('客戶撤回報案。');
    await cancel.getByRole('button', { name: '確認取消案件' }).click();
    await lead.page.getByText('案件已取消。').waitFor();
    // Then it is cancelled, with the reason and the lead in its history, and no action is left
    expect((await getInstance(t, other)).status).toBe('cancelled');
    const entry = (await history(t, other)).find((h) => h.type === 'instance.cancelled')!;
    expect(entry.actor).toBe('lan');
    expect(JSON.stringify(entry.data)).toContain('客戶撤回報案。');
    // (the page says so only once it has read the case again: one read suffices)
    expect(await lead.page.getByTestId('case-summary').textContent()).toContain('已取消');
    expect(await lead.page.getByRole('group', { name: '取消案件' }).count()).toBe(0);
    await lead.context.close();
  }, 240_000);
});
