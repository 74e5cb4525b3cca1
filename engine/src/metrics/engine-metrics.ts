/**
 * The engine's Prometheus metrics (prom-client), one registry per engine so that several
 * engines in one process (the tests) never share counters. Counters and histograms count what
 * this process did; gauges read from PostgreSQL at each scrape describe the whole deployment.
 * Every name is listed in docs/operations.md and used by docs/grafana-dashboard.json.
 *
 * @example
 *   const metrics = new EngineMetrics({ db, clock });
 *   executorDeps.observer = metrics;            // counts steps, cases, SLA thresholds, lateness
 *   const text = await metrics.render();        // the /metrics body
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../clock/index.ts';
import type { StepFact, StepObserver } from '../effects/index.ts';
import { analytics, type Db } from '../store/index.ts';

const BREACH = 100;

export interface MetricsDeps {
  db: Db;
  clock: Clock;
}

export class EngineMetrics implements StepObserver {
  readonly registry = new Registry();
  readonly #deps: MetricsDeps;
  readonly #started: Counter<'process'>;
  readonly #ended: Counter<'process' | 'status'>;
  readonly #active: Gauge<'process'>;
  readonly #step: Histogram<'event'>;
  readonly #lateness: Histogram<'kind'>;
  readonly #queueDepth: Gauge<'kind'>;
  readonly #queueOldest: Gauge<'kind'>;
  readonly #scheduled: Gauge<'kind'>;
  readonly #incidents: Gauge<'process'>;
  readonly #warnings: Counter<'sla'>;
  readonly #breaches: Counter<'sla'>;
  readonly #clocksLive: Gauge<'sla'>;
  readonly #clocksBreached: Gauge<'sla'>;
  readonly #http: Histogram<'method' | 'route' | 'status_code'>;
  readonly #pool: Gauge<'state'>;
  readonly #poolWaiting: Gauge;
  readonly #poolMax: Gauge;
  readonly #storeUp: Gauge;

  constructor(deps: MetricsDeps) {
    this.#deps = deps;
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.#started = new Counter({
      name: 'caseway_instances_started_total',
      help: 'Cases started, per process (call activity children included).',
      labelNames: ['process'],
      registers,
    });
    this.#ended = new Counter({
      name: 'caseway_instances_ended_total',
      help: 'Cases that ended, per process and status (completed or cancelled).',
      labelNames: ['process', 'status'],
      registers,
    });
    this.#active = new Gauge({
      name: 'caseway_instances_active',
      help: 'Active cases per process (whole deployment, read from PostgreSQL).',
      labelNames: ['process'],
      registers,
    });
    this.#step = new Histogram({
      name: 'caseway_step_duration_seconds',
      help: 'One interpreter step with its writes (inside its transaction), by kind of event.',
      labelNames: ['event'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.#lateness = new Histogram({
      name: 'caseway_timer_lateness_seconds',
      help: 'How long after its due instant a job row was worked (timer, sla, service, …), by job kind.',
      labelNames: ['kind'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.#queueDepth = new Gauge({
      name: 'caseway_job_queue_depth',
      help: 'Pending job rows already due (waiting for a worker), per job kind.',
      labelNames: ['kind'],
      registers,
    });
    this.#queueOldest = new Gauge({
      name: 'caseway_job_queue_oldest_age_seconds',
      help: 'Age of the oldest due pending job row, per job kind (0 when none is due).',
      labelNames: ['kind'],
      registers,
    });
    this.#scheduled = new Gauge({
      name: 'caseway_jobs_scheduled',
      help: 'Pending job rows not due yet (timers, SLA thresholds, retry backoffs), per job kind.',
      labelNames: ['kind'],
      registers,
    });
    this.#incidents = new Gauge({
      name: 'caseway_incidents_open',
      help: 'Open incidents per process.',
      labelNames: ['process'],
      registers,
    });
    this.#warnings = new Counter({
      name: 'caseway_sla_warnings_total',
      help: 'SLA warning thresholds fired, per SLA.',
      labelNames: ['sla'],
      registers,
    });
    this.#breaches = new Counter({
      name: 'caseway_sla_breaches_total',
      help: 'SLA clocks that breached, per SLA.',
      labelNames: ['sla'],
      registers,
    });
    this.#clocksLive = new Gauge({
      name: 'caseway_sla_clocks_live',
      help: 'Running or paused SLA clocks per SLA.',
      labelNames: ['sla'],
      registers,
    });
    this.#clocksBreached = new Gauge({
      name: 'caseway_sla_clocks_breached',
      help: 'Running or paused SLA clocks already past their breach, per SLA.',
      labelNames: ['sla'],
      registers,
    });
    this.#http = new Histogram({
      name: 'caseway_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (never the raw URL) and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.#pool = new Gauge({
      name: 'caseway_pg_pool_clients',
      help: 'PostgreSQL pool clients of this process: in use (active) or idle.',
      labelNames: ['state'],
      registers,
    });
    this.#poolWaiting = new Gauge({
      name: 'caseway_pg_pool_waiting',
      help: 'Queries waiting for a PostgreSQL pool client.',
      registers,
    });
    this.#poolMax = new Gauge({
      name: 'caseway_pg_pool_max',
      help: 'The PostgreSQL pool size of this process.',
      registers,
    });
    this.#storeUp = new Gauge({
      name: 'caseway_store_up',
      help: '1 when the figures read from PostgreSQL at this scrape were read, else 0.',
      registers,
    });
  }

  committed(facts: readonly StepFact[]): void {
    for (const f of facts)
      switch (f.type) {
        case 'instanceStarted':
          this.#started.inc({ process: f.processId });
          break;
        case 'instanceEnded':
          this.#ended.inc({ process: f.processId, status: f.status });
          break;
        case 'step':
          this.#step.observe({ event: f.event }, f.seconds);
          break;
        case 'slaThreshold':
          (f.percent >= BREACH ? this.#breaches : this.#warnings).inc({ sla: f.slaId });
          break;
      }
  }

  jobRan(kind: string, latenessMs: number): void {
    this.#lateness.observe({ kind }, Math.max(0, latenessMs) / 1000);
  }

  /** One answered HTTP request; `route` is the route's pattern (`/api/tasks/:id`). */
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.#http.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** The exposition text, with the deployment's figures read now. */
  async render(): Promise<string> {
    await this.#refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async #refresh(): Promise<void> {
    const { db, clock } = this.#deps;
    const pool = db.pool;
    this.#pool.set({ state: 'active' }, pool.totalCount - pool.idleCount);
    this.#pool.set({ state: 'idle' }, pool.idleCount);
    this.#poolWaiting.set(pool.waitingCount);
    this.#poolMax.set(pool.options.max ?? 10);
    const now = clock.now();
    try {
      const [jobs, incidents, active, clocks] = [
        await analytics.jobQueueFigures(db, new Date(now)),
        await analytics.openIncidentFigures(db),
        await analytics.activeInstanceFigures(db),
        await analytics.liveClockFigures(db),
      ];
      // label sets that vanished (a kind with no pending row) must not keep their last value
      for (const g of [
        this.#queueDepth,
        this.#queueOldest,
        this.#scheduled,
        this.#incidents,
        this.#active,
        this.#clocksLive,
        this.#clocksBreached,
      ])
        g.reset();
      for (const j of jobs) {
        this.#queueDepth.set({ kind: j.kind }, j.due);
        this.#scheduled.set({ kind: j.kind }, j.scheduled);
        const age = j.oldest_due_at ? (now - j.oldest_due_at.getTime()) / 1000 : 0;
        this.#queueOldest.set({ kind: j.kind }, Math.max(0, age));
      }
      for (const i of incidents) this.#incidents.set({ process: i.process_id }, i.open);
      for (const a of active) this.#active.set({ process: a.process_id }, a.active);
      for (const c of clocks) {
        this.#clocksLive.set({ sla: c.sla_id }, c.live);
        this.#clocksBreached.set({ sla: c.sla_id }, c.breached);
      }
      this.#storeUp.set(1);
    } catch {
      // PostgreSQL away: the process's own figures are still worth a scrape
      this.#storeUp.set(0);
    }
  }
}
