/**
 * Timer lateness at volume: 100,000 instances waiting on a timer, seeded with SQL, their due
 * times spread at random over one minute that opens after the seed; the engine arms them from
 * PostgreSQL as it does after a restart (a full reconcile arms the rows due within two
 * reconcile intervals, its later ticks the rest as they come near) and fires them. Lateness is
 * `fired_at − due_at`: p50, p99, maximum, and how many fired early (must be 0).
 */
import { cloneInstance } from '../clone.ts';
import { http, pct, scaled, startBench, waitFor, type Figure, type Scenario } from '../lib.ts';

export const timers: Scenario = {
  key: 'timers',
  title:
    '100,000 timers (seeded with SQL, armed by a full reconcile) due at random within one minute: lateness and early firings',
  async run(scale) {
    const b = await startBench('timers');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    try {
      const template = await http(`${b.base}/api/instances`, 'POST', {
        processId: 'timed',
        variables: { due: new Date(Date.now() + 24 * 3600_000).toISOString() },
      });
      const total = scaled(100_000, scale, 1000);
      // a quick run (`--quick`, scale 0.01) opens a 5 s window soon after the seed
      const quick = scale < 0.05;
      const windowSeconds = Math.min(60, Math.max(quick ? 5 : 15, Math.round(240 * scale)));
      const seedSeconds = await cloneInstance(b.db, template.body.id as string, 'tm-', total);
      // the window opens once arming 100,000 jobs can be done (measured: about 0.2 ms each)
      const lead = (quick ? 3_000 : 15_000) + total * 0.3;
      const windowStart = Date.now() + lead;
      await b.db.query(
        `UPDATE jobs SET due_at = $1::timestamptz + random() * make_interval(secs => $2)
         WHERE kind = 'timer' AND id LIKE 'tm-%'`,
        [new Date(windowStart), windowSeconds],
      );
      const t0 = performance.now();
      await b.engine.queue.reconcile(true);
      const armedSeconds = (performance.now() - t0) / 1000;
      const armedLate = Date.now() > windowStart;
      if (armedLate) console.warn('timers: arming took longer than the lead time');
      await waitFor(
        b.db,
        `SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND id LIKE 'tm-%' AND status = 'done'`,
        [],
        total,
        lead + windowSeconds * 1000 + 600_000,
      );
      const late = (
        await b.db.query(
          `SELECT extract(epoch FROM (fired_at - due_at)) * 1000 AS ms FROM jobs
           WHERE kind = 'timer' AND id LIKE 'tm-%' ORDER BY 1`,
        )
      ).rows.map((r) => Number(r.ms));
      const twice = (await b.db.query(`SELECT count(*)::int AS n FROM jobs WHERE fire_count > 1`))
        .rows[0].n;
      data.timers = {
        timers: total,
        windowSeconds,
        seedSeconds,
        armedSeconds,
        armedLate,
        p50ms: pct(late, 50),
        p99ms: pct(late, 99),
        maxms: late.at(-1),
        early: late.filter((x) => x < 0).length,
        firedTwice: twice,
      };
      console.log('timers', data.timers);
      const n = total.toLocaleString('en');
      figures.push(
        { name: `${n} timers: lateness p50`, value: pct(late, 50), unit: 'ms', kind: 'latency' },
        { name: `${n} timers: lateness p99`, value: pct(late, 99), unit: 'ms', kind: 'latency' },
        {
          name: `${n} timers: fired early`,
          value: late.filter((x) => x < 0).length,
          unit: '',
          kind: 'count',
        },
      );
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
