/**
 * The engine as production runs it: compiled by `npm run build` (here only the engine and
 * plugins, into a folder of the test's own) and started with plain `node`, no tsx. A case
 * calls the shipped http plugin (its compiled worker and main) and waits for a person; the
 * task is completed over HTTP and the case ends. Migrations, meta-schemas, definitions and
 * plugin manifests are all found from the built layout.
 */
import { once } from 'node:events';
import { readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEngine } from '../../engine/scripts/build.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { dropTestData, writeDefinitions } from '../helpers/engine.ts';
import { spawnEngine, type EngineProcess } from '../helpers/engine-process.ts';

const OUT = fileURLToPath(new URL('../../.tsbuild/built-engine', import.meta.url));

// Given a process that looks a policy up in another system, then asks an adjuster to confirm
const smoke = process(
  'smoke',
  [
    start(),
    service('lookup', 'http/request', {
      input: { method: '"GET"', url: '"/policies/{{no}}"', values: '{no: policyNo}' },
      output: { holder: 'result.body.holder' },
    }),
    userTask('confirm', 'ack'),
    end('end', 'confirmed'),
  ],
  [
    ['start', 'lookup'],
    ['lookup', 'confirm'],
    ['confirm', 'end'],
  ],
);

const asked: string[] = [];
const peer = createServer((req, res) => {
  asked.push(req.url!);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ holder: 'policy-holder-7' }));
});

const id = randomBytes(4).toString('hex');
const schema = `built_${id}`;
const prefix = `built_${id}`;
const token = `built-admin-${id}-token`;
let engine: EngineProcess;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${engine.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}:\n${engine.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  peer.listen(0, '127.0.0.1');
  await once(peer, 'listening');
  await buildEngine(OUT);
  engine = await spawnEngine({
    schema,
    prefix,
    definitionsDir: await writeDefinitions(files(smoke)),
    adminToken: token,
    built: join(OUT, 'engine', 'scripts', 'start.js'),
    // unset: the shipped plugins beside the built engine (OUT/plugins, compiled)
    extra: { PLUGINS_DIR: '' },
  });
}, 300_000);
afterAll(async () => {
  await engine?.kill('SIGTERM');
  await dropTestData(schema, prefix);
  peer.close();
});

describe('the built engine under plain node', () => {
  it('holds no TypeScript: every module it runs is compiled JavaScript', async () => {
    const all = await readdir(OUT, { recursive: true });
    expect(all.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(all).toContain(join('engine', 'src', 'store', 'migrations', '001_core.sql'));
    expect(engine.child.spawnargs).toEqual([
      global.process.execPath,
      join(OUT, 'engine', 'scripts', 'start.js'),
    ]);
  });

  it('runs a case through a compiled plugin and a task completed over HTTP', async () => {
    const base = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/api`;
    expect(
      (await api('PUT', '/api/plugins/http/config', { config: { baseUrl: base } })).status,
    ).toBe(204);

    // When a case starts
    const started = await api('POST', '/api/instances', {
      processId: 'smoke',
      variables: { policyNo: 'P-2026-0042' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const caseId: string = started.body.id;

    // Then the plugin looks the policy up and an adjuster's task opens
    const task = await until('the confirm task', async () => {
      const r = await api('GET', `/api/tasks?processId=smoke&scope=all`);
      return r.body.items?.find((t: { instanceId: string }) => t.instanceId === caseId);
    });
    expect(asked).toEqual(['/api/policies/P-2026-0042']);

    // When the task is completed over HTTP
    const done = await api('POST', `/api/tasks/${task.id}/complete`, { data: { ok: true } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    // Then the case has ended with the plugin's answer in it
    const ended = await until('the case to end', async () => {
      const r = await api('GET', `/api/instances/${caseId}`);
      return r.body.status === 'completed' ? r.body : undefined;
    });
    expect(ended.outcome).toBe('confirmed');
    expect(ended.variables.holder).toBe('policy-holder-7');
  });
});
