/**
 * Queued service jobs per second of one engine, in alternating rounds on engines of this process
 * so all see the same machine load, with pgbench's simple-update TPS measured before and after:
 * service rows run only as their BullMQ jobs are delivered, the results one to a transaction
 * (SERVICE_CLAIM_BATCH 0, SERVICE_RESULT_BATCH 1: the path before issue 18) or many to a
 * transaction (SERVICE_RESULT_BATCH 100), and taken from PostgreSQL in batches by the engine's
 * drain (SERVICE_CLAIM_BATCH 100, the default). Each round starts `instances` cases of the
 * bench's `queued` process (start → three queued service steps → end) from 32 clients and counts
 * from the first start to the last completion; it also counts the SQL statements and Redis
 * commands the process sent per job, which do not depend on the machine's load
 * (docs/benchmarks.md).
 *
 *   npx tsx engine/bench/queue-probe.ts [instances per round, default 600] [rounds, default 3]
 */
import { cpus, loadavg } from 'node:os';
import {
  countSent,
  http,
  load,
  median,
  roundsAgainst,
  startBench,
  waitFor,
  type Bench,
} from './lib.ts';
import { runPgbench } from './pgbench.ts';

const N = Number(process.argv[2] ?? 600);
const ROUNDS = Number(process.argv[3] ?? 3);

// every statement and Redis command this process sends (engines and the probe's own reads)
const sent = countSent({ redis: true });

interface Round {
  jobsPerSecond: number;
  sqlPerJob: number;
  redisPerJob: number;
}

async function round(b: Bench, offset: number): Promise<Round> {
  const before = { ...sent };
  const t0 = performance.now();
  await load(N, 32, async (i) => {
    await http(`${b.base}/api/instances`, 'POST', {
      processId: 'queued',
      variables: { n: offset + i },
    });
  });
  await waitFor(
    b.db,
    `SELECT count(*)::int AS n FROM instances WHERE process_id = 'queued' AND status = 'completed'`,
    [],
    offset + N,
    600_000,
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    jobsPerSecond: (3 * N) / seconds,
    sqlPerJob: (sent.sql - before.sql) / (3 * N),
    redisPerJob: (sent.redis - before.redis) / (3 * N),
  };
}

const before = await runPgbench(15);
const engines: Record<string, Bench> = {
  'deliveries, one result a transaction': await startBench('qalone', {
    serviceClaimBatch: 0,
    serviceResultBatch: 1,
  }),
  'deliveries, results grouped': await startBench('qbatch', {
    serviceClaimBatch: 0,
    serviceResultBatch: 100,
  }),
  'drained from PostgreSQL, results grouped': await startBench('qdrain', {}),
};
const rounds: Record<string, Round[]> = Object.fromEntries(
  Object.keys(engines).map((k) => [k, []]),
);
const loads: number[] = [loadavg()[0]!];
try {
  // warm-up of each (JIT, plans, pools)
  for (const b of Object.values(engines)) await round(b, 0);
  for (let r = 1; r <= ROUNDS; r++)
    for (const [name, b] of Object.entries(engines)) {
      const got = await round(b, r * N);
      rounds[name]!.push(got);
      loads.push(loadavg()[0]!);
      console.log(name, `round ${r}`, JSON.stringify(got));
    }
} finally {
  for (const b of Object.values(engines)) await b.close();
}
const after = await runPgbench(15);
const tps = (before.tps + after.tps) / 2;
console.log(
  JSON.stringify(
    {
      cpus: cpus().length,
      load: { min: Math.min(...loads), max: Math.max(...loads) },
      pgbenchTps: { before: before.tps, after: after.tps },
      jobsPerSecond: Object.fromEntries(
        Object.entries(rounds).map(([k, rs]) => [
          k,
          {
            ...roundsAgainst(
              rs.map((r) => r.jobsPerSecond),
              tps,
            ),
            sqlPerJob: median(rs.map((r) => r.sqlPerJob)),
            redisPerJob: median(rs.map((r) => r.redisPerJob)),
          },
        ]),
      ),
    },
    null,
    2,
  ),
);
process.exit(0);
