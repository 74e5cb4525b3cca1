/**
 * Instances per second as history grows: the straight-through process measured on an empty
 * schema, then again after 1,000,000 completed instances (with their history rows) were
 * seeded into the same tables by cloning a completed instance with generate_series.
 */
import {
  cloneInstance,
  http,
  load,
  pct,
  scaled,
  startBench,
  startStraight,
  type Figure,
  type Scenario,
} from '../lib.ts';

export const historySize: Scenario = {
  key: 'historySize',
  title:
    'straight-through instances/s on an empty database and with 1,000,000 completed instances (seeded with SQL)',
  async run(scale) {
    const b = await startBench('history');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    try {
      const measure = async () => {
        const total = scaled(3000, scale, 200);
        const r = await load(total, 32, (i) => startStraight(b.base, 'straight', i));
        return {
          instances: total,
          instancesPerSecond: total / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
        };
      };
      await load(200, 16, (i) => startStraight(b.base, 'straight', i));
      const empty = await measure();
      data.empty = empty;
      console.log('history: empty', empty);
      figures.push({
        name: 'straight-through instances/s, empty database',
        value: empty.instancesPerSecond,
        unit: '/s',
        kind: 'rate',
      });
      const template = await http(`${b.base}/api/instances`, 'POST', {
        processId: 'straight',
        variables: { n: 0 },
      });
      const seeded = scaled(1_000_000, scale, 1000);
      const seconds = await cloneInstance(b.db, template.body.id as string, 'done-', seeded);
      const rows = (
        await b.db.query(
          `SELECT (SELECT count(*) FROM instances)::int AS instances, (SELECT count(*) FROM history)::int AS history`,
        )
      ).rows[0];
      data.seed = { completedInstances: seeded, seconds, ...rows };
      console.log('history: seeded', data.seed);
      const after = await measure();
      data.seeded = after;
      console.log('history: with the completed instances', after);
      figures.push({
        name: `straight-through instances/s, ${seeded.toLocaleString('en')} completed instances`,
        value: after.instancesPerSecond,
        unit: '/s',
        kind: 'rate',
      });
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
