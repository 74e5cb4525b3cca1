/**
 * Why plugin-backed service cases fall behind under mixed load (the soak's finding of
 * 2026-12-06): the soak's load for `seconds` on one engine process, sampling the `plugged`
 * cases' job rows every 5 s, then the time until every started case has completed.
 *
 *   npx tsx engine/bench/plugin-probe.ts [seconds, default 60] [built dir]
 *
 * The load is the soak's (soak.ts `mixedStep`). The cases call a stub server (soak.ts
 * `stubTarget`); `PROBE_TARGET=ready` makes them call the engine's own `/api/ready` as the soak
 * did before (then rate limited: 429s, then incidents; no longer limited since), and
 * `ONLY_PLUGIN=1` starts only plugin cases.
 */
import { cp } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DATABASE_URL, definitions, dropSchema, writeDefinitions } from './lib.ts';
import { startProcess, stop } from './processes.ts';
import { mixedStep, plugged, stubTarget } from './scenarios/soak.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECONDS = Number(process.argv[2] ?? 60);
const BUILT = process.argv[3];
const ONLY_PLUGIN = process.env.ONLY_PLUGIN === '1';
const target = await stubTarget();

const schema = `bench_pprobe_${Date.now()}`;
const dir = await writeDefinitions({ ...definitions, 'processes/plugged/v1.json': plugged });
await cp(join(ROOT, 'definitions'), dir, { recursive: true, force: false });
const { url, child } = await startProcess(
  schema,
  dir,
  BUILT ? join(BUILT, 'plugins') : join(ROOT, 'plugins'),
  BUILT ? { built: BUILT } : {},
);
let err = '';
child.stderr!.on('data', (d) => (err += d));
const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
const t0 = performance.now();
const at = () => ((performance.now() - t0) / 1000).toFixed(1);
async function sample(label: string) {
  const r = await db.query(
    `SELECT i.status AS case, j.status AS job, j.attempt, j.due_at > now() AS later, count(*)::int AS n
       FROM ${schema}.instances i LEFT JOIN ${schema}.jobs j ON j.instance_id = i.id
      WHERE i.process_id = 'plugged' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
  );
  const other = await db.query(
    `SELECT kind, status, count(*)::int AS n FROM ${schema}.jobs j
      WHERE NOT EXISTS (SELECT 1 FROM ${schema}.instances i WHERE i.id = j.instance_id AND i.process_id = 'plugged')
      GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  console.log(
    label,
    at(),
    'load',
    loadavg()[0],
    JSON.stringify(
      r.rows.map((x) => `${x.case}/${x.job}/a${x.attempt}/${x.later ? 'later' : 'due'}:${x.n}`),
    ),
    JSON.stringify(other.rows.map((x) => `${x.kind}/${x.status}:${x.n}`)),
  );
}
const ops: Record<string, number> = {};
const deadline = performance.now() + SECONDS * 1000;
const mixed = mixedStep({
  url,
  db,
  schema,
  target: process.env.PROBE_TARGET === 'ready' ? `${url}/api/ready` : target.url,
});
const step = (kind: number, n: number) => mixed(ONLY_PLUGIN ? 5 : kind, n);
try {
  const sampler = setInterval(() => void sample('during').catch(() => undefined), 5_000);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < deadline) {
        const n = next++;
        const k = await step(n % 6, n);
        ops[k] = (ops[k] ?? 0) + 1;
      }
    }),
  );
  console.log('ops', JSON.stringify(ops));
  const loadEnd = performance.now();
  for (;;) {
    await sample('after');
    const r = await db.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM ${schema}.instances WHERE process_id = 'plugged' AND status <> 'completed'`,
    );
    if (r.rows[0]!.open === 0 || performance.now() - loadEnd > 180_000) {
      console.log(
        'open',
        r.rows[0]!.open,
        'drained in',
        ((performance.now() - loadEnd) / 1000).toFixed(1),
        's',
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  clearInterval(sampler);
  const errs = await db.query(
    `SELECT left(last_error, 200) AS e, count(*)::int AS n FROM ${schema}.jobs WHERE last_error IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 5`,
  );
  console.log('errors', errs.rows);
  const inc = await db.query(`SELECT count(*)::int AS n FROM ${schema}.incidents`);
  console.log('incidents', inc.rows[0], 'target calls', target.calls());
} finally {
  await db.end();
  await target.close();
  await stop(child);
  await dropSchema(schema);
  console.log('stderr tail', err.slice(-3000));
}
process.exit(0);
