/**
 * `npm run bench`: the engine's benchmarks against the local PostgreSQL and Redis, each
 * scenario on its own schema and Redis prefix, with pgbench run on the same PostgreSQL at the
 * start and at the end, so every rate and latency is also reported as a ratio to pgbench and
 * compares across machines. Never asserted in tests.
 *
 *   npm run bench                                   # full scale (about 30 to 45 minutes)
 *   npm run bench -- --quick                        # every figure at scale 0.01 on one shared bench engine, within 3 minutes
 *   BENCH_SCALE=0.02 npm run bench                  # another scale
 *   npm run bench -- --only inbox,timers            # some scenarios (keys below)
 *
 * A run at scale 1 writes engine/bench/results/<time>[-<scenarios>].json after every scenario
 * (a stopped run keeps what it measured); a full run (every scenario) also latest.json and the
 * table in docs/benchmarks.md between its markers (`--write-docs` for a partial run). Smaller
 * scales write bench-results/engine-latest.json (not committed), a quick run also
 * bench-results/quick-<time>.json, to compare a change with the run before it. Each figure
 * carries the load average when its scenario ended: on a shared machine compare the ratios to
 * pgbench, measured in the same run, rather than the raw figures.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { DATABASE_URL, closeSharedBench, shareBench, type Figure, type Scenario } from './lib.ts';
import { runPgbench, type Pgbench } from './pgbench.ts';
import { core } from './scenarios/core.ts';
import { engines } from './scenarios/engines.ts';
import { historySize } from './scenarios/history.ts';
import { inbox } from './scenarios/inbox.ts';
import { memory } from './scenarios/memory.ts';
import { plugins } from './scenarios/plugins.ts';
import { processSize } from './scenarios/steps.ts';
import { soak } from './scenarios/soak.ts';
import { timers } from './scenarios/timers.ts';

const SCENARIOS: Scenario[] = [
  memory,
  core,
  processSize,
  engines,
  historySize,
  inbox,
  timers,
  plugins,
  soak,
];

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const QUICK = process.argv.includes('--quick');
const SCALE = Number(arg('--scale') ?? process.env.BENCH_SCALE ?? (QUICK ? 0.01 : 1));
const ONLY = arg('--only')?.split(',');
const PGBENCH_SECONDS = Number(process.env.BENCH_PGBENCH_SECONDS ?? (QUICK ? 3 : 20));
const PGBENCH_SCALE = QUICK ? 1 : 10;
const full = SCALE === 1;
const writeDocs = (full && !ONLY) || process.argv.includes('--write-docs');

interface Row extends Figure {
  scenario: string;
  /** the 1-minute load average when the scenario ended */
  load: number;
  /** rate / pgbench tps, or latency / pgbench mean latency */
  vsPgbench: number | null;
}

interface Output {
  at: string;
  scale: number;
  /** the whole run's wall time, pgbench included */
  seconds: number;
  machine: {
    cpus: number;
    model: string | undefined;
    memoryMB: number;
    node: string;
    postgres: string;
    loadavgStart: number[];
    loadavgEnd: number[];
  };
  pgbench: { start: Pgbench; end: Pgbench; mean: { tps: number; latencyMs: number } };
  figures: Row[];
  results: Record<string, unknown>;
}

function ratio(f: Figure, pgb: { tps: number; latencyMs: number }): number | null {
  if (f.kind === 'rate') return f.value / pgb.tps;
  if (f.kind === 'latency') return f.value / pgb.latencyMs;
  return null;
}

const fmt = (v: number, digits = v >= 100 ? 0 : v >= 10 ? 1 : 2) =>
  v.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

function table(rows: Row[], out: Output): string {
  const pgb = out.pgbench.mean;
  const lines = [
    `Run ${out.at}, scale ${out.scale}, ${out.machine.cpus} × ${out.machine.model}, ` +
      `${Math.round(out.machine.memoryMB / 1024)} GB, ${out.machine.postgres}, Node ${out.machine.node}; ` +
      `load average ${out.machine.loadavgStart.map((x) => x.toFixed(2)).join(' / ')} at the start and ` +
      `${out.machine.loadavgEnd.map((x) => x.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min); ` +
      `it took ${fmt(out.seconds, 0)} s (${Object.entries(out.results)
        .map(([k, v]) => `${k} ${fmt((v as { seconds: number }).seconds, 0)} s`)
        .join(', ')}).`,
    '',
    `pgbench (scale ${out.pgbench.start.scale}, ${out.pgbench.start.clients} clients, ${out.pgbench.start.threads} threads, ` +
      `${out.pgbench.start.seconds} s, simple update \`-N\`): ${fmt(out.pgbench.start.tps)} TPS at the start, ` +
      `${fmt(out.pgbench.end.tps)} at the end; the ratios use the mean, ${fmt(pgb.tps)} TPS and ${fmt(pgb.latencyMs, 2)} ms per transaction.`,
    '',
    '| scenario | figure | value | × pgbench | load |',
    '| -------- | ------ | ----- | --------- | ---- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.name} | ${fmt(r.value)}${r.unit ? ` ${r.unit}` : ''} | ${
          r.vsPgbench === null ? '—' : fmt(r.vsPgbench, 3)
        } | ${r.load.toFixed(1)} |`,
    ),
    '',
    '“× pgbench”: a rate divided by pgbench’s transactions per second (instances per pgbench transaction), a latency divided by pgbench’s mean transaction latency (how many pgbench transactions long it is). “load”: the 1-minute load average when the scenario ended.',
  ];
  return lines.join('\n');
}

async function postgresVersion(): Promise<string> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  const v = (await c.query(`SHOW server_version`)).rows[0].server_version as string;
  await c.end();
  return `PostgreSQL ${v.split(' ')[0]}`;
}

async function main() {
  const at = new Date().toISOString();
  const began = performance.now();
  const loadavgStart = loadavg();
  const chosen = SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.key));
  if (ONLY && chosen.length !== ONLY.length)
    throw new Error(`unknown scenario; known: ${SCENARIOS.map((s) => s.key).join(', ')}`);
  console.log(`bench: scale ${SCALE}, scenarios ${chosen.map((s) => s.key).join(', ')}`);
  const start = await runPgbench(PGBENCH_SECONDS, PGBENCH_SCALE);
  console.log('pgbench', start);
  const results: Record<string, unknown> = {};
  const figures: { scenario: string; figure: Figure; load: number }[] = [];
  const file = full
    ? `${ROOT}engine/bench/results/${at.replace(/[:.]/g, '-')}${ONLY ? `-${ONLY.join('-')}` : ''}.json`
    : `${ROOT}bench-results/engine-latest.json`;
  await mkdir(dirname(file), { recursive: true });
  // a quick run's scenarios share one bench engine (lib.ts)
  if (QUICK) shareBench();
  for (const s of chosen) {
    const t0 = performance.now();
    const r = await s.run(SCALE);
    results[s.key] = { ...r.data, seconds: (performance.now() - t0) / 1000, loadavg: loadavg() };
    for (const f of r.figures) figures.push({ scenario: s.key, figure: f, load: loadavg()[0]! });
    // what is measured is kept even if a later scenario fails or the run is stopped
    await writeFile(
      file,
      JSON.stringify(
        { at, scale: SCALE, partial: true, pgbench: { start }, results, figures },
        null,
        2,
      ),
    );
  }
  await closeSharedBench();
  const end: Pgbench = await runPgbench(PGBENCH_SECONDS, PGBENCH_SCALE);
  console.log('pgbench', end);
  const mean = { tps: (start.tps + end.tps) / 2, latencyMs: (start.latencyMs + end.latencyMs) / 2 };
  const rows: Row[] = figures.map(({ scenario, figure, load }) => ({
    scenario,
    load,
    ...figure,
    vsPgbench: ratio(figure, mean),
  }));
  const out: Output = {
    at,
    scale: SCALE,
    seconds: (performance.now() - began) / 1000,
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      memoryMB: Math.round(totalmem() / 1024 / 1024),
      node: process.version,
      postgres: await postgresVersion(),
      loadavgStart,
      loadavgEnd: loadavg(),
    },
    pgbench: { start, end, mean },
    figures: rows,
    results,
  };
  const json = JSON.stringify(out, null, 2);
  await writeFile(file, json);
  if (QUICK) await writeFile(`${ROOT}bench-results/quick-${at.replace(/[:.]/g, '-')}.json`, json);
  if (full && !ONLY) await writeFile(`${ROOT}engine/bench/results/latest.json`, json);
  console.log(`wrote ${file}`);
  const md = table(rows, out);
  console.log(md);
  if (writeDocs) {
    const path = `${ROOT}docs/benchmarks.md`;
    const doc = await readFile(path, 'utf8');
    const begin = '<!-- bench:results:start -->';
    const stop = '<!-- bench:results:end -->';
    const i = doc.indexOf(begin);
    const j = doc.indexOf(stop);
    if (i < 0 || j < i) throw new Error(`docs/benchmarks.md lacks the ${begin} … ${stop} markers`);
    await writeFile(path, `${doc.slice(0, i + begin.length)}\n\n${md}\n\n${doc.slice(j)}`);
    // the page stays as `npm test` checks it (format:check)
    await promisify(execFile)('npx', ['prettier', '--write', path], { cwd: ROOT });
    console.log('wrote the table into docs/benchmarks.md');
  }
}

await main();
