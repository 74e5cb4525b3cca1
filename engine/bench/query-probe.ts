/**
 * SQL statements, CPU time and wall time per straight-through instance (start → 3 built-in
 * service tasks → end over HTTP), one instance at a time after a warm-up, counting every query
 * the pg pool sends. Given another checkout's root, it measures that one's engine instead, so a
 * change can be compared before and after on one machine: the statement count does not depend on
 * the machine's load (docs/benchmarks.md). Needs the bench's PostgreSQL and Redis.
 *
 *   npx tsx engine/bench/query-probe.ts [root of a checkout, default this one] [instances]
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] || fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv[3] ?? 200);
const require = createRequire(`${root}/engine/package.json`);
const pg = require('pg') as typeof import('pg');
let count = 0;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  count++;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

const lib = (await import(`${root}/engine/bench/lib.ts`)) as typeof import('./lib.ts');
const b = await lib.startBench('qprobe');
try {
  for (let i = 0; i < 50; i++) await lib.startStraight(b.base, 'straight', i);
  count = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await lib.startStraight(b.base, 'straight', 1000 + i);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - t0;
  console.log(
    `${root}: ${(count / N).toFixed(2)} statements per straight-through instance, ` +
      `${((used.user + used.system) / N / 1000).toFixed(2)} ms CPU (engine and client) and ` +
      `${(ms / N).toFixed(1)} ms wall per instance, one at a time (${N})`,
  );
} finally {
  await b.close();
  process.exit(0);
}
