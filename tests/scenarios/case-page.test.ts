/**
 * The case page's one read and its notes: `GET /api/cases/{id}` answers the whole case to
 * whoever may see it (404 to others): summary, where it waits on the process graph, data by
 * step, tasks with names, SLA clocks explained (the pause while documents were awaited and
 * how far it moved the due instant), documents, history, notes, open incidents and the
 * actions the caller's roles allow. Notes are history entries, refused when blank or too long.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { forms, label, process, start, userTask, end } from '../fixtures/definitions.ts';
import { calendars, sla, slaProbe } from '../fixtures/slas.ts';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { complete, HOUR, DAY, startInstance } from '../helpers/scenario.ts';

const report = {
  id: 'report',
  version: 1,
  title: label('Report', '報案'),
  fields: [
    { key: 'ref', type: 'text', required: true, label: label('Reference', '編號') },
    { key: 'claimantName', type: 'text', label: label('Name', '姓名') },
    { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號') },
  ],
};
// Given a claim whose intake asks for documents and waits for them, then a review, then a
// notice whose gateway is down (an incident), measured by a 30-day decision clock that does
// not count the wait for documents
const claim = process(
  'claim',
  [
    { ...start(), form: { id: 'report', version: 1 }, name: label('Reported', '報案') },
    userTask('intake', 'ack', { name: label('Intake', '受理') }),
    {
      id: 'wait',
      type: 'messageCatch',
      message: 'documents',
      correlationKey: 'ref',
      name: label('Wait for documents', '等待補件'),
    },
    // a name in Simplified Chinese too: the read keeps every locale a definition gives
    userTask('review', 'approve', { name: { ...label('Review', '審核'), 'zh-Hans': '审核' } }),
    {
      id: 'notice',
      type: 'serviceTask',
      action: 'gateway/send',
      retry: { attempts: 1 },
      name: label('Notice', '通知'),
    },
    end('done', 'decided'),
  ],
  [
    ['start', 'intake'],
    ['intake', 'wait'],
    ['wait', 'review'],
    ['review', 'notice'],
    ['notice', 'done'],
  ],
  {
    retention: 'P30D',
    search: { customerName: 'claimantName', idNumber: 'idNumber', claimNumber: 'ref' },
  },
);
const decision = sla('decision', 'claim', {
  name: label('Decision (30 days)', '核定（30日）'),
  target: { duration: 'P30D' },
  start: [{ event: 'instanceStarted' }],
  pause: [{ event: 'nodeEntered', node: 'wait' }],
  resume: [{ event: 'nodeLeft', node: 'wait' }],
  stop: [{ event: 'taskCompleted', node: 'review' }],
  thresholds: [{ percent: 50, actions: [] }],
});

const T0 = '2026-11-20T02:00:00Z';
let t: TestEngine;
beforeAll(async () => {
  const actions = new ActionRegistry().register('gateway/send', async () => {
    throw new Error('gateway down');
  });
  t = await startTestEngine({
    start: T0,
    actions,
    definitions: {
      ...calendars(),
      'forms/report/v1.json': report,
      'forms/ack/v1.json': forms.ack,
      'forms/approve/v1.json': forms.approve,
      'processes/claim/v1.json': claim,
      'slas/decision/v1.json': decision,
    },
  });
  await t.sql(`UPDATE users SET display_name = $2 WHERE id = $1`, ['ian', '李明']);
  await t.sql(`UPDATE users SET display_name = $2 WHERE id = $1`, ['sue', '蘇珊']);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const read = (id: string, as: UserName) => t.api('GET', `/api/cases/${id}`, undefined, { as });

describe('the case page of a claim that waited for documents', () => {
  let id: string;
  beforeAll(async () => {
    const probe = slaProbe(t);
    id = (
      await startInstance(
        t,
        'claim',
        { ref: 'R-1', claimantName: '王小明', idNumber: 'A123456789' },
        { as: 'portal' },
      )
    ).id;
    const intake = await probe.openTask(id, 'intake');
    t.clock.advance(HOUR);
    // completed by a colleague of the group without claiming it
    await t.api(
      'POST',
      `/api/tasks/${intake.id}/complete`,
      { data: { ok: false } },
      { as: 'adjuster' },
    );
    // the customer takes 20 hours to send the documents
    t.clock.advance(20 * HOUR);
    const sent = await t.api('POST', '/api/messages', {
      messageId: 'docs-1',
      name: 'documents',
      correlationKey: 'R-1',
      payload: {},
    });
    expect(sent.body.status).toBe('correlated');
  });

  it('shows the summary, where it waits on the graph, and the data by step', async () => {
    const res = await read(id, 'adjuster');
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c).toMatchObject({
      processId: 'claim',
      processVersion: 1,
      processName: label('claim'),
      status: 'active',
      startedBy: 'portal',
      // masked without the personal-data role, as in case search
      customerName: '王*明',
      waitingAt: [{ nodeId: 'review', name: label('Review', '審核'), waitingFor: 'task' }],
    });
    expect(c.waitingAt[0].name['zh-Hans']).toBe('审核');
    // the response schema lists every part of the read (Fastify drops what it does not list)
    expect(Object.keys(c).sort()).toEqual(
      [
        ...['id', 'processId', 'processVersion', 'processName', 'businessKey', 'reference'],
        ...['status', 'outcome', 'startedAt', 'endedAt', 'startedBy', 'startedByName'],
        ...['customerName', 'waitingAt', 'graph', 'visited', 'submissions', 'tasks', 'clocks'],
        ...['calendarTimers', 'calendarTasks', 'documents', 'history', 'people', 'notes'],
        ...['related', 'incidents', 'actions'],
      ].sort(),
    );
    expect(c.related).toEqual({ items: [], hidden: 0 });
    expect(c.graph.nodes.map((n: { id: string }) => n.id)).toEqual([
      'start',
      'intake',
      'wait',
      'review',
      'notice',
      'done',
    ]);
    expect(c.graph.flows).toContainEqual({ id: 'f3', from: 'wait', to: 'review' });
    expect([...c.visited].sort()).toEqual(['intake', 'review', 'start', 'wait']);
    expect(c.submissions.map((s: { kind: string; nodeId: string }) => [s.kind, s.nodeId])).toEqual([
      ['start', 'start'],
      ['task', 'intake'],
    ]);
    // the customer's name is personal data (the process's search names it), masked like the ID
    expect(c.submissions[0].data).toEqual({
      ref: 'R-1',
      claimantName: '王*明',
      idNumber: 'A********9',
    });
    expect(
      c.tasks.map((x: Record<string, unknown>) => [
        x.nodeId,
        x.status,
        x.completedByName ?? null,
        x.mayOpen,
      ]),
    ).toEqual([
      ['intake', 'completed', 'alice', true],
      ['review', 'open', null, true],
    ]);
  });

  it('explains the decision clock: the pause while documents were awaited, and the due instant moved by exactly that pause', async () => {
    const res = await read(id, 'adjuster');
    const [clock] = res.body.clocks;
    expect(clock).toMatchObject({
      slaId: 'decision',
      state: 'running',
      calendar: { id: 'natural' },
    });
    const x = clock.explanation;
    expect(x.events.map((e: { type: string }) => e.type)).toEqual(['start', 'pause', 'resume']);
    const [started, paused, resumed] = x.events.map((e: { at: string }) => Date.parse(e.at));
    expect(x.events[0].cause).toEqual({ event: 'instanceStarted' });
    expect(x.events[1].cause).toEqual({ event: 'nodeEntered', node: 'wait' });
    expect(x.events[2].cause).toEqual({ event: 'nodeLeft', node: 'wait' });
    // the test clock runs at real speed between its jumps: the pause lasted 20 hours and a bit
    const pause = resumed - paused;
    expect(pause).toBeGreaterThanOrEqual(20 * HOUR);
    expect(pause).toBeLessThan(20 * HOUR + 60_000);
    expect(x.events[2]).toMatchObject({ pausedMs: pause, movedByMs: pause });
    expect(Date.parse(x.firstDueAt)).toBe(started + 30 * DAY);
    expect(Date.parse(x.dueAt)).toBe(started + 30 * DAY + pause);
    expect(clock.dueAt).toBe(x.dueAt);
    expect(x.pausedMs).toBe(pause);
    expect(x.usedMs + x.leftMs).toBe(30 * DAY);
    expect(x.usedMs).toBeGreaterThanOrEqual(paused - started);
    expect(x.thresholds).toEqual([
      { percent: 50, at: new Date(started + 15 * DAY + pause).toISOString(), fired: false },
    ]);
    expect(x.calendar).toMatchObject({
      id: 'natural',
      name: label('Natural days', '自然日'),
      alwaysOpen: true,
      nonWorkingDays: [],
    });
  });

  it('keeps notes in the history, with their author by name, and refuses a blank or huge one', async () => {
    // the intake clerk's group holds no task of this case: he may not see it, nor note on it
    const refused = await t.api('POST', `/api/cases/${id}/notes`, { text: 'x' }, { as: 'intake' });
    expect(refused.status).toBe(404);
    const mine = await t.api(
      'POST',
      `/api/cases/${id}/notes`,
      { text: '  客戶來電，說明收據將以郵寄補正。 ' },
      { as: 'supervisor' },
    );
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({
      author: 'sue',
      authorName: '蘇珊',
      text: '客戶來電，說明收據將以郵寄補正。',
    });
    for (const text of ['   ', 'x'.repeat(4001)]) {
      const bad = await t.api('POST', `/api/cases/${id}/notes`, { text }, { as: 'supervisor' });
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].pointer).toBe('/text');
    }
    const c = (await read(id, 'adjuster')).body;
    expect(c.notes).toEqual([
      {
        seq: mine.body.seq,
        at: mine.body.at,
        author: 'sue',
        authorName: '蘇珊',
        text: '客戶來電，說明收據將以郵寄補正。',
      },
    ]);
    const entry = c.history.find((h: { seq: number }) => h.seq === mine.body.seq);
    expect(entry).toMatchObject({ type: 'case.noted', actor: 'sue', actorName: '蘇珊' });
    const listed = await t.api('GET', `/api/cases/${id}/notes`, undefined, { as: 'adjuster' });
    expect(listed.body.items).toEqual(c.notes);
  });

  it('offers each role its actions and lists the open incident to those who may retry it', async () => {
    const review = (
      await t.sql(`SELECT id FROM tasks WHERE instance_id = $1 AND node_id = 'review'`, [id])
    )[0];
    await complete(t, review.id, { decision: 'yes' }, 'adjuster');
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM incidents WHERE instance_id = $1`, [id]))[0],
      'the incident',
    );
    const staff = (await read(id, 'adjuster')).body;
    expect(staff.actions).toEqual({
      cancel: false,
      reassign: false,
      migrate: false,
      retryIncident: false,
      note: true,
      // no open task of hers, no personal-data role: the case's documents are not hers to fetch
      downloadDocuments: false,
    });
    expect(staff.incidents).toEqual([]);
    const lead = (await read(id, 'supervisor')).body;
    expect(lead.actions).toMatchObject({ cancel: true, retryIncident: true, migrate: false });
    expect(lead.incidents).toEqual([
      expect.objectContaining({ nodeId: 'notice', name: label('Notice', '通知') }),
    ]);
    expect(lead.incidents[0].error).toContain('gateway down');
    const designer = (await read(id, 'designer')).body;
    expect(designer.actions).toMatchObject({ migrate: true, cancel: false });
    // the decision clock stopped when the review was completed: met within its target
    expect(lead.clocks[0]).toMatchObject({ state: 'met' });
    expect(lead.clocks[0].explanation.events.at(-1)).toMatchObject({
      type: 'stop',
      cause: { event: 'taskCompleted', node: 'review' },
    });
  });

  it('reveals personal data only to the personal-data role, recording the read', async () => {
    expect(
      (await t.api('GET', `/api/cases/${id}?reveal=true`, undefined, { as: 'adjuster' })).status,
    ).toBe(403);
    const revealed = await t.api('GET', `/api/cases/${id}?reveal=true`, undefined, {
      as: 'officer',
    });
    expect(revealed.status).toBe(200);
    expect(revealed.body.submissions[0].data.idNumber).toBe('A123456789');
    const history = await t.api('GET', `/api/instances/${id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({
      type: 'personalData.read',
      actor: 'olga',
      data: { route: 'GET /api/cases/:id' },
    });
  });

  it('is not found for someone who may not see the case', async () => {
    const res = await read(id, 'intake');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CW_ERR_NOT_FOUND');
    expect((await read('nope', 'admin')).status).toBe(404);
  });

  it("erases the notes' text with the rest of the personal data after the retention period", async () => {
    const cancelled = await t.api(
      'POST',
      `/api/instances/${id}/cancel`,
      { reason: 'test' },
      { as: 'admin' },
    );
    expect(cancelled.status).toBe(200);
    t.clock.advance(31 * DAY);
    await t.until(
      async () =>
        (
          await t.sql(
            `SELECT 1 FROM history WHERE instance_id = $1 AND type = 'personalData.erased'`,
            [id],
          )
        )[0],
      'the retention sweep',
    );
    const notes = await t.api('GET', `/api/cases/${id}/notes`, undefined, { as: 'admin' });
    expect(notes.body.items.map((n: { text: string }) => n.text)).toEqual(['']);
  });
});
