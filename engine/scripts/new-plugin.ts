/**
 * `npm run plugin:new -- <name>`: creates a plugin that loads and passes its test as it is:
 * plugins/<name>/{package.json, plugin.json, src/index.ts, src/types.generated.ts, README.md}
 * and tests/plugins/<name>.test.ts. Then edit plugin.json, run `npm run gen`, fill in the
 * handlers. `--plugins <dir>` and `--tests <dir>` write elsewhere (the scaffold's own test).
 *
 * `npm run plugin:new -- <name> --out <dir> [--sdk <version or tarball>]` creates instead a
 * plugin of its own, to publish: `<dir>/<name>/` with its package.json (depending on the
 * published `@caseway/plugin-sdk`), tsconfig.json, a build to `dist/`, and a vitest test.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
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
const json = (value: unknown) => pretty(JSON.stringify(value, null, 2), 'json');

/** Refuses a bad name or an existing folder; returns the plugin's folder. */
async function target(name: string, parent: string): Promise<string> {
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new Error(`plugin names are lower-case letters, digits and hyphens: ${name}`);
  const dir = join(parent, name);
  if (
    await stat(dir).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${dir} already exists`);
  return dir;
}

/** The manifest of a new plugin: one `hello` action, a `greeting` setting. */
function starterManifest(name: string, main: string) {
  return {
    name,
    version: '0.1.0',
    engine: '^0.1.0',
    description: { 'zh-Hant': `${name} 外掛`, en: `The ${name} plugin` },
    main,
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
}

const handlerSource = (name: string) =>
  pretty(
    `/** The ${name} plugin: see README.md. */
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
  );

const readmeSource = (name: string, extra = '') =>
  pretty(
    `# ${name} plugin

What it does, for whom. Configuration (\`PUT /api/plugins/${name}/config\`), secrets
(\`PUT /api/plugins/${name}/secrets\`), each action's input and output, and an example
service task:

\`\`\`json
{ "id": "greet", "type": "serviceTask", "action": "${name}/hello", "input": { "name": "customerName" }, "output": { "greeting": "result.message" } }
\`\`\`
${extra}`,
    'markdown',
  );

async function writeAll(files: [string, string][]): Promise<string[]> {
  for (const [path, content] of files) {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
  return files.map(([p]) => p);
}

/** Writes the plugin and its test; returns the files written. Refuses an existing folder. */
export async function scaffoldPlugin(o: ScaffoldOptions): Promise<string[]> {
  const dir = await target(o.name, o.pluginsDir);
  const manifest = starterManifest(o.name, 'src/index.ts');
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
    [join(dir, 'plugin.json'), await json(manifest)],
    [join(dir, 'src/types.generated.ts'), await pluginTypesSource(manifest, dir)],
    [join(dir, 'src/index.ts'), await handlerSource(o.name)],
    [join(dir, 'README.md'), await readmeSource(o.name)],
    [
      join(o.testsDir, `${o.name}.test.ts`),
      await pretty(
        `import { fileURLToPath } from 'node:url';
import { pluginTester } from '@caseway/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../plugins/${o.name}/src/index.ts';
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
  it('answers as the engine would call it (the SDK test kit)', async () => {
    const tester = await pluginTester(plugin, {
      manifest: new URL('../../plugins/${o.name}/plugin.json', import.meta.url),
      config: { greeting: 'Hi' },
    });
    expect(await tester.run('hello', { name: 'Mei' })).toEqual({ message: 'Hi, Mei' });
  });

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
  return writeAll(files);
}

export interface PackageScaffoldOptions {
  name: string;
  /** The folder the plugin's own folder is created in. */
  outDir: string;
  /** The dependency on the SDK: a version range (default: this SDK's) or a packed tarball. */
  sdk?: string;
}

/** Versions of the tools a plugin package builds and tests with: the monorepo's own. */
async function toolVersions(): Promise<Record<string, string>> {
  const root = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { devDependencies: Record<string, string> };
  const pick = ['@types/node', 'typescript', 'vitest'];
  return Object.fromEntries(pick.map((p) => [p, root.devDependencies[p]!]));
}

/**
 * Writes a plugin of its own, outside the monorepo, to build, test and publish: its package
 * ships `plugin.json` and the compiled `dist/`, and depends on the published SDK. Returns the
 * files written; refuses an existing folder.
 */
export async function scaffoldPackage(o: PackageScaffoldOptions): Promise<string[]> {
  const dir = await target(o.name, o.outDir);
  const manifest = starterManifest(o.name, 'dist/index.js');
  const sdkVersion = (
    JSON.parse(
      await readFile(new URL('../../plugins/sdk/package.json', import.meta.url), 'utf8'),
    ) as { version: string }
  ).version;
  const packageJson = {
    name: `caseway-plugin-${o.name}`,
    version: '0.1.0',
    description: manifest.description.en,
    keywords: ['caseway-plugin'],
    type: 'module',
    exports: { '.': './dist/index.js' },
    files: ['dist', 'plugin.json', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: 'vitest run',
      prepack: 'npm run build',
    },
    dependencies: { '@caseway/plugin-sdk': o.sdk ?? `^${sdkVersion}` },
    devDependencies: await toolVersions(),
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      rewriteRelativeImportExtensions: true,
      declaration: true,
      skipLibCheck: true,
      types: ['node'],
      rootDir: 'src',
      outDir: 'dist',
    },
    include: ['src'],
    exclude: ['src/**/*.test.ts'],
  };
  const files: [string, string][] = [
    [join(dir, 'package.json'), await json(packageJson)],
    [join(dir, 'tsconfig.json'), await json(tsconfig)],
    [join(dir, '.gitignore'), 'node_modules/\ndist/\n*.tgz\n'],
    [join(dir, 'plugin.json'), await json(manifest)],
    [join(dir, 'src/types.generated.ts'), await pluginTypesSource(manifest, dir)],
    [join(dir, 'src/index.ts'), await handlerSource(o.name)],
    [
      join(dir, 'src/index.test.ts'),
      await pretty(
        `import { pluginTester } from '@caseway/plugin-sdk/testing';
import { describe, expect, it } from 'vitest';
import plugin from './index.ts';

// the manifest's schemas check config, secrets, input and output, as the engine does
const manifest = new URL('../plugin.json', import.meta.url);

describe('${o.name}', () => {
  it('says hello with the configured greeting', async () => {
    const t = await pluginTester(plugin, { manifest, config: { greeting: 'Hi' } });
    expect(await t.run('hello', { name: 'Mei' })).toEqual({ message: 'Hi, Mei' });
  });

  it('goes to an incident, not a retry, on an input the manifest refuses', async () => {
    const t = await pluginTester(plugin, { manifest });
    expect(await t.outcome('hello', { name: '' })).toMatchObject({
      status: 'incident',
      error: expect.stringMatching(/^CW_ERR_ACTION_INPUT_INVALID/),
    });
  });
});
`,
        'typescript',
      ),
    ],
    [
      join(dir, 'README.md'),
      await readmeSource(
        o.name,
        `
## Develop, test, publish

\`npm install\`, then \`npm test\` (vitest, against the sources) and \`npm run build\` (tsc,
into \`dist/\`, which \`plugin.json\`'s \`main\` names). \`npm publish\` builds first and ships
\`plugin.json\`, \`dist/\` and this README. An engine loads it with
\`PLUGINS=caseway-plugin-${o.name}\` (installed beside the engine) or \`PLUGINS=/path/to/${o.name}\`.
`,
      ),
    ],
  ];
  return writeAll(files);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      plugins: { type: 'string' },
      tests: { type: 'string' },
      out: { type: 'string' },
      sdk: { type: 'string' },
    },
  });
  const name = positionals[0];
  if (!name) {
    console.error('usage: npm run plugin:new -- <name> [--out <dir> [--sdk <range or tarball>]]');
    process.exit(1);
  }
  if (values.out) {
    const written = await scaffoldPackage({
      name,
      outDir: values.out,
      ...(values.sdk ? { sdk: values.sdk } : {}),
    });
    for (const f of written) console.log(`wrote ${f}`);
    console.log(`next: cd ${join(values.out, name)} && npm install && npm test && npm run build`);
  } else {
    const written = await scaffoldPlugin({
      name,
      pluginsDir: values.plugins ?? join(root, 'plugins'),
      testsDir: values.tests ?? join(root, 'tests/plugins'),
    });
    for (const f of written) console.log(`wrote ${relative(root, f)}`);
    console.log('next: npm install (links the workspace), edit plugin.json, npm run gen');
  }
}
