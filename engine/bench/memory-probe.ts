/**
 * Run by the memory scenario in a fresh Node process (`--expose-gc`): starts an engine with
 * the definitions and plugins folders it is given, lets it settle, collects garbage and prints
 * `process.memoryUsage()` as one JSON line, then closes.
 *
 *   node --expose-gc --import tsx engine/bench/memory-probe.ts <definitionsDir> <pluginsDir> <schema>
 */
import { configFromEnv, createEngine } from '../src/index.ts';
import { DATA_KEYS, DATABASE_URL, REDIS_URL } from './lib.ts';

const [definitionsDir, pluginsDir, schema] = process.argv.slice(2) as [string, string, string];
const engine = await createEngine({
  ...configFromEnv({}),
  databaseUrl: DATABASE_URL,
  databaseSchema: schema,
  redisUrl: REDIS_URL,
  redisPrefix: schema,
  port: 0,
  definitionsDir,
  pluginsDir,
  logLevel: 'silent',
  dataKeys: DATA_KEYS,
});
await engine.listen();
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
for (let i = 0; i < 3; i++) {
  gc();
  await new Promise((r) => setTimeout(r, 300));
}
const m = process.memoryUsage();
console.log(
  JSON.stringify({
    definitions: engine.registry.list().length,
    versions: engine.registry
      .list()
      .reduce((n, d) => n + engine.registry.versionsOf(d.kind, d.id).length, 0),
    problems: engine.registry.problems.length,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
  }),
);
await engine.close();
