/**
 * Supervisors' figures: cycle times per process and per step, workload per group and person,
 * and cases counted by their data (never by personal data), as JSON or CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { HOUR, complete, startInstance, tasksOf, untilStatus } from '../helpers/scenario.ts';

// Given complaints that are classified and answered, with the complainant's phone as personal data
const complaintForm = {
  id: 'complaint-start',
  version: 1,
  title: label('Complaint', '投訴'),
  fields: [
    { key: 'category', type: 'text', label: label('Category', '類別') },
    { key: 'severity', type: 'text', label: label('Severity', '嚴重程度') },
    { key: 'phone', type: 'text', sensitive: true, label: label('Phone', '電話') },
  ],
};
const complaint = process(
  'complaint',
  [
    { id: 'start', type: 'start', form: { id: 'complaint-start' } },
    userTask('answer', 'ack'),
    end('done', 'answered'),
  ],
  [
    ['start', 'answer'],
    ['answer', 'done'],
  ],
);
const other = process(
  'other',
  [start(), userTask('work', 'ack', { candidateGroups: '["claims-intake"]' }), end()],
  [
    ['start', 'work'],
    ['work', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(complaint, other), 'forms/complaint-start/v1.json': complaintForm },
    start: '2026-05-04T09:00:00Z',
  });
  // two answered after 1 h and 3 h, one still open; one intake task claimed by ian
  const answered = [
    { category: 'claims', severity: 'major', phone: '0911' },
    { category: 'claims', severity: 'general', phone: '0922' },
  ];
  for (const [n, v] of answered.entries()) {
    const i = await startInstance(t, 'complaint', v);
    t.clock.advance((n === 0 ? 1 : 3) * HOUR);
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    await untilStatus(t, i.id, 'completed');
  }
  await startInstance(t, 'complaint', { category: 'service', severity: 'general', phone: '0933' });
  const o = await startInstance(t, 'other');
  const [work] = await tasksOf(t, o.id);
  await t.api('POST', `/api/tasks/${work!.id}/claim`, undefined, { as: 'intake' });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('analytics', () => {
  it('gives cycle times per process and the time spent per step', async () => {
    const byProcess = await t.api(
      'GET',
      '/api/analytics/cycle-times?processId=complaint',
      undefined,
      { as: 'supervisor' },
    );
    // (the test clock also moves with real time: a few milliseconds more than the jumps)
    const near = (ms: number) => expect.toSatisfy((v: number) => v >= ms && v < ms + 5_000);
    // without an SLA clock, a case's time counts from its creation both ways
    expect(byProcess.body.items).toEqual([
      {
        processId: 'complaint',
        count: 2,
        medianMs: near(2 * HOUR),
        p90Ms: near(2.8 * HOUR),
        totalMs: near(4 * HOUR),
        medianFromStartMs: near(2 * HOUR),
        p90FromStartMs: near(2.8 * HOUR),
        totalFromStartMs: near(4 * HOUR),
      },
    ]);
    const bySteps = await t.api(
      'GET',
      '/api/analytics/cycle-times?processId=complaint&by=step',
      undefined,
      {
        as: 'supervisor',
      },
    );
    expect(bySteps.body.items[0]).toMatchObject({ nodeId: 'answer', count: 2 });
    expect(bySteps.body.items[0].totalMs).toBeGreaterThanOrEqual(4 * HOUR);
    expect(bySteps.body.items[0].totalMs).toBeLessThan(4 * HOUR + 5_000);
  });

  it('gives the workload per group and per person, each supervisor hers', async () => {
    const all = await t.api('GET', '/api/analytics/workload');
    expect(all.body.items).toEqual(
      expect.arrayContaining([
        { group: 'adjusters', groupName: null, open: 1, claimed: 0, breached: 0 },
        { group: 'claims-intake', groupName: null, open: 1, claimed: 1, breached: 0 },
      ]),
    );
    const people = await t.api('GET', '/api/analytics/workload?by=person');
    expect(people.body.items).toEqual([{ person: 'ian', personName: 'ian', open: 1, breached: 0 }]);
    // sue supervises the adjusters: the intake group's work is not hers
    const sue = await t.api('GET', '/api/analytics/workload', undefined, { as: 'supervisor' });
    expect(sue.body.items).toEqual([
      { group: 'adjusters', groupName: null, open: 1, claimed: 0, breached: 0 },
    ]);
    const suePeople = await t.api('GET', '/api/analytics/workload?by=person', undefined, {
      as: 'supervisor',
    });
    expect(suePeople.body.items).toEqual([]);
  });

  it('counts cases by their data, as JSON or CSV, but never by personal data', async () => {
    const res = await t.api(
      'GET',
      '/api/analytics/breakdown?processId=complaint&by=category,severity',
      undefined,
      {
        as: 'supervisor',
      },
    );
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        { category: 'claims', severity: 'major', count: 1, open: 0 },
        { category: 'claims', severity: 'general', count: 1, open: 0 },
        { category: 'service', severity: 'general', count: 1, open: 1 },
      ]),
    );
    const csv = await fetch(
      `${t.url}/api/analytics/breakdown?processId=complaint&by=category&format=csv`,
      {
        headers: { authorization: `Bearer ${t.token('supervisor')}` },
      },
    );
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\n')).toEqual([
      'category,count,open',
      'claims,2,0',
      'service,1,1',
      '',
    ]);
    const personal = await t.api(
      'GET',
      '/api/analytics/breakdown?processId=complaint&by=phone',
      undefined,
      {
        as: 'supervisor',
      },
    );
    expect(personal.status).toBe(400);
    expect(personal.body.details[0].message).toContain('phone');
    expect(
      (await t.api('GET', '/api/analytics/workload', undefined, { as: 'adjuster' })).status,
    ).toBe(403);
  });
});
