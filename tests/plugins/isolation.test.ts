/**
 * Plugins cannot take the engine down (issue 22, isolation): each runs in a worker thread of its
 * own with an empty environment, a memory limit and its calls' time limits. A plugin that throws
 * from a timer, allocates without bound, loops for ever or never answers costs its own case a
 * retry or an incident, as the service task's retry policy says; the engine keeps answering and
 * the other plugins keep working.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_URL,
  TEST_DATA_KEYS,
  dropTestData,
  startTestEngine,
  type TestEngine,
} from '../helpers/engine.ts';
import { end, files, process as definition, service, start } from '../fixtures/definitions.ts';
import { startInstance, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../fixtures/isolation', import.meta.url));

const calls = (action: string, retry: Record<string, unknown>, output = {}) =>
  definition(
    action.replace('/', '-'),
    [start(), service('call', action, { retry, output }), end()],
    [
      ['start', 'call'],
      ['call', 'end'],
    ],
  );
const once = { attempts: 1 };
// the time limit, for the plugin that loops and the one that never answers
const briefly = { attempts: 1, timeout: 'PT1S' };

const lines: string[] = [];
const canary = { DATABASE_URL: process.env.DATABASE_URL, keys: process.env.CASEWAY_DATA_KEYS };
let t: TestEngine;
beforeAll(async () => {
  // the engine's process has its database URL and data keys in its environment, as in production
  process.env.DATABASE_URL = DATABASE_URL;
  process.env.CASEWAY_DATA_KEYS = TEST_DATA_KEYS;
  t = await startTestEngine({
    definitions: files(
      calls('unruly/look', once, { seen: 'result' }),
      calls('unruly/throw-later', { attempts: 2, backoff: 'PT1S' }),
      calls('unruly/hog', once),
      calls('unruly/spin', briefly),
      calls('unruly/silent', briefly),
      calls('steady/ping', once, { pong: 'result.pong' }),
    ),
    start: '2026-03-02T09:00:00Z',
    pluginsDir: PLUGINS,
    config: { logLevel: 'info', pluginMemoryMb: 48 },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  for (const [plugin, secrets] of [
    ['unruly', { token: 'u-secret-1' }],
    ['steady', { steadyKey: 's-secret-2' }],
  ] as const)
    expect((await t.api('PUT', `/api/plugins/${plugin}/secrets`, { secrets })).status).toBe(204);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
  for (const [k, v] of [
    ['DATABASE_URL', canary.DATABASE_URL],
    ['CASEWAY_DATA_KEYS', canary.keys],
  ] as const)
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const incidentOf = (id: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items[0],
    'incident',
    30_000,
  );

/** The engine answers, and the well-behaved plugin still works. */
async function engineAndNeighbourWork() {
  expect((await t.api('GET', '/api/plugins')).status).toBe(200);
  const i = await startInstance(t, 'steady-ping');
  expect((await untilStatus(t, i.id, 'completed')).variables).toMatchObject({ pong: true });
}

describe('what a plugin sees', () => {
  it("has no environment, only its own secrets, and the engine's clock", async () => {
    const i = await startInstance(t, 'unruly-look');
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables.seen).toMatchObject({ env: [], secrets: ['token'], config: {} });
    expect((done.variables.seen as { now: string }).now).toMatch(/^2026-03-02T09:/);
  });
});

describe('a plugin that misbehaves', () => {
  it('throws from a timer: the call fails, is retried as the policy says, then an incident', async () => {
    const i = await startInstance(t, 'unruly-throw-later');
    const incident = await incidentOf(i.id);
    expect(incident.error).toBe(
      'CW_ERR_PLUGIN_CRASHED: unruly stopped: uncaught Error: boom from a timer',
    );
    const [job] = await t.sql(`SELECT attempt, max_attempts FROM jobs WHERE instance_id = $1`, [
      i.id,
    ]);
    expect(job).toEqual({ attempt: 2, max_attempts: 2 });
    expect(lines.join('')).toContain('plugin worker stopped');
    await engineAndNeighbourWork();
  });

  it('allocates without bound: its worker reaches its memory limit and stops', async () => {
    const i = await startInstance(t, 'unruly-hog');
    expect((await incidentOf(i.id)).error).toBe(
      'CW_ERR_PLUGIN_CRASHED: unruly stopped: it ran out of memory (limit 48 MB)',
    );
    await engineAndNeighbourWork();
  });

  it('loops for ever: the call times out and the worker that cannot answer is ended', async () => {
    // the last test's worker ran out of memory: a call whose second of time runs out while the
    // new worker still starts is never sent (nothing to end), so start it with a call first
    const look = await startInstance(t, 'unruly-look');
    await untilStatus(t, look.id, 'completed');
    const i = await startInstance(t, 'unruly-spin');
    // the neighbour answers while this one spins
    await engineAndNeighbourWork();
    expect((await incidentOf(i.id)).error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    await t.until(
      async () => lines.some((l) => l.includes('did not answer after a call ran out of time')),
      'the spinning worker ended',
    );
    // and the plugin works again in a new worker
    const again = await startInstance(t, 'unruly-look');
    expect((await untilStatus(t, again.id, 'completed')).variables.seen).toMatchObject({
      env: [],
    });
  });

  it('never answers: the call times out as the policy says; its worker, still alive, is kept', async () => {
    const ended = lines.filter((l) => l.includes('did not answer after a call ran out')).length;
    const i = await startInstance(t, 'unruly-silent');
    expect((await incidentOf(i.id)).error).toMatch(/^CW_ERR_ACTION_TIMEOUT/);
    const after = await startInstance(t, 'unruly-look');
    await untilStatus(t, after.id, 'completed');
    expect(lines.filter((l) => l.includes('did not answer after a call ran out')).length).toBe(
      ended,
    );
    await engineAndNeighbourWork();
  });
});
