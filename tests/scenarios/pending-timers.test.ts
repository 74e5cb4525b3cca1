/**
 * Pending timers for Operations: a timer event, boundary timers, the thresholds of a task's
 * SLA clock and a service task waiting to retry are listed soonest first with their case,
 * process, node and kind; supervisors see their groups' cases only; filters, pages and CSV;
 * and when the worker is down past a due time, the timer is flagged overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';
import { HOUR, jobsAt, startInstance } from '../helpers/scenario.ts';

const T0 = '2026-05-04T08:00:00Z';

// Given a two-hour wait, a review with a three-day boundary timer and an eight-hour task SLA
// warning at half time, a sync whose CRM is down (three attempts an hour apart), and an intake
// task of another group with a one-day reminder
const waiting = process(
  'waiting',
  [start(), { id: 'wait', type: 'timer', timer: { duration: 'PT2H' } }, end()],
  [
    ['start', 'wait'],
    ['wait', 'end'],
  ],
);
const review = process(
  'review',
  [
    start(),
    userTask('review'),
    { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P3D' } },
    end(),
    end('gaveUp'),
  ],
  [
    ['start', 'review'],
    ['review', 'end'],
    ['late', 'gaveUp'],
  ],
);
const sync = process(
  'sync',
  [start(), service('push', 'crm/down', { retry: { attempts: 3, backoff: 'PT1H' } }), end()],
  [
    ['start', 'push'],
    ['push', 'end'],
  ],
);
const intake = process(
  'intake',
  [
    start(),
    userTask('check', 'ack', { candidateGroups: '["claims-intake"]' }),
    {
      id: 'remind',
      type: 'boundaryTimer',
      attachedTo: 'check',
      interrupting: false,
      timer: { duration: 'P1D' },
    },
    end(),
    end('reminded'),
  ],
  [
    ['start', 'check'],
    ['check', 'end'],
    ['remind', 'reminded'],
  ],
);
const reviewSla = sla('review-task', 'review', {
  scope: 'task',
  nodes: ['review'],
  target: { duration: 'PT8H' },
  thresholds: [{ percent: 50, actions: [] }],
});

const actions = new ActionRegistry().register('crm/down', () => {
  throw new Error('CRM unavailable');
});

interface TimerItem {
  id: string;
  instanceId: string;
  processId: string;
  nodeId: string | null;
  kind: string;
  dueAt: string;
  overdue: boolean;
  slaId: string | null;
  percent: number | null;
  attempt: number;
}

let t: TestEngine;
let ids: Record<string, string>;
beforeAll(async () => {
  t = await startTestEngine({
    start: T0,
    actions,
    definitions: {
      ...files(waiting, review, sync, intake),
      ...calendars(),
      'slas/review-task/v1.json': reviewSla,
    },
  });
  // the supervisor starts the wait and the sync herself (cases with no task are hers to see)
  ids = {
    waiting: (await startInstance(t, 'waiting', {}, { as: 'supervisor' })).id,
    review: (await startInstance(t, 'review')).id,
    sync: (await startInstance(t, 'sync', {}, { as: 'supervisor' })).id,
    intake: (await startInstance(t, 'intake')).id,
  };
  // the first attempt fails at once; the second waits an hour
  await t.until(
    async () => (await jobsAt(t, ids.sync!, 'push'))[0]?.attempt === 2,
    'the sync to wait for its retry',
  );
});
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

const list = async (query = '', as: 'admin' | 'supervisor' = 'admin') => {
  const res = await t.api('GET', `/api/timers${query}`, undefined, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: TimerItem[]; total: number; overdue: number };
};
const shape = (i: TimerItem) => [i.processId, i.nodeId, i.kind, i.percent];

describe('Given cases waiting on timers, SLA thresholds and a retry', () => {
  it('when an administrator lists pending timers, then each is there with its kind, soonest first', async () => {
    const page = await list();
    expect(page.total).toBe(6);
    expect(page.overdue).toBe(0);
    expect(page.items.map(shape)).toEqual([
      ['sync', 'push', 'retry', null], // +1 h
      ['waiting', 'wait', 'timer', null], // +2 h
      ['review', 'review', 'sla', 50], // +4 h: half of the 8 h target
      ['review', 'review', 'sla', 100], // +8 h: the breach
      ['intake', 'remind', 'boundary', null], // +1 d
      ['review', 'late', 'boundary', null], // +3 d
    ]);
    const dues = page.items.map((i) => Date.parse(i.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(dues[0]! - Date.parse(T0)).toBeGreaterThanOrEqual(HOUR);
    expect(page.items.every((i) => !i.overdue)).toBe(true);
    expect(page.items[0]).toMatchObject({ instanceId: ids.sync, attempt: 2 });
    expect(page.items[2]).toMatchObject({ instanceId: ids.review, slaId: 'review-task' });
  });

  it("when a supervisor of the adjusters lists them, then another group's case is left out", async () => {
    const page = await list('', 'supervisor');
    expect(page.total).toBe(5);
    expect(page.items.map((i) => i.processId)).not.toContain('intake');
  });

  it('when filtered by kind or process and paged, then the total counts every match', async () => {
    expect((await list('?kind=sla')).items.map((i) => i.percent)).toEqual([50, 100]);
    expect((await list('?kind=boundary&processId=review')).items.map(shape)).toEqual([
      ['review', 'late', 'boundary', null],
    ]);
    const second = await list('?limit=2&offset=2');
    expect(second.total).toBe(6);
    expect(second.items.map(shape)).toEqual([
      ['review', 'review', 'sla', 50],
      ['review', 'review', 'sla', 100],
    ]);
  });

  it('when asked for CSV, then the page comes as a header line and one line per timer', async () => {
    const res = await fetch(`${t.url}/api/timers?format=csv`, {
      headers: { authorization: `Bearer ${t.token('supervisor')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,instanceId,businessKey,processId,processVersion,nodeId,kind,dueAt,overdue,slaId,taskId,percent,attempt,maxAttempts,action,calendar,calendarBeyond',
    );
    expect(lines).toHaveLength(1 + 5);
    expect(lines[1]).toMatch(/,sync,1,push,retry,.*,false,,,,2,3,crm\/down,,$/);
  });

  it('when staff ask, or the kind is unknown, then they are refused and nothing is listed', async () => {
    const staff = await t.api('GET', '/api/timers', undefined, { as: 'adjuster' });
    expect(staff.status).toBe(403);
    expect(staff.body.code).toBe('CW_ERR_FORBIDDEN');
    const bad = await t.api('GET', '/api/timers?kind=alarm', undefined, { lang: 'zh-Hant' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CW_ERR_VALIDATION');
    expect(bad.body.details[0].pointer).toBe('/kind');
  });

  it('when the worker is down past due times, then those timers are flagged overdue', async () => {
    // the same database and Redis, an engine with no worker, five hours later
    const { schema, prefix } = t;
    await t.close();
    t = await startTestEngine({
      schema,
      prefix,
      worker: false,
      actions,
      start: new Date(Date.parse(T0) + 5 * HOUR).toISOString(),
      definitions: {
        ...files(waiting, review, sync, intake),
        ...calendars(),
        'slas/review-task/v1.json': reviewSla,
      },
    });
    const all = await list();
    expect(all.total).toBe(6);
    expect(all.overdue).toBe(3);
    const late = await list('?overdue=true');
    expect(late.items.map(shape)).toEqual([
      ['sync', 'push', 'retry', null],
      ['waiting', 'wait', 'timer', null],
      ['review', 'review', 'sla', 50],
    ]);
    expect(late.items.every((i) => i.overdue)).toBe(true);
    expect((await list('?overdue=false')).items.map((i) => i.kind)).toEqual([
      'sla',
      'boundary',
      'boundary',
    ]);
  });
});
