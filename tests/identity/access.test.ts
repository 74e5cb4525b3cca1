import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';

// Given a review task offered to the adjusters, whose work the claims leads supervise
const review = process(
  'review',
  [start(), userTask('check', 'ack'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let t: TestEngine;
const as = (token: string) => ({
  async call(method: string, path: string, body?: unknown) {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  },
});
// leo supervises the adjusters through the groups table; ivy supervises claims intake only
const leo = () => as('leo-token');
const ivy = () => as('ivy-token');

beforeAll(async () => {
  t = await startTestEngine({ definitions: files(review) });
  for (const [id, supervisorGroup] of [
    ['claims-leads', null],
    ['adjusters', 'claims-leads'],
    ['claims-intake', null],
  ] as const)
    expect((await t.api('PUT', `/api/groups/${id}`, { supervisorGroup })).status).toBe(201);
  await ensureUser(
    t.engine.db,
    { id: 'leo', roles: ['supervisor'], groups: ['claims-leads'] },
    'leo-token',
  );
  await ensureUser(
    t.engine.db,
    { id: 'ivy', roles: ['supervisor'], groups: ['claims-intake'] },
    'ivy-token',
  );
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function startReview() {
  const inst = await t.api('POST', '/api/instances', { processId: 'review' });
  expect(inst.status).toBe(201);
  const tasks = await t.sql(`SELECT id FROM tasks WHERE instance_id = $1`, [inst.body.id]);
  return { instanceId: inst.body.id as string, taskId: tasks[0].id as string };
}

describe('staff of another group', () => {
  it('get 404 for the task and its case, as if they did not exist', async () => {
    const { instanceId, taskId } = await startReview();
    const reads = [
      await t.api('GET', `/api/tasks/${taskId}`, undefined, { as: 'intake' }),
      await t.api('POST', `/api/tasks/${taskId}/claim`, undefined, { as: 'intake' }),
      await t.api('PUT', `/api/tasks/${taskId}/draft`, { data: {} }, { as: 'intake' }),
      await t.api(
        'POST',
        `/api/tasks/${taskId}/complete`,
        { data: { ok: true } },
        { as: 'intake' },
      ),
      await t.api('GET', `/api/instances/${instanceId}`, undefined, { as: 'intake' }),
      await t.api('GET', `/api/instances/${instanceId}/history`, undefined, { as: 'intake' }),
    ];
    for (const r of reads)
      expect({ status: r.status, code: r.body.code }).toEqual({
        status: 404,
        code: 'CW_ERR_NOT_FOUND',
      });
    const inbox = await t.api('GET', '/api/tasks?scope=groups', undefined, { as: 'intake' });
    expect(inbox.body.items.map((x: { id: string }) => x.id)).not.toContain(taskId);
    // And nothing changed
    const rows = await t.sql(`SELECT status, assignee, draft FROM tasks WHERE id = $1`, [taskId]);
    expect(rows[0]).toEqual({ status: 'open', assignee: null, draft: null });
  });

  it('while the group sees and works the task and its case', async () => {
    const { instanceId, taskId } = await startReview();
    expect((await t.api('GET', `/api/tasks/${taskId}`, undefined, { as: 'adjuster' })).status).toBe(
      200,
    );
    expect(
      (await t.api('GET', `/api/instances/${instanceId}`, undefined, { as: 'adjuster' })).status,
    ).toBe(200);
    expect(
      (await t.api('POST', `/api/tasks/${taskId}/claim`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
  });
});

describe('supervisors', () => {
  it("see and act on the work of the groups they supervise, not on other groups' work", async () => {
    const { instanceId, taskId } = await startReview();
    await t.api('POST', `/api/tasks/${taskId}/claim`, undefined, { as: 'adjuster' });

    // leo (claims-leads supervises adjusters) sees the task in "all", reads it and the case
    const all = await leo().call('GET', '/api/tasks?scope=all');
    expect(all.body.items.map((x: { id: string }) => x.id)).toContain(taskId);
    expect((await leo().call('GET', `/api/tasks/${taskId}`)).status).toBe(200);
    const list = await leo().call('GET', '/api/instances');
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(instanceId);
    // and may hand alice's claimed task back to the group
    expect((await leo().call('POST', `/api/tasks/${taskId}/unclaim`)).status).toBe(204);

    // sue supervises from inside the adjusters group
    expect(
      (await t.api('GET', `/api/instances/${instanceId}`, undefined, { as: 'supervisor' })).status,
    ).toBe(200);

    // ivy supervises claims intake only: the adjusters' work does not exist for her
    const ivyAll = await ivy().call('GET', '/api/tasks?scope=all');
    expect(ivyAll.body.items.map((x: { id: string }) => x.id)).not.toContain(taskId);
    const ivyList = await ivy().call('GET', '/api/instances');
    expect(ivyList.body.items.map((x: { id: string }) => x.id)).not.toContain(instanceId);
    for (const r of [
      await ivy().call('GET', `/api/tasks/${taskId}`),
      await ivy().call('POST', `/api/tasks/${taskId}/claim`),
      await ivy().call('GET', `/api/instances/${instanceId}`),
      await ivy().call('POST', `/api/instances/${instanceId}/cancel`, {}),
    ])
      expect({ status: r.status, code: r.body.code }).toEqual({
        status: 404,
        code: 'CW_ERR_NOT_FOUND',
      });

    // leo may cancel the case; it was active
    const cancel = await leo().call('POST', `/api/instances/${instanceId}/cancel`, {
      reason: 'dup',
    });
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
  });

  it('staff cannot list every task or every case', async () => {
    const all = await t.api('GET', '/api/tasks?scope=all', undefined, { as: 'adjuster' });
    expect(all.status).toBe(403);
    expect(all.body.code).toBe('CW_ERR_FORBIDDEN');
    const list = await t.api('GET', '/api/instances', undefined, { as: 'adjuster' });
    expect(list.body.code).toBe('CW_ERR_FORBIDDEN');
  });
});

describe('administrators', () => {
  it('manage users and groups; a user can only be in known groups; the last administrator stays', async () => {
    const created = await t.api('POST', '/api/users', {
      id: 'nina',
      displayName: 'Nina',
      roles: ['staff'],
      groups: ['claims-intake'],
      password: 'a long enough passphrase',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'nina', hasPassword: true, disabled: false });
    const dup = await t.api('POST', '/api/users', { id: 'nina', roles: [] });
    expect(dup.body.code).toBe('CW_ERR_USER_EXISTS');
    const typo = await t.api('PATCH', '/api/users/nina', { groups: ['claims-intak'] });
    expect(typo.status).toBe(400);
    expect(typo.body.details[0].pointer).toBe('/groups/0');
    const listed = await t.api('GET', '/api/users');
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain('nina');
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');

    const demote = await t.api('PATCH', '/api/users/admin', { roles: ['staff'] });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('CW_ERR_LAST_ADMIN');
    const still = await t.api('GET', '/api/auth/me');
    expect(still.body.roles).toEqual(['admin']);
  });

  it('create a group once, with its names in both languages; a taken id or an unknown supervising group is refused', async () => {
    const name = { 'zh-Hant': '擋風玻璃組', en: 'Windscreen team' };
    const made = await t.api('POST', '/api/groups', { id: 'windscreen-team', name });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({ id: 'windscreen-team', name, supervisorGroup: null });
    const again = await t.api('POST', '/api/groups', { id: 'windscreen-team', name });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CW_ERR_GROUP_EXISTS');
    const oneLanguage = await t.api('POST', '/api/groups', { id: 'glass', name: { en: 'Glass' } });
    expect(oneLanguage.status).toBe(400);
    const typo = await t.api('POST', '/api/groups', {
      id: 'glass',
      name,
      supervisorGroup: 'claims-lead',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.details[0].pointer).toBe('/supervisorGroup');
    const listed = await t.api('GET', '/api/groups', undefined, { as: 'adjuster' });
    expect(listed.body.items).toContainEqual({
      id: 'windscreen-team',
      name,
      supervisorGroup: null,
    });
  });
});

describe('each role', () => {
  it('is told the duties it holds, and only those who work cases start them', async () => {
    const duties = async (as: 'admin' | 'designer' | 'supervisor' | 'adjuster') =>
      (await t.api('GET', '/api/auth/me', undefined, { as })).body.duties;
    expect(await duties('adjuster')).toEqual(['startCases']);
    expect(await duties('designer')).toEqual(['design', 'listCases']);
    expect(await duties('supervisor')).toEqual(['oversee', 'listCases', 'startCases']);
    expect(await duties('admin')).toEqual(
      expect.arrayContaining(['design', 'oversee', 'administer', 'startCases']),
    );
    const byDesigner = await t.api(
      'POST',
      '/api/instances',
      { processId: 'review' },
      {
        as: 'designer',
      },
    );
    expect(byDesigner.body.code).toBe('CW_ERR_FORBIDDEN');
    const byStaff = await t.api(
      'POST',
      '/api/instances',
      { processId: 'review' },
      {
        as: 'adjuster',
      },
    );
    expect(byStaff.status).toBe(201);
  });
});
