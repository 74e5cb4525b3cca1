/**
 * `npm run plugin:new -- <name>`: creates a plugin that loads and passes its test as it is:
 * plugins/<name>/{package.json, plugin.json, src/index.ts, src/types.generated.ts, README.md}
 * and tests/plugins/<name>.test.ts. Then edit plugin.json, run `npm run gen`, fill in the
 * handlers. `--plugins <dir>` and `--tests <dir>` write elsewhere (the scaffold's own test).
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { pluginTypesSource } from './gen-types-lib.ts';

export interface ScaffoldOptions {
  name: string;
  pluginsDir: string;
  testsDir: string;
}

const pretty = (text: string, parser: 'typescript' | 'json' | 'markdown') =>
  format(text, { parser, singleQuote: true, printWidth: 100 });

/** Writes the plugin and its test; returns the files written. Refuses an existing folder. */
export async function scaffoldPlugin(o: ScaffoldOptions): Promise<string[]> {
  if (!/^[a-z][a-z0-9-]*$/.test(o.name))
    throw new Error(`plugin names are lower-case letters, digits and hyphens: ${o.name}`);
  const dir = join(o.pluginsDir, o.name);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${dir} already exists`);
  const manifest = {
    name: o.name,
    version: '0.1.0',
    engine: '^0.1.0',
    description: { 'zh-Hant': `${o.name} 外掛`, en: `The ${o.name} plugin` },
    main: 'src/index.ts',
    config: {
      type: 'object',
      additionalProperties: false,
      properties: { greeting: { type: 'string', default: 'Hello' } },
    },
    secrets: { type: 'object', additionalProperties: false, properties: {} },
    actions: {
      hello: {
        description: { 'zh-Hant': '打招呼', en: 'Say hello' },
        idempotent: true,
        input: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1 } },
        },
        output: {
          type: 'object',
          additionalProperties: false,
          required: ['message'],
          properties: { message: { type: 'string' } },
        },
      },
    },
  };
  const files: [string, string][] = [
    [
      join(dir, 'package.json'),
      await pretty(
        JSON.stringify({
          name: `@caseway/plugin-${o.name}`,
          private: true,
          version: '0.1.0',
          type: 'module',
          exports: { '.': './src/index.ts' },
          dependencies: { '@caseway/plugin-sdk': '0.1.0' },
        }),
        'json',
      ),
    ],
    [join(dir, 'plugin.json'), await pretty(JSON.stringify(manifest), 'json')],
    [join(dir, 'src/types.generated.ts'), await pluginTypesSource(manifest, dir)],
    [
      join(dir, 'src/index.ts'),
      await pretty(
        `/** The ${o.name} plugin: see README.md. */
import { definePlugin } from '@caseway/plugin-sdk';
import type { Types } from './types.generated.ts';

export default definePlugin<Types>({
  actions: {
    async hello(input, ctx) {
      // input, ctx.config and ctx.secrets are typed from plugin.json (npm run gen)
      return { message: \`\${ctx.config.greeting ?? 'Hello'}, \${input.name}\` };
    },
  },
});
`,
        'typescript',
      ),
    ],
    [
      join(dir, 'README.md'),
      await pretty(
        `# ${o.name} plugin

What it does, for whom. Configuration (\`PUT /api/plugins/${o.name}/config\`), secrets
(\`PUT /api/plugins/${o.name}/secrets\`), each action's input and output, and an example
service task:

\`\`\`json
{ "id": "greet", "type": "serviceTask", "action": "${o.name}/hello", "input": { "name": "customerName" }, "output": { "greeting": "result.message" } }
\`\`\`
`,
        'markdown',
      ),
    ],
    [
      join(o.testsDir, `${o.name}.test.ts`),
      await pretty(
        `import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

const greet = process(
  'greet',
  [start(), service('hello', '${o.name}/hello', { input: { name: 'name' }, output: { message: 'result.message' } }), end()],
  [
    ['start', 'hello'],
    ['hello', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(greet),
    pluginsDir: fileURLToPath(new URL('../../plugins', import.meta.url)),
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('${o.name}', () => {
  it('says hello with the configured greeting', async () => {
    expect((await t.api('PUT', '/api/plugins/${o.name}/config', { config: { greeting: 'Hi' } })).status).toBe(204);
    const i = await startInstance(t, 'greet', { name: 'Mei' });
    expect((await untilStatus(t, i.id, 'completed')).variables).toMatchObject({ message: 'Hi, Mei' });
  });
});
`,
        'typescript',
      ),
    ],
  ];
  for (const [path, content] of files) {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  return files.map(([p]) => p);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { plugins: { type: 'string' }, tests: { type: 'string' } },
  });
  const name = positionals[0];
  if (!name) {
    console.error('usage: npm run plugin:new -- <name>');
    process.exit(1);
  }
  const written = await scaffoldPlugin({
    name,
    pluginsDir: values.plugins ?? join(root, 'plugins'),
    testsDir: values.tests ?? join(root, 'tests/plugins'),
  });
  for (const f of written) console.log(`wrote ${relative(root, f)}`);
  console.log('next: npm install (links the workspace), edit plugin.json, npm run gen');
}
