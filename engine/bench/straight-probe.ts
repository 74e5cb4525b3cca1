/**
 * Straight-through instances per second (start → three built-in service steps → end, answered
 * 201 completed) in alternating rounds on two engines of this process, so both see the same
 * machine load, with pgbench's simple-update TPS measured before and after: one transaction per
 * start (START_BATCH 1, the path before issue 18's item 3) and starts that arrive together
 * committed together (START_BATCH 100, the default). Each round starts `instances` cases from
 * 32 clients, as the `core` scenario does; it also counts the SQL statements and transactions
 * the process sent per instance, which do not depend on the machine's load
 * (docs/benchmarks.md). `--clients-apart` runs the 32 clients in a child process, so the
 * engine's process does not also pay for the load generator's HTTP.
 *
 *   npx tsx engine/bench/straight-probe.ts [instances per round, default 2000] [rounds, default 3]
 *     [pgbench seconds, default 15] [--clients-apart] [--only-batched]
 *   STRAIGHT_PROBE_PROFILE=<file.cpuprofile> also writes a CPU profile of the measured rounds.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { load, startBench, startStraight, type Bench } from './lib.ts';
import { runPgbench } from './pgbench.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const N = Number(args[0] ?? 2000);
const ROUNDS = Number(args[1] ?? 3);
const PGBENCH_SECONDS = Number(args[2] ?? 15);
const APART = process.argv.includes('--clients-apart');
const ONLY_BATCHED = process.argv.includes('--only-batched');
const CLIENTS = 32;
/** A CPU profile of the measured rounds only (not the start-up, the warm-up or pgbench). */
const PROFILE = process.env.STRAIGHT_PROBE_PROFILE;

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
  // every statement this process sends (the engines' and nothing else: the probe reads nothing)
  const sent = { sql: 0, tx: 0 };
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    sent.sql++;
    if (args[0] === 'BEGIN') sent.tx++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  let child: ChildProcess | undefined;
  const remote = (base: string, offset: number, n: number) =>
    new Promise<{ seconds: number }>((resolve) => {
      child!.once('message', (m) => resolve(m as { seconds: number }));
      child!.send({ base, offset, n });
    });
  if (APART)
    child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, STRAIGHT_PROBE_CLIENT: '1' },
      execArgv: ['--import', 'tsx'],
    });

  interface Round {
    instancesPerSecond: number;
    sqlPerInstance: number;
    transactionsPerInstance: number;
  }
  async function round(b: Bench, offset: number, n = N): Promise<Round> {
    const before = { ...sent };
    const seconds = child
      ? (await remote(b.base, offset, n)).seconds
      : (await load(n, CLIENTS, (i) => startStraight(b.base, 'straight', offset + i))).seconds;
    return {
      instancesPerSecond: n / seconds,
      sqlPerInstance: (sent.sql - before.sql) / n,
      transactionsPerInstance: (sent.tx - before.tx) / n,
    };
  }

  const pgBefore = await runPgbench(PGBENCH_SECONDS);
  const engines: Record<string, Bench> = {
    ...(ONLY_BATCHED
      ? {}
      : { 'one transaction per start': await startBench('salone', { startBatch: 1 }) }),
    'starts committed together': await startBench('sbatch', { startBatch: 100 }),
  };
  const rounds: Record<string, Round[]> = Object.fromEntries(
    Object.keys(engines).map((k) => [k, []]),
  );
  const loads: number[] = [loadavg()[0]!];
  try {
    // warm-up of each (JIT, plans, pools)
    for (const b of Object.values(engines)) await round(b, 0, 400);
    if (PROFILE) await profiler.start();
    for (let r = 1; r <= ROUNDS; r++)
      for (const [name, b] of Object.entries(engines)) {
        const got = await round(b, r * N);
        rounds[name]!.push(got);
        loads.push(loadavg()[0]!);
        console.log(name, `round ${r}`, JSON.stringify(got), `load ${loadavg()[0]!.toFixed(1)}`);
      }
    if (PROFILE) await profiler.stop(PROFILE);
  } finally {
    for (const b of Object.values(engines)) await b.close();
    child?.kill();
  }
  const pgAfter = await runPgbench(PGBENCH_SECONDS);
  const tps = (pgBefore.tps + pgAfter.tps) / 2;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    JSON.stringify(
      {
        cpus: cpus().length,
        clients: child ? 'child process' : 'this process',
        load: { min: Math.min(...loads), max: Math.max(...loads) },
        pgbenchTps: { before: pgBefore.tps, after: pgAfter.tps },
        instancesPerSecond: Object.fromEntries(
          Object.entries(rounds).map(([k, rs]) => {
            const v = rs.map((r) => r.instancesPerSecond);
            return [
              k,
              {
                rounds: v.map(Math.round),
                median: Math.round(median(v)),
                ratio: median(v) / tps,
                sqlPerInstance: median(rs.map((r) => r.sqlPerInstance)),
                transactionsPerInstance: median(rs.map((r) => r.transactionsPerInstance)),
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
