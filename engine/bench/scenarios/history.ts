/**
 * Instances per second as history grows: the straight-through process measured on an empty
 * schema, then again after 1,000,000 completed instances (with their history rows) were
 * seeded into the same tables by cloning a completed instance with generate_series. The clones
 * get UUIDs and case references spread as real ones are (clone.ts), so a new case's index
 * entries land among theirs. Besides instances/s, the blocks PostgreSQL read from outside its
 * shared buffers (pg_statio, this schema's tables and indexes) per instance: it grows when the
 * pages a step writes no longer stay in the cache. The CPU load does not move it, but other
 * work on the same PostgreSQL (128 MB of shared buffers for every database) evicts its pages.
 * Then the archive sweep moves every closed case to the archive tables (migration 025) and the
 * same run is measured a third time: the live tables hold the new cases only again.
 */
import { cloneInstance } from '../clone.ts';
import {
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
    'straight-through instances/s on an empty database, with 1,000,000 completed instances (seeded with SQL) and with them archived',
  async run(scale) {
    const b = await startBench('history');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    try {
      // PostgreSQL flushes a backend's statistics at most once a second
      const blocksRead = async () => {
        await new Promise((r) => setTimeout(r, 1_500));
        const r = await b.db.query<{ n: string }>(
          `SELECT sum(heap_blks_read + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0)
             + coalesce(tidx_blks_read, 0)) AS n
           FROM pg_statio_user_tables WHERE schemaname = current_schema()`,
        );
        return Number(r.rows[0]!.n);
      };
      const measure = async () => {
        const total = scaled(3000, scale, 200);
        const before = await blocksRead();
        const r = await load(total, 32, (i) => startStraight(b.base, 'straight', i));
        return {
          instances: total,
          instancesPerSecond: total / r.seconds,
          p50ms: pct(r.latencies, 50),
          p99ms: pct(r.latencies, 99),
          blocksReadPerInstance: ((await blocksRead()) - before) / total,
        };
      };
      // warm-up (JIT, plans, pool); a quick run (`--quick`) warms up less
      await load(scale < 0.05 ? 50 : 200, 16, (i) => startStraight(b.base, 'straight', i));
      const empty = await measure();
      data.empty = empty;
      console.log('history: empty', empty);
      figures.push({
        name: 'straight-through instances/s, empty database',
        value: empty.instancesPerSecond,
        unit: '/s',
        kind: 'rate',
      });
      figures.push({
        name: 'blocks read outside shared buffers per instance, empty database',
        value: empty.blocksReadPerInstance,
        unit: '',
        kind: 'count',
      });
      const template = await http(`${b.base}/api/instances`, 'POST', {
        processId: 'straight',
        variables: { n: 0 },
      });
      const seeded = scaled(1_000_000, scale, 1000);
      const seconds = await cloneInstance(b.db, template.body.id as string, 'done-', seeded, [], {
        uuids: true,
      });
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
      const n = seeded.toLocaleString('en');
      figures.push({
        name: `straight-through instances/s, ${n} completed instances in the live tables`,
        value: after.instancesPerSecond,
        unit: '/s',
        kind: 'rate',
      });
      figures.push({
        name: `blocks read outside shared buffers per instance, ${n} completed instances in the live tables`,
        value: after.blocksReadPerInstance,
        unit: '',
        kind: 'count',
      });
      // The archive sweep's move (effects/archive.ts: batches of 500 cases, one transaction
      // each) of every closed case, then the VACUUM autovacuum would run on the live tables the
      // first move of a backlog empties (a sweep every few minutes moves only what closed since).
      const m0 = performance.now();
      let archived = 0;
      for (;;) {
        const r = await b.db.query<{ ids: string[] }>(
          `SELECT caseway_archive_cases(now() + interval '1 minute', 500, now()) AS ids`,
        );
        archived += r.rows[0]!.ids.length;
        if (r.rows[0]!.ids.length < 500) break;
      }
      const archiveSeconds = (performance.now() - m0) / 1000;
      const v0 = performance.now();
      await b.db.query(
        `VACUUM (ANALYZE) history, tasks, jobs, incidents, subscriptions, sla_clocks, sla_clock_events, case_search_terms, instances`,
      );
      const vacuumSeconds = (performance.now() - v0) / 1000;
      data.archive = { cases: archived, seconds: archiveSeconds, vacuumSeconds };
      console.log('history: archived', data.archive);
      const archivedRun = await measure();
      data.archived = archivedRun;
      console.log('history: with the completed instances archived', archivedRun);
      figures.push({
        name: `archive sweep, closed cases moved per second (${archived.toLocaleString('en')} cases)`,
        value: archived / archiveSeconds,
        unit: '/s',
        kind: 'count',
      });
      figures.push({
        name: `straight-through instances/s, ${n} completed instances archived`,
        value: archivedRun.instancesPerSecond,
        unit: '/s',
        kind: 'rate',
      });
      figures.push({
        name: `blocks read outside shared buffers per instance, ${n} completed instances archived`,
        value: archivedRun.blocksReadPerInstance,
        unit: '',
        kind: 'count',
      });
    } finally {
      await b.close();
    }
    return { data, figures };
  },
};
