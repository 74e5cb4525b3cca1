/**
 * Throughput with 1, 2 and 3 engine processes (the README's start script, each its own Node
 * process) on one database and one Redis: 32 clients start straight-through instances,
 * spread round-robin over the processes' HTTP ports.
 */
import {
  chain,
  dropSchema,
  load,
  pct,
  scaled,
  startStraight,
  writeDefinitions,
  type Figure,
  type Scenario,
} from '../lib.ts';
import { startProcess, stop } from '../processes.ts';

export const engines: Scenario = {
  key: 'engines',
  title: 'straight-through instances/s with 1, 2 and 3 engine processes on one database and Redis',
  async run(scale) {
    const schema = `bench_engines_${Date.now()}`;
    const dir = await writeDefinitions({
      'processes/straight/v1.json': chain('straight', ['noop', 'set-variables', 'noop']),
    });
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    // a quick run (`--quick`) starts the three processes once and loads the first 1, 2 and 3
    const quick = scale < 0.05;
    const shared = quick
      ? await Promise.all([1, 2, 3].map(() => startProcess(schema, dir)))
      : undefined;
    try {
      for (const n of [1, 2, 3]) {
        const procs =
          shared?.slice(0, n) ??
          (await Promise.all(Array.from({ length: n }, () => startProcess(schema, dir))));
        try {
          const urls = procs.map((p) => p.url);
          await load(quick ? 20 : 200, 16, (i) => startStraight(urls[i % n]!, 'straight', i));
          const total = scaled(4000, scale, 200);
          const r = await load(total, 32, (i) => startStraight(urls[i % n]!, 'straight', i));
          const result = {
            processes: n,
            instances: total,
            instancesPerSecond: total / r.seconds,
            p50ms: pct(r.latencies, 50),
            p99ms: pct(r.latencies, 99),
          };
          data[`processes${n}`] = result;
          console.log(`engines: ${n}`, result);
          figures.push({
            name: `straight-through instances/s, ${n} engine process${n > 1 ? 'es' : ''}`,
            value: result.instancesPerSecond,
            unit: '/s',
            kind: 'rate',
          });
        } finally {
          if (!shared) await Promise.all(procs.map((p) => stop(p.child)));
        }
      }
    } finally {
      if (shared) await Promise.all(shared.map((p) => stop(p.child)));
      await dropSchema(schema);
    }
    return { data, figures };
  },
};
