/**
 * Where an inbox call's time goes, with 1,000,000 open tasks kept in a schema of its own between
 * runs (seeded as the `inbox` scenario seeds them, once): the statements one call sends, each
 * with `EXPLAIN (ANALYZE, BUFFERS)` (planning and execution time); then, for the clerk's group
 * queue and own tasks, one client and 8 concurrent clients: p50/p99, calls/s, the statements per
 * call, the bytes of an answer, and the CPU each process spent per call, which does not depend
 * on the machine's load: the engine's (this process), the clients' (a child process, so the
 * engine does not pay for them) and PostgreSQL's (the engine pool's backends, from
 * /proc/<pid>/stat). `--rounds n` repeats each measurement n times, and with `--unnamed` the
 * rounds alternate between the engine's named (prepared) statements and the same statements
 * unnamed (parsed on every call), so both see the same load. `--profile <file>` writes a V8 CPU
 * profile of the engine during the concurrent calls (open it in Chrome's DevTools). `--drop`
 * drops the schema at the end. Needs the bench's PostgreSQL and Redis.
 *
 *   npx tsx engine/bench/inbox-probe.ts [--schema inbox_probe] [--tasks 1000000] [--calls 500]
 *     [--rounds 1] [--unnamed] [--explain] [--only groups|mine] [--profile inbox.cpuprofile]
 *     [--drop]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
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
const ROUNDS = Number(arg('--rounds') ?? 1);
const ONLY = arg('--only');
const PROFILE = arg('--profile');
const UNNAMED = process.argv.includes('--unnamed');

interface Batch {
  latencies: number[];
  seconds: number;
  /** Bytes of the answers' bodies, all calls. */
  bytes: number;
  /** CPU of the client process, ms. */
  cpuMs: number;
}

// the child: `clients` concurrent clients calling the URLs in turn, answering with the figures
if (process.env.INBOX_PROBE_CLIENT) {
  process.on('message', (m: { urls: string[]; calls: number; clients: number }) => {
    void (async () => {
      let bytes = 0;
      const cpu = process.cpuUsage();
      const r = await load(m.calls, m.clients, async (i) => {
        const res = await http(m.urls[i % m.urls.length]!, 'GET', undefined, CLERK_TOKEN);
        if (res.status !== 200 || !(res.body.items as unknown[]).length)
          throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        bytes += Buffer.byteLength(JSON.stringify(res.body));
      });
      const used = process.cpuUsage(cpu);
      process.send!({ ...r, bytes, cpuMs: (used.user + used.system) / 1000 } satisfies Batch);
    })();
  });
} else await main();

async function main() {
  // every statement the pool sends, and while `capture` is set its text and values; with
  // `strip` the engine's named statements go unnamed
  let statements = 0;
  let capture: { text: string; values: unknown[] }[] | undefined;
  let strip = false;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    statements++;
    const [config, values] = args as [unknown, unknown];
    if (capture && typeof config === 'string') capture.push({ text: config, values: values as [] });
    else if (capture && config && typeof config === 'object' && 'text' in config)
      capture.push(config as { text: string; values: unknown[] });
    if (strip && config && typeof config === 'object' && 'name' in config) {
      const { name: _name, ...rest } = config as { name: string };
      args[0] = rest;
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;

  /** CPU ms since boot of each of these PostgreSQL backends (jiffies of 10 ms). */
  const backendsMs = (pids: number[]) =>
    pids.reduce((sum, pid) => {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
        return sum + (Number(rest[11]) + Number(rest[12])) * 10;
      } catch {
        return sum; // a backend that ended
      }
    }, 0);

  const load1 = () => loadavg()[0]!.toFixed(1);
  const b = await startBench('inbox-probe', { databaseSchema: SCHEMA });
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, INBOX_PROBE_CLIENT: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const remote = (urls: string[], calls: number, clients: number) =>
    new Promise<Batch>((resolve) => {
      child.once('message', (m) => resolve(m as Batch));
      child.send({ urls, calls, clients });
    });
  try {
    const open = (
      await b.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE status = 'open'`)
    ).rows[0]!.n;
    // a kept schema is used as it is (its clones' ids would collide with a second seed)
    if (open === 0) console.log('seeded', await seedInbox(b, TASKS));
    else console.log(`${open} open tasks in ${SCHEMA}`);
    // the engine's start-up indexes the cases the search index has not seen in the background:
    // a kept schema's million clones would be indexed while measuring (it may hold a case's
    // row meanwhile: on a deadlock, again)
    for (let tries = 0; ; tries++)
      try {
        await b.db.query(`INSERT INTO case_search_state (instance_id, key_id, indexed_at)
    SELECT i.id, s.key_id, now() FROM instances i, (SELECT key_id FROM case_search_state LIMIT 1) s
    ON CONFLICT (instance_id) DO NOTHING`);
        break;
      } catch (e) {
        if ((e as { code?: string }).code !== '40P01' || tries > 5) throw e;
      }
    await b.engine.backfilled();
    const queries = (await inboxQueries(b)).filter(([name]) => !ONLY || name === ONLY);
    const url = (query: string) => `${b.base}/api/tasks?${query}`;
    const call = async (query: string) => {
      const res = await http(url(query), 'GET', undefined, CLERK_TOKEN);
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

    // the engine pool's connections, all open once 8 clients have called
    const pool = b.engine.db.pool as unknown as { _clients: { processID: number }[] };
    for (const [name, query] of queries) {
      const urls = Array.from({ length: 5 }, (_, i) => url(query(i)));
      await remote(urls, 100, 8);
      const pids = pool._clients.map((c) => c.processID);
      for (let round = 0; round < ROUNDS; round++)
        for (const unnamed of UNNAMED ? [false, true] : [false])
          for (const clients of [1, 8]) {
            const calls = clients === 1 ? Math.min(CALLS, 200) : CALLS;
            const session = PROFILE && clients === 8 && !unnamed ? new Session() : undefined;
            if (session) {
              session.connect();
              await session.post('Profiler.enable');
              await session.post('Profiler.start');
            }
            strip = unnamed;
            statements = 0;
            const cpu = process.cpuUsage();
            const pg0 = backendsMs(pids);
            const r = await remote(urls, calls, clients);
            const used = process.cpuUsage(cpu);
            const pgMs = backendsMs(pids) - pg0;
            strip = false;
            if (session) {
              const { profile } = await session.post('Profiler.stop');
              writeFileSync(`${name}-${PROFILE}`, JSON.stringify(profile));
              session.disconnect();
            }
            const per = (ms: number) => (ms / calls).toFixed(2);
            console.log(
              `${name}${unnamed ? ' (unnamed)' : ''}, ${clients} client(s), ${calls} calls: ` +
                `p50 ${pct(r.latencies, 50).toFixed(1)} ms, p99 ${pct(r.latencies, 99).toFixed(1)} ms, ` +
                `${(calls / r.seconds).toFixed(0)} calls/s, ${(statements / calls).toFixed(2)} statements, ` +
                `${(r.bytes / calls).toFixed(0)} bytes; CPU per call: engine ` +
                `${per((used.user + used.system) / 1000)} ms, PostgreSQL ${per(pgMs)} ms, ` +
                `clients ${per(r.cpuMs)} ms (load ${load1()})`,
            );
          }
    }
  } catch (e) {
    console.error(e);
  } finally {
    child.kill();
    if (process.argv.includes('--drop')) await b.close();
    else await b.engine.close();
    process.exit(0);
  }
}
