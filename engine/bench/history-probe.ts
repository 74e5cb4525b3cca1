/**
 * Where the time of a new case goes once a million closed ones were archived: two bench
 * engines in one process, one on an empty schema (A) and one whose schema holds N archived
 * closed cases (B), measured in alternating rounds of straight-through starts, so both see the
 * same machine. Per round: instances/s, the CPU the engine process and PostgreSQL's processes
 * used per instance (by kind: client backends, autovacuum, checkpointer and other background
 * processes, from /proc), blocks read outside shared buffers, which autovacuum workers ran, and
 * the mean wall time of each SQL statement the engine sent. Then EXPLAIN of B's statements that
 * name an inherited table. Rounds first right after the move (as `historySize` measures), then
 * after the archive tables were vacuumed and analyzed and a checkpoint written (as a database
 * that archived these cases days ago would be). The WAL, disk and dirty-memory figures are the
 * machine's, so they say something only when nothing else runs. Needs the bench's PostgreSQL and
 * Redis.
 *
 *   npx tsx engine/bench/history-probe.ts [closed cases, default 200000] [instances per round, 1000] [rounds per phase, 3]
 */
import { readFile, readdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import pg from 'pg';
import { DATABASE_URL, load, pct, startBench, startStraight, type Bench } from './lib.ts';
import {
  ARCHIVE,
  LIVE,
  archiveAll,
  blocksRead,
  seedCompleted,
  settle,
} from './scenarios/history.ts';

const N = Number(process.argv[2] ?? 200_000);
const PER_ROUND = Number(process.argv[3] ?? 1000);
const ROUNDS = Number(process.argv[4] ?? 3);

// ---- every statement the engines send, timed, by schema (the pool's search_path option)
interface Stat {
  n: number;
  ms: number;
  sample?: { text: string; values: unknown[] };
}
let stats = new Map<string, Map<string, Stat>>();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const q = args[0] as string | { text?: string; values?: unknown[] };
  const text = typeof q === 'string' ? q : q?.text;
  const values = (typeof q === 'string' ? args[1] : q?.values) as unknown[] | undefined;
  const opts = (this as unknown as { connectionParameters?: { options?: string } })
    .connectionParameters?.options;
  const schema = opts?.match(/search_path=(\S+)/)?.[1] ?? 'other';
  const result = (original as (...a: unknown[]) => unknown).apply(this, args);
  if (text && result && typeof (result as Promise<unknown>).then === 'function') {
    const t0 = performance.now();
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
    void (result as Promise<unknown>).then(
      () => {
        let m = stats.get(schema);
        if (!m) stats.set(schema, (m = new Map()));
        const s = m.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t0;
        if (!s.sample && values) s.sample = { text, values };
        m.set(key, s);
      },
      () => undefined,
    );
  }
  return result;
} as typeof original;

// ---- CPU of PostgreSQL's processes, by kind, from /proc (clock ticks, 100 a second)
async function pgTicks(): Promise<Map<number, { kind: string; ticks: number }>> {
  const out = new Map<number, { kind: string; ticks: number }>();
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = (await readFile(`/proc/${d}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (!cmd.startsWith('postgres')) continue;
      const stat = await readFile(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]);
      const kind = /autovacuum/.test(cmd)
        ? 'autovacuum'
        : /checkpointer|background writer|walwriter/.test(cmd)
          ? 'checkpoint+wal'
          : /postgres: \S+: \S+ \S+ /.test(cmd)
            ? 'backends'
            : 'other';
      out.set(Number(d), { kind, ticks });
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** The busiest block device's sectors written and weighted milliseconds of I/O. */
async function disk() {
  const rows = (await readFile('/proc/diskstats', 'utf8'))
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length > 13 && !/\d$/.test(f[2]!) && Number(f[3]) > 0);
  const f = rows.sort((x, y) => Number(y[9]) - Number(x[9]))[0]!;
  return { sectors: Number(f[9]), weighted: Number(f[13]) };
}

async function dirtyMB() {
  const m = (await readFile('/proc/meminfo', 'utf8')).match(/Dirty:\s+(\d+)/);
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();

let counter = 100_000;
async function round(label: string, b: Bench) {
  stats = new Map();
  const blocks0 = await blocksRead(b.db);
  const first = await pgTicks();
  const last = new Map(first);
  const seenVacuum = new Set<string>();
  const bg0 = (await admin.query(`SELECT * FROM pg_stat_bgwriter`)).rows[0];
  const wal0 = (
    await admin.query(`SELECT wal_bytes::float8 AS b, wal_fpi::float8 AS f FROM pg_stat_wal`)
  ).rows[0];
  const disk0 = await disk();
  const dirty0 = await dirtyMB();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [pid, v] of await pgTicks()) {
        if (!first.has(pid)) first.set(pid, { kind: v.kind, ticks: 0 });
        last.set(pid, v);
      }
      const av = await admin.query<{ q: string }>(
        `SELECT query AS q FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND query <> ''`,
      );
      for (const r of av.rows) seenVacuum.add(r.q.replace(/^autovacuum: /, ''));
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const cpu0 = process.cpuUsage();
  const start = counter;
  counter += PER_ROUND;
  const r = await load(PER_ROUND, 32, (i) => startStraight(b.base, 'straight', start + i));
  const cpu = process.cpuUsage(cpu0);
  sampling = false;
  await sampler;
  const bg1 = (await admin.query(`SELECT * FROM pg_stat_bgwriter`)).rows[0];
  const wal1 = (
    await admin.query(`SELECT wal_bytes::float8 AS b, wal_fpi::float8 AS f FROM pg_stat_wal`)
  ).rows[0];
  const disk1 = await disk();
  const byKind: Record<string, number> = {};
  for (const [pid, v] of last) {
    const d = v.ticks - (first.get(pid)?.ticks ?? v.ticks);
    byKind[v.kind] = (byKind[v.kind] ?? 0) + d;
  }
  const per = (ticks: number) => +((ticks * 10) / PER_ROUND).toFixed(2); // ms per instance
  const out = {
    label,
    load1: +loadavg()[0]!.toFixed(2),
    perSecond: +(PER_ROUND / r.seconds).toFixed(1),
    p50: +pct(r.latencies, 50).toFixed(1),
    p99: +pct(r.latencies, 99).toFixed(1),
    engineCpuMs: +((cpu.user + cpu.system) / 1000 / PER_ROUND).toFixed(2),
    pgCpuMs: Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, per(v)])),
    blocksRead: +(((await blocksRead(b.db)) - blocks0) / PER_ROUND).toFixed(2),
    checkpoints:
      bg1.checkpoints_timed + bg1.checkpoints_req - bg0.checkpoints_timed - bg0.checkpoints_req,
    checkpointBuffers: bg1.buffers_checkpoint - bg0.buffers_checkpoint,
    walKBPerInstance: +((wal1.b - wal0.b) / 1024 / PER_ROUND).toFixed(1),
    fpiPerInstance: +((wal1.f - wal0.f) / PER_ROUND).toFixed(2),
    diskWriteMBps: +(((disk1.sectors - disk0.sectors) * 512) / 1e6 / r.seconds).toFixed(1),
    diskQueue: +((disk1.weighted - disk0.weighted) / 1000 / r.seconds).toFixed(2),
    dirtyMBAtStart: dirty0,
    commitMs: +((stats.get(b.schema)?.get('COMMIT')?.ms ?? 0) / PER_ROUND).toFixed(2),
    autovacuum: [...seenVacuum],
  };
  console.log(JSON.stringify(out));
  return { out, stats: stats.get(b.schema) ?? new Map<string, Stat>() };
}

function compare(a: Map<string, Stat>[], b: Map<string, Stat>[]) {
  const sum = (ms: Map<string, Stat>[], k: string) => {
    let n = 0;
    let t = 0;
    for (const m of ms) {
      const s = m.get(k);
      if (!s) continue;
      n += s.n;
      t += s.ms;
    }
    return { n, mean: n ? t / n : 0, perInstance: t / (ms.length * PER_ROUND) };
  };
  const keys = new Set([...a, ...b].flatMap((m) => [...m.keys()]));
  const rows = [...keys].map((k) => ({ k, a: sum(a, k), b: sum(b, k) }));
  rows.sort((x, y) => y.b.perInstance - y.a.perInstance - (x.b.perInstance - x.a.perInstance));
  console.log(
    'statement (first 110 chars) | n A | n B | mean ms A | mean ms B | ms/instance A | B',
  );
  for (const r of rows.slice(0, 25))
    console.log(
      `${r.k} | ${r.a.n} | ${r.b.n} | ${r.a.mean.toFixed(2)} | ${r.b.mean.toFixed(2)} | ${r.a.perInstance.toFixed(2)} | ${r.b.perInstance.toFixed(2)}`,
    );
}

async function phase(name: string, a: Bench, b: Bench) {
  console.log(`== ${name}`);
  const sa: Map<string, Stat>[] = [];
  const sb: Map<string, Stat>[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    sa.push((await round(`${name} A empty`, a)).stats);
    sb.push((await round(`${name} B ${N} archived`, b)).stats);
  }
  compare(sa, sb);
  return sb;
}

const a = await startBench('hpa');
const b = await startBench('hpb');
try {
  for (const x of [a, b]) await load(200, 16, (i) => startStraight(x.base, 'straight', i));
  const seedSeconds = await seedCompleted(b, N);
  const { cases: archived, seconds: moveSeconds } = await archiveAll(b.db);
  await b.db.query(`VACUUM (ANALYZE) ${[...LIVE, 'instances'].join(', ')}`);
  console.log(JSON.stringify({ seedSeconds, archived, moveSeconds }));
  await phase('right after the move', a, b);
  const archiveVacuumAndCheckpointSeconds = await settle(b.db, [...ARCHIVE, 'instances']);
  console.log(JSON.stringify({ archiveVacuumAndCheckpointSeconds }));
  const settled = await phase('settled', a, b);
  // plans of B's statements that name an inherited table
  const inherited = new RegExp(`\\b(${LIVE.join('|')})\\b`);
  const c = await b.db.connect();
  try {
    for (const [k, s] of [...settled.at(-1)!]) {
      if (!s.sample || !inherited.test(k) || /^(BEGIN|COMMIT|ROLLBACK)/.test(k)) continue;
      try {
        await c.query('BEGIN');
        const plan = await c.query(
          `EXPLAIN (ANALYZE, BUFFERS, SUMMARY) ${s.sample.text}`,
          s.sample.values,
        );
        console.log(`-- ${k}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      } catch {
        // a write that cannot run twice (its row exists): the plan without running it
        await c.query('ROLLBACK');
        await c.query('BEGIN');
        try {
          const plan = await c.query(`EXPLAIN ${s.sample.text}`, s.sample.values);
          console.log(`-- ${k} (not run)\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
        } catch (e) {
          console.log(`-- ${k}: ${(e as Error).message}`);
        }
      } finally {
        await c.query('ROLLBACK');
      }
    }
  } finally {
    c.release();
  }
} finally {
  await a.close();
  await b.close();
  await admin.end();
}
