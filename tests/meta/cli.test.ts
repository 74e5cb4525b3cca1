/**
 * The `caseway` command (issue 21, item 4), run as a user runs it (node bin/caseway.mjs):
 * `validate` checks a definitions folder with the engine's own loader and lint, offline,
 * prints `file:pointer message` lines and says by its exit code whether there was a problem;
 * `export` and `start` work against a real running engine over its API.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../engine/src/definitions/index.ts';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import {
  end,
  forms,
  label,
  process as processOf,
  start,
  userTask,
} from '../fixtures/definitions.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function caseway(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/caseway.mjs', ...args],
      { cwd: ROOT, timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('caseway validate', () => {
  it('passes the shipped definitions against the shipped plugins (exit 0)', async () => {
    const r = await caseway('validate');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^definitions: \d+ definition versions, no problems\n$/);
    expect(r.code).toBe(0);
  }, 150_000);

  it('prints each problem as file:pointer message and exits 1', async () => {
    const broken = processOf(
      'broken',
      [
        start(),
        userTask('check', 'no-such-form'),
        { id: 'call', type: 'serviceTask', action: 'nope/act' },
        end(),
      ],
      [
        ['start', 'check'],
        ['check', 'call'],
        ['call', 'end'],
      ],
    );
    const dir = await writeDefinitions({
      'forms/ack/v1.json': forms.ack,
      'forms/untitled/v1.json': {
        id: 'untitled',
        version: 1,
        title: label('Untitled'),
        fields: 'none',
      },
      'processes/broken/v1.json': broken,
    });
    const r = await caseway('validate', dir, '--plugins', 'plugins');
    expect(r.stdout.trim().split('\n').sort()).toEqual([
      'forms/untitled/v1.json:/fields must be array',
      'processes/broken/v1.json:/nodes/1/form the engine has no form no-such-form; pick one of its forms',
      "processes/broken/v1.json:/nodes/2/action no loaded plugin provides the action nope/act; pick one of the engine's actions",
    ]);
    expect(r.stderr).toBe(`3 problems in ${dir}\n`);
    expect(r.code).toBe(1);
  }, 150_000);

  it('says how it is used, and exits 2, when the command or an option is unknown', async () => {
    for (const args of [['frobnicate'], ['validate', '--strict'], []]) {
      const r = await caseway(...args);
      expect(r.stderr).toContain('usage: caseway validate [dir] [--plugins <dir>]');
      expect(r.stderr).toContain('caseway start <process> [--var name=value]…');
      expect(r.code, args.join(' ')).toBe(2);
    }
  }, 150_000);
});

describe('caseway export and start, against a running engine', () => {
  const glass = processOf(
    'glass',
    [start(), userTask('review', 'ack'), end()],
    [
      ['start', 'review'],
      ['review', 'end'],
    ],
  );
  const glass2 = { ...glass, version: 2, name: label('Glass repair', '玻璃維修') };
  let t: TestEngine;
  beforeAll(async () => {
    t = await startTestEngine({
      definitions: {
        'forms/ack/v1.json': forms.ack,
        'processes/glass/v1.json': glass,
        'processes/glass/v2.json': glass2,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    if (t) await dropTestData(t.schema, t.prefix);
  });
  const remote = () => ['--url', t.url, '--token', t.token('admin')];

  it('exports every published version as the files the engine loads, which validate again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caseway-export-'));
    const r = await caseway('export', dir, ...remote());
    expect(r.stdout.trim().split('\n')).toEqual([
      'forms/ack/v1.json',
      'processes/glass/v1.json',
      'processes/glass/v2.json',
    ]);
    expect(r.code).toBe(0);
    // byte for byte the bodies the engine holds: the same content hashes
    const versions = (await t.api('GET', '/api/definitions/process/glass')).body.versions as {
      version: number;
      hash: string;
    }[];
    for (const v of versions) {
      const body = JSON.parse(
        await readFile(join(dir, `processes/glass/v${v.version}.json`), 'utf8'),
      );
      expect(contentHash(body), `v${v.version}`).toBe(v.hash);
    }
    const again = await caseway('validate', dir);
    expect(again.stderr).toBe(`${dir}: 3 definition versions, no problems\n`);
    expect(again.code).toBe(0);
  }, 150_000);

  it('starts a case with its variables typed as written, and prints its id', async () => {
    const r = await caseway(
      'start',
      'glass',
      '--var',
      'plate=AB-123',
      '--var',
      'amount=300',
      '--var',
      'urgent=true',
      ...remote(),
    );
    expect(r.code, r.stderr).toBe(0);
    const id = r.stdout.trim();
    expect(r.stderr).toBe('started glass v2\n');
    const started = await t.api('GET', `/api/instances/${id}`);
    expect(started.body).toMatchObject({
      processId: 'glass',
      processVersion: 2,
      variables: { plate: 'AB-123', amount: 300, urgent: true },
    });
  }, 150_000);

  it('deploys the versions a folder adds, with a change note, once; an edited published version is refused', async () => {
    const check = { ...forms.ack, id: 'glass-check', title: label('Glass check', '玻璃查核') };
    const glass3 = {
      ...glass2,
      version: 3,
      nodes: [start(), userTask('review', 'glass-check'), end()],
    };
    const dir = await writeDefinitions({
      'forms/ack/v1.json': forms.ack,
      'forms/glass-check/v1.json': check,
      'processes/glass/v1.json': glass,
      'processes/glass/v2.json': glass2,
      'processes/glass/v3.json': glass3,
    });
    const r = await caseway(
      'deploy',
      dir,
      '--note',
      'Review on the glass check form.',
      ...remote(),
    );
    expect(r.stdout.trim().split('\n')).toEqual([
      'published forms/glass-check/v1.json',
      'published processes/glass/v3.json',
    ]);
    expect(r.stderr).toBe('2 published, 3 unchanged, 0 refused\n');
    expect(r.code).toBe(0);
    const held = (await t.api('GET', '/api/definitions/process/glass')).body;
    expect(held.latestVersion).toBe(3);
    expect(held.versions.at(-1)).toMatchObject({
      version: 3,
      note: 'Review on the glass check form.',
      publishedBy: 'admin',
    });
    // the publish is an administrative act
    const [audit] = (await t.api('GET', '/api/audit?action=definition.published')).body.items;
    expect(audit).toMatchObject({ actor: 'admin', subject: 'process/glass@3' });
    // again: nothing to do
    const again = await caseway('deploy', dir, ...remote());
    expect(again.stderr).toBe('0 published, 5 unchanged, 0 refused\n');
    expect(again.code).toBe(0);
    // a published version edited in place is refused, and nothing is published
    const edited = await writeDefinitions({
      'forms/ack/v1.json': forms.ack,
      'processes/glass/v1.json': { ...glass, name: label('Renamed') },
    });
    const refused = await caseway('deploy', edited, ...remote());
    expect(refused.stdout).toBe(
      "processes/glass/v1.json:/ differs from the engine's published v1; published versions are immutable: add v4 instead\n",
    );
    expect(refused.code).toBe(1);
    expect((await t.api('GET', '/api/definitions/process/glass')).body.latestVersion).toBe(3);
  }, 150_000);

  it('migrates the running cases of a version: a dry run reports and changes nothing, then they move; a mapping to nowhere is refused', async () => {
    const onV1: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await t.api('POST', '/api/instances', { processId: 'glass', version: 1 });
      expect(res.status).toBe(201);
      onV1.push(res.body.id);
    }
    const version = async (id: string) =>
      (await t.api('GET', `/api/instances/${id}`)).body.processVersion as number;
    const dry = await caseway(
      'migrate',
      'glass',
      '--from',
      '1',
      '--to',
      '2',
      '--dry-run',
      ...remote(),
    );
    expect(dry.stdout.trim().split('\n').sort()).toEqual(
      onV1.map((id) => `${id} v1 -> v2 would move`).sort(),
    );
    expect(dry.stderr).toBe('1/2\n2/2\n2 would move, 0 refused (dry run: nothing changed)\n');
    expect(dry.code).toBe(0);
    expect(await Promise.all(onV1.map(version))).toEqual([1, 1]);

    const moved = await caseway('migrate', 'glass', '--from', '1', '--to', '2', ...remote());
    // through the engine's bulk migration: a batch, followed to its end
    const batchId = /^bulk migration ([0-9a-f-]{36})\n/.exec(moved.stderr)?.[1];
    expect(moved.stderr).toMatch(/\n2\/2\n2 moved, 0 refused\n$/);
    expect(moved.stdout.trim().split('\n').sort()).toEqual(
      onV1.map((id) => `${id} v1 -> v2 moved`).sort(),
    );
    expect(moved.code).toBe(0);
    expect((await t.api('GET', `/api/migrations/${batchId}`)).body).toMatchObject({
      processId: 'glass',
      status: 'done',
      progress: { moved: 2 },
    });
    expect(await Promise.all(onV1.map(version))).toEqual([2, 2]);

    const nowhere = await caseway(
      'migrate',
      'glass',
      '--from',
      '2',
      '--to',
      '3',
      '--map',
      'review=nowhere',
      '--dry-run',
      ...remote(),
    );
    expect(nowhere.stdout).toMatch(/ v2 -> v3 refused: /);
    expect(nowhere.code).toBe(1);
    expect(await Promise.all(onV1.map(version))).toEqual([2, 2]);
  }, 150_000);

  it("exits 1 with the engine's code when the engine refuses, and 2 without an engine to ask", async () => {
    const unknown = await caseway('start', 'no-such-process', ...remote());
    expect(unknown.stderr).toMatch(/^caseway: 404 CW_ERR_NOT_FOUND /);
    expect(unknown.code).toBe(1);
    const wrong = await caseway('export', '--url', t.url, '--token', 'not-a-token');
    expect(wrong.stderr).toMatch(/^caseway: 401 CW_ERR_UNAUTHENTICATED /);
    expect(wrong.code).toBe(1);
    const nowhere = await caseway('start', 'glass');
    expect(nowhere.stderr).toContain('--url or CASEWAY_URL');
    expect(nowhere.code).toBe(2);
  }, 150_000);
});
