/**
 * A timer burst seen second by second: N timers (default 20,000) seeded with SQL, due at
 * random within W seconds (default 12) that open a few seconds after the seed, armed by the
 * engine's reconciler as in the timers scenario; prints, per second of the window and after
 * it, how many came due and how many fired, then lateness p50 / p99 / max, early and twice, the
 * drain's rate (timers over the span from the first due instant to the last firing) and the CPU
 * seconds Redis and this process spent. For comparing a change to the drain back to back and for
 * profiling it (`node --cpu-prof --import tsx`), not a figure of record.
 *
 *   npx tsx engine/bench/timer-probe.ts [timers] [window seconds]
 */
import { loadavg } from 'node:os';
import { cloneInstance } from './clone.ts';
import { Redis } from 'ioredis';
import { REDIS_URL, http, pct, startBench } from './lib.ts';

const N = Number(process.argv[2] ?? 20_000);
const W = Number(process.argv[3] ?? 12);
const b = await startBench('timerprobe');
try {
  const template = await http(`${b.base}/api/instances`, 'POST', {
    processId: 'timed',
    variables: { due: new Date(Date.now() + 24 * 3600_000).toISOString() },
  });
  await cloneInstance(b.db, template.body.id as string, 'tm-', N);
  const start = Date.now() + 5_000 + N * 0.1;
  await b.db.query(
    `UPDATE jobs SET due_at = $1::timestamptz + random() * make_interval(secs => $2)
     WHERE kind = 'timer' AND id LIKE 'tm-%'`,
    [new Date(start), W],
  );
  const redis = new Redis(REDIS_URL);
  const redisCpu = async () => {
    const info = await redis.info('cpu');
    const v = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return v('used_cpu_sys') + v('used_cpu_user');
  };
  const redis0 = await redisCpu();
  const node0 = process.cpuUsage();
  await b.engine.queue.reconcile(true);
  const count = async (sql: string, v: unknown[] = []) =>
    (await b.db.query(sql, v)).rows[0].n as number;
  for (;;) {
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 - ((Date.now() - start) % 1000))));
    const now = new Date();
    const due = await count(
      `SELECT count(*)::int AS n FROM jobs WHERE id LIKE 'tm-%' AND due_at <= $1`,
      [now],
    );
    const done = await count(
      `SELECT count(*)::int AS n FROM jobs WHERE id LIKE 'tm-%' AND status = 'done'`,
    );
    const s = ((now.getTime() - start) / 1000).toFixed(1);
    console.log(`t=${s}s due ${due} fired ${done} behind ${due - done} load ${loadavg()[0]}`);
    if (done >= N) break;
  }
  const late = (
    await b.db.query(
      `SELECT extract(epoch FROM (fired_at - due_at)) * 1000 AS ms FROM jobs
       WHERE id LIKE 'tm-%' ORDER BY 1`,
    )
  ).rows.map((r) => Number(r.ms));
  const twice = await count(`SELECT count(*)::int AS n FROM jobs WHERE fire_count > 1`);
  const span = (
    await b.db.query(
      `SELECT extract(epoch FROM max(fired_at) - min(due_at)) AS s FROM jobs WHERE id LIKE 'tm-%'`,
    )
  ).rows[0].s as number;
  const instants = await count(
    `SELECT count(DISTINCT fired_at)::int AS n FROM jobs WHERE id LIKE 'tm-%'`,
  );
  console.log({
    timers: N,
    windowSeconds: W,
    p50ms: pct(late, 50),
    p99ms: pct(late, 99),
    maxms: late.at(-1),
    early: late.filter((x) => x < 0).length,
    twice,
    batches: instants,
    perSecond: Math.round(N / span),
    load: loadavg(),
    redisCpuSeconds: (await redisCpu()) - redis0,
    nodeCpuSeconds: ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(node0)),
  });
  redis.disconnect();
} finally {
  await b.close();
}
