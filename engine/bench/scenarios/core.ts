/**
 * The engine-core figures: straight-through instances (3 built-in service tasks run inside
 * the step), queued services (each a BullMQ job), user-task completions with form validation
 * (saturated and paced at 300/s), and lateness of 10,000 timers created through the API and
 * due within the same 30 seconds.
 */
import { postgresOf, since, snapshot } from '../cpu.ts';
import { http, load, paced, pct, scaled, startBench, startStraight, waitFor } from '../lib.ts';
import type { Figure, Scenario } from '../lib.ts';

export const core: Scenario = {
  key: 'core',
  title:
    'straight-through (start → 3 built-in service tasks → end over HTTP, 32 clients), queued services (3 BullMQ jobs), task completions with form validation, 10,000 API-created timers due in one 30 s window',
  async run(scale) {
    const b = await startBench('core');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    const figure = (name: string, value: number, unit: string, kind: Figure['kind']) =>
      figures.push({ name, value, unit, kind });
    try {
      const { base, db } = b;
      // warm-up (JIT, plans, pool); a quick run (`--quick`) warms up less
      await load(scale < 0.05 ? 50 : 200, 16, (i) => startStraight(base, 'straight', i));
      {
        const total = scaled(5000, scale, 200);
        // CPU per instance (from /proc): this process holds the engine and its 32 clients
        const postmaster = await postgresOf(db);
        const cpu0 = snapshot(postmaster);
        const r = await load(total, 32, (i) => startStraight(base, 'straight', i));
        const cpu = since(cpu0, snapshot(postmaster));
        data.straightThrough = {
          instances: total,
          seconds: r.seconds,
          instancesPerSecond: total / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
          cpuMicrosPerInstance: {
            engineAndClients: Math.round(cpu.process / total),
            postgres: Math.round(cpu.postgres / total),
            machine: Math.round(cpu.machine / total),
          },
        };
        console.log('straight-through', data.straightThrough);
        figure('straight-through instances/s', total / r.seconds, '/s', 'rate');
        figure('straight-through p99', pct(r.latencies, 99), 'ms', 'latency');
      }
      {
        const total = scaled(1000, scale, 100);
        const t0 = performance.now();
        await load(
          total,
          32,
          async (i) =>
            void (await http(`${base}/api/instances`, 'POST', {
              processId: 'queued',
              variables: { n: i },
            })),
        );
        await waitFor(
          db,
          `SELECT count(*)::int AS n FROM instances WHERE process_id = 'queued' AND status = 'completed'`,
          [],
          total,
          600_000,
        );
        const seconds = (performance.now() - t0) / 1000;
        data.queuedServices = { instances: total, seconds, instancesPerSecond: total / seconds };
        console.log('queued-services', data.queuedServices);
        figure('queued services instances/s', total / seconds, '/s', 'rate');
      }
      {
        const total = scaled(3000, scale, 200);
        await load(
          total,
          32,
          async (i) =>
            void (await http(`${base}/api/instances`, 'POST', {
              processId: 'human',
              variables: { n: i, grp: 'bench' },
            })),
        );
        const tasks = (
          await db.query(`SELECT id FROM tasks WHERE status = 'open' AND process_id = 'human'`)
        ).rows.map((r) => r.id as string);
        const complete = async (id: string, i: number) => {
          const res = await http(`${base}/api/tasks/${id}/complete`, 'POST', {
            data: { decision: 'yes', amount: i, note: 'ok' },
          });
          if (res.status !== 200)
            throw new Error(`complete: ${res.status} ${JSON.stringify(res.body)}`);
        };
        const half = Math.floor(tasks.length / 2);
        const r = await load(half, 32, (i) => complete(tasks[i]!, i));
        const rate = 300;
        const p = await paced(tasks.length - half, rate, (i) => complete(tasks[half + i]!, i));
        data.taskCompletions = {
          saturated: {
            tasks: half,
            concurrency: 32,
            completionsPerSecond: half / r.seconds,
            p50ms: pct(r.latencies, 50),
            p99ms: pct(r.latencies, 99),
          },
          paced: {
            tasks: tasks.length - half,
            targetPerSecond: rate,
            achievedPerSecond: (tasks.length - half) / p.seconds,
            p50ms: pct(p.latencies, 50),
            p99ms: pct(p.latencies, 99),
          },
        };
        console.log('task-completions', data.taskCompletions);
        figure('task completions/s (32 clients)', half / r.seconds, '/s', 'rate');
        figure('task completion p99 at 300/s', pct(p.latencies, 99), 'ms', 'latency');
      }
      {
        const total = scaled(10_000, scale, 200);
        // a quick run (`--quick`) waits less: a 5 s window, and time enough to create its timers
        const quick = scale < 0.05;
        const windowSeconds = quick ? 5 : 30;
        const lead = quick ? Math.max(4_000, total * 20) : Math.max(10_000, total * 4.5);
        const windowStart = Date.now() + lead;
        await load(total, 32, async () => {
          const due = new Date(windowStart + Math.floor(Math.random() * windowSeconds * 1000));
          const res = await http(`${base}/api/instances`, 'POST', {
            processId: 'timed',
            variables: { due: due.toISOString() },
          });
          if (res.status !== 201) throw new Error(`timed: ${res.status}`);
        });
        if (Date.now() > windowStart)
          console.warn(`creating the timers took longer than the lead time`);
        await waitFor(
          db,
          `SELECT count(*)::int AS n FROM jobs WHERE kind = 'timer' AND status = 'done'`,
          [],
          total,
          lead + windowSeconds * 1000 + 180_000,
        );
        const late = (
          await db.query(
            `SELECT extract(epoch FROM (fired_at - due_at)) * 1000 AS ms FROM jobs WHERE kind = 'timer' ORDER BY 1`,
          )
        ).rows.map((r) => Number(r.ms));
        data.timerLateness = {
          timers: total,
          windowSeconds,
          p50ms: pct(late, 50),
          p99ms: pct(late, 99),
          maxms: late.at(-1),
          early: late.filter((x) => x < 0).length,
        };
        console.log('timer-lateness', data.timerLateness);
        const n = total.toLocaleString('en');
        figure(`${n} API-created timers: lateness p99`, pct(late, 99), 'ms', 'latency');
        figure(
          `${n} API-created timers: fired early`,
          late.filter((x) => x < 0).length,
          '',
          'count',
        );
      }
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
