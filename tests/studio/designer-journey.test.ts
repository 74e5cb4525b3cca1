/**
 * The whole designer journey of issue 15, in Chromium at 1280×800, using the studio only (the
 * test reads results through the API and never creates anything through it). On a fresh
 * database with the shipped schemas and the mainland calendar, the first administrator (the
 * bootstrap password) creates the windscreen team, a clerk in it and a designer. The designer,
 * in English from Shanghai, builds "windscreen repair" from nothing: a start form whose crack
 * length is asked only for a crack, a form for the fitter; the process's names and public
 * intake in its settings; start → exclusive gateway → user task for the team picked from the
 * engine's groups → end, the small damage's default end, a non-interrupting one-hour reminder on
 * the task; the gateway's condition written with completion, with typos the problem list
 * names and the designer fixes; an SLA of two working days on the mainland calendar with a
 * warning at half time. The designer plays both branches on a simulated clock (the reminder at
 * +1 h, the SLA warning on Monday 16:00 across the weekend), saves the crack play as a scenario
 * and publishes through the change-note dialog. A customer reports a crack on the public page
 * at phone width in Chinese; the clerk sees the task in the group's inbox, claims and completes
 * it, and the case ends; read in English from London, the case page's times are in the
 * viewer's zone. When the clerk leaves, the next crack's task is one nobody can see, and the
 * operations page lists it. The designer's editor is read again in Chinese and at phone width.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../engine/src/time/index.ts';
import { shippedCalendar } from '../fixtures/slas.ts';
import { writeDefinitions, type TestEngine } from '../helpers/engine.ts';
import {
  clockAt as clockOf,
  closeStage,
  DESKTOP,
  openStage,
  PHONE,
  schemaFiles,
  screenshot,
  signedIn as signedInOn,
  type Stage,
} from './helpers/stage.ts';
import { hydrated, open, type RunningStudio } from './helpers/studio.ts';

const ADMIN_PASSWORD = 'the first administrator of caseway';
const MEI_PASSWORD = 'a first password for mei';
const HUI_PASSWORD = 'a first password for hui';
const PROCESS = 'windscreen-repair';
const REPORT = 'windscreen-report';
const FITTED = 'windscreen-fitted';
const SLA = 'windscreen-sla';

let stage: Stage;
let t: TestEngine;
let studio: RunningStudio;

beforeAll(async () => {
  // a fresh database: the schemas and the mainland calendar, no process, form or SLA
  const dir = await writeDefinitions({
    ...(await schemaFiles(['process', 'form', 'sla', 'calendar', 'scenario'])),
    ...shippedCalendar('cn-mainland'),
  });
  // Thursday 19 November 2026, 10:00 in Shanghai
  stage = await openStage({
    definitions: dir,
    start: '2026-11-19T02:00:00Z',
    config: { adminPassword: ADMIN_PASSWORD },
  });
  ({ t, studio } = stage);
}, 600_000);

afterAll(() => closeStage(stage));

/** A new browser context signed in at the bare sign-in page, in a language, size and zone. */
const signedIn = (
  user: string,
  password: string,
  lang: 'zh-Hant' | 'en',
  viewport = DESKTOP,
  timezoneId = 'Asia/Shanghai',
): Promise<{ context: BrowserContext; page: Page }> =>
  signedInOn(stage, { user, password, lang, viewport, timezoneId });

/** The engine's clock at a fixed instant, so the screenshots come out the same on every run. */
const clockAt = (iso: string) => clockOf(t, iso);

const shot = (page: Page, name: string) => screenshot(page, name);
const noSidewaysScroll = async (page: Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );

interface StoredProcess {
  name?: Record<string, string>;
  public?: { intake?: boolean };
  nodes: {
    id: string;
    type: string;
    form?: { id: string };
    candidateGroups?: string;
    attachedTo?: string;
    interrupting?: boolean;
    timer?: { duration?: string };
    default?: string;
  }[];
  flows: { id: string; from: string; to: string; condition?: string }[];
}
interface DraftAnswer {
  body: StoredProcess;
  problems: { code: string; severity?: string }[];
}

/** The process draft the engine stored, once `ok` holds for it (saved 0.8 s after a change). */
function draftWhere(ok: (d: DraftAnswer) => boolean, what: string): Promise<DraftAnswer> {
  return t.until(async () => {
    const r = await t.api<DraftAnswer>('GET', `/api/drafts/process/${PROCESS}`, undefined, {
      as: 'designer',
    });
    return r.status === 200 && ok(r.body) ? r.body : null;
  }, what);
}

describe('Given a fresh engine with the mainland calendar and its first administrator', () => {
  it('when the administrator signs in, then they create the windscreen team, a clerk in it and a designer', async () => {
    const { page, context } = await signedIn('admin', ADMIN_PASSWORD, 'zh-Hant');
    await page.waitForURL(`${studio.url}/users`);
    const group = page.getByTestId('new-group');
    await group.getByLabel('群組代號').fill('windscreen-team');
    await group.getByLabel('名稱（中文）').fill('擋風玻璃組');
    await group.getByLabel('名稱（英文）').fill('Windscreen team');
    await group.getByRole('button', { name: '建立群組' }).click();
    await page.getByRole('status').filter({ hasText: '已建立群組「擋風玻璃組」。' }).waitFor();

    const user = page.getByTestId('new-user');
    await user.getByText('新增使用者').click();
    await user.getByLabel('登入名稱').fill('hui');
    await user.getByLabel('顯示名稱').fill('周曉慧');
    await user.getByLabel('初始密碼').fill(HUI_PASSWORD);
    await user.getByRole('checkbox', { name: '擋風玻璃組' }).check();
    await user.getByRole('button', { name: '建立使用者' }).click();
    await page.getByRole('status').filter({ hasText: '已建立使用者 周曉慧。' }).waitFor();

    // the form folds once a user is created: opened again for the designer
    await user.getByText('新增使用者').click();
    await user.getByLabel('登入名稱').fill('mei');
    await user.getByLabel('顯示名稱').fill('陳美玲');
    await user.getByLabel('初始密碼').fill(MEI_PASSWORD);
    await user.getByRole('checkbox', { name: '承辦人員' }).uncheck();
    await user.getByRole('checkbox', { name: '流程設計者' }).check();
    await user.getByRole('button', { name: '建立使用者' }).click();
    await page.getByRole('status').filter({ hasText: '已建立使用者 陳美玲。' }).waitFor();

    const users = (await t.api('GET', '/api/users')).body.items as {
      id: string;
      roles: string[];
      groups: string[];
    }[];
    expect(users.find((u) => u.id === 'hui')).toMatchObject({
      roles: ['staff'],
      groups: ['windscreen-team'],
    });
    expect(users.find((u) => u.id === 'mei')).toMatchObject({ roles: ['designer'] });
    await context.close();
  });
});

describe('Given the designer, in English from Shanghai', () => {
  let page: Page;
  let context: BrowserContext;
  const draftState = () => page.getByTestId('draft-state');
  const props = () => page.locator('.side');
  const node = (id: string) => page.locator(`.svelte-flow__node[data-id="${id}"]`);
  const problems = () => page.getByRole('region', { name: /Problems/ });

  /** A new definition of a kind, from the definitions list. */
  async function create(kind: string, id: string) {
    await open(page, `${studio.url}/definitions?kind=${kind}`);
    await page.getByLabel('Id of the new definition').fill(id);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`${studio.url}/definitions/${kind}/${id}/edit`);
    await hydrated(page);
    await draftState().filter({ hasText: 'New definition, not saved yet' }).waitFor();
  }

  /** Publish from an editor: the dialog asks for the change note. */
  async function publish(note: string, version = 1) {
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Publish version ${version}` });
    // a publish without a note is refused in the dialog, the note field marked
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByText('Write a change note').waitFor();
    expect(await dialog.getByLabel('Change note').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Change note').fill(note);
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText(`Published version ${version}: ${note}`).waitFor();
  }

  /** The node's name in both languages, in the properties of the selected node. */
  async function name(zh: string, en: string) {
    const group = props().getByRole('group', { name: 'Name' });
    await group.getByLabel('Chinese').fill(zh);
    await group.getByLabel('English').fill(en);
  }

  beforeAll(async () => {
    ({ page, context } = await signedIn('mei', MEI_PASSWORD, 'en'));
    await page.waitForURL(`${studio.url}/definitions`);
  });
  afterAll(() => context?.close());

  it('when they build the start form, then the crack length is asked only for a crack', async () => {
    await create('form', REPORT);
    await page.getByLabel('Title (Chinese)').fill('擋風玻璃報案');
    await page.getByLabel('Title (English)').fill('Windscreen report');
    const label = page.getByRole('group', { name: 'Label' });

    await page.getByRole('button', { name: 'Add a Text field' }).click();
    await page.getByLabel('Key').fill('plate');
    await label.getByLabel('Chinese').fill('車牌號碼');
    await label.getByLabel('English').fill('Plate number');
    await page.getByRole('checkbox', { name: 'Required', exact: true }).check();

    await page.getByRole('button', { name: 'Add a Select field' }).click();
    await page.getByLabel('Key').fill('damageType');
    await label.getByLabel('Chinese').fill('損壞類型');
    await label.getByLabel('English').fill('Damage');
    await page.getByRole('checkbox', { name: 'Required', exact: true }).check();
    const first = page.getByRole('group', { name: 'Option 1' });
    await first.getByLabel('Value').fill('crack');
    await first.getByLabel('Label (Chinese)').fill('裂痕');
    await first.getByLabel('Label (English)').fill('Crack');
    await page.getByRole('button', { name: 'Add an option' }).click();
    const second = page.getByRole('group', { name: 'Option 2' });
    await second.getByLabel('Value').fill('chip');
    await second.getByLabel('Label (Chinese)').fill('小缺口');
    await second.getByLabel('Label (English)').fill('Chip');

    await page.getByRole('button', { name: 'Add a Number field' }).click();
    await page.getByLabel('Key').fill('crackLength');
    await label.getByLabel('Chinese').fill('裂痕長度（公分）');
    await label.getByLabel('English').fill('Crack length (cm)');
    await page.getByRole('combobox', { name: 'Visible if (FEEL)' }).fill('damageType = "crack"');

    // the live preview asks the crack length only once a crack is chosen
    const preview = page.locator('section.preview');
    await preview.getByLabel('Plate number').waitFor();
    expect(await preview.getByLabel('Crack length (cm)').count()).toBe(0);
    await preview.getByLabel('Damage').selectOption('crack');
    await preview.getByLabel('Crack length (cm)').waitFor();
    await preview.getByLabel('Damage').selectOption('chip');
    await preview.getByLabel('Crack length (cm)').waitFor({ state: 'detached' });
    await page.getByText('No problems.').waitFor();
    await publish('Windscreen report: plate, damage, crack length');

    const form = await t.api('GET', `/api/definitions/form/${REPORT}`);
    expect(form.body.body.fields).toMatchObject([
      { key: 'plate', type: 'text', required: true },
      {
        key: 'damageType',
        type: 'select',
        options: [{ value: 'crack' }, { value: 'chip' }],
      },
      { key: 'crackLength', type: 'number', visibleIf: 'damageType = "crack"' },
    ]);
  });

  it("when they build the fitter's form, then it is published too", async () => {
    await create('form', FITTED);
    await page.getByLabel('Title (Chinese)').fill('維修完成');
    await page.getByLabel('Title (English)').fill('Repair done');
    const label = page.getByRole('group', { name: 'Label' });
    await page.getByRole('button', { name: 'Add a Yes/no field' }).click();
    await page.getByLabel('Key').fill('repaired');
    await label.getByLabel('Chinese').fill('已維修');
    await label.getByLabel('English').fill('Repaired');
    await page.getByRole('checkbox', { name: 'Required', exact: true }).check();
    await page.getByText('No problems.').waitFor();
    await publish("The fitter's answer");
  });

  it('when they create the process and fill in its settings, then the draft has its names, start form and public intake', async () => {
    await create('process', PROCESS);
    await page.getByRole('button', { name: 'Add a Start' }).click();
    await page.getByRole('tab', { name: 'Settings' }).click();
    const settings = page.getByRole('region', { name: 'Process settings' });
    const names = settings.getByRole('group', { name: /Process name/ });
    await names.getByLabel('Chinese').fill('擋風玻璃維修');
    await names.getByLabel('English').fill('Windscreen repair');
    const description = settings.getByRole('group', { name: 'Description' });
    await description.getByLabel('Chinese').fill('客戶回報擋風玻璃損壞，我們安排維修。');
    await description
      .getByLabel('English')
      .fill('A customer reports a damaged windscreen; we arrange the repair.');
    const form = settings.getByRole('combobox', { name: 'Form id' });
    await form.fill('windscreen-rep');
    await page.getByRole('option', { name: new RegExp(REPORT) }).waitFor();
    await form.press('ArrowDown');
    await form.press('Enter');
    await settings.getByLabel('Customers may report online (public intake)').check();
    await draftWhere(
      (d) => d.body.public?.intake === true && d.body.nodes[0]?.form?.id === REPORT,
      'the settings in the draft',
    ).then((d) =>
      expect(d.body.name).toEqual({ 'zh-Hant': '擋風玻璃維修', en: 'Windscreen repair' }),
    );
    await page.getByRole('tab', { name: 'Diagram' }).click();
  });

  it('when they add the nodes beside the selected one, then each is connected from it', async () => {
    await node('start-1').click();
    await name('報案', 'Reported');
    await page.getByRole('button', { name: 'Add a Exclusive gateway' }).click();
    await name('哪種損壞？', 'Which damage?');
    await page.getByRole('button', { name: 'Add a User task' }).click();
    await name('更換擋風玻璃', 'Replace the windscreen');
    const formPicker = props().getByRole('combobox', { name: 'Form id' });
    await formPicker.fill(FITTED);
    await formPicker.press('Tab');
    // the team, picked from the engine's groups
    const groups = props().getByRole('group', { name: 'Candidate groups' });
    const picker = groups.getByRole('combobox', { name: 'Groups' });
    await picker.fill('wind');
    await groups.getByRole('option', { name: /windscreen-team/ }).waitFor();
    expect(await groups.getByRole('option').first().textContent()).toContain('1 member');
    await picker.press('ArrowDown');
    await picker.press('Enter');
    await page.getByRole('button', { name: 'Add a End' }).click();
    await name('已更換', 'Replaced');
    await props().getByLabel('Outcome').fill('replaced');

    // the reminder: a boundary timer on the task, one hour, not interrupting
    await node('task-1').click();
    await page.getByRole('button', { name: 'Add a Boundary timer' }).click();
    await name('提醒', 'Reminder');
    await props().getByRole('checkbox', { name: 'Interrupting' }).uncheck();
    await props().getByLabel('Duration (ISO 8601, e.g. P3D)').fill('PT1H');
    await page.getByRole('button', { name: 'Add a End' }).click();
    await name('已提醒', 'Reminded');
    // it lands right of the task, a row lower, in view
    const box = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!;
    const canvas = await box(page.locator('.svelte-flow'));
    const task = await box(node('task-1'));
    const reminded = await box(node('end-2'));
    expect(reminded.x).toBeGreaterThan(task.x + task.width);
    expect(reminded.y).toBeGreaterThan(task.y + task.height);
    expect(reminded.x + reminded.width).toBeLessThanOrEqual(canvas.x + canvas.width);
    expect(reminded.y + reminded.height).toBeLessThanOrEqual(canvas.y + canvas.height);

    // a chip needs no fitter: the gateway's second way, its default
    await node('decision-1').click();
    await page.getByRole('button', { name: 'Add a End' }).click();
    await name('小缺口結案', 'Closed, chip');
    await props().getByLabel('Outcome').fill('chip');

    const d = await draftWhere((x) => x.body.flows.length === 5, 'five flows in the draft');
    expect(d.body.flows.map((f) => [f.from, f.to])).toEqual([
      ['start-1', 'decision-1'],
      ['decision-1', 'task-1'],
      ['task-1', 'end-1'],
      ['boundary-1', 'end-2'],
      ['decision-1', 'end-3'],
    ]);
    expect(d.body.nodes.find((n) => n.id === 'task-1')).toMatchObject({
      form: { id: FITTED },
      candidateGroups: '["windscreen-team"]',
    });
    expect(d.body.nodes.find((n) => n.id === 'boundary-1')).toMatchObject({
      attachedTo: 'task-1',
      interrupting: false,
      timer: { duration: 'PT1H' },
    });
  });
  it('when they write the condition with completion and make typos, then the problems name them and clicking one leads to the fix', async () => {
    await node('decision-1').click();
    const toDefault = (await draftWhere(() => true, 'the draft')).body.flows.find(
      (f) => f.to === 'end-3',
    )!.id;
    await props().getByLabel('Default flow').selectOption(toDefault);
    const condition = props().getByRole('combobox', {
      name: 'Condition to Replace the windscreen (FEEL)',
    });
    await condition.click();
    await condition.pressSequentially('dam');
    const first = props().getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first();
    await expect.poll(() => first.textContent()).toContain('damageType');
    expect(await first.textContent()).toContain(`from start form ${REPORT}`);
    await condition.press('Enter');
    // the designer's typos: an option the select does not have, a name no form gives
    clockAt('2026-11-19T02:20:00Z');
    await condition.pressSequentially(' = "crak" and crackLenght > 15');
    const list = problems();
    const nameTypo = list.getByRole('button', { name: /Did you mean crackLength\?/ });
    await nameTypo.waitFor();
    await list
      .getByRole('button', { name: /Compares damageType with "crak".*Did you mean "crack"\?/ })
      .waitFor();
    expect(await list.getByRole('heading').textContent()).toContain('0 problems, 2 warnings');
    await shot(page, 'journey-typos-en');

    // a click on the warning selects the flow's condition; fixed, the warnings are gone
    await node('start-1').click();
    await nameTypo.click();
    const onFlow = props().getByRole('combobox', { name: 'Condition (FEEL)' });
    await expect.poll(() => onFlow.evaluate((el) => el === document.activeElement)).toBe(true);
    clockAt('2026-11-19T02:25:00Z');
    await onFlow.fill('damageType = "crack" and crackLength > 15');
    await expect.poll(() => list.getByRole('heading').textContent()).toContain('0 problems)');
    const d = await draftWhere(
      (x) => x.body.flows.some((f) => f.condition === 'damageType = "crack" and crackLength > 15'),
      'the fixed condition in the draft',
    );
    expect(d.problems).toEqual([]);
    expect(d.body.nodes.find((n) => n.id === 'decision-1')!.default).toBe(toDefault);
  });

  it('when they create the SLA, then it counts two working days on the mainland calendar and warns at half time', async () => {
    await create('sla', SLA);
    const general = page.getByRole('group', { name: 'General' });
    const slaName = general.getByRole('group', { name: 'Name' });
    await slaName.getByLabel('Chinese').fill('擋風玻璃維修 2 個工作天');
    await slaName.getByLabel('English').fill('Windscreen repair in 2 working days');
    await page.getByLabel('Process', { exact: true }).fill(PROCESS);
    await page.getByLabel('Duration (ISO 8601)').fill('P2D');
    const calendar = page.getByLabel('Calendar', { exact: true });
    await calendar.fill('cn-mainland');
    await calendar.press('Tab');
    await page.getByRole('button', { name: 'Add a threshold' }).click();
    await page.getByRole('group', { name: 'Threshold 1' }).getByLabel('Percent').fill('50');
    const stored = await t.until(async () => {
      const r = await t.api('GET', `/api/drafts/sla/${SLA}`, undefined, { as: 'designer' });
      return r.status === 200 && r.body.body.thresholds?.[0]?.percent === 50 ? r.body.body : null;
    }, 'the SLA draft');
    expect(stored).toMatchObject({
      process: { id: PROCESS },
      target: { duration: 'P2D' },
      calendar: { id: 'cn-mainland' },
      start: [{ event: 'instanceStarted' }],
    });
  });

  const panel = () => page.locator('section.play');
  const now = () => panel().getByTestId('play-now');
  /** A node of the diagram by id, and whether the play marks it (taken, waiting). */
  const mark = (id: string) =>
    page
      .locator(`.svelte-flow__node [data-node-id="${id}"]`)
      .evaluate((el) =>
        el.classList.contains('waiting')
          ? 'waiting'
          : el.classList.contains('taken')
            ? 'taken'
            : '',
      );

  it('when they play a crack on a simulated Friday, then the reminder fires at +1 h and the SLA warning on Monday 16:00', async () => {
    await open(page, `${studio.url}/definitions/process/${PROCESS}/edit`);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const play = panel();
    await play.getByLabel('Simulated start (Asia/Shanghai)').fill('2026-11-20T16:00');
    await play.getByLabel('Plate number').fill('滬A-12345');
    expect(await play.getByLabel('Crack length (cm)').count()).toBe(0);
    await play.getByLabel('Damage').selectOption('crack');
    await play.getByLabel('Crack length (cm)').fill('20');
    await play.getByRole('button', { name: 'Start the case' }).click();
    await play.getByText('Running', { exact: true }).waitFor();
    await expect.poll(() => mark('task-1')).toBe('waiting');
    expect(await mark('decision-1')).toBe('taken');
    expect(await mark('end-3')).toBe('');

    await play.getByRole('button', { name: '+1 hour' }).click();
    await expect.poll(() => now().textContent()).toMatch(/Fri.*20 Nov.*17:00/);
    await play.getByText(/Entered: Reminder → Reminded/).waitFor();
    // the non-interrupting reminder left the task waiting
    expect(await mark('task-1')).toBe('waiting');

    // half of two working days from Friday 16:00: Monday 16:00, the weekend off
    await play.getByRole('button', { name: /To the next SLA threshold/ }).click();
    await expect.poll(() => now().textContent()).toMatch(/Mon.*23 Nov.*16:00/);
    await play.locator('ul.history [data-type="sla.warning"]').waitFor();
    await play.getByText('50% used').waitFor();
    await shot(page, 'journey-play-en');

    const task = play.locator('details.task').filter({ hasText: 'Replace the windscreen' });
    await task.getByRole('radiogroup', { name: 'Repaired' }).getByLabel('Yes').check();
    await task.getByRole('button', { name: 'Complete task' }).click();
    await play.getByText('Outcome: replaced').waitFor();
  });

  it('when they save that play as a scenario, then it is a file beside the process', async () => {
    const play = panel();
    await play.getByLabel('Scenario name (lower case, digits, hyphens)').fill('crack-repair');
    await play.getByLabel('Title (Chinese)').fill('裂痕更換');
    await play.getByLabel('Title (English)').fill('A crack replaced');
    await play.getByRole('button', { name: 'Save as scenario' }).click();
    await play.getByText(`Saved as scenarios/${PROCESS}/crack-repair.json`).waitFor();
    const saved = await t.api('GET', `/api/scenarios/${PROCESS}/crack-repair`, undefined, {
      as: 'designer',
    });
    expect(saved.body).toMatchObject({
      start: '2026-11-20T08:00:00.000Z',
      steps: [
        { action: { type: 'start' }, path: ['start-1', 'decision-1', 'task-1'] },
        { action: { type: 'advanceClock', by: 'PT1H' }, path: ['boundary-1', 'end-2'] },
        { action: { type: 'advanceClock', to: '2026-11-23T08:00:00.000Z' }, path: [] },
        { action: { type: 'completeTask', node: 'task-1' }, path: ['end-1'] },
      ],
      end: { status: 'completed', outcome: 'replaced' },
    });
  });

  it('when they start over with a chip, then the case closes without the fitter', async () => {
    const play = panel();
    await play.getByRole('button', { name: 'Start over' }).click();
    await play.getByLabel('Simulated start (Asia/Shanghai)').fill('2026-11-20T16:00');
    await play.getByLabel('Plate number').fill('滬B-54321');
    await play.getByLabel('Damage').selectOption('chip');
    await play.getByRole('button', { name: 'Start the case' }).click();
    await play.getByText('Outcome: chip').waitFor();
    await expect.poll(() => mark('end-3')).toBe('taken');
    expect(await mark('task-1')).toBe('');
    // nothing of either play is a case
    expect(await t.sql('SELECT id FROM instances')).toEqual([]);
    expect(await t.sql('SELECT id FROM tasks')).toEqual([]);
  });

  it('when they publish the process and the SLA with change notes, then v1 of each is live and the scenario passed', async () => {
    await page.getByRole('button', { name: 'Stop playing' }).click();
    await publish('Windscreen repair: crack to the team, chip closed');
    const process = await t.api('GET', `/api/definitions/process/${PROCESS}`);
    expect(process.body.latestVersion).toBe(1);
    expect(process.body.body).toMatchObject({
      name: { 'zh-Hant': '擋風玻璃維修', en: 'Windscreen repair' },
      public: { intake: true },
    });
    await open(page, `${studio.url}/definitions/sla/${SLA}/edit`);
    await publish('Two working days, warned at half time');
    expect((await t.api('GET', `/api/definitions/sla/${SLA}`)).body.latestVersion).toBe(1);
    // the version list shows the note
    await open(page, `${studio.url}/definitions/process/${PROCESS}`);
    await page.getByText('Windscreen repair: crack to the team, chip closed').waitFor();
  });
});

describe('Then the live process', () => {
  let reference = '';
  let instanceId = '';

  it('when a customer reports a crack on the public page at phone width, then they get a reference', async () => {
    const context = await stage.browser.newContext({
      viewport: PHONE,
      timezoneId: 'Asia/Shanghai',
    });
    await context.addCookies([{ name: 'lang', value: 'zh-Hant', url: studio.url }]);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await open(page, `${studio.url}/report/${PROCESS}`);
    await page.getByRole('heading', { name: '擋風玻璃維修', level: 1 }).waitFor();
    await page.getByLabel('車牌號碼').fill('滬C-24680');
    expect(await page.getByLabel('裂痕長度（公分）').count()).toBe(0);
    await page.getByLabel('損壞類型').selectOption('crack');
    await page.getByLabel('裂痕長度（公分）').fill('25');
    // reported at 11:00 in Shanghai
    clockAt('2026-11-19T03:00:00Z');
    await noSidewaysScroll(page);
    await shot(page, 'journey-report-phone');
    await page.getByRole('button', { name: '送出申請' }).click();
    await page.getByTestId('confirmation').waitFor();
    reference = (await page.getByTestId('reference').textContent())!;
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await context.close();
  });

  it('when the clerk signs in, then the task is in the team’s inbox; claimed and completed, the case ends', async () => {
    const { page, context } = await signedIn('hui', HUI_PASSWORD, 'zh-Hant');
    await page.waitForURL(`${studio.url}/inbox`);
    await open(page, `${studio.url}/inbox?scope=groups`);
    const row = page.locator('tr', { hasText: '更換擋風玻璃' });
    await row.waitFor();
    expect(await row.textContent()).toContain('擋風玻璃維修');
    await row.getByRole('button', { name: /^認領「更換擋風玻璃」/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('tab-mine').click();
    await page.waitForURL(`${studio.url}/inbox`);
    await page
      .locator('tr', { hasText: '更換擋風玻璃' })
      .getByRole('link', { name: '更換擋風玻璃' })
      .click();
    await page.waitForURL(/\/tasks\//);
    await hydrated(page);
    await page.getByRole('heading', { name: '更換擋風玻璃', level: 1 }).waitFor();
    // the customer's report beside the form
    await page.getByText('滬C-24680').first().waitFor();
    await page.getByRole('radiogroup', { name: '已維修' }).getByLabel('是').check();
    clockAt('2026-11-19T03:20:00Z');
    await page.getByRole('button', { name: '完成任務' }).click();
    await page.getByTestId('task-done').waitFor();

    const [instance] = await t.until(async () => {
      const rows = await t.sql<{ id: string; status: string }>(
        `SELECT id, status FROM instances WHERE process_id = $1`,
        [PROCESS],
      );
      return rows.length === 1 && rows[0]!.status === 'completed' ? rows : null;
    }, 'the case to end');
    instanceId = instance!.id;
    const read = await t.api('GET', `/api/instances/${instanceId}`);
    expect(read.body).toMatchObject({ status: 'completed', outcome: 'replaced' });
    await context.close();
  });

  it("when the clerk reads the case in English from London, then its times are in the viewer's zone with the zone", async () => {
    const { page, context } = await signedIn('hui', HUI_PASSWORD, 'en', DESKTOP, 'Europe/London');
    await open(page, `${studio.url}/cases/${instanceId}`);
    // named by the reference the customer quotes (the process sets no business key)
    await page.getByRole('heading', { name: `Case ${reference}`, level: 1 }).waitFor();
    const summary = page.getByTestId('case-summary');
    await expect.poll(() => page.getByTestId('case-status').textContent()).toContain('replaced');
    const read = await t.api('GET', `/api/instances/${instanceId}`);
    const startedAt = read.body.startedAt as string;
    const london = formatInstant(startedAt, 'Europe/London', 'en');
    expect(london).toMatch(/GMT$/);
    await expect.poll(() => summary.textContent()).toContain(london);
    expect(await summary.textContent()).not.toContain('GMT+8');
    await shot(page, 'journey-case-en');
    await context.close();
  });

  it('when the team’s only clerk leaves and another crack is reported, then operations list the task nobody can see', async () => {
    const { page, context } = await signedIn('admin', ADMIN_PASSWORD, 'zh-Hant');
    await page.waitForURL(`${studio.url}/users`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '停用 周曉慧' }).click();
    await page.getByRole('status').filter({ hasText: '已停用 周曉慧，其登入已結束。' }).waitFor();

    // a customer reports in English at desktop width
    const customer = await stage.browser.newContext({
      viewport: DESKTOP,
      timezoneId: 'Asia/Shanghai',
    });
    await customer.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
    const report = await customer.newPage();
    report.setDefaultTimeout(15_000);
    await open(report, `${studio.url}/report/${PROCESS}`);
    await report.getByRole('heading', { name: 'Windscreen repair', level: 1 }).waitFor();
    await report.getByLabel('Plate number').fill('滬D-13579');
    await report.getByLabel('Damage').selectOption('crack');
    await report.getByLabel('Crack length (cm)').fill('40');
    await report.getByRole('button', { name: 'Send' }).click();
    await report.getByTestId('confirmation').waitFor();
    const second = (await report.getByTestId('reference').textContent())!;
    await customer.close();

    // the task is offered to the team, in which nobody is enabled: operations say so
    await open(page, `${studio.url}/operations`);
    const row = page.getByTestId('unroutable').locator('tr[data-unroutable]');
    await row.filter({ hasText: '更換擋風玻璃' }).waitFor();
    expect(await row.count()).toBe(1);
    // the team by its name, the case by the reference the customer was given
    expect(await row.textContent()).toContain('群組 擋風玻璃組');
    expect(await row.textContent()).toContain(second);
    await page.getByRole('heading', { name: '沒有人看得到的任務（1）' }).scrollIntoViewIfNeeded();
    await shot(page, 'journey-unroutable');
    await context.close();
  });

  it('when the designer opens the process again in Chinese and at phone width, then it reads in Chinese without sideways scroll', async () => {
    const { page, context } = await signedIn('mei', MEI_PASSWORD, 'zh-Hant');
    await open(page, `${studio.url}/definitions/process/${PROCESS}/edit`);
    await page.getByTestId('draft-state').filter({ hasText: 'v1（已發布）' }).waitFor();
    await page.getByRole('button', { name: '縮放至全圖' }).click();
    await page.getByText('更換擋風玻璃').first().waitFor();
    await shot(page, 'journey-process');
    await page.setViewportSize(PHONE);
    await noSidewaysScroll(page);
    await page.locator('.svelte-flow').scrollIntoViewIfNeeded();
    await page.getByText('更換擋風玻璃').first().waitFor();
    await context.close();
  });
});
