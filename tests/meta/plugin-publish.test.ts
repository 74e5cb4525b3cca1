/**
 * A plugin author outside the monorepo, end to end: the SDK is packed as it would be published
 * (`npm pack`), `npm run plugin:new -- <name> --out <dir>` writes a plugin package of its own
 * depending on that tarball, which installs, builds and passes its own test there, and a real
 * engine loads it through `PLUGINS`. Its `PermanentError` comes from its own copy of the SDK
 * and still goes to an incident at once (the engine recognises the SDK's mark, not its class).
 * Its greeting, set in zh-Hant, answers in Simplified Chinese through the SDK's
 * `@caseway/plugin-sdk/locale`, so the SDK's own dependency (opencc-js) installs with it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSdk } from '../../plugins/sdk/scripts/build.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process as processOf, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** npm and vitest run as in an author's shell: none of this test run's npm or vitest settings. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS$)/i.test(k)),
);
const sh = (cmd: string, args: string[], cwd: string) =>
  run(cmd, args, { cwd, env: cleanEnv, maxBuffer: 16 * 1024 * 1024 });

// The author's handler, with the SDK they installed: a closed account is refused for good, and
// the greeting (written in zh-Hant) is answered in Simplified Chinese
const handler = `import { definePlugin, PermanentError } from '@caseway/plugin-sdk';
import { toSimplified } from '@caseway/plugin-sdk/locale';
import type { Types } from './types.generated.ts';

export default definePlugin<Types>({
  actions: {
    async hello(input, ctx) {
      if (input.name === 'closed')
        throw new PermanentError('ACCOUNT_CLOSED', 'the account is closed', { since: '2026-11' });
      return { message: toSimplified(\`\${ctx.config.greeting ?? 'Hello'}, \${input.name}\`) };
    },
  },
});
`;

const greet = processOf(
  'greet',
  [
    start(),
    service('hello', 'bank-transfer/hello', {
      input: { name: 'name' },
      output: { message: 'result.message' },
      retry: { attempts: 5, backoff: 'PT1S' },
    }),
    end(),
  ],
  [
    ['start', 'hello'],
    ['hello', 'end'],
  ],
);

let work: string;
let plugin: string;
let t: TestEngine | undefined;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'caseway-author-'));
  plugin = join(work, 'bank-transfer');
});
afterAll(async () => {
  if (t) {
    await t.close();
    await dropTestData(t.schema, t.prefix);
  }
  await rm(work, { recursive: true, force: true });
});

describe('a plugin published outside the monorepo', () => {
  it('packs the SDK, scaffolds, installs, tests and builds a plugin of its own', async () => {
    // Given the SDK as published: compiled JavaScript with declarations, not private
    const dist = await buildSdk();
    const packed = JSON.parse((await sh('npm', ['pack', dist, '--json'], work)).stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    const tarball = join(work, packed[0]!.filename);
    expect(packed[0]!.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'index.js',
        'index.d.ts',
        'locale.js',
        'locale.d.ts',
        'manifest.schema.json',
        'package.json',
      ]),
    );
    const manifest = JSON.parse(await readFile(join(dist, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(manifest.exports['.']).toEqual({ types: './index.d.ts', default: './index.js' });
    expect(manifest.dependencies).toHaveProperty('opencc-js');

    // When an author scaffolds a plugin of their own against it
    await sh(
      'npm',
      ['run', 'plugin:new', '--', 'bank-transfer', '--out', work, '--sdk', `file:${tarball}`],
      root,
    );
    await writeFile(join(plugin, 'src/index.ts'), handler);

    // Then it installs, passes its own test and builds, there, with no monorepo around it
    await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], plugin);
    const tested = await sh('npm', ['test'], plugin);
    expect(tested.stdout).toMatch(/2 passed/);
    await sh('npm', ['run', 'build'], plugin);
    expect(await readFile(join(plugin, 'dist/index.js'), 'utf8')).toContain('PermanentError');
  }, 300_000);

  it('loads through PLUGINS, converts with its SDK, and its PermanentError is an incident at once', async () => {
    t = await startTestEngine({ definitions: files(greet), config: { pluginPackages: [plugin] } });
    expect((await t.api('GET', '/api/plugins')).body).toMatchObject({
      items: [expect.objectContaining({ name: 'bank-transfer' })],
      problems: [],
    });
    expect(
      (
        await t.api('PUT', '/api/plugins/bank-transfer/config', {
          config: { greeting: '歡迎使用簡訊通知' },
        })
      ).status,
    ).toBe(204);
    const ok = await startInstance(t, 'greet', { name: 'Mei' });
    expect((await untilStatus(t, ok.id, 'completed')).variables).toMatchObject({
      message: '欢迎使用短信通知, Mei',
    });

    const closed = await startInstance(t, 'greet', { name: 'closed' });
    const incident = await t.until(
      async () => (await t!.api('GET', `/api/incidents?instanceId=${closed.id}`)).body.items[0],
      'incident',
    );
    expect(incident).toMatchObject({ code: 'ACCOUNT_CLOSED' });
    expect(incident.error).toMatch(/^CW_ERR_ACTION_REJECTED: ACCOUNT_CLOSED: /);
    const [job] = await t.sql(`SELECT attempt, max_attempts FROM jobs WHERE instance_id = $1`, [
      closed.id,
    ]);
    expect(job).toEqual({ attempt: 1, max_attempts: 5 });
  });
});
