/**
 * Memory of the engine process (RSS and V8 heap after garbage collection, in a fresh Node
 * process each): with no definitions, with every shipped definition and plugin loaded, and
 * with 1,000 versions of a 20-step process and its form.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { ackForm, dropSchema, scaled, steps, writeDefinitions, type Scenario } from '../lib.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

async function probe(definitionsDir: string, pluginsDir: string) {
  const schema = `bench_memory_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--expose-gc',
        '--import',
        'tsx',
        'engine/bench/memory-probe.ts',
        definitionsDir,
        pluginsDir,
        schema,
      ],
      { cwd: ROOT, maxBuffer: 1 << 20 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      definitions: number;
      versions: number;
      problems: number;
      rss: number;
      heapUsed: number;
    };
  } finally {
    await dropSchema(schema);
  }
}

const MB = 1024 * 1024;

export const memory: Scenario = {
  key: 'memory',
  title:
    'engine process RSS and heap after GC: no definitions, all shipped definitions and plugins, 1,000 definition versions',
  async run(scale) {
    const empty = await writeDefinitions({});
    const none = join(empty, 'no-plugins');
    const versions = scaled(1000, scale, 50);
    const files: Record<string, unknown> = { 'forms/ack/v1.json': ackForm };
    for (let v = 1; v <= versions; v++) files[`processes/big/v${v}.json`] = steps('big', 20, v);
    const many = await writeDefinitions(files);
    // a quick run (`--quick`) starts the three processes at once: each measures only itself
    const probes = [
      () => probe(empty, none),
      () => probe(join(ROOT, 'definitions'), join(ROOT, 'plugins')),
      () => probe(many, none),
    ];
    const [emptyR, shippedR, versionsR] =
      scale < 0.05
        ? await Promise.all(probes.map((p) => p()))
        : [await probes[0]!(), await probes[1]!(), await probes[2]!()];
    const data = { empty: emptyR!, shipped: shippedR!, versions: versionsR! };
    for (const [k, v] of Object.entries(data)) console.log(`memory: ${k}`, v);
    if (data.versions.versions < versions + 1)
      throw new Error(`only ${data.versions.versions} versions loaded`);
    return {
      data,
      figures: [
        { name: 'RSS, no definitions', value: data.empty.rss / MB, unit: 'MB', kind: 'memory' },
        {
          name: `RSS, shipped definitions (${data.shipped.versions} versions) and plugins`,
          value: data.shipped.rss / MB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `heap, shipped definitions and plugins`,
          value: data.shipped.heapUsed / MB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `RSS, ${versions.toLocaleString('en')} versions of a 20-step process`,
          value: data.versions.rss / MB,
          unit: 'MB',
          kind: 'memory',
        },
        {
          name: `heap, ${versions.toLocaleString('en')} versions of a 20-step process`,
          value: data.versions.heapUsed / MB,
          unit: 'MB',
          kind: 'memory',
        },
      ],
    };
  },
};
