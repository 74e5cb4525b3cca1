/**
 * `npm run plugin:new` makes a plugin that loads and works as it is: the host accepts its
 * manifest, and a process calling its action gets the answer.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaffoldPlugin } from '../../engine/scripts/new-plugin.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

// Inside node_modules, so the new plugin resolves @caseway/plugin-sdk like a real one
const root = fileURLToPath(
  new URL(
    `../../node_modules/.cache/caseway-scaffold-${randomBytes(4).toString('hex')}/`,
    import.meta.url,
  ),
);
const greet = process(
  'greet',
  [
    start(),
    service('hello', 'postcard/hello', {
      input: { name: 'name' },
      output: { message: 'result.message' },
    }),
    end(),
  ],
  [
    ['start', 'hello'],
    ['hello', 'end'],
  ],
);

let written: string[];
let t: TestEngine;
beforeAll(async () => {
  written = await scaffoldPlugin({
    name: 'postcard',
    pluginsDir: join(root, 'plugins'),
    testsDir: join(root, 'tests'),
  });
  t = await startTestEngine({ definitions: files(greet), pluginsDir: join(root, 'plugins') });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
  await rm(root, { recursive: true, force: true });
});

describe('plugin scaffold', () => {
  it('writes a plugin with generated types, a README and a test', async () => {
    expect(written.map((f) => f.slice(root.length)).sort()).toEqual([
      'plugins/postcard/README.md',
      'plugins/postcard/package.json',
      'plugins/postcard/plugin.json',
      'plugins/postcard/src/index.ts',
      'plugins/postcard/src/types.generated.ts',
      'tests/postcard.test.ts',
    ]);
    const types = await readFile(join(root, 'plugins/postcard/src/types.generated.ts'), 'utf8');
    expect(types).toContain('export interface HelloInput');
    await expect(
      scaffoldPlugin({ name: 'postcard', pluginsDir: join(root, 'plugins'), testsDir: root }),
    ).rejects.toThrow(/already exists/);
  });

  it('loads, and its action answers a process', async () => {
    expect((await t.api('GET', '/api/plugins')).body).toMatchObject({
      items: [expect.objectContaining({ name: 'postcard' })],
      problems: [],
    });
    expect(
      (await t.api('PUT', '/api/plugins/postcard/config', { config: { greeting: '你好' } })).status,
    ).toBe(204);
    const i = await startInstance(t, 'greet', { name: 'Mei' });
    expect((await untilStatus(t, i.id, 'completed')).variables).toMatchObject({
      message: '你好, Mei',
    });
  });
});
