/**
 * Instances per second as history grows: the straight-through process on an empty schema (A)
 * and on one (B) that holds 1,000,000 completed instances (with their history rows) seeded by
 * cloning a completed instance with generate_series, first in the live tables, then moved by
 * the archive sweep to the archive tables (migration 025). The clones get UUIDs and case
 * references spread as real ones are (clone.ts), so a new case's index entries land among
 * theirs.
 *
 * A and B are two engines of this process, measured in alternating rounds, so both see the
 * same machine: on two cores shared with other work, rounds measured minutes apart differ more
 * than the history does. Before B's rounds the database settles as one that holds these cases
 * for days would have: the tables the seed or the move wrote are vacuumed and analyzed, a
 * checkpoint is written and no autovacuum works on the schema any more. Measured straight after
 * the move instead, autovacuum of the 12 million rows the archive tables just received and the
 * write-back of the move's pages share the cores and the disk with the new cases (the figure
 * "right after the move" keeps that visible).
 *
 * Besides instances/s, the blocks PostgreSQL read from outside its shared buffers (pg_statio,
 * the schema's tables and indexes) per instance: it grows when the pages a step writes no
 * longer stay in the cache. Other work on the same PostgreSQL (128 MB of shared buffers for
 * every database) evicts its pages too.
 */
import type pg from 'pg';
import { cloneInstance } from '../clone.ts';
import {
  http,
  load,
  pct,
  scaled,
  startBench,
  startStraight,
  type Bench,
  type Figure,
  type Scenario,
} from '../lib.ts';

/** The live tables a move empties, and the archive tables it fills. */
export const LIVE = [
  'history',
  'tasks',
  'jobs',
  'incidents',
  'subscriptions',
  'sla_clocks',
  'sla_clock_events',
  'case_search_terms',
];
export const ARCHIVE = LIVE.map((t) => `${t}_archive`);

interface Round {
  instances: number;
  instancesPerSecond: number;
  p50ms: number;
  p99ms: number;
  blocksReadPerInstance: number;
}

/** Blocks read from outside shared buffers by the schema's tables and indexes so far. */
export async function blocksRead(db: pg.Pool): Promise<number> {
  // PostgreSQL flushes a backend's statistics at most once a second
  await new Promise((r) => setTimeout(r, 1_500));
  const r = await db.query<{ n: string }>(
    `SELECT sum(heap_blks_read + coalesce(idx_blks_read, 0) + coalesce(toast_blks_read, 0)
       + coalesce(tidx_blks_read, 0)) AS n
     FROM pg_statio_user_tables WHERE schemaname = current_schema()`,
  );
  return Number(r.rows[0]!.n);
}

async function measure(b: Bench, total: number, first: number): Promise<Round> {
  const before = await blocksRead(b.db);
  const r = await load(total, 32, (i) => startStraight(b.base, 'straight', first + i));
  return {
    instances: total,
    instancesPerSecond: total / r.seconds,
    p50ms: pct(r.latencies, 50),
    p99ms: pct(r.latencies, 99),
    blocksReadPerInstance: ((await blocksRead(b.db)) - before) / total,
  };
}

/** Totals over rounds: instances over their summed seconds, the median round's latencies. */
function total(rounds: Round[]): Round {
  const n = rounds.reduce((s, r) => s + r.instances, 0);
  const seconds = rounds.reduce((s, r) => s + r.instances / r.instancesPerSecond, 0);
  const mid = [...rounds].sort((x, y) => x.p50ms - y.p50ms)[rounds.length >> 1]!;
  return {
    instances: n,
    instancesPerSecond: n / seconds,
    p50ms: mid.p50ms,
    p99ms: mid.p99ms,
    blocksReadPerInstance:
      rounds.reduce((s, r) => s + r.blocksReadPerInstance * r.instances, 0) / n,
  };
}

/**
 * What days of a running database do after a bulk write: VACUUM (ANALYZE) of the tables it
 * wrote, a checkpoint, and no autovacuum or analyze left on the schema. Returns the seconds.
 */
export async function settle(db: pg.Pool, tables: string[]): Promise<number> {
  const t0 = performance.now();
  await db.query(`VACUUM (ANALYZE) ${tables.join(', ')}`);
  await db.query('CHECKPOINT');
  for (;;) {
    const r = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE backend_type = 'autovacuum worker' AND query LIKE '%' || current_schema() || '.%'`,
    );
    if (!r.rows[0]!.n) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  return (performance.now() - t0) / 1000;
}

/**
 * `n` completed straight-through cases in `b`'s live tables: one started through the API, then
 * cloned with SQL (clone.ts, with UUIDs and references spread as real ones are). Returns the
 * clone's seconds.
 */
export async function seedCompleted(b: Bench, n: number): Promise<number> {
  const template = await http(`${b.base}/api/instances`, 'POST', {
    processId: 'straight',
    variables: { n: 0 },
  });
  return cloneInstance(b.db, template.body.id as string, 'done-', n, [], { uuids: true });
}

/**
 * The archive sweep's move (effects/archive.ts: batches of 500 cases, one transaction each) of
 * every closed case; how many it moved and in how many seconds.
 */
export async function archiveAll(db: pg.Pool): Promise<{ cases: number; seconds: number }> {
  const t0 = performance.now();
  let cases = 0;
  for (;;) {
    const r = await db.query<{ ids: string[] }>(
      `SELECT caseway_archive_cases(now() + interval '1 minute', 500, now()) AS ids`,
    );
    cases += r.rows[0]!.ids.length;
    if (r.rows[0]!.ids.length < 500) break;
  }
  return { cases, seconds: (performance.now() - t0) / 1000 };
}

export const historySize: Scenario = {
  key: 'historySize',
  title:
    'straight-through instances/s on an empty database and, in alternating rounds, with 1,000,000 completed instances (seeded with SQL) in the live tables and archived',
  async run(scale) {
    const quick = scale < 0.05;
    const b = await startBench('history');
    // a quick run's scenarios share one engine: there A is B before its seed
    const a = quick ? undefined : await startBench('historyempty');
    const data: Record<string, unknown> = {};
    const figures: Figure[] = [];
    const perRound = scaled(1000, scale, 100);
    const rounds = quick ? 1 : 3;
    let next = 0;
    /** Rounds of A and B in turn; returns both totals. */
    const alternate = async () => {
      const ra: Round[] = [];
      const rb: Round[] = [];
      for (let i = 0; i < rounds; i++) {
        if (a) ra.push(await measure(a, perRound, (next += perRound)));
        rb.push(await measure(b, perRound, (next += perRound)));
      }
      return { empty: a ? total(ra) : undefined, history: total(rb) };
    };
    const rate = (name: string, r: Round) =>
      figures.push(
        {
          name: `straight-through instances/s, ${name}`,
          value: r.instancesPerSecond,
          unit: '/s',
          kind: 'rate',
        },
        {
          name: `blocks read outside shared buffers per instance, ${name}`,
          value: r.blocksReadPerInstance,
          unit: '',
          kind: 'count',
        },
      );
    try {
      // warm-up (JIT, plans, pool); a quick run (`--quick`) warms up less
      for (const x of a ? [a, b] : [b])
        await load(quick ? 50 : 200, 16, (i) => startStraight(x.base, 'straight', (next += 1) + i));
      next += 1000;
      const empty = a
        ? undefined
        : await measure(b, perRound * rounds, (next += perRound * rounds));
      const seeded = scaled(1_000_000, scale, 1000);
      const seconds = await seedCompleted(b, seeded);
      const rows = (
        await b.db.query(
          `SELECT (SELECT count(*) FROM instances)::int AS instances, (SELECT count(*) FROM history)::int AS history`,
        )
      ).rows[0];
      data.seed = {
        completedInstances: seeded,
        seconds,
        settleSeconds: await settle(b.db, ['instances', ...LIVE]),
        ...rows,
      };
      console.log('history: seeded', data.seed);
      const live = await alternate();
      data.live = live;
      console.log('history: with the completed instances in the live tables', live);
      const n = seeded.toLocaleString('en');
      rate('empty database', live.empty ?? empty!);
      rate(`${n} completed instances in the live tables`, live.history);

      // The archive sweep's move of every closed case, then the VACUUM autovacuum would run on
      // the live tables the first move of a backlog empties (a sweep every few minutes moves
      // only what closed since).
      const { cases: archived, seconds: archiveSeconds } = await archiveAll(b.db);
      const v0 = performance.now();
      await b.db.query(`VACUUM (ANALYZE) instances, ${LIVE.join(', ')}`);
      const vacuumSeconds = (performance.now() - v0) / 1000;
      const rightAfter = await measure(b, perRound, (next += perRound));
      const settleSeconds = await settle(b.db, ARCHIVE);
      data.archive = {
        cases: archived,
        seconds: archiveSeconds,
        vacuumSeconds,
        rightAfter,
        settleSeconds,
      };
      console.log('history: archived', data.archive);
      const archivedRuns = await alternate();
      data.archived = archivedRuns;
      console.log('history: with the completed instances archived', archivedRuns);
      figures.push({
        name: `archive sweep, closed cases moved per second (${archived.toLocaleString('en')} cases)`,
        value: archived / archiveSeconds,
        unit: '/s',
        kind: 'count',
      });
      rate(`${n} completed instances archived, right after the move`, rightAfter);
      if (archivedRuns.empty)
        rate('empty database, in turn with the archived rounds', archivedRuns.empty);
      rate(`${n} completed instances archived, settled`, archivedRuns.history);
    } finally {
      await b.close();
      await a?.close();
    }
    return { data, figures };
  },
};
