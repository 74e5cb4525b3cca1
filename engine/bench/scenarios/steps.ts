/**
 * Instances per second as the process grows: start → 5, 20 or 50 built-in service tasks
 * (alternately `noop` and `set-variables`, each a history entry and a state change inside the
 * one step transaction) → end, started over HTTP by 32 clients.
 */
import {
  load,
  pct,
  scaled,
  startBench,
  startStraight,
  type Figure,
  type Scenario,
} from '../lib.ts';

export const processSize: Scenario = {
  key: 'processSize',
  title: 'instances/s of processes with 5, 20 and 50 built-in service steps (32 clients over HTTP)',
  async run(scale) {
    const b = await startBench('steps');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    try {
      await load(100, 16, (i) => startStraight(b.base, 'steps5', i));
      for (const [n, count] of [
        [5, 3000],
        [20, 1500],
        [50, 600],
      ] as const) {
        const total = scaled(count, scale, 100);
        const r = await load(total, 32, (i) => startStraight(b.base, `steps${n}`, i));
        const result = {
          steps: n,
          instances: total,
          seconds: r.seconds,
          instancesPerSecond: total / r.seconds,
          stepsPerSecond: (total * n) / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
        };
        data[`steps${n}`] = result;
        console.log(`process of ${n} steps`, result);
        figures.push({
          name: `${n}-step process instances/s`,
          value: result.instancesPerSecond,
          unit: '/s',
          kind: 'rate',
        });
      }
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
