/**
 * /metrics after a known workload (docs/operations.md): cases started and ended per process,
 * steps by event, timer lateness, SLA warnings and breaches, open incidents, the job queue,
 * HTTP latency by route pattern, the PostgreSQL pool; the token and the separate port; and
 * the Grafana dashboard in docs/ reads only metrics the engine exposes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { familiesOf, parseExposition, valueOf, type Sample } from '../helpers/prometheus.ts';
import { complete, settle, startInstance, tasksOf, untilStatus } from '../helpers/scenario.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { calendars, sla } from '../fixtures/slas.ts';

const T0 = Date.parse('2026-03-02T09:00:00Z');
// every clock jump lands 25 s after the instant it is for (the ManualClock then runs on at
// real speed, so a job is worked 25 s and a little late)
const LATE = 25_000;
const TOKEN = 'metrics-scraper-token';

// Given a reviewed claim that then waits a day, under a two-day SLA with a warning at half time
const reviewed = process(
  'reviewed',
  [
    start(),
    userTask('review'),
    { id: 'cool-off', type: 'timer', timer: { duration: 'P1D' } },
    end(),
  ],
  [
    ['start', 'review'],
    ['review', 'cool-off'],
    ['cool-off', 'end'],
  ],
);
const reviewSla = sla('review-sla', 'reviewed', {
  target: { duration: 'P2D' },
  start: [{ event: 'instanceStarted' }],
  stop: [{ event: 'taskCompleted', node: 'review' }],
  thresholds: [{ percent: 50 }],
});
// And a sync whose only attempt fails (an incident)
const syncing = process(
  'syncing',
  [start(), service('sync', 'test/broken'), end()],
  [
    ['start', 'sync'],
    ['sync', 'end'],
  ],
);
const actions = new ActionRegistry().register('test/broken', () => {
  throw new Error('the CRM is down');
});

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    start: new Date(T0).toISOString(),
    actions,
    definitions: {
      ...files(reviewed, syncing),
      ...calendars(),
      'slas/review-sla/v1.json': reviewSla,
    },
    config: { metricsToken: TOKEN },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function scrape(url = `${t.url}/metrics`, token: string | null = TOKEN) {
  const res = await fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
/** The engine clock moved forward to an instant (it then runs on at real speed). */
const moveTo = async (e: TestEngine, at: number) =>
  e.clock.advance(Math.max(0, at - e.clock.now()));
const dueOf = async (e: TestEngine, where: string): Promise<number> => {
  const [row] = await e.sql(`SELECT due_at FROM jobs WHERE ${where} ORDER BY due_at LIMIT 1`);
  return (row.due_at as Date).getTime();
};
const samples = async (): Promise<Sample[]> => parseExposition((await scrape()).text);

describe('GET /metrics on the API port', () => {
  it('answers 401 without the token or with another one', async () => {
    expect((await scrape(undefined, null)).status).toBe(401);
    expect((await scrape(undefined, 'not-the-token')).status).toBe(401);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('is in no OpenAPI document and needs no user', async () => {
    const doc = await t.api('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
  });
});

describe('after a known workload', () => {
  let ids: string[] = [];
  let s: Sample[];

  beforeAll(async () => {
    // When three claims start at T0, one is cancelled and one is reviewed at T0
    const claims = [
      await startInstance(t, 'reviewed'),
      await startInstance(t, 'reviewed'),
      await startInstance(t, 'reviewed'),
    ];
    ids = claims.map((c) => c.id);
    expect((await t.api('POST', `/api/instances/${ids[2]}/cancel`, { reason: 'dup' })).status).toBe(
      200,
    );
    const [review] = await tasksOf(t, ids[0]!);
    await complete(t, review!.id, { ok: true });
    // And a sync starts and fails into an incident
    const sync = await startInstance(t, 'syncing');
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM incidents WHERE instance_id = $1`, [sync.id]))[0],
      'the incident',
    );
    // And the clock passes the cool-off (and the warning just before it) by 25 s, then the breach
    await moveTo(t, (await dueOf(t, `node_id = 'cool-off'`)) + LATE);
    await settle(t);
    await untilStatus(t, ids[0]!, 'completed');
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM sla_clock_events WHERE type = 'warning'`))[0],
      'the warning',
    );
    await moveTo(t, (await dueOf(t, `kind = 'sla' AND status = 'pending'`)) + LATE);
    await settle(t);
    await t.until(
      async () => (await t.sql(`SELECT 1 FROM sla_clock_events WHERE type = 'breach'`))[0],
      'the breach',
    );
    for (const id of ids) await t.api('GET', `/api/instances/${id}`);
    s = await samples();
  });

  it('counts cases started and ended per process, and the active ones', () => {
    expect(valueOf(s, 'caseway_instances_started_total', { process: 'reviewed' })).toBe(3);
    expect(valueOf(s, 'caseway_instances_started_total', { process: 'syncing' })).toBe(1);
    expect(
      valueOf(s, 'caseway_instances_ended_total', { process: 'reviewed', status: 'completed' }),
    ).toBe(1);
    expect(
      valueOf(s, 'caseway_instances_ended_total', { process: 'reviewed', status: 'cancelled' }),
    ).toBe(1);
    expect(valueOf(s, 'caseway_instances_active', { process: 'reviewed' })).toBe(1);
    expect(valueOf(s, 'caseway_instances_active', { process: 'syncing' })).toBe(1);
  });

  it('times every step by its event', () => {
    const count = (event: string) => valueOf(s, 'caseway_step_duration_seconds_count', { event });
    expect(count('start')).toBe(4);
    expect(count('cancel')).toBe(1);
    expect(count('taskCompleted')).toBe(1);
    expect(count('timerFired')).toBe(1);
    expect(valueOf(s, 'caseway_step_duration_seconds_sum', { event: 'start' })).toBeGreaterThan(0);
  });

  it('measures how late the timer and the SLA thresholds fired, by the engine clock', () => {
    const late = (kind: string, suffix: string, extra: Record<string, string> = {}) =>
      valueOf(s, `caseway_timer_lateness_seconds_${suffix}`, { kind, ...extra });
    expect(late('timer', 'count')).toBe(1);
    expect(late('timer', 'sum')).toBeGreaterThanOrEqual(LATE / 1000);
    expect(late('timer', 'bucket', { le: '10' })).toBe(0);
    expect(late('timer', 'bucket', { le: '30' })).toBe(1);
    expect(late('sla', 'count')).toBe(2); // the warning and the breach
    expect(late('sla', 'sum')).toBeGreaterThanOrEqual((2 * LATE) / 1000);
    expect(late('sla', 'bucket', { le: '10' })).toBe(0);
    expect(late('sla', 'bucket', { le: '30' })).toBe(2);
  });

  it('counts SLA warnings and breaches, and the clocks past their breach', () => {
    expect(valueOf(s, 'caseway_sla_warnings_total', { sla: 'review-sla' })).toBe(1);
    expect(valueOf(s, 'caseway_sla_breaches_total', { sla: 'review-sla' })).toBe(1);
    expect(valueOf(s, 'caseway_sla_clocks_live', { sla: 'review-sla' })).toBe(1);
    expect(valueOf(s, 'caseway_sla_clocks_breached', { sla: 'review-sla' })).toBe(1);
  });

  it('shows the open incident and an empty queue', () => {
    expect(valueOf(s, 'caseway_incidents_open', { process: 'syncing' })).toBe(1);
    expect(valueOf(s, 'caseway_incidents_open', { process: 'reviewed' })).toBeUndefined();
    for (const x of s.filter((x) => x.name === 'caseway_job_queue_depth'))
      expect(x, 'nothing due waits for a worker').toMatchObject({ value: 0 });
    expect(valueOf(s, 'caseway_store_up')).toBe(1);
  });

  it('times HTTP requests by route pattern, never by a URL with ids', async () => {
    expect(
      valueOf(s, 'caseway_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/instances/:id',
        status_code: '200',
      }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      valueOf(s, 'caseway_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/api/instances',
        status_code: '201',
      }),
    ).toBe(4);
    const text = (await scrape()).text;
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('reports the PostgreSQL pool', () => {
    expect(valueOf(s, 'caseway_pg_pool_max')).toBe(10);
    const active = valueOf(s, 'caseway_pg_pool_clients', { state: 'active' })!;
    const idle = valueOf(s, 'caseway_pg_pool_clients', { state: 'idle' })!;
    expect(active + idle).toBeGreaterThan(0);
    expect(active + idle).toBeLessThanOrEqual(10);
    expect(valueOf(s, 'caseway_pg_pool_waiting')).toBeGreaterThanOrEqual(0);
  });

  it('feeds every panel of the Grafana dashboard in docs/', async () => {
    const text = (await scrape()).text;
    const dashboard = JSON.parse(
      readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8'),
    ) as GrafanaDashboard;
    // importable as it is: a datasource input, a uid, panels with ids, places and queries
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({
        name: 'DS_PROMETHEUS',
        type: 'datasource',
        pluginId: 'prometheus',
      }),
    ]);
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const families = familiesOf(text);
    // a histogram family `x` is queried as x_bucket, x_sum and x_count
    const family = (n: string) => {
      const base = n.replace(/_(bucket|sum|count)$/, '');
      return families.get(base) === 'histogram' ? base : n;
    };
    const used = new Set<string>();
    for (const p of panels) {
      expect(p.gridPos, p.title).toMatchObject({ w: expect.any(Number), h: expect.any(Number) });
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${DS_PROMETHEUS}' });
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      for (const q of p.targets)
        for (const m of q.expr.matchAll(/\b((?:caseway|process|nodejs)_[a-z0-9_]+)/g))
          used.add(family(m[1]!));
    }
    expect([...used].filter((n) => !families.has(n))).toEqual([]);
    // and every caseway metric has a panel
    const unshown = [...families.keys()].filter((n) => n.startsWith('caseway_') && !used.has(n));
    expect(unshown).toEqual([]);
  });
});

interface GrafanaDashboard {
  __inputs: unknown[];
  uid: string;
  panels: {
    id: number;
    type: string;
    title: string;
    gridPos: unknown;
    datasource: unknown;
    targets: { expr: string }[];
  }[];
}

describe('METRICS_PORT', () => {
  let own: TestEngine;
  beforeAll(async () => {
    // Given an engine with no token but a metrics port of its own, and no worker
    own = await startTestEngine({
      start: new Date(T0).toISOString(),
      definitions: files(reviewed),
      worker: false,
      config: { metricsPort: 0, metricsHost: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await own.close();
    await dropTestData(own.schema, own.prefix);
  });

  it('serves /metrics there without a token, and nothing on the API port', async () => {
    expect(own.engine.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await scrape(own.engine.metricsUrl!, null)).status).toBe(200);
    expect(
      (await scrape(own.engine.metricsUrl!.replace('/metrics', '/api/health'), null)).status,
    ).toBe(404);
    // the API port has no such path for anyone (no METRICS_TOKEN)
    expect((await own.api('GET', '/metrics')).status).toBe(404);
  });

  it('shows work due and waiting (no worker) with the age of the oldest', async () => {
    // When a claim is reviewed its one-day cool-off timer is scheduled, not due
    const c = await startInstance(own, 'reviewed');
    const [review] = await tasksOf(own, c.id);
    await complete(own, review!.id, { ok: true });
    let s = parseExposition((await scrape(own.engine.metricsUrl!, null)).text);
    expect(valueOf(s, 'caseway_jobs_scheduled', { kind: 'timer' })).toBe(1);
    expect(valueOf(s, 'caseway_job_queue_depth', { kind: 'timer' })).toBe(0);
    expect(valueOf(s, 'caseway_job_queue_oldest_age_seconds', { kind: 'timer' })).toBe(0);
    // Then, an hour past its due instant with nobody to work it, it waits and ages
    await moveTo(own, (await dueOf(own, `node_id = 'cool-off'`)) + 3600_000);
    s = parseExposition((await scrape(own.engine.metricsUrl!, null)).text);
    expect(valueOf(s, 'caseway_jobs_scheduled', { kind: 'timer' })).toBe(0);
    expect(valueOf(s, 'caseway_job_queue_depth', { kind: 'timer' })).toBe(1);
    const age = valueOf(s, 'caseway_job_queue_oldest_age_seconds', { kind: 'timer' })!;
    expect(age).toBeGreaterThanOrEqual(3600);
    expect(age).toBeLessThan(3660);
  });
});
