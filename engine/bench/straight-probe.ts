/**
 * Straight-through instances per second (start → three built-in service steps → end, answered
 * 201 completed) in alternating rounds on two engines of this process, so both see the same
 * machine load, with pgbench's simple-update TPS measured before and after: one transaction per
 * start (START_BATCH 1, the path before issue 18's item 3) and starts that arrive together
 * committed together (START_BATCH 100, the default). Each round starts `instances` cases from
 * 32 clients, as the `core` scenario does; it also counts the SQL statements and transactions
 * the process sent per instance, and the CPU µs per instance of each process taking part (this
 * process: the engines; PostgreSQL: the engine's backends and the whole server; the load
 * generator; the machine), which do not depend on the machine's load (docs/benchmarks.md);
 * pgbench's runs give the same per transaction.
 *
 * The load generators, each round of each engine run by each of them in turn:
 * - `wrk` (C, /usr/bin/wrk, with wrk-start.lua: each request its own body), pgbench's
 *   counterpart, when it is installed;
 * - `node`: 32 node:http clients in a child process (the engine's process does not pay for
 *   them);
 * - `inprocess` (only when asked): the same clients in the engine's process, as `core` runs.
 *
 *   npx tsx engine/bench/straight-probe.ts [instances per round, default 2000] [rounds, default 3]
 *     [pgbench seconds, default 15] [--only-batched] [--loadgen=wrk,node,inprocess]
 *     (`--clients-apart`: `--loadgen=node`)
 *   STRAIGHT_PROBE_PROFILE=<file.cpuprofile> also writes a CPU profile of the measured rounds.
 *   STRAIGHT_PROBE_WHAT_IF=<SQL> also measures an engine whose schema that SQL changed.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { backendsOf, cpuOf, postgresOf, since, snapshot } from './cpu.ts';
import {
  countSent,
  DATABASE_URL,
  load,
  median,
  roundsAgainst,
  startBench,
  startStraight,
  TOKEN,
  type Bench,
} from './lib.ts';
import { runPgbench } from './pgbench.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(args[0] ?? 2000);
const ROUNDS = Number(args[1] ?? 3);
const PGBENCH_SECONDS = Number(args[2] ?? 15);
const ONLY_BATCHED = process.argv.includes('--only-batched');
const WRK = '/usr/bin/wrk';
type Loadgen = 'wrk' | 'node' | 'inprocess';
const LOADGENS = (
  (process.argv
    .find((a) => a.startsWith('--loadgen='))
    ?.slice(10)
    .split(',') as Loadgen[]) ??
  // the earlier flag: the node clients in a child process only
  (process.argv.includes('--clients-apart')
    ? ['node']
    : existsSync(WRK)
      ? ['wrk', 'node']
      : ['node'])
).filter((g) => g !== 'wrk' || existsSync(WRK));
const CLIENTS = 32;
/**
 * SQL that changes the schema of a third engine, measured beside the others (what a schema
 * change would give, without making it): e.g. `ALTER TABLE history DROP CONSTRAINT
 * history_instance_id_fkey`.
 */
const WHAT_IF = process.env.STRAIGHT_PROBE_WHAT_IF;
/** A CPU profile of the measured rounds only (not the start-up, the warm-up or pgbench). */
const PROFILE = process.env.STRAIGHT_PROBE_PROFILE;
const run = promisify(execFile);

const profiler = {
  session: undefined as Session | undefined,
  async start() {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  },
  async stop(file: string) {
    const { profile } = await this.session!.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    this.session!.disconnect();
  },
};

// the child: 32 clients starting cases on the engine it is told, answering with the elapsed time
if (process.env.STRAIGHT_PROBE_CLIENT) {
  process.on('message', async (m: { base: string; offset: number; n: number }) => {
    const r = await load(m.n, CLIENTS, (i) => startStraight(m.base, 'straight', m.offset + i));
    process.send!({ seconds: r.seconds, p50: r.latencies[Math.floor(m.n / 2)] });
  });
} else await main();

async function main() {
  // every statement this process sends (the engines' and nothing else: the probe's own reads
  // fall outside the measured windows)
  const sent = countSent();

  let child: ChildProcess | undefined;
  const remote = (base: string, offset: number, n: number) =>
    new Promise<{ seconds: number }>((resolve) => {
      child!.once('message', (m) => resolve(m as { seconds: number }));
      child!.send({ base, offset, n });
    });
  if (LOADGENS.includes('node'))
    child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, STRAIGHT_PROBE_CLIENT: '1' },
      execArgv: ['--import', 'tsx'],
    });

  /** wrk with two threads and 32 connections for `seconds`: the instances it was answered. */
  async function wrk(
    base: string,
    offset: number,
    seconds: number,
  ): Promise<{ seconds: number; answered: number }> {
    const script = fileURLToPath(new URL('./wrk-start.lua', import.meta.url));
    const { stdout } = await run(WRK, [
      '-t2',
      `-c${CLIENTS}`,
      `-d${seconds}s`,
      '-s',
      script,
      `${base}/api/instances`,
      '--',
      String(offset),
      TOKEN,
      'straight',
    ]);
    const line = stdout.split('\n').find((l) => l.startsWith('WRK '));
    const got = JSON.parse(line!.slice(4)) as { answered: number; bad: number; seconds: number };
    if (got.bad) throw new Error(`wrk: ${got.bad} answers were not 201 completed:\n${stdout}`);
    return got;
  }

  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const postmaster = await postgresOf(admin);

  interface Round {
    instancesPerSecond: number;
    sqlPerInstance: number;
    transactionsPerInstance: number;
    /** CPU µs per instance, by process */
    cpu: {
      engine: number;
      engineKernel: number;
      backends: number;
      postgres: number;
      loadgen: number;
      machine: number;
    };
  }
  const lastRate = new Map<Bench, number>();
  async function round(b: Bench, gen: Loadgen, offset: number, n = N): Promise<Round> {
    const count = async () =>
      Number(
        (await admin.query(`SELECT count(*) AS n FROM ${b.schema}.instances`)).rows[0].n as string,
      );
    const started = await count();
    const before = { ...sent };
    const cpu0 = snapshot(postmaster, backendsOf(b.db));
    const child0 = child ? cpuOf(child.pid!) : 0;
    // wrk runs for a time (as pgbench does) long enough for about n instances at its last rate
    const { seconds, answered } =
      gen === 'wrk'
        ? await wrk(b.base, offset, Math.max(1, Math.round(n / (lastRate.get(b) ?? 1000))))
        : {
            answered: n,
            seconds:
              gen === 'node'
                ? (await remote(b.base, offset, n)).seconds
                : (await load(n, CLIENTS, (i) => startStraight(b.base, 'straight', offset + i)))
                    .seconds,
          };
    if (gen === 'wrk') lastRate.set(b, answered / seconds);
    // wrk stops with requests in flight: the engine finishes them, and they count
    await new Promise((r) => setTimeout(r, 200));
    const used = since(cpu0, snapshot(postmaster, backendsOf(b.db)));
    const child1 = child ? cpuOf(child.pid!) : 0;
    const sql = sent.sql - before.sql;
    const tx = sent.tx - before.tx;
    const done = (await count()) - started;
    return {
      instancesPerSecond: answered / seconds,
      sqlPerInstance: sql / done,
      transactionsPerInstance: tx / done,
      cpu: {
        engine: used.process / done,
        engineKernel: used.processKernel / done,
        backends: used.pids / done,
        postgres: used.postgres / done,
        loadgen: (gen === 'wrk' ? used.children : gen === 'node' ? child1 - child0 : 0) / done,
        machine: used.machine / done,
      },
    };
  }

  const pgBefore = await runPgbench(PGBENCH_SECONDS);
  const engines: Record<string, Bench> = {
    ...(ONLY_BATCHED
      ? {}
      : { 'one transaction per start': await startBench('salone', { startBatch: 1 }) }),
    'starts committed together': await startBench('sbatch', { startBatch: 100 }),
  };
  if (WHAT_IF) {
    // the same engine on a schema changed by the given SQL, in alternating rounds with the rest
    const b = await startBench('swhatif', { startBatch: 100 });
    await admin.query(`SET search_path TO ${b.schema}; ${WHAT_IF}; RESET search_path`);
    engines[`starts committed together, after ${WHAT_IF}`] = b;
  }
  const key = (engine: string, gen: Loadgen) => `${engine}, ${gen}`;
  const rounds: Record<string, Round[]> = {};
  const loads: number[] = [loadavg()[0]!];
  let offset = 1_000_000;
  try {
    // warm-up of each (JIT, plans, pools)
    for (const b of Object.values(engines))
      for (const gen of LOADGENS) await round(b, gen, (offset += 1_000_000), 400);
    if (PROFILE) await profiler.start();
    for (let r = 1; r <= ROUNDS; r++)
      for (const [name, b] of Object.entries(engines))
        for (const gen of LOADGENS) {
          const got = await round(b, gen, (offset += 1_000_000));
          (rounds[key(name, gen)] ??= []).push(got);
          loads.push(loadavg()[0]!);
          console.log(
            key(name, gen),
            `round ${r}`,
            JSON.stringify(got),
            `load ${loadavg()[0]!.toFixed(1)}`,
          );
        }
    if (PROFILE) await profiler.stop(PROFILE);
  } finally {
    for (const b of Object.values(engines)) await b.close();
    child?.kill();
  }
  const pgAfter = await runPgbench(PGBENCH_SECONDS);
  await admin.end();
  const tps = (pgBefore.tps + pgAfter.tps) / 2;
  const round1 = (x: number) => Math.round(x);
  console.log(
    JSON.stringify(
      {
        cpus: cpus().length,
        load: { min: Math.min(...loads), max: Math.max(...loads) },
        pgbenchTps: { before: pgBefore.tps, after: pgAfter.tps },
        pgbenchCpuMicrosPerTransaction: {
          before: pgBefore.cpuMicrosPerTransaction,
          after: pgAfter.cpuMicrosPerTransaction,
        },
        instancesPerSecond: Object.fromEntries(
          Object.entries(rounds).map(([k, rs]) => {
            const cpu = (f: keyof Round['cpu']) => round1(median(rs.map((r) => r.cpu[f])));
            return [
              k,
              {
                ...roundsAgainst(
                  rs.map((r) => r.instancesPerSecond),
                  tps,
                ),
                sqlPerInstance: median(rs.map((r) => r.sqlPerInstance)),
                transactionsPerInstance: median(rs.map((r) => r.transactionsPerInstance)),
                cpuMicrosPerInstance: {
                  engine: cpu('engine'),
                  engineKernel: cpu('engineKernel'),
                  engineBackends: cpu('backends'),
                  postgres: cpu('postgres'),
                  loadgen: cpu('loadgen'),
                  machine: cpu('machine'),
                },
              },
            ];
          }),
        ),
      },
      null,
      2,
    ),
  );
  process.exit(0);
}
