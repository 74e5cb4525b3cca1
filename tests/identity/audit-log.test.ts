/**
 * The audit log of administrative acts (issue 21, item 6): each act an administrator or a
 * designer does through the API leaves one entry, who, when and what, read back through
 * GET /api/audit by administrators only; secrets and passwords are named, never written; the
 * data key ring an engine starts with is recorded when it changed; and the log only grows.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forms } from '../fixtures/definitions.ts';
import {
  dropTestData,
  startTestEngine,
  TEST_DATA_KEYS,
  type TestEngine,
} from '../helpers/engine.ts';

const PLUGINS = fileURLToPath(new URL('../fixtures/plugins', import.meta.url));
const SECRET = 'sk-live-7f3a9c00d1e2';
const PASSWORD = 'a first password for lin';
const START = Date.parse('2026-12-05T02:00:00Z');

interface Entry {
  seq: number;
  at: string;
  actor: string;
  actorName: string | null;
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { 'forms/ack/v1.json': forms.ack },
    pluginsDir: PLUGINS,
    start: new Date(START).toISOString(),
  });
});
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

/** The whole log, newest first, as an administrator reads it. */
async function log(action?: string): Promise<Entry[]> {
  const res = await t.api('GET', `/api/audit?limit=200${action ? `&action=${action}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}
const ok = (res: { status: number; body: unknown }, status = 200) =>
  expect(res.status, JSON.stringify(res.body)).toBe(status);

describe('the audit log of administrative acts', () => {
  it('starts with the data key ring the engine started with, recorded by the system', async () => {
    expect(await log('data-keys.changed')).toEqual([
      expect.objectContaining({
        actor: 'system',
        subject: 'data-keys',
        data: { current: 't1', keys: ['t1'], previous: null },
      }),
    ]);
  });

  it('records who created and changed a user, set a password, and created and changed a group: before and after, never the password', async () => {
    ok(
      await t.api('PUT', '/api/groups/glass', { name: { 'zh-Hant': '玻璃組', en: 'Glass' } }),
      201,
    );
    ok(
      await t.api('POST', '/api/users', {
        id: 'lin',
        displayName: '林志明',
        roles: ['staff'],
        groups: ['glass'],
        password: PASSWORD,
      }),
      201,
    );
    t.clock.advance(60_000);
    ok(await t.api('PATCH', '/api/users/lin', { roles: ['staff', 'supervisor'], groups: [] }));
    // a change that changes nothing is no act
    ok(await t.api('PATCH', '/api/users/lin', { displayName: '林志明' }));
    ok(await t.api('POST', '/api/users/lin/password', { password: `${PASSWORD} again` }), 204);
    ok(await t.api('PATCH', '/api/users/lin', { disabled: true }));
    ok(
      await t.api('PUT', '/api/groups/glass', {
        name: { 'zh-Hant': '玻璃維修組', en: 'Glass repair' },
        supervisorGroup: null,
      }),
    );

    const entries = (await log()).filter((e) => /^(user|group)\//.test(e.subject)).reverse();
    expect(entries.map((e) => [e.actor, e.action, e.subject])).toEqual([
      ['admin', 'group.changed', 'group/glass'],
      ['admin', 'user.created', 'user/lin'],
      ['admin', 'user.changed', 'user/lin'],
      ['admin', 'user.password-set', 'user/lin'],
      ['admin', 'user.changed', 'user/lin'],
      ['admin', 'group.changed', 'group/glass'],
    ]);
    const [group, created, roles, password, disabled, renamed] = entries;
    expect(group!.data).toMatchObject({ created: true, name: { en: 'Glass' } });
    expect(created!.data).toEqual({
      displayName: '林志明',
      roles: ['staff'],
      groups: ['glass'],
      password: true,
    });
    // when, by the engine's clock
    expect(Date.parse(created!.at)).toBeGreaterThanOrEqual(START);
    expect(roles!.data).toEqual({
      roles: { before: ['staff'], after: ['staff', 'supervisor'] },
      groups: { before: ['glass'], after: [] },
    });
    expect(Date.parse(roles!.at) - Date.parse(created!.at)).toBeGreaterThanOrEqual(60_000);
    expect(password!.data).toEqual({});
    expect(disabled!.data).toEqual({ disabled: { before: false, after: true } });
    expect(renamed!.data).toMatchObject({ created: false, name: { en: 'Glass repair' } });
    expect(JSON.stringify(await log())).not.toContain(PASSWORD);
  });

  it('records a publish with its version and change note, by the designer who published', async () => {
    const body = { ...forms.ack, id: 'glass-check', version: undefined };
    ok(
      await t.api(
        'PUT',
        '/api/drafts/form/glass-check',
        { body, baseVersion: null },
        { as: 'designer' },
      ),
    );
    ok(
      await t.api(
        'POST',
        '/api/drafts/form/glass-check/publish',
        { note: 'The glass check, first version.' },
        { as: 'designer' },
      ),
      201,
    );
    const [published] = await log('definition.published');
    expect(published).toMatchObject({
      actor: 'dana',
      subject: 'form/glass-check@1',
      data: { note: 'The glass check, first version.' },
    });
  });

  it("records which of a plugin's settings and secrets were set or cleared, never a secret's value", async () => {
    ok(await t.api('PUT', '/api/plugins/echo/config', { config: { prefix: 'Hi ' } }), 204);
    ok(await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: SECRET } }), 204);
    ok(await t.api('PUT', '/api/plugins/echo/secrets', { secrets: { apiKey: null } }), 204);
    const entries = (await log()).filter((e) => e.subject === 'plugin/echo').reverse();
    expect(entries.map((e) => [e.action, e.data])).toEqual([
      ['plugin.configured', { fields: ['prefix'] }],
      ['plugin.secrets-set', { set: ['apiKey'], cleared: [] }],
      ['plugin.secrets-set', { set: [], cleared: ['apiKey'] }],
    ]);
    expect(JSON.stringify(await log())).not.toContain(SECRET);
  });

  it('is read by administrators only, a page at a time, newest first', async () => {
    for (const who of ['designer', 'supervisor', 'adjuster', 'portal'] as const) {
      const res = await t.api('GET', '/api/audit', undefined, { as: who });
      expect(res.status, who).toBe(403);
    }
    const all = await log();
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => b - a));
    const first = await t.api('GET', '/api/audit?limit=3');
    expect(first.body.items).toEqual(all.slice(0, 3));
    const second = await t.api('GET', `/api/audit?limit=3&before=${first.body.next}`);
    expect(second.body.items).toEqual(all.slice(3, 6));
    // the people by name
    expect(all.find((e) => e.actor === 'dana')?.actorName).toBe('dana');
    const bad = await t.api('GET', '/api/audit?action=user.deleted&limit=0');
    expect(bad.status).toBe(400);
  });

  it('only grows: no statement changes or deletes an entry', async () => {
    const before = (await log()).length;
    await expect(t.sql(`DELETE FROM audit_log`)).rejects.toThrow(/audit_log only grows/);
    await expect(t.sql(`UPDATE audit_log SET actor = 'someone'`)).rejects.toThrow(
      /audit_log only grows/,
    );
    expect((await log()).length).toBe(before);
  });

  it('records a rotated data key when an engine starts with a new current key, once, and not again on the next start', async () => {
    const { schema, prefix } = t;
    await t.close();
    const rotated = `k2:${randomBytes(32).toString('base64')},${TEST_DATA_KEYS}`;
    for (let i = 0; i < 2; i++) {
      t = await startTestEngine({
        definitions: { 'forms/ack/v1.json': forms.ack },
        pluginsDir: PLUGINS,
        schema,
        prefix,
        config: { dataKeys: rotated },
      });
      if (i === 0) await t.close();
    }
    const keys = await log('data-keys.changed');
    expect(keys.map((e) => e.data)).toEqual([
      { current: 'k2', keys: ['k2', 't1'], previous: { current: 't1', keys: ['t1'] } },
      { current: 't1', keys: ['t1'], previous: null },
    ]);
  });
});
