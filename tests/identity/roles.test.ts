/**
 * Roles as data (issue 21, item 5): the permissions of each role live in the `roles` table,
 * seeded with exactly what the six fixed roles allowed. An administrator edits a role through
 * the API and it is enforced at the next call, on the engine that made the change and on
 * another engine sharing the database; every change is in the audit log; nothing can leave
 * the system without an enabled user holding `administer`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, PERMISSIONS } from '../../engine/src/access/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { givePassword, signIn } from '../helpers/session.ts';
import { openTaskEvents } from '../helpers/task-events.ts';

let a: TestEngine;
let b: TestEngine;
beforeAll(async () => {
  a = await startTestEngine({ definitions: {} });
  b = await startTestEngine({ definitions: a.definitionsDir, schema: a.schema, prefix: a.prefix });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await dropTestData(a.schema, a.prefix);
});

/** Resolves when the stream ends; fails the test if it is still open after a generous wait. */
async function ends(stream: { ended: Promise<void> }, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const stillOpen = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} is still open`)), 10_000);
  });
  try {
    await Promise.race([stream.ended, stillOpen]);
  } finally {
    clearTimeout(timer);
  }
}

const lastAudit = async (action: string) =>
  (await a.api('GET', `/api/audit?action=${action}&limit=1`)).body.items[0];

describe('roles as data', () => {
  it('starts with exactly the six roles and what each allowed when they were fixed in code', async () => {
    const res = await a.api('GET', '/api/roles');
    expect(res.status).toBe(200);
    expect(res.body.permissions).toEqual(PERMISSIONS);
    const seeded = Object.fromEntries(
      (res.body.items as { id: string; permissions: string[] }[]).map((r) => [
        r.id,
        [...r.permissions].sort(),
      ]),
    );
    expect(seeded).toEqual(
      Object.fromEntries(
        Object.entries(DEFAULT_ROLES).map(([id, r]) => [id, [...r.permissions].sort()]),
      ),
    );
    const admin = res.body.items.find((r: { id: string }) => r.id === 'admin');
    expect(admin.name).toEqual({ 'zh-Hant': '管理員', en: 'Administrator' });
    expect(admin.users).toBeGreaterThan(0);
  });

  it('a permission taken from a role is refused at the next call on every engine, and given back is allowed', async () => {
    // Given Sue, a supervisor, signed in on engine B and streaming there, and her API token
    await givePassword(a, 'sue', 'correct horse battery');
    const browser = await signIn(b, 'sue', 'correct horse battery');
    expect((await browser.api('GET', '/api/incidents')).status).toBe(200);
    expect((await b.api('GET', '/api/incidents', undefined, { as: 'supervisor' })).status).toBe(
      200,
    );
    const stream = await openTaskEvents(b.url, b.token('supervisor'));
    const before = (await a.api('GET', '/api/roles')).body.items.find(
      (r: { id: string }) => r.id === 'supervisor',
    ).permissions as string[];

    // When an administrator takes `oversee` from the supervisor role on engine A
    const taken = await a.api('PUT', '/api/roles/supervisor', {
      permissions: before.filter((p) => p !== 'oversee'),
    });
    expect(taken.status).toBe(200);
    expect(taken.body.permissions).not.toContain('oversee');

    // Then her very next calls are refused: on A at once, on B at once for her session
    const onA = await a.api('GET', '/api/incidents', undefined, { as: 'supervisor' });
    expect(onA.status).toBe(403);
    expect(onA.body.code).toBe('CW_ERR_FORBIDDEN');
    const bySession = await browser.api('GET', '/api/incidents');
    expect(bySession.status).toBe(403);
    expect((await browser.api('GET', '/api/auth/me')).body.duties).not.toContain('oversee');
    // and for her token once B heard of it (her stream there ends with the notice)
    await ends(stream, "sue's stream on B");
    expect((await b.api('GET', '/api/incidents', undefined, { as: 'supervisor' })).status).toBe(
      403,
    );
    // what she keeps still works
    expect((await browser.api('GET', '/api/instances')).status).toBe(200);

    // And the change is in the audit log: who, what was removed
    const entry = await lastAudit('role.changed');
    expect(entry).toMatchObject({
      actor: 'admin',
      subject: 'role/supervisor',
      data: { permissions: { removed: ['oversee'], added: [] } },
    });

    // When it is given back
    const again = await openTaskEvents(b.url, b.token('supervisor'));
    const given = await a.api('PUT', '/api/roles/supervisor', { permissions: before });
    expect(given.status).toBe(200);
    // Then she may again, on both engines
    expect((await a.api('GET', '/api/incidents', undefined, { as: 'supervisor' })).status).toBe(
      200,
    );
    expect((await browser.api('GET', '/api/incidents')).status).toBe(200);
    await ends(again, "sue's second stream on B");
    expect((await b.api('GET', '/api/incidents', undefined, { as: 'supervisor' })).status).toBe(
      200,
    );
    expect((await lastAudit('role.changed')).data.permissions.added).toEqual(['oversee']);
  });

  it('a new role is created, given to a user and enforced; a taken id and unknown names are refused', async () => {
    // Ian, staff, may not list cases
    expect((await a.api('GET', '/api/instances', undefined, { as: 'intake' })).status).toBe(403);
    const created = await a.api('POST', '/api/roles', {
      id: 'auditor',
      name: { 'zh-Hant': '稽核', en: 'Auditor' },
      permissions: ['seeEveryCase', 'listCases'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'auditor',
      permissions: ['listCases', 'seeEveryCase'],
      users: 0,
    });
    expect(await lastAudit('role.created')).toMatchObject({
      actor: 'admin',
      subject: 'role/auditor',
      data: { permissions: ['listCases', 'seeEveryCase'] },
    });
    const given = await a.api('PATCH', '/api/users/ian', { roles: ['staff', 'auditor'] });
    expect(given.status).toBe(200);
    expect(given.body.roles).toEqual(['staff', 'auditor']);
    expect((await b.api('GET', '/api/instances', undefined, { as: 'intake' })).status).toBe(200);

    const taken = await a.api('POST', '/api/roles', {
      id: 'auditor',
      name: { 'zh-Hant': '稽核', en: 'Auditor' },
      permissions: [],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CW_ERR_ROLE_EXISTS');

    // a role that does not exist is refused where it is named, in the caller's language
    const unknown = await a.api(
      'PATCH',
      '/api/users/ian',
      { roles: ['staff', 'auditer'] },
      { lang: 'zh-Hant' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([
      { code: 'CW_ERR_VALIDATION', pointer: '/roles/1', message: '沒有角色 auditer' },
    ]);
    const badPermission = await a.api('PUT', '/api/roles/auditor', { permissions: ['fly'] });
    expect(badPermission.status).toBe(400);
    expect(badPermission.body.details[0].pointer).toBe('/permissions/0');
    const missing = await a.api('PUT', '/api/roles/nobody', { permissions: [] });
    expect(missing.status).toBe(404);
    expect(
      (await a.api('GET', '/api/users/ian'.replace('/ian', ''))).body.items.find(
        (u: { id: string }) => u.id === 'ian',
      ).roles,
    ).toEqual(['staff', 'auditor']);
  });

  it('the last `administer` cannot be taken from everyone (409), but may move to another role', async () => {
    const admin = (await a.api('GET', '/api/roles')).body.items.find(
      (r: { id: string }) => r.id === 'admin',
    ).permissions as string[];
    const without = admin.filter((p) => p !== 'administer');
    const refused = await a.api('PUT', '/api/roles/admin', { permissions: without });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CW_ERR_LAST_ADMIN');
    expect(refused.body.details[0].pointer).toBe('/permissions');
    // nothing changed: administrators still administer
    expect((await a.api('GET', '/api/users')).status).toBe(200);

    // Given Dana, a designer, also holding a keeper role that administers
    expect(
      (
        await a.api('POST', '/api/roles', {
          id: 'keeper',
          name: { 'zh-Hant': '保管', en: 'Keeper' },
          permissions: ['administer'],
        })
      ).status,
    ).toBe(201);
    expect(
      (await a.api('PATCH', '/api/users/dana', { roles: ['designer', 'keeper'] })).status,
    ).toBe(200);
    // Then the admin role may lose it: Dana still administers, the admin token no longer does
    expect((await a.api('PUT', '/api/roles/admin', { permissions: without })).status).toBe(200);
    expect((await a.api('GET', '/api/users')).status).toBe(403);
    expect((await a.api('GET', '/api/users', undefined, { as: 'designer' })).status).toBe(200);
    // and Dana cannot take it from her own role now
    const last = await a.api('PUT', '/api/roles/keeper', { permissions: [] }, { as: 'designer' });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('CW_ERR_LAST_ADMIN');
    // She gives it back to the administrators
    expect(
      (await a.api('PUT', '/api/roles/admin', { permissions: admin }, { as: 'designer' })).status,
    ).toBe(200);
    expect((await a.api('GET', '/api/users')).status).toBe(200);
  });
});
