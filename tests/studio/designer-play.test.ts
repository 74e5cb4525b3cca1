/**
 * Play mode in the studio, in Chromium at 1280×800: a designer plays the draft of a windscreen
 * process (never published) with the draft of its SLA (two working days on the mainland
 * calendar), from its start form at a simulated Friday 16:00 in Shanghai. The reminder (a
 * non-interrupting boundary timer after an hour) fires at 17:00, the SLA's warning at half
 * time on Monday 16:00 (the weekend does not count), the canvas marks the path and the waiting
 * task, and the variables and history of each step are shown. The big branch is saved as a
 * scenario beside the process, which then refuses a publish that sends big amounts elsewhere;
 * the small branch is played after starting over. Nothing of it is a case. Screenshots of play mode in both languages for docs/studio.md.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitions, type TestEngine } from '../helpers/engine.ts';
import { shippedCalendar } from '../fixtures/slas.ts';
import {
  addUser,
  closeStage,
  openStage,
  schemaFiles,
  screenshot,
  type Stage,
} from './helpers/stage.ts';
import { signIn, type RunningStudio } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';
const text = (zh: string, en: string) => ({ 'zh-Hant': zh, en });

const REPORT = {
  id: 'glass-report',
  version: 1,
  title: text('擋風玻璃報案', 'Windscreen report'),
  fields: [
    { key: 'plate', type: 'text', required: true, label: text('車牌', 'Plate') },
    { key: 'amount', type: 'number', min: 0, required: true, label: text('估價', 'Estimate') },
  ],
};
const CHECK = {
  id: 'glass-check',
  version: 1,
  title: text('查核', 'Check'),
  fields: [{ key: 'ok', type: 'boolean', required: true, label: text('屬實', 'Confirmed') }],
};
/** The draft on the designer's screen: never published. */
const WINDSCREEN = {
  name: text('擋風玻璃維修', 'Windscreen repair'),
  nodes: [
    { id: 'start', type: 'start', name: text('報案', 'Reported'), form: { id: 'glass-report' } },
    {
      id: 'review',
      type: 'userTask',
      name: text('審核', 'Review'),
      form: { id: 'glass-check' },
      candidateGroups: '["glass"]',
    },
    {
      id: 'reminder',
      type: 'boundaryTimer',
      name: text('提醒', 'Reminder'),
      attachedTo: 'review',
      interrupting: false,
      timer: { duration: 'PT1H' },
    },
    { id: 'reminded', type: 'end', name: text('已提醒', 'Reminded') },
    { id: 'size', type: 'exclusiveGateway', name: text('金額？', 'Amount?'), default: 'small' },
    {
      id: 'repair',
      type: 'userTask',
      name: text('維修', 'Repair'),
      form: { id: 'glass-check' },
      candidateGroups: '["glass"]',
    },
    { id: 'repaired', type: 'end', name: text('已維修', 'Repaired'), outcome: 'repaired' },
    { id: 'closed', type: 'end', name: text('小額結案', 'Closed, small'), outcome: 'small' },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'review' },
    { id: 'f2', from: 'reminder', to: 'reminded' },
    { id: 'f3', from: 'review', to: 'size' },
    { id: 'big', from: 'size', to: 'repair', condition: 'amount > 1000' },
    { id: 'small', from: 'size', to: 'closed' },
    { id: 'f6', from: 'repair', to: 'repaired' },
  ],
};
const SLA = {
  name: text('維修時效（2 個工作天）', 'Repair in 2 working days'),
  process: { id: 'windscreen' },
  calendar: { id: 'cn-mainland' },
  target: { duration: 'P2D' },
  start: [{ event: 'instanceStarted' }],
  thresholds: [{ percent: 50, actions: [{ type: 'notify', to: [{ kind: 'assignee' }] }] }],
};

let stage: Stage;
let t: TestEngine;
let studio: RunningStudio;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const definitionsDir = await writeDefinitions({
    ...(await schemaFiles(['process', 'form', 'sla', 'calendar', 'scenario'])),
    ...shippedCalendar('cn-mainland'),
    'forms/glass-report/v1.json': REPORT,
    'forms/glass-check/v1.json': CHECK,
  });
  stage = await openStage({ definitions: definitionsDir, start: '2026-11-19T02:00:00Z' });
  ({ t, studio } = stage);
  await addUser(t, { id: 'mei', displayName: '陳美玲', roles: ['designer'], password: PASSWORD });
  // the glass team, with someone in it (else the lint warns that nobody could work the tasks)
  await t.api('PUT', '/api/groups/glass', { name: text('玻璃組', 'Glass team') });
  await addUser(t, { id: 'gary', displayName: '高志遠', roles: ['staff'], groups: ['glass'] });
  // the designer's drafts, as the editors saved them
  const put = (kind: string, id: string, body: unknown) =>
    t.api('PUT', `/api/drafts/${kind}/${id}`, { body, baseVersion: null }, { as: 'designer' });
  expect((await put('process', 'windscreen', WINDSCREEN)).body.problems).toEqual([]);
  expect((await put('sla', 'windscreen-sla', SLA)).status).toBe(200);
  context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 240_000);

afterAll(() => closeStage(stage));

const panel = () => page.locator('section.play');
/** Publish from the editor (in Chinese): the dialog asks for the change note. */
async function publish(note: string) {
  await page.getByRole('button', { name: '發布', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: /^發布 v\d+$/ });
  await dialog.getByLabel('變更說明').fill(note);
  await dialog.getByRole('button', { name: '發布', exact: true }).click();
}
const now = () => panel().getByTestId('play-now');
const shot = (name: string) => screenshot(page, name);
/** A node of the diagram by id, and whether the play marks it (taken, waiting). */
const mark = (id: string) =>
  page
    .locator(`.svelte-flow__node [data-node-id="${id}"]`)
    .evaluate((el) =>
      el.classList.contains('waiting') ? 'waiting' : el.classList.contains('taken') ? 'taken' : '',
    );

describe('Given the draft of a windscreen process and of its SLA, never published', () => {
  it('when the designer plays it, the reminder and the SLA warning fire at their simulated instants and the canvas shows the path', async () => {
    await signIn(
      page,
      studio.url,
      { user: 'mei', password: PASSWORD },
      '/definitions/process/windscreen/edit',
    );
    await page.getByRole('button', { name: '試行', exact: true }).click();
    const play = panel();
    await play.getByRole('heading', { name: '開始表單' }).waitFor();
    // the play's zone is the SLA calendar's
    await play.getByText('模擬開始時間 (Asia/Shanghai)').waitFor();
    await play.getByLabel('模擬開始時間 (Asia/Shanghai)').fill('2026-11-20T16:00');
    await play.getByLabel('車牌').fill('滬A-12345');
    await play.getByLabel('估價').fill('5000');
    await play.getByRole('button', { name: '開始案件' }).click();

    await expect.poll(() => now().textContent()).toMatch(/11月20日.*16:00/);
    await play.getByText('進行中').waitFor();
    await play.locator('details.task').filter({ hasText: '審核' }).waitFor();
    // the task waits on the canvas; the start was passed through
    await expect.poll(() => mark('review')).toBe('waiting');
    expect(await mark('start')).toBe('taken');
    expect(await mark('repair')).toBe('');

    // +1 hour: the non-interrupting reminder fires at 17:00, the review still waits
    await play.getByRole('button', { name: '+1 小時' }).click();
    await expect.poll(() => now().textContent()).toMatch(/11月20日.*17:00/);
    await play.getByRole('button', { name: /時鐘前進 1 小時/ }).waitFor();
    await play.getByText(/經過：提醒 → 已提醒/).waitFor();

    // to the next SLA threshold: half of two working days, Monday 16:00 (the weekend is off)
    await play.getByRole('button', { name: /到下一個時效門檻/ }).click();
    await expect.poll(() => now().textContent()).toMatch(/11月23日.*16:00/);
    await play.locator('ul.history [data-type="sla.warning"]').waitFor();
    await expect
      .poll(() => play.locator('ul.history').textContent())
      .toMatch(/時效動作 notify → glass/);
    await play.getByText('已用 50%').waitFor();
    await shot('play-mode');
    // the steps, and the history of the last one: the warning and who was told
    await play.locator('ul.history').scrollIntoViewIfNeeded();
    await shot('play-mode-history');

    // the review, then the big branch's repair
    const review = play.locator('details.task').filter({ hasText: '審核' });
    await review.getByRole('radiogroup', { name: '屬實' }).getByLabel('是').check();
    await review.getByRole('button', { name: '完成任務' }).click();
    await play.getByText(/經過：金額？ → 維修/).waitFor();
    await expect.poll(() => mark('repair')).toBe('waiting');
    expect(await mark('review')).toBe('taken');
    expect(await mark('closed')).toBe('');
    const repair = play.locator('details.task').filter({ hasText: '維修' });
    await repair.getByRole('radiogroup', { name: '屬實' }).getByLabel('是').check();
    await repair.getByRole('button', { name: '完成任務' }).click();
    await play.getByText('已完成').waitFor();
    await play.getByText('結果：repaired').waitFor();

    // the variables after the first step: the start form's data
    await play.locator('ol.steps li').first().getByRole('button').click();
    await play.getByRole('heading', { name: '第 1 步之後' }).waitFor();
    await expect.poll(() => play.locator('dl.vars').textContent()).toContain('滬A-12345');
  });

  it('when they save the play as a scenario, then it is a file beside the process', async () => {
    const play = panel();
    await play.getByLabel('情境名稱（小寫英文、數字、連字號）').fill('big-repair');
    await play.getByLabel('標題（中文）').fill('大額維修');
    await play.getByLabel('標題（英文）').fill('Big repair');
    await play.getByRole('button', { name: '另存為情境' }).click();
    await play.getByText('已儲存為 scenarios/windscreen/big-repair.json').waitFor();
    const saved = await t.api('GET', '/api/scenarios/windscreen/big-repair', undefined, {
      as: 'designer',
    });
    expect(saved.body).toMatchObject({
      title: { en: 'Big repair' },
      start: '2026-11-20T08:00:00.000Z',
      steps: [
        {
          action: { type: 'start', data: { plate: '滬A-12345', amount: 5000 } },
          path: ['start', 'review'],
        },
        { action: { type: 'advanceClock', by: 'PT1H' }, path: ['reminder', 'reminded'] },
        { action: { type: 'advanceClock', to: '2026-11-23T08:00:00.000Z' }, path: [] },
        { action: { type: 'completeTask', node: 'review' }, path: ['size', 'repair'] },
        { action: { type: 'completeTask', node: 'repair' }, path: ['repaired'] },
      ],
      end: { status: 'completed', outcome: 'repaired' },
    });
  });

  it('when they publish, the scenario passes; when big amounts are sent elsewhere, the publish is refused at the step that left the path', async () => {
    await publish('擋風玻璃維修流程');
    await page.getByText('已發布 v1：擋風玻璃維修流程').waitFor();

    // the engine's clock to a fixed instant (within the session's idle time): the draft's save
    // time on the English screenshots does not depend on how long the studio took to build
    const fixed = Date.parse('2026-11-19T02:25:00Z');
    if (t.clock.now() < fixed) t.clock.advance(fixed - t.clock.now());
    // the designer raises the threshold in the JSON view: 5000 no longer goes to the repair
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('流程定義（JSON）');
    const text = await json.inputValue();
    expect(text).toContain('amount > 1000');
    await json.fill(text.replace('amount > 1000', 'amount > 10000'));
    await publish('大額門檻提高到 10000');
    const refusal = page.getByRole('alert').filter({ hasText: '無法發布' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('CW_ERR_SCENARIO_FAILED');
    // the problem says which step left the path, with the nodes' labels
    await page
      .getByText(
        '情境「big-repair」在第 4 步（完成任務「審核」）偏離預期路徑：預期進入「維修」，實際進入「小額結案」。',
      )
      .waitFor();
    expect((await t.api('GET', '/api/definitions/process/windscreen')).body.latestVersion).toBe(1);
    await page.getByRole('tab', { name: '流程圖' }).click();
    await shot('scenario-refused');
  });

  it('when they start over in English and play the small branch, then it closes without the repair', async () => {
    await context.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
    await page.reload();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const play = panel();
    await play.getByLabel('Simulated start (Asia/Shanghai)').fill('2026-11-20T16:00');
    await play.getByLabel('Plate').fill('AB-123');
    await play.getByLabel('Estimate').fill('300');
    await play.getByRole('button', { name: 'Start the case' }).click();
    await play.getByText('Running', { exact: true }).waitFor();
    await play.getByRole('button', { name: /To the next SLA threshold/ }).click();
    await expect.poll(() => now().textContent()).toMatch(/Mon.*23 Nov.*16:00/);
    await play.locator('ul.history [data-type="sla.warning"]').waitFor();
    await shot('play-mode-en');
    await play.locator('ul.history').scrollIntoViewIfNeeded();
    await shot('play-mode-history-en');
    const review = play.locator('details.task').filter({ hasText: 'Review' });
    await review.getByRole('radiogroup', { name: 'Confirmed' }).getByLabel('Yes').check();
    await review.getByRole('button', { name: 'Complete task' }).click();
    await play.getByText('Outcome: small').waitFor();
    await play.getByText(/Entered: Amount\? → Closed, small/).waitFor();

    // at phone width the panel follows the diagram, with no sideways scroll
    await page.setViewportSize({ width: 390, height: 844 });
    await play.getByRole('heading', { name: 'Steps' }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await shot('play-mode-phone-en');

    // Then nothing of either play is a case
    expect(await t.sql('SELECT id FROM instances')).toEqual([]);
    expect(await t.sql('SELECT id FROM tasks')).toEqual([]);
  });
});
