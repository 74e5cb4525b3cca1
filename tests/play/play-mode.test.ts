/**
 * Play mode through the API: a designer plays a process in a sandbox (tasks, a reminder, a
 * message, a dry plugin action, a called process, an SLA warning and breach on a business
 * calendar) and nothing of it reaches tasks, instances, search, analytics, reports or the
 * queue; plays are their designer's only and refuse hostile input; a play saved as a scenario
 * is replayed on every publish, and a publish whose scenario leaves its path is refused.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, label, process, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';

const forms = {
  report: {
    id: 'glass-report',
    version: 1,
    title: label('Windscreen report', '擋風玻璃報案'),
    fields: [
      { key: 'plate', type: 'text', required: true, label: label('Plate', '車牌') },
      { key: 'amount', type: 'number', min: 0, required: true, label: label('Amount', '金額') },
      { key: 'customerName', type: 'text', label: label('Name', '姓名') },
    ],
  },
  decide: {
    id: 'glass-decide',
    version: 1,
    title: label('Decide', '決定'),
    fields: [{ key: 'ok', type: 'boolean', required: true, label: label('OK', '確認') }],
  },
};

// Given a windscreen process: a review with a reminder after an hour, a text sent through a
// plugin, photos awaited from the customer, then by amount an inspection (a called process)
const glass = process(
  'glass',
  [
    { id: 'start', type: 'start', form: { id: 'glass-report' } },
    userTask('review', 'glass-decide', {
      candidateGroups: '["glass"]',
      name: label('Review', '審核'),
    }),
    {
      id: 'remind',
      type: 'boundaryTimer',
      attachedTo: 'review',
      interrupting: false,
      timer: { duration: 'PT1H' },
    },
    end('reminded'),
    {
      id: 'text',
      type: 'serviceTask',
      action: 'test/sms',
      input: { plate: 'plate' },
      output: { smsId: 'result.id' },
    },
    { id: 'photos', type: 'messageCatch', message: 'photos', correlationKey: 'plate' },
    { id: 'gw', type: 'exclusiveGateway', default: 'f8' },
    { id: 'inspect', type: 'callActivity', process: { id: 'inspection' } },
    end('repaired', 'repaired'),
    end('small', 'small'),
  ],
  [
    ['start', 'review'],
    ['remind', 'reminded'],
    ['review', 'text'],
    ['text', 'photos'],
    ['photos', 'gw'],
    ['gw', 'inspect', 'amount > 100'],
    ['inspect', 'repaired'],
    ['gw', 'small'],
  ],
  { search: { customerName: 'customerName' }, businessKey: 'plate' },
);
const inspection = process(
  'inspection',
  [start(), userTask('look', 'glass-decide', { candidateGroups: '["glass"]' }), end()],
  [
    ['start', 'look'],
    ['look', 'end'],
  ],
);
// And an SLA of two working days (office hours) with a warning at half time
const glassSla = sla('glass-sla', 'glass', {
  calendar: { id: 'office' },
  target: { duration: 'P2D' },
  start: [{ event: 'instanceStarted' }],
  thresholds: [
    {
      percent: 50,
      actions: [
        { type: 'notify', to: [{ kind: 'assignee' }] },
        { type: 'raisePriority', priority: 90 },
      ],
    },
  ],
  breach: { actions: [{ type: 'notify', to: [{ kind: 'group', id: 'glass' }] }] },
});

// a plugin action that must never run in a play
const calls: unknown[] = [];
const actions = new ActionRegistry().register('test/sms', (input) => {
  calls.push(input);
  return { id: 'real' };
});

const FRIDAY_4PM = '2027-03-05T16:00:00Z';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    start: FRIDAY_4PM,
    actions,
    definitions: {
      ...calendars(),
      'forms/glass-report/v1.json': forms.report,
      'forms/glass-decide/v1.json': forms.decide,
      'processes/glass/v1.json': glass,
      'processes/inspection/v1.json': inspection,
      'slas/glass-sla/v1.json': glassSla,
      // a scenario file that does not belong where it is
      'scenarios/glass/misplaced.json': {
        name: 'elsewhere',
        process: 'glass',
        start: '2027-03-05T16:00:00Z',
        steps: [{ action: { type: 'start', data: {} }, path: [] }],
        end: { status: 'active' },
      },
    },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const design = { as: 'designer' as const, lang: 'en' };
const act = (id: string, body: Record<string, unknown>, o: { lang?: string } = {}) =>
  t.api('POST', `/api/plays/${id}/events`, body, { ...design, ...o });

/** Rows of every table a case writes to. */
const CASE_TABLES = [
  'instances',
  'tasks',
  'history',
  'jobs',
  'subscriptions',
  'messages',
  'incidents',
  'sla_clocks',
  'sla_clock_events',
  'notifications',
  'case_search_terms',
  'case_search_state',
  'attachments',
  'tracking_tokens',
];
const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      CASE_TABLES.map(async (table) => [
        table,
        (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n,
      ]),
    ),
  );

describe('a play', () => {
  it('runs the process in a sandbox and leaves nothing in tasks, instances, search, analytics, reports or the queue', async () => {
    const before = await counts();
    const queued = await t.engine.queue.queue.getJobCounts();

    // When the designer starts a play of the published process from its start form
    const created = await t.api(
      'POST',
      '/api/plays',
      {
        processId: 'glass',
        version: 1,
        data: { plate: 'AB-123', amount: 500, customerName: 'Wang Li' },
      },
      design,
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      status: 'active',
      now: '2027-03-05T16:00:00.000Z',
      timeZone: 'UTC',
      startForm: { id: 'glass-report' },
      tasks: [
        {
          nodeId: 'review',
          status: 'open',
          candidateGroups: ['glass'],
          form: { id: 'glass-decide', definition: { id: 'glass-decide' } },
        },
      ],
      path: { waiting: [{ nodeId: 'review', waitingFor: 'task' }] },
      next: { timer: '2027-03-05T17:00:00.000Z', sla: '2027-03-08T16:00:00.000Z' },
    });
    expect(created.body.instances[0]).toMatchObject({ businessKey: 'AB-123' });

    // And moves the clock to the reminder, then to the SLA's warning (half of 16 working hours)
    const reminded = await act(id, { type: 'advanceClock', next: 'timer' });
    expect(reminded.body.steps[1]).toMatchObject({
      path: ['remind', 'reminded'],
      at: '2027-03-05T17:00:00.000Z',
    });
    const warned = await act(id, { type: 'advanceClock', next: 'sla' });
    expect(warned.body.now).toBe('2027-03-08T16:00:00.000Z');
    expect(warned.body.history.filter((h: { step: number }) => h.step === 2)).toMatchObject([
      { type: 'sla.warning', at: '2027-03-08T16:00:00.000Z', data: { percent: 50 } },
      {
        type: 'sla.action',
        data: { action: 'notify', recipients: [{ kind: 'group', id: 'glass' }] },
      },
      { type: 'sla.action', data: { action: 'raisePriority' } },
    ]);
    expect(warned.body.tasks[0].priority).toBe(90);
    expect(warned.body.slas[0]).toMatchObject({
      slaId: 'glass-sla',
      status: 'running',
      fired: [50],
    });

    // And completes the review: the text message waits for a dry result, offered from nothing
    const reviewed = await act(id, { type: 'completeTask', node: 'review', data: { ok: true } });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.jobs).toMatchObject([
      {
        nodeId: 'text',
        action: 'test/sms',
        input: { plate: 'AB-123' },
        status: 'pending',
        example: {},
      },
    ]);
    const texted = await act(id, { type: 'jobResult', node: 'text', result: { id: 'sms-1' } });
    expect(texted.body.messages.awaited).toMatchObject([
      { message: 'photos', correlationKey: 'AB-123' },
    ]);

    // And the customer's photos arrive; the inspection (a called process) runs in the sandbox
    const photos = await act(id, { type: 'sendMessage', message: 'photos', payload: { count: 3 } });
    expect(photos.body.steps.at(-1).path).toEqual([
      'gw',
      'inspect',
      'inspection:start',
      'inspection:look',
    ]);
    // the breach passes while the inspection is open (Tuesday 09:00 + 7h = 16 working hours)
    const breached = await act(id, { type: 'advanceClock', to: '2027-03-10T09:00:00+00:00' });
    expect(breached.body.slas[0]).toMatchObject({
      status: 'breached',
      breachedAt: '2027-03-09T16:00:00.000Z',
    });
    const done = await act(id, {
      type: 'completeTask',
      node: 'look',
      process: 'inspection',
      data: { ok: true },
    });
    expect(done.body.status).toBe('completed');
    expect(
      done.body.instances.map((i: { processId: string; status: string }) => [
        i.processId,
        i.status,
      ]),
    ).toEqual([
      ['glass', 'completed'],
      ['inspection', 'completed'],
    ]);
    expect(done.body.instances[0]).toMatchObject({
      outcome: 'repaired',
      variables: { smsId: 'sms-1', count: 3 },
    });
    expect(done.body.path.flows).toEqual(
      expect.arrayContaining(['f1', 'f3', 'f4', 'f5', 'f6', 'f7']),
    );

    // Then nothing of the play is anywhere a case would be
    expect(calls).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(await t.engine.queue.queue.getJobCounts()).toEqual(queued);
    const empty = async (path: string, pick = (b: any) => b.items) => {
      const r = await t.api('GET', path);
      expect(r.status, path).toBe(200);
      expect(pick(r.body), path).toEqual([]);
    };
    await empty('/api/tasks?scope=all');
    await empty('/api/instances');
    await empty('/api/timers');
    await empty('/api/incidents');
    await empty('/api/analytics/cycle-times');
    await empty('/api/analytics/cycle-times?by=step');
    await empty('/api/analytics/workload');
    await empty('/api/analytics/breakdown?processId=glass&by=amount');
    await empty('/api/slas/report?from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z');
    await empty('/api/notifications');
    for (const q of ['Wang Li', 'AB-123']) {
      const search = await t.api('POST', '/api/cases/search', { q });
      expect(search.status).toBe(200);
      expect(search.body.items).toEqual([]);
    }
    const inbox = await t.api('GET', '/api/tasks?scope=groups', undefined, { as: 'adjuster' });
    expect(inbox.body.items).toEqual([]);
  });

  it("is its designer's only, refuses hostile input with pointers, and changes nothing when refused", async () => {
    expect(
      (await t.api('POST', '/api/plays', { processId: 'glass' }, { as: 'adjuster' })).status,
    ).toBe(403);
    const created = await t.api('POST', '/api/plays', { processId: 'glass' }, design);
    expect(created.body).toMatchObject({ status: 'new', draft: false, version: 1, steps: [] });
    const id = created.body.id as string;
    // an administrator is not its designer
    expect((await t.api('GET', `/api/plays/${id}`)).status).toBe(404);
    expect(
      (await t.api('GET', '/api/plays', undefined, design)).body.items.map(
        (p: { id: string }) => p.id,
      ),
    ).toContain(id);

    // not started yet
    const early = await act(id, { type: 'advanceClock', by: 'PT1H' });
    expect(early.body).toMatchObject({
      code: 'CW_ERR_PLAY_STATE',
      details: [{ pointer: '/type' }],
    });
    // start data validated as the start form does, in the caller's language
    const bad = await act(
      id,
      { type: 'start', data: { plate: 'AB-1', amount: -5 } },
      { lang: 'zh-Hant' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'CW_ERR_FORM_INVALID',
      message: '表單資料無效。',
      details: [{ pointer: '/data/amount' }],
    });
    // malformed actions never reach the simulator
    for (const body of [
      { type: 'advanceClock' },
      { type: 'advanceClock', by: 'one day' },
      { type: 'completeTask', data: {} },
      { type: 'explode' },
      { type: 'start', data: {}, extra: 1 },
    ]) {
      const r = await act(id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.code).toBe('CW_ERR_VALIDATION');
    }
    await act(id, { type: 'start', data: { plate: 'AB-1', amount: 5 } });
    const past = await act(id, { type: 'advanceClock', to: '2020-01-01T00:00:00Z' });
    expect(past.body).toMatchObject({ code: 'CW_ERR_VALIDATION', details: [{ pointer: '/to' }] });
    const far = await act(id, { type: 'advanceClock', by: 'P20Y' });
    expect(far.body).toMatchObject({ code: 'CW_ERR_PLAY_LIMIT', details: [{ pointer: '/by' }] });
    const wrongTask = await act(id, { type: 'completeTask', node: 'look', data: { ok: true } });
    expect(wrongTask.body).toMatchObject({
      code: 'CW_ERR_NOT_FOUND',
      details: [{ pointer: '/node' }],
    });
    const after = await t.api('GET', `/api/plays/${id}`, undefined, design);
    expect(after.body.steps).toHaveLength(1);

    // a draft with problems is not played
    await t.api(
      'PUT',
      '/api/drafts/process/broken',
      { body: { name: label('Broken'), nodes: [], flows: [] } },
      design,
    );
    const broken = await t.api('POST', '/api/plays', { processId: 'broken' }, design);
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('CW_ERR_VALIDATION');

    expect((await t.api('DELETE', `/api/plays/${id}`, undefined, design)).status).toBe(204);
    expect((await t.api('GET', `/api/plays/${id}`, undefined, design)).status).toBe(404);
  });
});

describe('scenarios', () => {
  // a new process, never published: report, then a review; big amounts are repaired
  const windscreen = (condition: string) => ({
    name: label('Windscreen repair', '擋風玻璃維修'),
    nodes: [
      { id: 'start', type: 'start', form: { id: 'glass-report' } },
      {
        id: 'review',
        type: 'userTask',
        name: label('Review', '審核'),
        form: { id: 'glass-decide' },
      },
      { id: 'gw', type: 'exclusiveGateway', default: 'small-flow' },
      {
        id: 'repair',
        type: 'userTask',
        name: label('Repair', '維修'),
        form: { id: 'glass-decide' },
      },
      { id: 'done', type: 'end', outcome: 'repaired' },
      { id: 'small', type: 'end', name: label('Small claim', '小額'), outcome: 'small' },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'review' },
      { id: 'f2', from: 'review', to: 'gw' },
      { id: 'big-flow', from: 'gw', to: 'repair', condition },
      { id: 'small-flow', from: 'gw', to: 'small' },
      { id: 'f5', from: 'repair', to: 'done' },
    ],
  });
  const putDraft = (condition: string) =>
    t.api('PUT', '/api/drafts/process/windscreen', { body: windscreen(condition) }, design);
  const publish = (lang?: string) =>
    t.api(
      'POST',
      '/api/drafts/process/windscreen/publish',
      { note: 'Big repairs go to the workshop' },
      { as: 'designer', ...(lang ? { lang } : {}) },
    );

  it('loads scenario files with the engine and reports the ones that do not fit', async () => {
    const r = await t.api('GET', '/api/scenarios/glass', undefined, design);
    expect(r.body.items).toEqual([]);
    expect(r.body.problems).toMatchObject([
      {
        code: 'CW_ERR_DEF_PATH_MISMATCH',
        pointer: '/name',
        file: 'scenarios/glass/misplaced.json',
      },
    ]);
  });

  it('saves a play of a draft beside the process, and refuses a publish whose scenario leaves its path', async () => {
    // Given a draft played on the big-amount branch and saved as a scenario
    await putDraft('amount > 100');
    const created = await t.api(
      'POST',
      '/api/plays',
      { processId: 'windscreen', at: FRIDAY_4PM, data: { plate: 'CD-9', amount: 800 } },
      design,
    );
    expect(created.body).toMatchObject({ draft: true, version: 1 });
    const id = created.body.id as string;
    await act(id, { type: 'advanceClock', by: 'P1D' });
    await act(id, { type: 'completeTask', node: 'review', data: { ok: true } });
    const saved = await t.api(
      'POST',
      `/api/plays/${id}/scenario`,
      { name: 'big-repair', title: label('Big repair', '大額維修') },
      design,
    );
    expect(saved.status).toBe(201);
    expect(saved.body.file).toBe('scenarios/windscreen/big-repair.json');
    const file = JSON.parse(await readFile(join(t.definitionsDir, saved.body.file), 'utf8'));
    expect(file).toMatchObject({
      $schema: '../../schema/scenario.schema.json',
      name: 'big-repair',
      process: 'windscreen',
      start: '2027-03-05T16:00:00.000Z',
      steps: [
        {
          action: { type: 'start', data: { plate: 'CD-9', amount: 800 } },
          path: ['start', 'review'],
        },
        { action: { type: 'advanceClock', by: 'P1D' }, path: [] },
        {
          action: { type: 'completeTask', node: 'review', data: { ok: true } },
          path: ['gw', 'repair'],
        },
      ],
      end: { status: 'active', waiting: ['repair'] },
    });
    const again = await t.api('POST', `/api/plays/${id}/scenario`, { name: 'big-repair' }, design);
    expect(again.body).toMatchObject({
      code: 'CW_ERR_SCENARIO_EXISTS',
      details: [{ pointer: '/name' }],
    });
    expect(
      (
        await t.api(
          'POST',
          `/api/plays/${id}/scenario`,
          { name: 'big-repair', overwrite: true, title: label('Big repair', '大額維修') },
          design,
        )
      ).status,
    ).toBe(201);
    expect(
      (await t.api('GET', '/api/scenarios/windscreen', undefined, design)).body.items,
    ).toMatchObject([{ name: 'big-repair', steps: 3, end: { status: 'active' } }]);

    // When the process is published as played, its scenario passes
    expect((await publish()).status).toBe(201);

    // And when a new draft sends big amounts elsewhere, the publish is refused at the step
    await putDraft('amount > 1000');
    const run = await t.api('POST', '/api/scenarios/windscreen/run', {}, design);
    expect(run.body.items).toMatchObject([
      { name: 'big-repair', passed: false, pointer: '/steps/2/path/1' },
    ]);
    const refused = await publish('en');
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'CW_ERR_SCENARIO_FAILED',
      details: [
        {
          code: 'CW_ERR_SCENARIO_FAILED',
          pointer: '/steps/2/path/1',
          file: 'scenarios/windscreen/big-repair.json',
          message:
            'Scenario "big-repair" left its path at step 3 (complete task "Review"): expected to enter "Repair", the run entered "Small claim".',
        },
      ],
      failures: [{ scenario: 'big-repair', step: 2, expected: 'repair', actual: 'small' }],
    });
    expect((await publish('zh-Hant')).body.details[0].message).toBe(
      '情境「big-repair」在第 3 步（完成任務「審核」）偏離預期路徑：預期進入「維修」，實際進入「小額」。',
    );
    // Then nothing was written: v2 does not exist, the draft is kept
    expect(existsSync(join(t.definitionsDir, 'processes/windscreen/v2.json'))).toBe(false);
    expect((await t.api('GET', '/api/definitions/process/windscreen')).body.latestVersion).toBe(1);

    // And once the draft keeps the path, it publishes
    await putDraft('amount >= 500');
    expect((await publish()).body).toMatchObject({ version: 2 });
    expect(
      (await t.api('DELETE', '/api/scenarios/windscreen/big-repair', undefined, design)).status,
    ).toBe(204);
    expect(existsSync(join(t.definitionsDir, 'scenarios/windscreen/big-repair.json'))).toBe(false);
  });
});
