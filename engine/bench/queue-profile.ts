/**
 * A CPU profile of one engine running queued service jobs (docs/benchmarks.md): start it with
 * `node --cpu-prof --cpu-prof-dir=<dir> --import tsx engine/bench/queue-profile.ts [cases]`;
 * SERVICE_CLAIM_BATCH 0 profiles the path without the drain.
 */
import { http, load, startBench, waitFor } from './lib.ts';

const N = Number(process.argv[2] ?? 600);
const b = await startBench('qprof', {
  serviceClaimBatch: Number(process.env.SERVICE_CLAIM_BATCH ?? 100),
});
try {
  for (const [offset, n] of [
    [0, 100],
    [100, N],
  ] as const) {
    const t0 = performance.now();
    await load(n, 32, async (i) => {
      await http(`${b.base}/api/instances`, 'POST', {
        processId: 'queued',
        variables: { n: offset + i },
      });
    });
    await waitFor(
      b.db,
      `SELECT count(*)::int AS n FROM instances WHERE process_id = 'queued' AND status = 'completed'`,
      [],
      offset + n,
      600_000,
    );
    console.log(`${n} cases, ${Math.round((3 * n) / ((performance.now() - t0) / 1000))} jobs/s`);
  }
} finally {
  await b.close();
}
process.exit(0);
