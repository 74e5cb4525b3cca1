/**
 * The plugin host: manifests checked when loading (one bad plugin does not stop the others),
 * actions typed and validated on the way in and out, configuration and secrets managed by
 * administrators (secrets sealed, never returned, censored in the plugin's logs), and engine
 * events delivered durably from the history outbox.
 */
import { fileURLToPath } from 'node:url';
import type { PluginEvent } from '@caseway/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { startInstance, tasksOf, complete, untilStatus } from '../helpers/scenario.ts';

const PLUGINS = fileURLToPath(new URL('../fixtures/plugins', import.meta.url));

// Given processes that call the echo plugin's actions (one try each, so a failure is an incident)
const once = { retry: { attempts: 1 } };
const greet = process(
  'greet',
  [
    start(),
    service('shout', 'echo/shout', {
      input: { text: 'name' },
      output: { greeting: 'result.text' },
      ...once,
    }),
    end('end', 'greeted'),
  ],
  [
    ['start', 'shout'],
    ['shout', 'end'],
  ],
);
const wrong = process(
  'wrong',
  [start(), service('broken', 'echo/broken', once), end()],
  [
    ['start', 'broken'],
    ['broken', 'end'],
  ],
);
const refused = process(
  'refused',
  [start(), service('refuse', 'echo/refuse', { retry: { attempts: 5, backoff: 'PT1S' } }), end()],
  [
    ['start', 'refuse'],
    ['refuse', 'end'],
  ],
);
const reviewed = process(
  'reviewed',
  [start(), userTask('review', 'ack'), end('end', 'done')],
  [
    ['start', 'review'],
    ['review', 'end'],
  ],
);

const lines: string[] = [];
/** What the echo plugin logged it received (it runs in a worker thread of its own). */
const logged = (from: string[] = lines) => {
  const entries = from
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"echo.event"') || l.includes('"shouting"'));
  const parsed = entries.map((l) => JSON.parse(l) as { msg: string; key?: string; event?: any });
  return {
    keys: parsed.filter((e) => e.msg === 'shouting').map((e) => e.key!),
    events: parsed.filter((e) => e.msg === 'echo.event').map((e) => e.event as PluginEvent),
  };
};
let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: files(greet, wrong, refused, reviewed),
    pluginsDir: PLUGINS,
    config: { logLevel: 'info' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const incidentOf = (id: string) =>
  t.until(
    async () => (await t.api('GET', `/api/incidents?instanceId=${id}`)).body.items[0],
    'incident',
  );

describe('loading', () => {
  it('loads the good plugin and refuses each bad one with a problem naming its file', async () => {
    const res = await t.api('GET', '/api/plugins');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        name: 'echo',
        version: '1.2.0',
        events: ['instance.completed', 'task.created'],
        secretNames: ['apiKey'],
        actions: [
          expect.objectContaining({ name: 'shout', idempotent: true }),
          expect.objectContaining({ name: 'broken', idempotent: false }),
          expect.objectContaining({ name: 'refuse' }),
        ],
      }),
    ]);
    const problems = res.body.problems as {
      code: string;
      file: string;
      pointer: string;
      message: string;
    }[];
    const byFolder = (f: string) => problems.filter((p) => p.file.includes(`/plugins/${f}/`));
    expect(byFolder('bad-manifest').map((p) => p.pointer)).toEqual(
      expect.arrayContaining(['/name', '/actions', '/description']),
    );
    expect(byFolder('too-new')).toEqual([
      expect.objectContaining({ code: 'CW_ERR_PLUGIN_INVALID', pointer: '/engine' }),
    ]);
    expect(byFolder('z-duplicate')).toEqual([expect.objectContaining({ pointer: '/name' })]);
    expect(byFolder('no-handler')).toEqual([
      expect.objectContaining({
        pointer: '/actions/whisper',
        message: 'action whisper has no handler',
      }),
    ]);
  });

  it('refuses presentation hints that name no declared field, group or condition field', async () => {
    const res = await t.api('GET', '/api/plugins');
    const hints = (res.body.problems as { file: string; pointer: string; message: string }[])
      .filter((p) => p.file.includes('/plugins/bad-hints/'))
      .map(({ pointer, message }) => ({ pointer, message }));
    expect(hints).toEqual([
      { pointer: '/ui/fields/config~1color', message: 'config has no property color' },
      { pointer: '/ui/fields/config~1shade/group', message: 'no group looks in ui.groups' },
      { pointer: '/ui/fields/config~1shade/showIf/field', message: 'config has no property tint' },
      {
        pointer: '/ui/fields/actions~1whisper~1input~1text',
        message: 'actions/whisper/input is not declared',
      },
    ]);
    // the good plugin's hints reach the studio with its schemas
    const echo = res.body.items.find((p: { name: string }) => p.name === 'echo');
    expect(echo.ui.groups).toEqual([
      { id: 'greeting', label: { 'zh-Hant': '問候', en: 'Greeting' } },
    ]);
    expect(echo.ui.fields['config/prefix']).toMatchObject({ group: 'greeting' });
    expect(echo.secretsSchema).toMatchObject({ required: ['apiKey'] });
    // and an action's input hints reach the process designer's mapping editor
    const actions = await t.api('GET', '/api/actions', undefined, { as: 'designer' });
    const shout = actions.body.items.find((a: { name: string }) => a.name === 'echo/shout');
    expect(shout.inputHints).toEqual({
      text: { help: { 'zh-Hant': '要大聲說的話。', en: 'What to shout.' } },
    });
    expect(
      actions.body.items.find((a: { name: string }) => a.name === 'echo/refuse').inputHints,
    ).toBeNull();
  });

  it('is for administrators only', async () => {
    expect((await t.api('GET', '/api/plugins', undefined, { as: 'supervisor' })).status).toBe(403);
    expect(
      (
        await t.api(
          'PUT',
          '/api/plugins/echo/secrets',
          { secrets: { apiKey: 'x' } },
          { as: 'designer' },
        )
      ).status,
    ).toBe(403);
  });
});

describe('configuration and secrets', () => {
  it('refuses an action before the plugin is configured, then runs it once configured', async () => {
    // Given an unconfigured plugin: the call becomes an incident
    const i = await startInstance(t, 'greet', { name: 'bob' });
    // naming the field that is missing
    expect((await incidentOf(i.id)).error).toBe(
      "CW_ERR_PLUGIN_NOT_CONFIGURED: echo is not configured: /config/prefix must have required property 'prefix'",
    );

    // and the plugins list says it is not configured, and why
    const before = (await t.api('GET', '/api/plugins')).body.items[0];
    expect(before).toMatchObject({ name: 'echo', configured: false });
    expect(before.problems).toEqual([expect.objectContaining({ pointer: '/config/prefix' })]);

    // When an administrator gives a bad configuration, it is refused with the field's pointer
    const bad = await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ pointer: '/config/prefix' })]);
    const unknown = await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { token: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details[0].pointer).toBe('/secrets/token');

    // And then a good one and the API key
    expect(
      (await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'Hi ' } })).status,
    ).toBe(204);
    expect(
      (await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: 'k-7781-secret' } }))
        .status,
    ).toBe(204);

    expect((await t.api('GET', '/api/plugins')).body.items[0]).toMatchObject({
      configured: true,
      problems: [],
    });

    // Then retrying the incident runs the action with them, and its output maps into the case
    const incident = await incidentOf(i.id);
    expect((await t.api('POST', `/api/incidents/${incident.id}/retry`)).status).toBe(202);
    const done = await untilStatus(t, i.id, 'completed');
    expect(done.variables).toMatchObject({ greeting: 'Hi BOB' });
    expect(logged().keys.length).toBeGreaterThan(0);

    // And the secret is never returned, stored only sealed, and censored in the plugin's logs
    const settings = await t.api('GET', '/api/plugins/echo/settings');
    expect(settings.body).toEqual({ config: { prefix: 'Hi ' }, secrets: { apiKey: true } });
    const raw = await t.sql(
      `SELECT secrets::text AS s FROM plugin_settings WHERE plugin = 'echo@1'`,
    );
    expect(raw[0].s).toMatch(/enc:v1:t1:/);
    expect(raw[0].s).not.toContain('k-7781-secret');
    const log = lines.join('');
    expect(log).toContain('shouting');
    expect(log).not.toContain('k-7781-secret');

    // Clearing a secret makes the plugin unconfigured again
    expect(
      (await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: null } })).status,
    ).toBe(204);
    expect((await t.api('GET', '/api/plugins/echo/settings')).body.secrets).toEqual({
      apiKey: false,
    });
    expect(
      (await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: 'k2' } })).status,
    ).toBe(204);
  });

  it('checks the input against the action schema before calling it, and the output after', async () => {
    const badInput = await startInstance(t, 'greet', { name: 42 });
    expect((await incidentOf(badInput.id)).error).toMatch(/^CW_ERR_ACTION_INPUT_INVALID/);
    const badOutput = await startInstance(t, 'wrong');
    expect((await incidentOf(badOutput.id)).error).toMatch(/^CW_ERR_ACTION_OUTPUT_INVALID/);
  });

  it('goes to an incident at once when the handler says retrying cannot help', async () => {
    const i = await startInstance(t, 'refused');
    expect((await incidentOf(i.id)).error).toBe(
      'CW_ERR_ACTION_REJECTED: 400 Bad Request: unknown policy',
    );
    const [job] = await t.sql(`SELECT attempt, max_attempts FROM jobs WHERE instance_id = $1`, [
      i.id,
    ]);
    expect(job).toEqual({ attempt: 1, max_attempts: 5 });
  });
});

describe('events', () => {
  it('delivers each subscribed event once, from the step that committed it', async () => {
    // Given a case whose task is created and which then completes
    const i = await startInstance(t, 'reviewed');
    const [task] = await tasksOf(t, i.id);
    await complete(t, task!.id, { ok: true });
    await untilStatus(t, i.id, 'completed');

    // Then the plugin receives task.created and instance.completed for it, once each; delivery
    // order is not promised (each is its own job), the history order is in the event id
    const mine = await t.until(async () => {
      const evs = logged().events.filter((e) => e.instanceId === i.id);
      return evs.length >= 2 ? evs : undefined;
    }, 'events');
    const seq = (e: { id: string }) => Number(e.id.slice(e.id.lastIndexOf('.h') + 2));
    mine.sort((a, b) => seq(a) - seq(b));
    expect(mine.map((e) => e.id)).toEqual(mine.map((e) => `${i.id}.h${seq(e)}`));
    expect(mine.map((e) => e.type)).toEqual(['task.created', 'instance.completed']);
    expect(mine[0]).toMatchObject({
      processId: 'reviewed',
      processVersion: 1,
      data: { taskId: task!.id },
    });
    expect(new Set(mine.map((e) => e.id)).size).toBe(2);
    const jobs = await t.until(async () => {
      const rows = await t.sql(
        `SELECT status, fire_count FROM jobs WHERE instance_id = $1 AND kind = 'plugin-event' ORDER BY id`,
        [i.id],
      );
      return rows.every((r) => r.status === 'done') ? rows : undefined;
    }, 'deliveries recorded');
    expect(jobs).toEqual([
      { status: 'done', fire_count: 1 },
      { status: 'done', fire_count: 1 },
    ]);
  });
});

describe('the outbox', () => {
  it('hands event rows to the queue as their step commits, not at the next reconcile tick', async () => {
    // Given an engine whose reconciler would not look again for an hour
    const own: string[] = [];
    const e = await startTestEngine({
      definitions: files(reviewed),
      pluginsDir: PLUGINS,
      reconcileIntervalMs: 3_600_000,
      config: { logLevel: 'info' },
      logStream: { write: (l: string) => void own.push(l) },
    });
    try {
      expect(
        (await e.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'Hi ' } })).status,
      ).toBe(204);
      expect(
        (await e.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: 'k' } })).status,
      ).toBe(204);
      // When a step writes a history entry the plugin subscribes to (task.created)
      const i = await startInstance(e, 'reviewed');

      // Then the plugin receives it, the row written by the outbox trigger dispatched at once
      await e.until(
        async () =>
          logged(own).events.some((x) => x.instanceId === i.id && x.type === 'task.created'),
        'task.created delivered',
      );
    } finally {
      await e.close();
      await dropTestData(e.schema, e.prefix);
    }
  });
});

describe('subscriptions follow the configuration', () => {
  it('records no delivery for events the configuration does not want', async () => {
    // Given a configuration under which the plugin wants no events
    expect(
      (await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'quiet' } })).status,
    ).toBe(204);
    const quiet = await startInstance(t, 'reviewed');
    const [task] = await tasksOf(t, quiet.id);
    await complete(t, task!.id, { ok: true });
    await untilStatus(t, quiet.id, 'completed');
    const none = await t.sql(
      `SELECT count(*)::int AS n FROM jobs WHERE instance_id = $1 AND kind = 'plugin-event'`,
      [quiet.id],
    );
    expect(none[0].n).toBe(0);

    // When the configuration changes back, the next case's events are recorded again
    expect(
      (await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'Hi ' } })).status,
    ).toBe(204);
    const loud = await startInstance(t, 'reviewed');
    const some = await t.sql(
      `SELECT count(*)::int AS n FROM jobs WHERE instance_id = $1 AND kind = 'plugin-event'`,
      [loud.id],
    );
    expect(some[0].n).toBe(1); // task.created
  });
});

describe('plugins from npm packages', () => {
  it('loads a plugin named by its package, and reports one that is not installed', async () => {
    const e = await startTestEngine({
      definitions: files(reviewed),
      config: { pluginPackages: ['@caseway/plugin-sms', '@caseway/plugin-nowhere'] },
    });
    try {
      const res = await e.api('GET', '/api/plugins');
      expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['sms']);
      expect(res.body.problems).toEqual([
        expect.objectContaining({ code: 'CW_ERR_PLUGIN_INVALID', file: '@caseway/plugin-nowhere' }),
      ]);
    } finally {
      await e.close();
      await dropTestData(e.schema, e.prefix);
    }
  });
});

describe('test connection', () => {
  it("runs the plugin's test with its stored settings and censors its secrets in the answer", async () => {
    expect(
      (await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'Hi ' } })).status,
    ).toBe(204);
    expect(
      (await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: 'k-5531-secret' } }))
        .status,
    ).toBe(204);
    const ok = await t.api('POST', '/api/plugins/echo/test');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      ok: true,
      message: 'echo.example answers to Hi',
      problems: [],
    });
    expect((await t.api('GET', '/api/plugins')).body.items[0].testConnection).toBe(true);

    // a failure is an answer too, the key it echoed censored
    await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'unreachable' } });
    const failed = await t.api('POST', '/api/plugins/echo/test');
    expect(failed.body).toMatchObject({
      ok: false,
      message: '401 from echo.example: key [redacted] refused',
    });
    expect(JSON.stringify(failed.body)).not.toContain('k-5531-secret');

    // unconfigured: the fields it lacks, and nothing is called
    await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: null } });
    const unconfigured = await t.api('POST', '/api/plugins/echo/test');
    expect(unconfigured.body).toMatchObject({ ok: false });
    expect(unconfigured.body.problems).toEqual([
      expect.objectContaining({ pointer: '/secrets/apiKey' }),
    ]);
    expect((await t.api('POST', '/api/plugins/nothing/test')).status).toBe(404);
    expect(
      (await t.api('POST', '/api/plugins/echo/test', undefined, { as: 'designer' })).status,
    ).toBe(403);
  });
});
