/**
 * A designer builds a small process from empty pages in the studio, in a real browser against a
 * real engine whose definitions folder holds only calendars: a form (a text field and a required
 * yes/no field, labelled in both languages), a process (start → user task with that form for
 * `adjusters` → end) and an SLA on it (PT4H from the instance's start), each published from its
 * editor. A case started through the API then has a task with the new form and a PT4H clock.
 * Published versions are never edited in place (the editor edits a draft of the next one), and
 * the engine's problems show on the node they are about.
 * Also takes the editors' screenshots in docs/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../engine/src/time/index.ts';
import { writeDefinitions, type TestEngine } from '../helpers/engine.ts';
import { calendars, shippedCalendar, slaProbe } from '../fixtures/slas.ts';
import {
  addUser,
  clockAt as clockOf,
  closeStage,
  openStage,
  schemaFiles,
  screenshot,
  type Stage,
} from './helpers/stage.ts';
import { type RunningStudio, open, hydrated } from './helpers/studio.ts';

const PASSWORD = 'correct horse battery staple';
const FORM = 'damage-check';
const PROCESS = 'damage-review';
const SLA = 'damage-review-4h';

let stage: Stage;
let t: TestEngine;
let studio: RunningStudio;
let context: BrowserContext;
let page: Page;
let definitionsDir: string;

beforeAll(async () => {
  // No processes, forms or SLAs: the `natural` calendar (and `cn-mainland`, for the month view)
  // and the schemas the published files point at.
  const { 'calendars/natural/v1.json': natural } = calendars();
  definitionsDir = await writeDefinitions({
    ...(await schemaFiles()),
    'calendars/natural/v1.json': natural,
    ...shippedCalendar('cn-mainland'),
  });
  // a fixed clock: the times on the screenshots stay the same
  stage = await openStage({ definitions: definitionsDir, start: '2026-11-20T01:30:00Z' });
  ({ t, studio } = stage);
  await addUser(t, { id: 'mei', displayName: '陳美玲', roles: ['designer'], password: PASSWORD });
  // the designer works in Shanghai: saves are shown in their zone
  context = await stage.browser.newContext({
    viewport: { width: 1440, height: 1000 },
    timezoneId: 'Asia/Shanghai',
  });
  // English UI: the locators below read as the designer's words
  await context.addCookies([{ name: 'lang', value: 'en', url: studio.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
}, 240_000);

afterAll(() => closeStage(stage));

const shot = (name: string, fullPage = true) => screenshot(page, name, fullPage);

/** Waits until the diagram's viewport stops moving (fit view animates for 200 ms). */
const viewportSettled = () =>
  page.locator('.svelte-flow__viewport').evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        let last = '';
        let still = 0;
        const frame = () => {
          const now = (el as HTMLElement).style.transform;
          still = now === last ? still + 1 : 0;
          last = now;
          if (still >= 20) resolve();
          else requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );

/** The status line of an editor page ("Draft saved at …" once the draft is stored). */
const waitSaved = (status: ReturnType<Page['getByRole']>) =>
  expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/^\s*Draft saved at/);

/** Where the editor stands ("Draft based on version 1", …). */
const draftState = () => page.getByTestId('draft-state');

/** Publish from an editor: the dialog asks for the change note. */
async function publishWithNote(note: string, version: number) {
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Publish version ${version}` });
  await dialog.getByLabel('Change note').fill(note);
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
  await page.getByText(`Published version ${version}: ${note}`).waitFor();
}

/**
 * The engine's clock moved on to a fixed instant before the saves a screenshot shows (when the
 * run has not passed it yet), so the save times on the screenshots are the same on every run;
 * ten minutes at a time, well within the session's idle timeout.
 */
const clockAt = (iso: string) => clockOf(t, iso);

describe('Given a designer and an engine with no processes, forms or SLAs', () => {
  it('when they sign in, then the process list is empty', async () => {
    await open(page, `${studio.url}/definitions`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('User name').fill('mei');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${studio.url}/definitions`);
    await page.getByRole('heading', { name: 'Processes', level: 2 }).waitFor();
    expect(await page.getByTestId('definitions-table').count()).toBe(0);
  });

  it('when they build a form with a text field and a required yes/no field and publish it, then v1 is the form they built', async () => {
    await open(page, `${studio.url}/definitions/form/${FORM}/edit`);
    await draftState().filter({ hasText: 'New definition, not saved yet' }).waitFor();
    await page.getByText('No fields yet').waitFor();

    await page.getByLabel('Title (Chinese)').fill('損害查核');
    await page.getByLabel('Title (English)').fill('Damage check');

    const label = page.getByRole('group', { name: 'Label' });
    await page.getByRole('button', { name: 'Add a Text field' }).click();
    await page.getByLabel('Key').fill('damageNote');
    await label.getByLabel('Chinese').fill('損害說明');
    await label.getByLabel('English').fill('Damage description');

    await page.getByRole('button', { name: 'Add a Yes/no field' }).click();
    await page.getByLabel('Key').fill('photosReceived');
    await label.getByLabel('Chinese').fill('已收到照片');
    await label.getByLabel('English').fill('Photos received');
    clockAt('2026-11-20T01:45:00Z');
    await page.getByRole('checkbox', { name: 'Required', exact: true }).check();

    // the live preview is the staff's form: both fields, the yes/no one marked required
    const preview = page.locator('section.preview');
    await preview.getByText('Damage description').waitFor();
    await preview.getByText('Photos received').first().waitFor();
    await preview.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => preview.textContent()).toMatch(/Please correct the following/);

    const status = page.getByRole('status').first();
    await waitSaved(status);
    await page.getByText('No problems.').waitFor();
    // reloaded, the editor shows the draft and when the engine saved it, in the designer's zone
    await page.reload();
    await hydrated(page);
    await draftState().filter({ hasText: 'Draft of a new definition (never published)' }).waitFor();
    const saved = await t.api('GET', `/api/drafts/form/${FORM}`, undefined, { as: 'designer' });
    expect(await status.textContent()).toContain(
      `Draft saved at ${formatInstant(saved.body.updatedAt, 'Asia/Shanghai', 'en')}`,
    );
    await page
      .getByRole('button', { name: /^Photos received/ })
      .first()
      .click();
    await preview.getByRole('button', { name: 'Submit' }).click();
    await preview.getByText('Please correct the following').waitFor();
    await shot('form-editor');

    await publishWithNote('Damage check for windscreen claims', 1);

    const form = await t.api('GET', `/api/definitions/form/${FORM}`);
    expect(form.status).toBe(200);
    expect(form.body.latestVersion).toBe(1);
    expect(form.body.body).toMatchObject({
      id: FORM,
      version: 1,
      title: { 'zh-Hant': '損害查核', en: 'Damage check' },
      fields: [
        {
          key: 'damageNote',
          type: 'text',
          label: { 'zh-Hant': '損害說明', en: 'Damage description' },
        },
        {
          key: 'photosReceived',
          type: 'boolean',
          label: { 'zh-Hant': '已收到照片', en: 'Photos received' },
          required: true,
        },
      ],
    });
    expect(form.body.body.fields[0].required).toBeUndefined();
  });

  it('when they build start → user task (that form, adjusters) → end with the keyboard path and publish it, then v1 is that process', async () => {
    // a new definition starts from the list: its id, then the kind's editor
    await open(page, `${studio.url}/definitions?kind=process`);
    await page.getByLabel('Id of the new definition').fill(PROCESS);
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(`${studio.url}/definitions/process/${PROCESS}/edit`);
    await hydrated(page);
    await draftState().filter({ hasText: 'New definition, not saved yet' }).waitFor();
    await page.getByText('Select a node or a flow to edit its properties.').waitFor();

    const props = page.locator('.side');
    const name = props.getByRole('group', { name: 'Name' });
    const connectTo = async (target: RegExp) => {
      await props.getByLabel('Connect to').selectOption({ label: await optionLabel(target) });
      await props.getByRole('button', { name: 'Connect', exact: true }).click();
    };
    const optionLabel = async (re: RegExp) => {
      const labels = await props.getByLabel('Connect to').locator('option').allTextContents();
      const hit = labels.find((l) => re.test(l));
      if (!hit) throw new Error(`no option ${re} in ${labels.join(' | ')}`);
      return hit;
    };

    await page.getByRole('button', { name: 'Add a End' }).click();
    await name.getByLabel('Chinese').fill('完成');
    await name.getByLabel('English').fill('Done');
    await page.getByRole('button', { name: 'Add a User task' }).click();
    await name.getByLabel('Chinese').fill('查核損害');
    await name.getByLabel('English').fill('Check the damage');
    await props.getByLabel('Form id').fill(FORM);
    await props.getByLabel('Version (empty: latest)').fill('1');
    // a group the engine does not know yet (nobody is in it): typed and kept, marked
    const groups = props.getByRole('combobox', { name: 'Groups' });
    await groups.fill('adjusters');
    await groups.press('Enter');
    await connectTo(/^Done /);
    await page.getByRole('button', { name: 'Add a Start' }).click();
    await name.getByLabel('Chinese').fill('收到報案');
    await name.getByLabel('English').fill('Claim reported');
    await connectTo(/^Check the damage /);

    const status = page.getByRole('status').first();
    await waitSaved(status);
    await page.getByText('No problems.').waitFor();
    clockAt('2026-11-20T01:55:00Z');
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await viewportSettled();
    // three nodes and two arrows on the canvas
    await expect.poll(() => page.locator('.svelte-flow__node').count()).toBe(3);
    await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(2);
    // select the task again for the screenshot: its properties beside the diagram
    await page.locator('.svelte-flow__node').filter({ hasText: 'Check the damage' }).click();
    await props.getByLabel('Form id').waitFor();
    await viewportSettled();
    await shot('process-editor');

    await publishWithNote('Check the damage', 1);

    const process = await t.api('GET', `/api/definitions/process/${PROCESS}`);
    expect(process.status).toBe(200);
    expect(process.body.latestVersion).toBe(1);
    const body = process.body.body as {
      nodes: { id: string; type: string; form?: unknown; candidateGroups?: string }[];
      flows: { from: string; to: string }[];
    };
    const byType = (type: string) => body.nodes.find((n) => n.type === type)!;
    expect(body.nodes.map((n) => n.type).sort()).toEqual(['end', 'start', 'userTask']);
    expect(byType('userTask')).toMatchObject({
      name: { 'zh-Hant': '查核損害', en: 'Check the damage' },
      form: { id: FORM, version: 1 },
      candidateGroups: '["adjusters"]',
    });
    expect(body.flows.map((f) => [f.from, f.to])).toEqual(
      expect.arrayContaining([
        [byType('start').id, byType('userTask').id],
        [byType('userTask').id, byType('end').id],
      ]),
    );
    expect(body.flows).toHaveLength(2);
  });

  it('when they create an SLA of PT4H from the instance start on that process and publish it, then the preview says when it would breach', async () => {
    await open(page, `${studio.url}/definitions/sla/${SLA}/edit`);
    await draftState().filter({ hasText: 'New definition, not saved yet' }).waitFor();

    const general = page.getByRole('group', { name: 'General' });
    await general
      .getByRole('group', { name: 'Name' })
      .getByLabel('Chinese')
      .fill('損害查核 4 小時');
    await general
      .getByRole('group', { name: 'Name' })
      .getByLabel('English')
      .fill('Damage check in 4 hours');
    await page.getByLabel('Process', { exact: true }).fill(PROCESS);
    // the start condition a new SLA begins with: the instance starting
    const start = page.getByRole('group', { name: 'Start condition 1' });
    expect(await start.getByLabel('Event').inputValue()).toBe('instanceStarted');
    await page.getByLabel('Duration (ISO 8601)').fill('PT4H');
    expect(await page.getByLabel('Calendar', { exact: true }).inputValue()).toBe('natural');

    await waitSaved(page.getByRole('status').first());
    await page.getByText('No problems.').waitFor();
    await publishWithNote('Four hours from the start', 1);

    // the preview, from the engine's (fixed) now: breach 4 hours later on a 24x7 calendar
    await page.getByRole('button', { name: 'Compute' }).click();
    const preview = page.locator('section.preview');
    await preview.getByText('Target PT4H, 4 working hours').waitFor();
    await shot('sla-editor');

    const sla = await t.api('GET', `/api/definitions/sla/${SLA}`);
    expect(sla.status).toBe(200);
    expect(sla.body.body).toMatchObject({
      id: SLA,
      version: 1,
      process: { id: PROCESS },
      start: [{ event: 'instanceStarted' }],
      target: { duration: 'PT4H' },
      calendar: { id: 'natural' },
    });
  });
});

describe('Then a case of the new process', () => {
  let instanceId: string;

  it('has a task with the new form and a PT4H clock', async () => {
    const started = await t.api('POST', '/api/instances', { processId: PROCESS, variables: {} });
    expect(started.status).toBe(201);
    instanceId = started.body.id;
    const probe = slaProbe(t);
    const process = await t.api('GET', `/api/definitions/process/${PROCESS}`);
    const taskNode = (process.body.body.nodes as { id: string; type: string }[]).find(
      (n) => n.type === 'userTask',
    )!.id;
    const task = await probe.openTask(instanceId, taskNode);
    const detail = await t.api('GET', `/api/tasks/${task.id}`, undefined, { as: 'adjuster' });
    expect(detail.status).toBe(200);
    expect(detail.body.formDefinition).toMatchObject({
      id: FORM,
      version: 1,
      fields: [
        { key: 'damageNote', type: 'text' },
        { key: 'photosReceived', type: 'boolean', required: true },
      ],
    });
    const clock = await t.until(() => probe.clock(instanceId, SLA), 'the SLA clock');
    expect(clock).toMatchObject({
      slaVersion: 1,
      state: 'running',
      target: 'PT4H',
      calendar: { id: 'natural', version: 1 },
      targetMs: 4 * 3600_000,
    });
  });
});

describe('Editing a published version', () => {
  it('edits a draft of the next version: the versions page shows v1 and the draft apart, and v1 is unchanged', async () => {
    const before = await t.api('GET', `/api/definitions/form/${FORM}/versions/1`);
    expect(before.status).toBe(200);

    await open(page, `${studio.url}/definitions/form/${FORM}`);
    await page.getByTestId('version-1').waitFor();
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(`${studio.url}/definitions/form/${FORM}/edit`);
    await draftState()
      .filter({ hasText: 'Version 1 (published), no draft: the first change starts one' })
      .waitFor();

    await page
      .getByRole('button', { name: /^Damage description/ })
      .first()
      .click();
    const label = page.getByRole('group', { name: 'Label' });
    await label.getByLabel('English').fill('What is damaged');
    await waitSaved(page.getByRole('status').first());
    await draftState().filter({ hasText: 'Draft based on version 1' }).waitFor();

    const draft = await t.api('GET', `/api/drafts/form/${FORM}`, undefined, { as: 'designer' });
    expect(draft.status).toBe(200);
    expect(draft.body.baseVersion).toBe(1);
    expect(draft.body.body.fields[0].label.en).toBe('What is damaged');

    await open(page, `${studio.url}/definitions/form/${FORM}`);
    const v1 = page.getByTestId('version-1');
    await v1.waitFor();
    expect(await v1.textContent()).toContain('latest version');
    expect(await page.getByTestId('version-2').count()).toBe(0);
    expect(await page.getByTestId('draft').textContent()).toMatch(/based on v1, updated by mei/);
    const shown = JSON.parse((await page.getByTestId('definition-body').textContent()) ?? '');
    expect(shown.fields[0].label.en).toBe('Damage description');

    const after = await t.api('GET', `/api/definitions/form/${FORM}/versions/1`);
    expect(after.body).toEqual(before.body);
    const file = JSON.parse(
      await readFile(join(definitionsDir, 'forms', FORM, 'v1.json'), 'utf8'),
    ) as { fields: { label: { en: string } }[] };
    expect(file.fields[0]!.label.en).toBe('Damage description');
  });
});

describe('Validation in the process editor', () => {
  it('lists the problem of a user task without a form and marks that node', async () => {
    // no draft after the publish: the editor says it stands on version 1 until the first change
    await open(page, `${studio.url}/definitions/process/${PROCESS}/edit`);
    await draftState()
      .filter({ hasText: 'Version 1 (published), no draft: the first change starts one' })
      .waitFor();
    clockAt('2026-11-20T02:05:00Z');
    await page.getByRole('button', { name: 'Add a User task' }).click();
    const props = page.locator('.side');
    const name = props.getByRole('group', { name: 'Name' });
    await name.getByLabel('English').fill('Forgotten step');
    await waitSaved(page.getByRole('status').first());
    await draftState().filter({ hasText: 'Draft based on version 1' }).waitFor();

    const problems = page.locator('.problems-area');
    // said as a sentence naming the node by its label and the field by its name
    await expect.poll(() => problems.textContent()).toContain('User task “Forgotten step” · Form:');
    const node = page.locator('.svelte-flow__node').filter({ hasText: 'Forgotten step' });
    await expect.poll(() => node.locator('.node').getAttribute('class')).toMatch(/\bproblem\b/);
    expect(await node.getAttribute('aria-label')).toMatch(/Forgotten step \(\d+ problems?\)/);
    // no other node is marked
    const marked = page.locator('.svelte-flow__node .node.problem');
    expect(await marked.count()).toBe(1);

    const draft = await t.api('GET', `/api/drafts/process/${PROCESS}`, undefined, {
      as: 'designer',
    });
    const added = (draft.body.body.nodes as { id: string; name?: { en: string } }[]).find(
      (n) => n.name?.en === 'Forgotten step',
    )!;
    const pointers = (draft.body.problems as { pointer: string }[]).map((p) => p.pointer);
    const index = (draft.body.body.nodes as unknown[]).indexOf(
      (draft.body.body.nodes as unknown[]).find((n) => (n as { id: string }).id === added.id),
    );
    expect(pointers.some((p) => p.startsWith(`/nodes/${index}`))).toBe(true);
    for (const p of draft.body.problems as { code: string }[])
      expect(await problems.textContent()).toContain(p.code);

    await viewportSettled();
    await shot('process-problems');

    // the problem's button selects its node again
    await page.locator('.svelte-flow__node').filter({ hasText: 'Done' }).click();
    await props.getByLabel('Outcome').waitFor();
    await problems
      .getByRole('button', { name: /^User task “Forgotten step”/ })
      .first()
      .click();
    await expect
      .poll(() => page.locator('.svelte-flow__node.selected').textContent())
      .toContain('Forgotten step');
  });
});

describe('The calendar editor', () => {
  it('shows a month with holidays and make-up working days', async () => {
    await open(page, `${studio.url}/definitions/calendar/cn-mainland/edit?month=2026-10`);
    await page.getByRole('grid').waitFor();
    await page.getByText('October 2026').first().waitFor();
    const day = (date: string) => page.locator(`[data-date="${date}"]`).textContent();
    expect(await day('2026-10-01')).toContain('National Day');
    expect(await day('2026-10-10')).toMatch(/make-up/i);
    // the first screen: the fields and the month beside them (the holiday list runs on below)
    await shot('calendar-editor', false);
  });
});
