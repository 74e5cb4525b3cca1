/**
 * Supervision through the HTTP API (issue 23): the deadline worklist a supervisor acts from
 * (every counting clock of the cases she supervises, whatever they wait on, grouped and sorted
 * by due instant), escalations that stick (a case's priority raised by hand or by an SLA action
 * carried to its next tasks, a due instant moved with a reason), reassignment only to people
 * who may work the task, notifications read per person, and incidents an operator can trace
 * and resolve (retry with corrected variables, skip, bulk retry, the first failure kept).
 *
 * Given grievances: triage, a sync with the back office (one try, its URL from `callbackUrl`),
 * investigate, resolve; a 15-day decision clock from receipt that raises the case's priority at
 * 80% and notifies the complaints group when it breaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { ensureUser } from '../../engine/src/identity/index.ts';
import { end, files, label, process, service, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T09:00:00Z'); // Monday 17:00 in Shanghai

const complaints = '["complaints"]';
const grievance = process(
  'grievance',
  [
    start(),
    userTask('triage', 'ack', { candidateGroups: complaints }),
    service('sync', 'test/sync', {
      input: { url: 'callbackUrl' },
      retry: { attempts: 1 },
    }),
    userTask('investigate', 'ack', { candidateGroups: complaints }),
    userTask('resolve', 'ack', { candidateGroups: complaints }),
    end(),
  ],
  [
    ['start', 'triage'],
    ['triage', 'sync'],
    ['sync', 'investigate'],
    ['investigate', 'resolve'],
    ['resolve', 'end'],
  ],
  { search: { customerName: 'complainantName' } },
);
const decision = sla('grievance-decision', 'grievance', {
  name: label('Decision (15 days)', '決定（15日）'),
  target: { duration: 'P15D' },
  startAt: 'receivedAt',
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'taskCompleted', node: 'resolve' }],
  thresholds: [{ percent: 80, actions: [{ type: 'raisePriority', priority: 80, of: 'case' }] }],
  breach: {
    actions: [
      { type: 'notify', to: [{ kind: 'group', id: 'complaints' }] },
      { type: 'raisePriority', priority: 100, of: 'case' },
    ],
  },
});

let backOfficeUp = false;
const actions = new ActionRegistry().register('test/sync', (input: { url?: string }) => {
  if (!backOfficeUp && input.url !== 'http://up.example/')
    throw new Error('back office unreachable');
  return { ok: true };
});

let t: TestEngine;
const TOKENS = { mei: 'mei-supervisor-token', chen: 'chen-staff-token' };
type Who = Parameters<TestEngine['api']>[3] & { who?: keyof typeof TOKENS };
const api = (method: string, path: string, body?: unknown, o: Who = {}) =>
  t.api(method, path, body, {
    ...o,
    ...(o.who ? { headers: { authorization: `Bearer ${TOKENS[o.who]}` } } : {}),
  });

/** A grievance received `ago` ms before now, worked up to `until` (triage done, then sync). */
async function grievanceCase(ago: number, callbackUrl = 'http://down.example/') {
  const res = await api(
    'POST',
    '/api/instances',
    {
      processId: 'grievance',
      variables: {
        receivedAt: new Date(t.clock.now() - ago).toISOString(),
        callbackUrl,
        complainantName: '王明',
      },
    },
    { as: 'complaints' },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const openTask = (instanceId: string, nodeId: string) =>
  t.until(
    async () =>
      (
        await t.sql<{ id: string; priority: number }>(
          `SELECT id, priority FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
          [instanceId, nodeId],
        )
      )[0],
    `${nodeId} of ${instanceId}`,
  );

async function complete(instanceId: string, nodeId: string) {
  const task = await openTask(instanceId, nodeId);
  const res = await api(
    'POST',
    `/api/tasks/${task.id}/complete`,
    { data: { ok: true } },
    {
      as: 'complaints',
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

const incidentOf = (instanceId: string) =>
  t.until(
    async () =>
      (
        await t.sql<{ id: string; created_at: Date }>(
          `SELECT id, created_at FROM incidents WHERE instance_id = $1 AND status = 'open'`,
          [instanceId],
        )
      )[0],
    `incident of ${instanceId}`,
  );

let stuck: string; // at the sync incident, due in 6 hours (tonight in Shanghai)
let nextWeek: string; // at triage, due in 6 days
let breached: string; // at triage, received 16 days ago

beforeAll(async () => {
  t = await startTestEngine({
    start: new Date(T0).toISOString(),
    actions,
    definitions: {
      ...files(grievance),
      ...calendars(),
      'slas/grievance-decision/v1.json': decision,
    },
  });
  await api('PUT', '/api/groups/complaints', { name: label('Complaints', '投訴') });
  await ensureUser(
    t.engine.db,
    { id: 'mei', displayName: '陳美玲', roles: ['supervisor'], groups: ['complaints'] },
    TOKENS.mei,
  );
  await ensureUser(
    t.engine.db,
    { id: 'chen', displayName: '陳志明', roles: ['staff'], groups: ['complaints'] },
    TOKENS.chen,
  );
  stuck = await grievanceCase(15 * DAY - 6 * HOUR);
  await complete(stuck, 'triage');
  await incidentOf(stuck);
  nextWeek = await grievanceCase(9 * DAY, 'http://up.example/');
  breached = await grievanceCase(16 * DAY);
  await t.until(
    async () =>
      (await t.sql(`SELECT 1 FROM notifications WHERE instance_id = $1`, [breached])).length > 0,
    'the breach notice',
  );
});
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

describe('the deadline worklist', () => {
  it('lists every counting clock of her cases by due instant, whatever the case waits on', async () => {
    const res = await api('GET', '/api/worklist?timeZone=Asia/Shanghai', undefined, { who: 'mei' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const ids = res.body.items.map((r: { case: { id: string } }) => r.case.id);
    expect(ids).toEqual([breached, stuck, nextWeek]);
    const [late, tonight, later] = res.body.items;
    expect(late).toMatchObject({ state: 'breached', bucket: 'overdue', scope: 'case' });
    expect(late.overdueMs).toBeGreaterThan(DAY - HOUR);
    expect(tonight).toMatchObject({
      bucket: 'today',
      slaName: { en: 'Decision (15 days)' },
      case: { processId: 'grievance', processName: { en: 'grievance' } },
      waitingOn: [{ kind: 'incident', nodeId: 'sync' }],
      tasks: [],
      movable: true,
    });
    expect(tonight.percent).toBeGreaterThan(98);
    expect(tonight.case.reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(Date.parse(tonight.dueAt) - t.clock.now()).toBeLessThanOrEqual(6 * HOUR);
    expect(later).toMatchObject({
      bucket: 'week',
      waitingOn: [{ kind: 'task', nodeId: 'triage' }],
      tasks: [{ nodeId: 'triage', mayReassign: true, candidateGroups: ['complaints'] }],
    });
    expect(res.body.counts).toMatchObject({ overdue: 1, today: 1, week: 1, tomorrow: 0 });
  });

  it('filters by the percent used, process, group and assignee, and pages', async () => {
    const get = async (q: string) =>
      (await api('GET', `/api/worklist?${q}`, undefined, { who: 'mei' })).body;
    expect((await get('minPercent=90')).items.map((r: any) => r.case.id)).toEqual([
      breached,
      stuck,
    ]);
    expect((await get('processId=other')).total).toBe(0);
    expect((await get('group=complaints')).total).toBe(3);
    expect((await get('group=adjusters')).total).toBe(0);
    expect((await get('assignee=cora')).total).toBe(0);
    const page = await get('limit=1&offset=1');
    expect(page).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(page.items.map((r: any) => r.case.id)).toEqual([stuck]);
    expect(page.counts.overdue).toBe(1); // counts cover the whole list
  });

  it('shows another group’s supervisor nothing of these cases, and staff not at all', async () => {
    const sue = await api('GET', '/api/worklist', undefined, { as: 'supervisor' });
    expect(sue.status).toBe(200);
    expect(sue.body.total).toBe(0);
    expect((await api('GET', '/api/worklist', undefined, { who: 'chen' })).status).toBe(403);
    const bad = await api('GET', '/api/worklist?timeZone=Mars/Base', undefined, { who: 'mei' });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].pointer).toBe('/timeZone');
  });
});

describe('escalation that sticks', () => {
  it('raises a case’s priority: its open task now, its next task too, recorded', async () => {
    const triage = await openTask(nextWeek, 'triage');
    expect(triage.priority).toBe(50);
    const res = await api(
      'POST',
      `/api/cases/${nextWeek}/priority`,
      { priority: 90, reason: 'called twice' },
      { who: 'mei' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ instanceId: nextWeek, priority: 90 });
    expect((await openTask(nextWeek, 'triage')).priority).toBe(90);
    await complete(nextWeek, 'triage');
    expect((await openTask(nextWeek, 'investigate')).priority).toBe(90);
    const [h] = await t.sql(
      `SELECT actor, data FROM history WHERE instance_id = $1 AND type = 'case.priorityRaised'`,
      [nextWeek],
    );
    expect(h).toMatchObject({ actor: 'mei', data: { priority: 90, reason: 'called twice' } });
    // never lowered
    await api('POST', `/api/cases/${nextWeek}/priority`, { priority: 10 }, { who: 'mei' });
    expect((await openTask(nextWeek, 'investigate')).priority).toBe(90);
  });

  it('carries an SLA action’s raise of the case to the case’s next tasks', async () => {
    // the breached case: 80% raised the case to 80, the breach to 100
    await t.until(
      async () => (await openTask(breached, 'triage')).priority === 100,
      'the breach raised the priority',
    );
    backOfficeUp = true;
    await complete(breached, 'triage');
    expect((await openTask(breached, 'investigate')).priority).toBe(100);
    backOfficeUp = false;
  });

  it('refuses a closed or unseen case', async () => {
    expect(
      (await api('POST', `/api/cases/${nextWeek}/priority`, { priority: 90 }, { as: 'supervisor' }))
        .status,
    ).toBe(404);
    expect(
      (await api('POST', `/api/cases/${nextWeek}/priority`, { priority: 101 }, { who: 'mei' }))
        .status,
    ).toBe(400);
  });

  it('moves a running clock’s due instant with a reason, and arms its breach again', async () => {
    const [clock] = await t.sql<{ id: string; due_at: Date; cycle: number }>(
      `SELECT id, due_at, cycle FROM sla_clocks WHERE instance_id = $1`,
      [nextWeek],
    );
    const to = new Date(clock!.due_at.getTime() + 15 * DAY).toISOString();
    const res = await api(
      'POST',
      `/api/sla-clocks/${clock!.id}/due`,
      { dueAt: to, reason: 'complex: extended to 30 days' },
      { who: 'mei' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ clockId: clock!.id, to });
    const [moved] = await t.sql(`SELECT due_at, cycle FROM sla_clocks WHERE id = $1`, [clock!.id]);
    expect(moved.due_at.toISOString()).toBe(to);
    expect(moved.cycle).toBe(clock!.cycle + 1);
    const pending = await t.sql<{ id: string; due_at: Date }>(
      `SELECT id, due_at FROM jobs WHERE kind = 'sla' AND status = 'pending' AND payload->>'clockId' = $1`,
      [clock!.id],
    );
    // the breach at the new instant (and the 80% warning, not reached yet, at 80% of the new target)
    expect(pending.map((j) => j.due_at.toISOString())).toContain(to);
    expect(pending.every((j) => j.id.includes(`.c${clock!.cycle + 1}.`))).toBe(true);
    const [h] = await t.sql(
      `SELECT actor, data FROM history WHERE instance_id = $1 AND type = 'sla.dueMoved'`,
      [nextWeek],
    );
    expect(h).toMatchObject({ actor: 'mei', data: { to, reason: 'complex: extended to 30 days' } });
    // the case page explains the move
    const page = await api('GET', `/api/cases/${nextWeek}`, undefined, { who: 'mei' });
    const move = page.body.clocks[0].explanation.events.find((e: any) => e.type === 'move');
    expect(move).toMatchObject({ dueAt: to, by: 'mei', reason: 'complex: extended to 30 days' });
    expect(move.movedByMs).toBe(15 * DAY);
  });

  it('refuses to move a breached clock, or to a past instant', async () => {
    const [late] = await t.sql(`SELECT id FROM sla_clocks WHERE instance_id = $1`, [breached]);
    const future = new Date(t.clock.now() + DAY).toISOString();
    const r1 = await api(
      'POST',
      `/api/sla-clocks/${late.id}/due`,
      { dueAt: future, reason: 'x' },
      { who: 'mei' },
    );
    expect(r1.status).toBe(409);
    expect(r1.body.code).toBe('CW_ERR_CLOCK_NOT_MOVABLE');
    const [clock] = await t.sql(`SELECT id FROM sla_clocks WHERE instance_id = $1`, [stuck]);
    const r2 = await api(
      'POST',
      `/api/sla-clocks/${clock.id}/due`,
      { dueAt: new Date(t.clock.now() - HOUR).toISOString(), reason: 'x' },
      { who: 'mei', lang: 'zh-Hant' },
    );
    expect(r2.status).toBe(400);
    expect(r2.body).toMatchObject({
      code: 'CW_ERR_DUE_NOT_FUTURE',
      details: [{ pointer: '/dueAt', message: '新的到期時間必須晚於現在。' }],
    });
    const r3 = await api(
      'POST',
      `/api/sla-clocks/${clock.id}/due`,
      { dueAt: future, reason: ' ' },
      { who: 'mei' },
    );
    expect(r3.status).toBe(400);
  });
});

describe('reassigning from a row', () => {
  it('offers only the people who may work the task', async () => {
    const task = await openTask(nextWeek, 'investigate');
    const res = await api('GET', `/api/tasks/${task.id}/candidates`, undefined, { who: 'mei' });
    expect(res.status).toBe(200);
    const ids = res.body.items.map((u: { id: string }) => u.id);
    expect(ids).toEqual(expect.arrayContaining(['cora', 'chen', 'mei', 'admin']));
    expect(ids).not.toContain('alice'); // adjusters
    expect(ids).not.toContain('sue'); // supervises adjusters
    expect(res.body.items.find((u: any) => u.id === 'chen')).toMatchObject({
      displayName: '陳志明',
      openTasks: 0,
    });
    expect(
      (await api('GET', `/api/tasks/${task.id}/candidates`, undefined, { as: 'supervisor' }))
        .status,
    ).toBe(404);
  });

  it('refuses someone outside the task’s candidates, even for an administrator', async () => {
    const task = await openTask(nextWeek, 'investigate');
    const res = await api('POST', '/api/tasks/reassign', {
      taskIds: [task.id],
      to: { user: 'alice' },
    });
    expect(res.status).toBe(409);
    expect(res.body.details).toMatchObject([
      { code: 'CW_ERR_REASSIGN_NOT_CANDIDATE', pointer: '/taskIds/0' },
    ]);
    const ok = await api(
      'POST',
      '/api/tasks/reassign',
      { taskIds: [task.id], to: { user: 'chen' } },
      { who: 'mei' },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe('notifications read per person', () => {
  it('shows the breach notice to each member of the group, with its case, read on their own', async () => {
    const mine = await api('GET', '/api/notifications', undefined, { who: 'mei' });
    expect(mine.status).toBe(200);
    const notice = mine.body.items.find((n: any) => n.kind === 'sla.breach');
    expect(notice).toMatchObject({
      instanceId: breached,
      readAt: null,
      case: { id: breached, processId: 'grievance' },
    });
    expect(mine.body.unread['sla.breach']).toBe(1);
    const read = await api('POST', '/api/notifications/read', { ids: [notice.id] }, { who: 'mei' });
    expect(read.body.read).toBe(1);
    const after = await api('GET', '/api/notifications/unread', undefined, { who: 'mei' });
    expect(after.body).toEqual({ total: 0, byKind: {} });
    // cora, also of the group, has not read it
    const cora = await api('GET', '/api/notifications?unread=true', undefined, {
      as: 'complaints',
    });
    expect(cora.body.items.map((n: any) => n.id)).toContain(notice.id);
    // someone else's notice is not marked by naming it
    expect(
      (await api('POST', '/api/notifications/read', { ids: [notice.id] }, { as: 'adjuster' })).body
        .read,
    ).toBe(0);
  });
});

describe('incidents an operator can resolve', () => {
  it('shows the case, the node on its graph, the input, each attempt and the case’s clocks', async () => {
    const incident = await incidentOf(stuck);
    const res = await api('GET', `/api/incidents/${encodeURIComponent(incident.id)}`, undefined, {
      who: 'mei',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      nodeId: 'sync',
      case: { id: stuck, processId: 'grievance' },
      processName: { en: 'grievance' },
      node: { id: 'sync', type: 'serviceTask', input: { url: 'callbackUrl' } },
      job: { action: 'test/sync', input: { url: 'http://down.example/' } },
      attempts: [{ type: 'job.scheduled' }, { type: 'incident.opened', attempt: 1 }],
      actions: { retry: true, retryWithVariables: true, skip: false, cancelCase: true },
    });
    expect(res.body.case.reference).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(res.body.attempts[1].error).toContain('back office unreachable');
    expect(res.body.graph.nodes.map((n: { id: string }) => n.id)).toContain('sync');
    expect(res.body.clocks[0]).toMatchObject({ slaId: 'grievance-decision', state: 'running' });
    expect(res.body.variables.complainantName).toBe('王*'); // masked
    const list = await api('GET', '/api/incidents?processId=grievance', undefined, { who: 'mei' });
    expect(list.body.items[0]).toMatchObject({
      case: { id: stuck },
      nodeName: null,
      firstFailedAt: incident.created_at.toISOString(),
    });
  });

  it('retries after correcting the URL variable: recorded, and the case moves on', async () => {
    const incident = await incidentOf(stuck);
    const personal = await api(
      'POST',
      `/api/incidents/${encodeURIComponent(incident.id)}/retry`,
      { variables: { complainantName: '王小明' } },
      { who: 'mei' },
    );
    expect(personal.status).toBe(403);
    expect(personal.body.code).toBe('CW_ERR_PERSONAL_DATA_EDIT');
    const res = await api(
      'POST',
      `/api/incidents/${encodeURIComponent(incident.id)}/retry`,
      { variables: { callbackUrl: 'http://up.example/' }, reason: 'the back office moved' },
      { who: 'mei' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await openTask(stuck, 'investigate');
    const [h] = await t.sql(
      `SELECT actor, data FROM history WHERE instance_id = $1 AND type = 'variables.edited'`,
      [stuck],
    );
    expect(h).toMatchObject({
      actor: 'mei',
      data: {
        variables: { callbackUrl: 'http://up.example/' },
        previous: { callbackUrl: 'http://down.example/' },
        reason: 'the back office moved',
      },
    });
  });

  it('keeps the instant the work first failed across a retry that fails again', async () => {
    const id = await grievanceCase(DAY);
    await complete(id, 'triage');
    const first = await incidentOf(id);
    t.clock.advance(HOUR);
    const retried = await api(
      'POST',
      `/api/incidents/${encodeURIComponent(first.id)}/retry`,
      undefined,
      { who: 'mei' },
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(202);
    const second = await t.until(
      async () =>
        (
          await t.sql(`SELECT * FROM incidents WHERE instance_id = $1 AND status = 'open'`, [id])
        )[0],
      'the second incident',
    );
    expect(second.id).not.toBe(first.id);
    expect(second.created_at.getTime()).toBeGreaterThan(first.created_at.getTime());
    expect(second.first_failed_at.toISOString()).toBe(first.created_at.toISOString());
  });

  it('retries every open incident of a process with the same error at once', async () => {
    const a = await grievanceCase(DAY);
    const b = await grievanceCase(DAY);
    for (const id of [a, b]) await complete(id, 'triage');
    await Promise.all([incidentOf(a), incidentOf(b)]);
    const list = await api('GET', '/api/incidents?processId=grievance', undefined, { who: 'mei' });
    const group = list.body.groups.find((g: { processId: string }) => g.processId === 'grievance');
    expect(group.count).toBeGreaterThanOrEqual(3);
    backOfficeUp = true;
    const res = await api(
      'POST',
      '/api/incidents/retry',
      { processId: 'grievance', error: group.error },
      { who: 'mei' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.retried).toHaveLength(group.count);
    expect(res.body.refused).toEqual([]);
    await Promise.all([openTask(a, 'investigate'), openTask(b, 'investigate')]);
    backOfficeUp = false;
  });

  it('lets only an administrator skip the failed step, with a reason, and the case moves on', async () => {
    const id = await grievanceCase(DAY);
    await complete(id, 'triage');
    const incident = await incidentOf(id);
    const path = `/api/incidents/${encodeURIComponent(incident.id)}/skip`;
    expect((await api('POST', path, { reason: 'synced by hand' }, { who: 'mei' })).status).toBe(
      403,
    );
    expect((await api('POST', path, {})).status).toBe(400);
    const res = await api('POST', path, { reason: 'synced by hand' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await openTask(id, 'investigate');
    const [h] = await t.sql(
      `SELECT actor, node_id, data FROM history WHERE instance_id = $1 AND type = 'node.skipped'`,
      [id],
    );
    expect(h).toMatchObject({
      actor: 'admin',
      node_id: 'sync',
      data: { reason: 'synced by hand' },
    });
    const [n] = await t.sql(`SELECT status, resolved_by FROM incidents WHERE id = $1`, [
      incident.id,
    ]);
    expect(n).toEqual({ status: 'resolved', resolved_by: 'admin' });
    expect((await api('POST', path, { reason: 'again' })).status).toBe(409);
  });
});
