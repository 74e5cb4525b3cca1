/**
 * SLA clocks on a claim-like process: started by the instance, paused while the customer is
 * asked for documents, resumed when they arrive, stopped by the decision; warnings fire in
 * order, exactly once; a breach lets the work go on and carries out its actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { calendars, claimWithDocuments, sla } from '../fixtures/slas.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00Z'); // a Monday

// Given a claim: intake checks the material, asks the customer for what is missing and waits
// for it, then an adjuster decides; an escalation process exists for breaches
const claim = claimWithDocuments();
const escalation = process(
  'escalation',
  [start(), userTask('review', 'ack', { candidateGroups: '["supervisors"]' }), end()],
  [
    ['start', 'review'],
    ['review', 'end'],
  ],
);

// And a 30-natural-day decision SLA that does not count the customer's time
const decisionSla = sla('claim-decision', 'claim', {
  target: { duration: 'P30D' },
  start: [{ event: 'instanceStarted' }],
  pause: [{ event: 'nodeEntered', node: 'wait' }],
  resume: [{ event: 'nodeLeft', node: 'wait' }],
  stop: [{ event: 'taskCompleted', node: 'decide' }],
  thresholds: [
    { percent: 50, actions: [{ type: 'notify', to: [{ kind: 'group', id: 'adjusters' }] }] },
    { percent: 75, actions: [{ type: 'raisePriority', priority: 90 }] },
  ],
  breach: {
    actions: [
      { type: 'notify', to: [{ kind: 'assigneeSupervisors' }] },
      { type: 'reassign', group: 'supervisors' },
      { type: 'startProcess', process: { id: 'escalation' }, variables: { ref: 'ref' } },
      { type: 'callAction', action: 'test/record', input: { ref: 'ref' } },
    ],
  },
});
// And a 4-working-hour SLA on each decision task, in a Monday-Friday 09:00-17:00 UTC calendar
const decideTaskSla = sla('decide-task', 'claim', {
  scope: 'task',
  nodes: ['decide'],
  calendar: { id: 'office' },
  target: { duration: 'PT4H' },
});

const recorded: unknown[] = [];
let t: TestEngine;
beforeAll(async () => {
  const actions = new ActionRegistry();
  actions.register('test/record', async (input, ctx) => {
    recorded.push({ input, key: ctx.idempotencyKey });
    return { ok: true };
  });
  t = await startTestEngine({
    start: new Date(T0).toISOString(),
    actions,
    definitions: {
      ...files(claim, escalation),
      ...calendars(),
      [`slas/claim-decision/v1.json`]: decisionSla,
      [`slas/decide-task/v1.json`]: decideTaskSla,
    },
  });
  await t.sql(
    `INSERT INTO groups (id, name, supervisor_group) VALUES ('adjusters', $1, 'claims-leads')`,
    [label('Adjusters', '理賠員')],
  );
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const clocks = async (id: string) => (await t.api('GET', `/api/instances/${id}/slas`)).body.items;
const openTask = async (id: string, nodeId: string) =>
  (
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
            [id, nodeId],
          )
        )[0],
      `${nodeId} task`,
    )
  ).id as string;
const eventAt = async (clockId: string, type: string) =>
  (
    await t.sql(
      `SELECT at FROM sla_clock_events WHERE clock_id = $1 AND type = $2 ORDER BY id DESC LIMIT 1`,
      [clockId, type],
    )
  )[0].at.getTime() as number;
/** Moves the test clock to an instant (relative to T0). */
const at = (ms: number) => t.clock.advance(T0 + ms - t.clock.now());

describe('a 30-day decision SLA that pauses while the customer supplies documents', () => {
  it('pauses, resumes with a later deadline, warns in order once, breaches and still lets the work finish', async () => {
    // When a claim starts, its decision clock runs with a 30-day deadline
    const started = await t.api('POST', '/api/instances', {
      processId: 'claim',
      variables: { ref: 'R-1' },
    });
    const id = started.body.id as string;
    let [clock] = await clocks(id);
    expect(clock).toMatchObject({ slaId: 'claim-decision', slaVersion: 1, state: 'running' });
    const startedAt = Date.parse(clock.startedAt);
    expect(Date.parse(clock.dueAt) - startedAt).toBe(30 * DAY);

    // And when intake asks for documents two days later, the clock pauses with 2 days used
    at(2 * DAY);
    await t.api('POST', `/api/tasks/${await openTask(id, 'intake')}/complete`, {
      data: { ok: false },
    });
    [clock] = await clocks(id);
    expect(clock).toMatchObject({ state: 'paused', dueAt: null });
    const pausedAt = await eventAt(clock.id, 'pause');
    const used = pausedAt - startedAt;
    expect(used).toBeGreaterThanOrEqual(2 * DAY - (startedAt - T0));
    expect(clock.elapsedMs).toBe(used);

    // Then five days waiting for the customer do not count: the deadline moves that much later
    at(7 * DAY);
    expect((await clocks(id))[0].elapsedMs).toBe(used);
    const msg = await t.api('POST', '/api/messages', {
      messageId: 'docs-R-1',
      name: 'documents',
      correlationKey: 'R-1',
      payload: {},
    });
    expect(msg.body.status).toBe('correlated');
    [clock] = await clocks(id);
    const resumedAt = await eventAt(clock.id, 'resume');
    const due = resumedAt + 30 * DAY - used;
    expect(clock.state).toBe('running');
    expect(Date.parse(clock.dueAt)).toBe(due);
    await t.api('POST', `/api/tasks/${await openTask(id, 'intake')}/complete`, {
      data: { ok: true },
    });
    const decide = await openTask(id, 'decide');

    // And the 50% warning is armed for the instant 15 counted days have passed, not before
    const warn50 = await t.sql(
      `SELECT due_at, status FROM jobs WHERE kind = 'sla' AND payload->>'clockId' = $1 AND (payload->>'percent')::int = 50 AND status = 'pending'`,
      [clock.id],
    );
    expect(warn50).toHaveLength(1);
    expect(warn50[0].due_at.getTime()).toBe(resumedAt + 15 * DAY - used);

    // When the clock passes 50% and 75%, each warning fires once, in order, with its action
    at(29 * DAY);
    await t.until(async () => (await clocks(id))[0].thresholdsFired.length === 2, 'two warnings');
    const warnings = await t.sql(
      `SELECT data FROM history WHERE instance_id = $1 AND type = 'sla.warning' ORDER BY seq`,
      [id],
    );
    expect(warnings.map((w) => w.data.percent)).toEqual([50, 75]);
    const notified = await t.api('GET', '/api/notifications', undefined, { as: 'adjuster' });
    expect(notified.body.items).toEqual([
      expect.objectContaining({
        instanceId: id,
        kind: 'sla.warning',
        to: { kind: 'group', id: 'adjusters', name: { 'zh-Hant': '理賠員', en: 'Adjusters' } },
      }),
    ]);
    expect((await t.sql(`SELECT priority FROM tasks WHERE id = $1`, [decide]))[0].priority).toBe(
      90,
    );

    // And when the deadline passes, the breach reassigns the task, tells the supervisors,
    // opens an escalation case and calls the plugin action, once each
    at(due - T0 + 1000);
    await t.until(async () => (await clocks(id))[0].state === 'breached', 'breach');
    await t.until(async () => recorded.length === 1, 'plugin action');
    const task = (
      await t.sql(`SELECT candidate_groups, assignee FROM tasks WHERE id = $1`, [decide])
    )[0];
    expect(task).toEqual({ candidate_groups: ['supervisors'], assignee: null });
    const notes = await t.sql(
      `SELECT recipient_kind, recipient, kind FROM notifications WHERE instance_id = $1 ORDER BY id`,
      [id],
    );
    expect(notes).toContainEqual({
      recipient_kind: 'group',
      recipient: 'claims-leads',
      kind: 'sla.breach',
    });
    const escalated = await t.sql(
      `SELECT process_id, state->'variables' AS v FROM instances WHERE process_id = 'escalation'`,
    );
    expect(escalated).toEqual([{ process_id: 'escalation', v: { ref: 'R-1', escalatedFrom: id } }]);
    expect(recorded).toEqual([{ input: { ref: 'R-1' }, key: expect.stringContaining(clock.id) }]);

    // Then the work goes on: the decision stops the clock, which records by how much it was late
    const done = await t.api('POST', `/api/tasks/${decide}/complete`, {
      data: { decision: 'yes' },
    });
    expect(done.status).toBe(200);
    [clock] = await clocks(id);
    expect(clock).toMatchObject({ state: 'breached', breachedAt: new Date(due).toISOString() });
    expect(clock.overdueMs).toBe(Date.parse(clock.stoppedAt) - due);
    const fired = await t.sql(
      `SELECT fire_count FROM jobs WHERE kind = 'sla' AND status = 'done' AND payload->>'clockId' = $1`,
      [clock.id],
    );
    expect(fired.map((f) => f.fire_count)).toEqual([1, 1, 1]);
    const other = await t.sql(`SELECT fire_count FROM jobs WHERE kind = 'sla' AND fire_count > 1`);
    expect(other).toEqual([]);
    const events = await t.sql(
      `SELECT type FROM sla_clock_events WHERE clock_id = $1 ORDER BY id`,
      [clock.id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'pause',
      'resume',
      'warning',
      'warning',
      'breach',
      'stop',
    ]);
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});

describe('a task SLA counted in working hours', () => {
  it('runs from the task created on Friday afternoon to Monday noon, and meets when done in time', async () => {
    // Given a decision task created on Friday at 16:00 (one working hour left that day)
    const friday = Date.parse('2026-05-15T16:00:00Z');
    t.clock.advance(Math.max(0, Date.parse('2026-05-15T15:00:00Z') - t.clock.now()));
    const started = await t.api('POST', '/api/instances', {
      processId: 'claim',
      variables: { ref: 'R-2' },
    });
    const id = started.body.id as string;
    t.clock.advance(friday - t.clock.now());
    await t.api('POST', `/api/tasks/${await openTask(id, 'intake')}/complete`, {
      data: { ok: true },
    });
    const decide = await openTask(id, 'decide');

    // Then its 4 working hours end Monday at 12:00 (1 h on Friday, 3 h on Monday)
    const taskClock = (await clocks(id)).find((c: { taskId: string }) => c.taskId === decide);
    // (the test clock runs on in real time: the task came a few milliseconds after 16:00)
    const late = Date.parse(taskClock.startedAt) - friday;
    expect(late).toBeLessThan(HOUR);
    expect(taskClock).toMatchObject({ slaId: 'decide-task', state: 'running' });
    expect(Date.parse(taskClock.dueAt)).toBe(Date.parse('2026-05-18T12:00:00Z') + late);
    const inbox = await t.api('GET', `/api/tasks?scope=all&sort=sla&slaState=running`, undefined, {
      as: 'admin',
    });
    expect(inbox.body.items.map((x: { id: string }) => x.id)).toContain(decide);

    // When it is completed on Monday at 10:00, the clock is met with 2 working hours used
    t.clock.advance(Date.parse('2026-05-18T10:00:00Z') - t.clock.now());
    await t.api('POST', `/api/tasks/${decide}/complete`, {
      data: { decision: 'no', note: 'excluded' },
    });
    const after = (await clocks(id)).find((c: { taskId: string }) => c.taskId === decide);
    const used = HOUR - late + (Date.parse(after.stoppedAt) - Date.parse('2026-05-18T09:00:00Z'));
    expect(after).toMatchObject({ state: 'met', elapsedMs: used, remainingMs: 4 * HOUR - used });
  });
});

describe('the SLA report and preview', () => {
  it('counts met and breached clocks per SLA and gives median and p90 elapsed time', async () => {
    const r = await t.api(
      'GET',
      `/api/slas/report?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&period=month`,
      undefined,
      { as: 'supervisor' },
    );
    expect(r.status).toBe(200);
    const decision = r.body.items.filter((x: { slaId: string }) => x.slaId === 'claim-decision');
    expect(decision.reduce((n: number, x: { breached: number }) => n + x.breached, 0)).toBe(1);
    const tasks = r.body.items.filter((x: { slaId: string }) => x.slaId === 'decide-task');
    expect(tasks.reduce((n: number, x: { met: number }) => n + x.met, 0)).toBeGreaterThanOrEqual(1);
    const forbidden = await t.api(
      'GET',
      `/api/slas/report?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
      undefined,
      { as: 'adjuster' },
    );
    expect(forbidden.status).toBe(403);
  });

  it('previews when a clock started at a given instant would warn and breach', async () => {
    const r = await t.api('POST', '/api/slas/preview', {
      slaId: 'decide-task',
      startAt: '2026-05-15T16:00:00Z',
    });
    expect(r.body.events).toEqual([
      { percent: 100, kind: 'breach', at: '2026-05-18T12:00:00.000Z' },
    ]);
  });

  it('previews an unpublished SLA body (a draft being edited), and refuses an invalid one', async () => {
    const draft = { ...decideTaskSla, id: 'draft-sla', thresholds: [{ percent: 50 }] };
    const r = await t.api('POST', '/api/slas/preview', {
      sla: draft,
      startAt: '2026-05-15T16:00:00Z',
    });
    expect(r.status).toBe(200);
    expect(r.body.events).toEqual([
      { percent: 50, kind: 'warning', at: '2026-05-18T10:00:00.000Z' },
      { percent: 100, kind: 'breach', at: '2026-05-18T12:00:00.000Z' },
    ]);
    const bad = await t.api('POST', '/api/slas/preview', {
      sla: { ...draft, calendar: { id: 'nowhere' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].pointer).toBe('/calendar');
  });
});
