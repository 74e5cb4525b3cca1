/**
 * Where an inbox call's time goes, with 1,000,000 open tasks kept in a schema of its own between
 * runs (seeded as the `inbox` scenario seeds them, once): the statements one call sends, each
 * with `EXPLAIN (ANALYZE, BUFFERS)` (planning and execution time); then, for the clerk's group
 * queue and own tasks, one client and 8 concurrent clients: p50/p99, calls/s, the statements per
 * call, and the CPU per call of this process (engine and client share it) and of the whole
 * machine (PostgreSQL included, and whatever else runs). `--profile <file>` writes a V8 CPU
 * profile of the concurrent calls (open it in Chrome's DevTools). `--drop` drops the schema at
 * the end. Needs the bench's PostgreSQL and Redis.
 *
 *   npx tsx engine/bench/inbox-probe.ts [--schema inbox_probe] [--tasks 1000000] [--calls 500]
 *     [--explain] [--profile inbox.cpuprofile] [--drop]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import pg from 'pg';
import { CLERK_TOKEN, http, load, pct, startBench } from './lib.ts';
import { inboxQueries, seedInbox } from './scenarios/inbox.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const SCHEMA = arg('--schema') ?? 'inbox_probe';
const TASKS = Number(arg('--tasks') ?? 1_000_000);
const CALLS = Number(arg('--calls') ?? 500);
const PROFILE = arg('--profile');

// every statement the pool sends, and while `capture` is set its text and values
let statements = 0;
let capture: { text: string; values: unknown[] }[] | undefined;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  statements++;
  const [config, values] = args as [unknown, unknown];
  if (capture && typeof config === 'string') capture.push({ text: config, values: values as [] });
  else if (capture && config && typeof config === 'object' && 'text' in config)
    capture.push(config as { text: string; values: unknown[] });
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

/** Busy and total jiffies of every core since boot (/proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  const total = f.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

const load1 = () => loadavg()[0]!.toFixed(1);
const b = await startBench('inbox-probe', { databaseSchema: SCHEMA });
try {
  const open = (
    await b.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status = 'open'`)
  ).rows[0]!.n;
  // a kept schema is used as it is (its clones' ids would collide with a second seed)
  if (open === 0) console.log('seeded', await seedInbox(b, TASKS));
  else console.log(`${open} open tasks in ${SCHEMA}`);
  // the engine's start-up indexes every case the search index has not seen, one transaction
  // each, in the background: a kept schema's million clones would be indexed while measuring
  // (it may hold a case's row meanwhile: on a deadlock, again)
  for (let tries = 0; ; tries++)
    try {
      await b.db.query(`INSERT INTO case_search_state (instance_id, key_id, indexed_at)
    SELECT i.id, s.key_id, now() FROM instances i, (SELECT key_id FROM case_search_state LIMIT 1) s
    ON CONFLICT (instance_id) DO NOTHING`);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== '40P01' || tries > 5) throw e;
    }
  const queries = await inboxQueries(b);
  const call = async (query: string) => {
    const res = await http(`${b.base}/api/tasks?${query}`, 'GET', undefined, CLERK_TOKEN);
    if (res.status !== 200 || !(res.body.items as unknown[]).length)
      throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return res.body;
  };

  if (process.argv.includes('--explain'))
    for (const [name, query] of queries)
      for (const page of name === 'groups' ? [0, 4] : [0]) {
        capture = [];
        await call(query(page));
        // the route's statements (the engine's background work sends others meanwhile)
        const sent = capture.filter((c) => /^\s*SELECT[\s\S]*\bFROM tasks t\b/.test(c.text));
        capture = undefined;
        console.log(`\n=== ${name}, page ${page + 1}: ${sent.length} statements`);
        for (const s of sent) {
          const plan = await b.db.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`,
            s.values,
          );
          console.log(`\n${s.text.replace(/\s+/g, ' ').slice(0, 300)}`);
          console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
        }
      }

  for (const [name, query] of queries) {
    await load(50, 4, async (i) => void (await call(query(i))));
    for (const clients of [1, 8]) {
      const calls = clients === 1 ? Math.min(CALLS, 200) : CALLS;
      const session = PROFILE && clients === 8 ? new Session() : undefined;
      if (session) {
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
      }
      statements = 0;
      const cpu = process.cpuUsage();
      const m0 = machineCpu();
      const r = await load(calls, clients, async (i) => void (await call(query(i))));
      const used = process.cpuUsage(cpu);
      const m1 = machineCpu();
      if (session) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(`${name}-${PROFILE}`, JSON.stringify(profile));
        session.disconnect();
      }
      // jiffies are 10 ms
      const machineMs = ((m1.busy - m0.busy) * 10) / calls;
      console.log(
        `${name}, ${clients} client(s), ${calls} calls: p50 ${pct(r.latencies, 50).toFixed(1)} ms, ` +
          `p99 ${pct(r.latencies, 99).toFixed(1)} ms, ${(calls / r.seconds).toFixed(0)} calls/s, ` +
          `${(statements / calls).toFixed(2)} statements, ` +
          `${((used.user + used.system) / calls / 1000).toFixed(2)} ms CPU of this process and ` +
          `${machineMs.toFixed(2)} ms of the machine per call (load ${load1()})`,
      );
    }
  }
} catch (e) {
  console.error(e);
} finally {
  if (process.argv.includes('--drop')) await b.close();
  else await b.engine.close();
  process.exit(0);
}
