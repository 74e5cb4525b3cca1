/**
 * Plugins reloaded without restarting the engine (issue 22, versions and reload): an
 * administrator changes a plugin in its folder and asks for a reload; the next call runs the
 * new code under the new version, a new plugin folder loads, and a plugin whose new manifest
 * is wrong keeps working in the version that was loaded while the reload says why.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

let dir: string;
let t: TestEngine;

/** Writes a plugin whose `ping` answers `answer` (no imports: it lives outside the repository). */
async function writeCounter(name: string, version: string, answer: string, manifest = {}) {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'plugin.json'),
    JSON.stringify({
      name,
      version,
      engine: '^0.1.0',
      description: { 'zh-Hant': '計數', en: 'Counter' },
      main: 'index.mjs',
      actions: {
        ping: {
          description: { 'zh-Hant': '回應', en: 'Answers' },
          input: { type: 'object' },
          output: {
            type: 'object',
            required: ['answer'],
            properties: { answer: { type: 'string' } },
          },
        },
      },
      ...manifest,
    }),
  );
  await writeFile(
    join(folder, 'index.mjs'),
    `export default { actions: { async ping() { return { answer: ${JSON.stringify(answer)} }; } } };\n`,
  );
}

const pinged = process(
  'pinged',
  [
    start(),
    service('ping', 'counter/ping', {
      output: { answer: 'result.answer' },
      retry: { attempts: 1 },
    }),
    end(),
  ],
  [
    ['start', 'ping'],
    ['ping', 'end'],
  ],
);

const answerOf = async () => {
  const i = await startInstance(t, 'pinged');
  return (await untilStatus(t, i.id, 'completed')).variables.answer;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caseway-reload-'));
  await writeCounter('counter', '1.0.0', 'one');
  t = await startTestEngine({ definitions: files(pinged), pluginsDir: dir });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('reloading plugins', () => {
  it('runs the changed code under its new version after a reload, without a restart', async () => {
    expect(await answerOf()).toBe('one');
    await writeCounter('counter', '1.1.0', 'two');
    await writeCounter('greeter', '0.1.0', 'hello');

    const res = await t.api('POST', '/api/plugins/reload');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      reloaded: [
        { name: 'counter', version: '1.1.0', was: '1.0.0' },
        { name: 'greeter', version: '0.1.0', was: null },
      ],
      problems: [],
    });
    expect(await answerOf()).toBe('two');
    const listed = (await t.api('GET', '/api/plugins')).body.items;
    expect(listed.map((p: { name: string; version: string }) => [p.name, p.version])).toEqual([
      ['counter', '1.1.0'],
      ['greeter', '0.1.0'],
    ]);
  });

  it('keeps the loaded version when the new one is refused, and says why', async () => {
    await writeCounter('counter', '1.2.0', 'three', {
      ui: { fields: { 'config/colour': {} } },
    });
    const res = await t.api('POST', '/api/plugins/reload');
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_PLUGIN_INVALID',
        pointer: '/ui/fields/config~1colour',
      }),
    ]);
    expect(await answerOf()).toBe('two');
    expect((await t.api('GET', '/api/plugins')).body.problems).toEqual(res.body.problems);
  });

  it('is for administrators only', async () => {
    expect(
      (await t.api('POST', '/api/plugins/reload', undefined, { as: 'supervisor' })).status,
    ).toBe(403);
  });
});
