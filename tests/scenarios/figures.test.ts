/**
 * Every dashboard figure is the answer of a plain query over the same data (issue 23, item 4):
 * past SLA counts case- and task-level clocks; cycle time from the clock's start (receipt) as
 * well as from creation; satisfaction from every step that records a rating; ageing of open
 * cases; throughput and handling time per person and group; SLA compliance as a percentage;
 * the complaints report by period, business category and region. And each is scoped: a
 * supervisor of complaints sees the complaints group's cases only.
 *
 * Given complaints received days before they were recorded (a 15-day decision clock counting
 * from `receivedAt`, a 4-hour clock on each decision task), an after-sales request rated with a
 * select ("4"), and claims of the adjusters whose survey step records an integer rating.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../engine/src/identity/index.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-06-10T02:00:00Z'); // 10:00 in Shanghai

const select = (key: string, values: string[]) => ({
  key,
  type: 'select',
  label: label(key),
  options: values.map((v) => ({ value: v, label: label(`${v} (en)`, `${v}（中）`) })),
});
const forms = {
  'forms/complaint-start/v1.json': {
    id: 'complaint-start',
    version: 1,
    title: label('Complaint'),
    fields: [
      { key: 'receivedAt', type: 'datetime', label: label('Received') },
      select('businessCategory', ['life', 'motor']),
      select('region', ['east', 'north']),
      select('severity', ['general', 'major']),
      { key: 'extended', type: 'boolean', label: label('Extended') },
    ],
  },
  'forms/complaint-summary/v1.json': {
    id: 'complaint-summary',
    version: 1,
    title: label('Summary'),
    fields: [select('rootCauseArea', ['product-design', 'staff-conduct'])],
  },
  'forms/rating/v1.json': {
    id: 'rating',
    version: 1,
    title: label('Rating'),
    fields: [{ key: 'rating', type: 'integer', label: label('Rating') }],
  },
  'forms/track/v1.json': {
    id: 'track',
    version: 1,
    title: label('Track'),
    fields: [select('satisfaction', ['1', '2', '3', '4', '5'])],
  },
};
const complaints = '["complaints"]';
const complaint = process(
  'complaint',
  [
    { id: 'start', type: 'start', form: { id: 'complaint-start' } },
    userTask('decide', 'ack', { candidateGroups: complaints }),
    { id: 'major', type: 'exclusiveGateway', default: 'f3' },
    userTask('summarise', 'complaint-summary', { candidateGroups: complaints }),
    end(),
  ],
  [
    ['start', 'decide'],
    ['decide', 'major'],
    ['major', 'end'],
    ['major', 'summarise', 'severity = "major"'],
    ['summarise', 'end'],
  ],
);
const aftercare = process(
  'aftercare',
  [start(), userTask('track', 'track', { candidateGroups: complaints }), end()],
  [
    ['start', 'track'],
    ['track', 'end'],
  ],
);
const claim = process(
  'claimish',
  [start(), userTask('survey', 'rating'), end()],
  [
    ['start', 'survey'],
    ['survey', 'end'],
  ],
);
const decision = sla('complaint-decision', 'complaint', {
  target: { duration: 'P15D' },
  startAt: 'receivedAt',
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'taskCompleted', node: 'decide' }],
});
const decideTask = sla('complaint-decide-task', 'complaint', {
  scope: 'task',
  nodes: ['decide'],
  target: { duration: 'PT4H' },
});

let t: TestEngine;
const MEI = 'mei-figures-token';
const as = {
  admin: {},
  mei: { headers: { authorization: `Bearer ${MEI}` } },
  sue: { as: 'supervisor' as const },
};
type Viewer = keyof typeof as;
const get = async (path: string, who: Viewer = 'admin') => {
  const res = await t.api('GET', path, undefined, as[who]);
  expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
};

async function startCase(
  processId: string,
  variables: Record<string, unknown> = {},
  as_ = 'complaints',
) {
  const res = await t.api(
    'POST',
    '/api/instances',
    { processId, variables },
    {
      as: as_ as 'complaints',
    },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}
async function work(
  instanceId: string,
  nodeId: string,
  data: object,
  who: 'complaints' | 'adjuster' = 'complaints',
) {
  const task = await t.until(
    async () =>
      (
        await t.sql(
          `SELECT id FROM tasks WHERE instance_id = $1 AND node_id = $2 AND status = 'open'`,
          [instanceId, nodeId],
        )
      )[0] as { id: string } | undefined,
    `${nodeId} of ${instanceId}`,
  );
  const res = await t.api('POST', `/api/tasks/${task.id}/complete`, { data }, { as: who });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
const received = (daysAgo: number) => new Date(t.clock.now() - daysAgo * DAY).toISOString();

beforeAll(async () => {
  t = await startTestEngine({
    start: new Date(T0).toISOString(),
    definitions: {
      ...files(complaint, aftercare, claim),
      ...forms,
      ...calendars(),
      'slas/complaint-decision/v1.json': decision,
      'slas/complaint-decide-task/v1.json': decideTask,
    },
  });
  await t.api('PUT', '/api/groups/complaints', { name: label('Complaints', '投訴') });
  await ensureUser(
    t.engine.db,
    { id: 'mei', displayName: '陳美玲', roles: ['supervisor'], groups: ['complaints'] },
    MEI,
  );
  const c = (days: number, v: Record<string, unknown>) =>
    startCase('complaint', { receivedAt: received(days), ...v });
  // decided: 20 days after receipt (major, past its 15 days) and 10 days after
  const late = await c(20, { businessCategory: 'life', region: 'east', severity: 'major' });
  const inTime = await c(10, { businessCategory: 'life', region: 'east', severity: 'general' });
  await work(late, 'decide', { ok: true });
  await work(late, 'summarise', { rootCauseArea: 'product-design' });
  await work(inTime, 'decide', { ok: true });
  // still open: one extended, received 5 days ago; one received 16 days ago (past its 15 days)
  await c(5, { businessCategory: 'motor', region: 'north', severity: 'general', extended: true });
  await c(16, { businessCategory: 'motor', region: 'north', severity: 'general' });
  // ratings: the after-sales request's select, the claims' survey step
  const a = await startCase('aftercare');
  await work(a, 'track', { satisfaction: '4' });
  for (const rating of [5, 3]) {
    const id = await startCase('claimish', {}, 'adjuster');
    await work(id, 'survey', { rating }, 'adjuster');
  }
  await startCase('claimish', {}, 'adjuster'); // one open claim, received now
  // five hours on: the open decision tasks are past their 4 hours too
  t.clock.advance(5 * HOUR);
  await t.until(
    async () =>
      (
        await t.sql(
          `SELECT count(*)::int AS n FROM sla_clocks WHERE breached_at IS NOT NULL AND status IN ('running', 'paused')`,
        )
      )[0]!.n === 3,
    'the open clocks past their target',
  );
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
};

describe('each figure is the answer of a plain query over the same data', () => {
  it('past SLA counts every clock past its target, case- and task-level', async () => {
    const expected = await t.sql(
      `SELECT i.process_id AS "processId",
              count(*) FILTER (WHERE c.task_id IS NULL)::int AS "caseClocks",
              count(*) FILTER (WHERE c.task_id IS NOT NULL)::int AS "taskClocks"
       FROM sla_clocks c JOIN instances i ON i.id = c.instance_id
       WHERE c.breached_at IS NOT NULL AND c.status IN ('running', 'paused') GROUP BY 1`,
    );
    expect(expected).toEqual([{ processId: 'complaint', caseClocks: 1, taskClocks: 2 }]);
    const body = await get('/api/analytics/past-sla');
    expect(body.items).toEqual([{ ...expected[0], clocks: 3, cases: 2 }]);
    // the workload of the complaints group: both open decision tasks are past their SLA, one
    // through its case's clock only before the task clocks breached
    const groups = await get('/api/analytics/workload?by=group', 'mei');
    expect(groups.items).toEqual([
      {
        group: 'complaints',
        groupName: { 'zh-Hant': '投訴', en: 'Complaints' },
        open: 2,
        claimed: 0,
        breached: 2,
      },
    ]);
  });

  it('cycle time is measured from the clock start (receipt) and from creation, labelled which', async () => {
    const done = await t.sql<{ ended: Date; started: Date; received: Date }>(
      `SELECT i.ended_at AS ended, i.started_at AS started, min(c.started_at) AS received
       FROM instances i JOIN sla_clocks c ON c.instance_id = i.id AND c.task_id IS NULL
       WHERE i.process_id = 'complaint' AND i.status = 'completed' GROUP BY i.id`,
    );
    const [row] = (await get('/api/analytics/cycle-times?processId=complaint')).items;
    expect(row.count).toBe(2);
    // (the database rounds the interpolated median to whole milliseconds)
    const ms = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    ms(row.medianFromStartMs, median(done.map((d) => d.ended.getTime() - d.received.getTime())));
    ms(row.medianMs, median(done.map((d) => d.ended.getTime() - d.started.getTime())));
    expect(row.medianFromStartMs).toBeGreaterThan(14 * DAY); // 10 and 20 days from receipt
    expect(row.medianMs).toBeLessThan(DAY); // seconds from creation
  });

  it('satisfaction takes every place a rating is recorded', async () => {
    const sources = ['claimish/survey/rating', 'aftercare/track/satisfaction'];
    const q = sources.map((s) => `source=${encodeURIComponent(s)}`).join('&');
    const body = await get(`/api/analytics/satisfaction?${q}&period=month&timeZone=Asia/Shanghai`);
    const ratings = (
      await t.sql<{ v: string }>(
        `SELECT data->>'rating' AS v FROM tasks WHERE node_id = 'survey' AND status = 'completed'
         UNION ALL SELECT data->>'satisfaction' FROM tasks WHERE node_id = 'track' AND status = 'completed'`,
      )
    ).map((r) => Number(r.v));
    const all = body.items.find((r: { source: string | null }) => r.source === null);
    expect(all).toMatchObject({ responses: ratings.length, average: 4, s3: 1, s4: 1, s5: 1 });
    expect(all.average).toBe(ratings.reduce((a, b) => a + b, 0) / ratings.length);
    expect(body.items.find((r: any) => r.source === 'aftercare/track/satisfaction')).toMatchObject({
      responses: 1,
      average: 4,
    });
    // a supervisor of complaints: only the after-sales rating is of her groups' cases
    const mine = await get(`/api/analytics/satisfaction?${q}`, 'mei');
    expect(mine.items.find((r: any) => r.source === null)).toMatchObject({ responses: 1 });
  });

  it('ageing groups open cases by days since receipt', async () => {
    const ages = await t.sql<{ process_id: string; days: number }>(
      `SELECT i.process_id, extract(epoch FROM $1::timestamptz - COALESCE(
         (SELECT min(c.started_at) FROM sla_clocks c WHERE c.instance_id = i.id AND c.task_id IS NULL), i.started_at)) / 86400 AS days
       FROM instances i WHERE i.status = 'active'`,
      [new Date(t.clock.now())],
    );
    const body = await get('/api/analytics/ageing');
    const complaintRow = body.items.find((r: any) => r.processId === 'complaint');
    const c = ages.filter((a) => a.process_id === 'complaint').map((a) => a.days);
    expect(complaintRow).toMatchObject({
      open: c.length,
      upTo7d: c.filter((d) => d >= 3 && d < 7).length,
      upTo30d: c.filter((d) => d >= 15 && d < 30).length,
    });
    expect(complaintRow.open).toBe(2);
    expect(complaintRow.upTo7d).toBe(1);
    expect(complaintRow.upTo30d).toBe(1);
  });

  it('throughput and handling time per person and group', async () => {
    const byPerson = await t.sql(
      `SELECT completed_by AS person, count(*)::int AS completed FROM tasks
       WHERE status = 'completed' GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    const body = await get('/api/analytics/throughput?by=person');
    expect(body.items.map((r: any) => ({ person: r.person, completed: r.completed }))).toEqual(
      byPerson,
    );
    expect(body.items[0]).toMatchObject({ person: 'cora', personName: 'cora', completed: 4 });
    const groups = await get('/api/analytics/throughput?by=group', 'mei');
    expect(groups.items).toEqual([expect.objectContaining({ group: 'complaints', completed: 4 })]);
  });

  it('SLA compliance is a percentage of the clocks decided, by period', async () => {
    const from = new Date(T0 - 60 * DAY).toISOString();
    const to = new Date(T0 + DAY).toISOString();
    const body = await get(
      `/api/slas/report?from=${from}&to=${to}&period=month&timeZone=Asia/Shanghai&slaId=complaint-decision`,
    );
    const total = body.items.reduce(
      (a: { met: number; breached: number }, r: { met: number; breached: number }) => ({
        met: a.met + r.met,
        breached: a.breached + r.breached,
      }),
      { met: 0, breached: 0 },
    );
    const [q] = await t.sql(
      `SELECT count(*) FILTER (WHERE status = 'stopped' AND breached_at IS NULL)::int AS met,
              count(*) FILTER (WHERE status <> 'cancelled' AND breached_at IS NOT NULL)::int AS breached
       FROM sla_clocks WHERE sla_id = 'complaint-decision'`,
    );
    expect(total).toEqual(q);
    for (const r of body.items)
      expect(r.compliancePercent).toBe(
        r.met + r.breached ? Math.round((r.met / (r.met + r.breached)) * 1000) / 10 : null,
      );
    expect(body.items[0].slaName).toEqual(label('complaint-decision'));
  });

  it('the complaints report counts by month, business category and region, with root causes of major ones', async () => {
    const body = await get('/api/reports/complaints?period=year&timeZone=Asia/Shanghai');
    expect(body.items).toEqual([
      {
        period: expect.any(String),
        category: 'life',
        region: 'east',
        received: 2,
        closedWithin15Days: 1,
        extendedTo30Days: 0,
        overdue: 1,
        open: 0,
        major: 1,
        decided: 2,
        averageHandlingMs: expect.any(Number),
      },
      {
        period: expect.any(String),
        category: 'motor',
        region: 'north',
        received: 2,
        closedWithin15Days: 0,
        extendedTo30Days: 1,
        overdue: 1,
        open: 2,
        major: 0,
        decided: 0,
        averageHandlingMs: null,
      },
    ]);
    expect(body.items[0].averageHandlingMs).toBeGreaterThan(15 * DAY); // (20 + 10) / 2 days
    expect(body.rootCauses).toEqual([
      { period: body.items[0].period, rootCause: 'product-design', count: 1 },
    ]);
    expect(body.labels.region.east).toEqual(label('east (en)', 'east（中）'));
    const csv = await fetch(
      `${t.url}/api/reports/complaints?period=month&timeZone=Asia/Shanghai&format=csv`,
      { headers: { authorization: `Bearer ${t.token('admin')}`, 'accept-language': 'zh-Hant' } },
    );
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'period,category,categoryName,region,regionName,received,closedWithin15Days,extendedTo30Days,overdue,open,major,decided,averageHandlingMs',
    );
    expect(lines.some((l) => l.includes('east,east（中）'))).toBe(true);
    const causes = await fetch(
      `${t.url}/api/reports/complaints?format=csv&table=root-causes&timeZone=Asia/Shanghai`,
      { headers: { authorization: `Bearer ${t.token('admin')}` } },
    );
    expect((await causes.text()).split('\n')[0]).toBe('period,rootCause,count,rootCauseName');
  });
});

describe('each dashboard is scoped to the viewer', () => {
  it('shows a supervisor of complaints the complaints group’s cases only, and the other supervisor the others', async () => {
    const processes = async (path: string, who: Viewer) =>
      [...new Set((await get(path, who)).items.map((r: any) => r.processId))].sort();
    expect(await processes('/api/analytics/ageing', 'admin')).toEqual(['claimish', 'complaint']);
    expect(await processes('/api/analytics/ageing', 'mei')).toEqual(['complaint']);
    expect(await processes('/api/analytics/ageing', 'sue')).toEqual(['claimish']);
    expect(await processes('/api/analytics/cycle-times', 'mei')).toEqual([
      'aftercare',
      'complaint',
    ]);
    expect(await processes('/api/analytics/past-sla', 'sue')).toEqual([]);
    const groups = (await get('/api/analytics/workload?by=group', 'sue')).items;
    expect(groups.map((g: any) => g.group)).toEqual(['adjusters']);
    expect((await get('/api/reports/complaints', 'sue')).items).toEqual([]);
    expect((await get('/api/worklist', 'sue')).total).toBe(0);
    expect((await get('/api/worklist', 'mei')).total).toBe(4);
    const sla = await get(
      `/api/slas/report?from=${new Date(T0 - 60 * DAY).toISOString()}&to=${new Date(T0 + DAY).toISOString()}`,
      'sue',
    );
    expect(sla.items).toEqual([]);
  });

  it('refuses personal data as a report dimension and an unknown zone', async () => {
    const res = await t.api('GET', '/api/reports/complaints?timeZone=Nowhere/Else');
    expect(res.status).toBe(400);
    expect(res.body.details[0].pointer).toBe('/timeZone');
    expect((await t.api('GET', '/api/analytics/satisfaction?source=bad', undefined)).status).toBe(
      400,
    );
  });
});
