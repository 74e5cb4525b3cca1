/**
 * Plugin versions side by side (issue 22, versions): during an upgrade two versions of one
 * plugin are loaded; a service task's `<plugin>/<action>` reaches the highest, a pinned
 * `<plugin>@<range>/<action>` the highest its semver range allows; each major version keeps its
 * own settings (`<name>@<major>`), those stored before versions standing in until it has them;
 * a range no loaded version satisfies is a problem when definitions load and in validation.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../fixtures/versions', import.meta.url));

const greets = (id: string, action: string) =>
  process(
    id,
    [
      start(),
      service('hello', action, {
        input: { name: 'name' },
        output: { greeting: 'result.text', version: 'result.version' },
        retry: { attempts: 1 },
      }),
      end(),
    ],
    [
      ['start', 'hello'],
      ['hello', 'end'],
    ],
  );

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(
      greets('latest', 'greeter/hello'),
      greets('pinned', 'greeter@^1.2/hello'),
      greets('exact', 'greeter@2.0.0/hello'),
      greets('beyond', 'greeter@^3/hello'),
    ),
    pluginsDir: PLUGINS,
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('two versions of a plugin', () => {
  it('are both loaded, each with the settings of its major version', async () => {
    const res = await t.api('GET', '/api/plugins');
    expect(res.body.problems).toEqual([]);
    expect(
      res.body.items.map((p: { name: string; version: string; settingsKey: string }) => [
        p.name,
        p.version,
        p.settingsKey,
      ]),
    ).toEqual([
      ['greeter', '1.4.0', 'greeter@1'],
      ['greeter', '2.0.0', 'greeter@2'],
    ]);
  });

  it('reads the settings stored before versions until a major has its own', async () => {
    // Given settings stored under the plain name (an engine before versions wrote them)
    await t.sql(
      `INSERT INTO plugin_settings (plugin, config, secrets, updated_at, updated_by)
       VALUES ('greeter', '{"prefix":"Hi "}', '{"token":"enc-before-versions"}', now(), 'admin')`,
    );
    // Then version 1 reads them; version 2, whose configuration differs, does not fit them
    const { items } = (await t.api('GET', '/api/plugins')).body;
    expect(items.map((p: { configured: boolean }) => p.configured)).toEqual([true, false]);
    expect(items[1].problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/config/salutation' })]),
    );

    // When an administrator configures version 2 by its major
    const bad = await t.api('PUT', '/api/plugins/greeter@2/config', { config: { prefix: 'x' } });
    expect(bad.status).toBe(400);
    expect(
      (await t.api('PUT', '/api/plugins/greeter@2/config', { config: { salutation: 'Dear' } }))
        .status,
    ).toBe(204);

    // Then each major has its settings; the plain name is the highest version's
    expect((await t.api('GET', '/api/plugins/greeter/settings')).body.config).toEqual({
      salutation: 'Dear',
    });
    expect((await t.api('GET', '/api/plugins/greeter@1/settings')).body.config).toEqual({
      prefix: 'Hi ',
    });
    expect((await t.api('GET', '/api/plugins/greeter@1.4.0/settings')).body.config).toEqual({
      prefix: 'Hi ',
    });
    const rows = await t.sql(`SELECT plugin, secrets FROM plugin_settings ORDER BY plugin`);
    expect(rows.map((r) => r.plugin)).toEqual(['greeter', 'greeter@2']);
    // the major's first row kept the secrets stored before versions
    expect(rows[1].secrets).toEqual({ token: 'enc-before-versions' });
    expect((await t.api('GET', '/api/plugins/greeter@3/settings')).status).toBe(404);
    expect((await t.api('GET', '/api/plugins/greeter@x/settings')).status).toBe(400);
  });

  it('runs an unpinned action on the highest version and a pinned one on its range', async () => {
    const runs = async (processId: string) => {
      const i = await startInstance(t, processId, { name: 'Mei' });
      return (await untilStatus(t, i.id, 'completed')).variables;
    };
    expect(await runs('latest')).toMatchObject({ greeting: 'Dear Mei', version: '2.0.0' });
    expect(await runs('pinned')).toMatchObject({ greeting: 'Hi Mei', version: '1.4.0' });
    expect(await runs('exact')).toMatchObject({ version: '2.0.0' });
  });
});

describe('a range no loaded version satisfies', () => {
  it('is a problem when definitions load, naming the versions loaded', async () => {
    const problems = (await t.api('GET', '/api/definitions/problems')).body.items as {
      code: string;
      file: string;
      pointer: string;
      message: string;
    }[];
    const beyond = problems.filter((p) => p.file.includes('beyond'));
    expect(beyond).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/nodes/1/action',
        message:
          'no loaded version of greeter/hello is in the range ^3 (loaded: 1.4.0, 2.0.0); change the range or load a version in it',
      }),
    ]);
    expect(problems.filter((p) => !p.file.includes('beyond'))).toEqual([]);
  });

  it('is a problem in validation, in the caller’s language', async () => {
    const body = greets('draft', 'greeter@~1.3/hello');
    const res = await t.api(
      'POST',
      '/api/definitions/validate',
      { kind: 'process', body },
      { lang: 'zh-Hant' },
    );
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/nodes/1/action',
        message: expect.stringContaining('greeter/hello 沒有已載入的版本符合範圍 ~1.3'),
      }),
    ]);
    const fine = await t.api('POST', '/api/definitions/validate', {
      kind: 'process',
      body: greets('draft', 'greeter@>=1.4 <2/hello'),
    });
    expect(fine.body.problems).toEqual([]);
  });
});
