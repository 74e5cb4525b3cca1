import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { complete, getInstance, history, startInstance, tasksOf } from '../helpers/scenario.ts';

const late = (attachedTo: string) => ({
  id: 'late',
  type: 'boundaryTimer',
  attachedTo,
  timer: { duration: 'P3D' },
});
// Given v1 where a review (escalated after three days) precedes the end
const v1 = process(
  'claim',
  [start(), userTask('review'), late('review'), end('done', 'v1'), end('lateEnd', 'late')],
  [
    ['start', 'review'],
    ['review', 'done'],
    ['late', 'lateEnd'],
  ],
);
// and v2 where the review is renamed `assess`, followed by a notification service task
const v2 = process(
  'claim',
  [
    start(),
    userTask('assess'),
    late('assess'),
    service('notify', 'set-variables', { input: { notified: 'true' } }),
    end('done', 'v2'),
    end('lateEnd', 'late'),
  ],
  [
    ['start', 'assess'],
    ['assess', 'notify'],
    ['notify', 'done'],
    ['late', 'lateEnd'],
  ],
  {},
  2,
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(v1, v2) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const migrate = (id: string, body: Record<string, unknown>, as?: 'designer' | 'adjuster') =>
  t.api('POST', `/api/instances/${id}/migrate`, { targetVersion: 2, ...body }, { as });

async function snapshot(id: string) {
  return {
    instance: await getInstance(t, id),
    history: (await history(t, id)).length,
    tasks: await t.sql(`SELECT id, node_id FROM tasks WHERE instance_id = $1`, [id]),
    jobs: await t.sql(`SELECT id, node_id, status FROM jobs WHERE instance_id = $1`, [id]),
  };
}

describe('instance migration', () => {
  it('moves a waiting task to the mapped node of v2, and the instance continues on v2', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const res = await migrate(i.id, { mapping: { review: 'assess' } }, 'designer');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      applied: true,
      problems: [],
      moves: [{ from: 'review', to: 'assess', wait: 'task' }],
    });
    const after = await getInstance(t, i.id);
    expect(after).toMatchObject({
      processVersion: 2,
      tokens: [{ nodeId: 'assess', waitingFor: 'task' }],
    });
    const [task] = await tasksOf(t, i.id);
    expect(task!.node_id).toBe('assess');
    expect((await history(t, i.id)).at(-1)).toMatchObject({
      type: 'instance.migrated',
      actor: 'dana',
      data: { from: 1, to: 2 },
    });
    const done = await complete(t, task!.id, { ok: true });
    expect(done).toMatchObject({
      status: 'completed',
      outcome: 'v2',
      variables: { notified: true },
    });
    expect((await t.sql(`SELECT status FROM jobs WHERE instance_id = $1`, [i.id]))[0].status).toBe(
      'cancelled',
    );
  });

  it('keeps the boundary timer armed on v1: it fires on the migrated task', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const [task] = await tasksOf(t, i.id);
    expect((await migrate(i.id, { mapping: { review: 'assess' } })).status).toBe(200);
    t.clock.advance(3 * 24 * 3_600_000 + 60_000);
    const done = await t.until(async () => {
      const x = await getInstance(t, i.id);
      return x.status === 'completed' ? x : null;
    }, 'escalated on v2');
    expect(done).toMatchObject({ processVersion: 2, outcome: 'late' });
    expect((await t.sql(`SELECT status FROM tasks WHERE id = $1`, [task!.id]))[0].status).toBe(
      'cancelled',
    );
  });

  it('refuses a token that would land on a missing node, with reasons, and changes nothing', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const before = await snapshot(i.id);

    const unmapped = await migrate(i.id, {});
    expect(unmapped.status).toBe(409);
    expect(unmapped.body.code).toBe('CW_ERR_MIGRATION_REFUSED');
    expect(unmapped.body.details).toEqual([
      expect.objectContaining({ code: 'CW_ERR_MIGRATION_REFUSED', pointer: '/tokens/0/nodeId' }),
    ]);

    const ghost = await migrate(i.id, { mapping: { review: 'ghost', nowhere: 'assess' } });
    expect(ghost.status).toBe(409);
    expect(ghost.body.details.map((d: { pointer: string }) => d.pointer).sort()).toEqual([
      '/mapping/nowhere',
      '/mapping/review',
    ]);
    expect(await snapshot(i.id)).toEqual(before);
  });

  it('refuses a mapping that would lose a wait state', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const before = await snapshot(i.id);
    const res = await migrate(i.id, { mapping: { review: 'notify' } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CW_ERR_MIGRATION_REFUSED');
    expect(res.body.details).toEqual([
      expect.objectContaining({
        pointer: '/mapping/review',
        message: expect.stringContaining('lost'),
      }),
    ]);
    expect(await snapshot(i.id)).toEqual(before);
  });

  it('dry run returns the report and changes nothing', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const before = await snapshot(i.id);
    const ok = await migrate(i.id, { mapping: { review: 'assess' }, dryRun: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ applied: false, problems: [], moves: [{ to: 'assess' }] });
    const bad = await migrate(i.id, { mapping: { review: 'notify' }, dryRun: true });
    expect(bad.status).toBe(200);
    expect(bad.body.applied).toBe(false);
    expect(bad.body.problems).toEqual([
      expect.objectContaining({ code: 'CW_ERR_MIGRATION_REFUSED', pointer: '/mapping/review' }),
    ]);
    expect(await snapshot(i.id)).toEqual(before);
  });

  it('says each reason in the caller’s language: zh-Hant, zh-Hans, en', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const body = { targetVersion: 2, mapping: { review: 'ghost' } };
    const say = async (lang: string, dryRun: boolean) => {
      const r = await t.api(
        'POST',
        `/api/instances/${i.id}/migrate`,
        { ...body, dryRun },
        { lang },
      );
      expect(r.status).toBe(dryRun ? 200 : 409);
      return (dryRun ? r.body.problems : r.body.details).map((p: { message: string }) => p.message);
    };
    expect(await say('zh-TW', true)).toEqual([
      '有權杖在 review 等待，但版本 2 中沒有 ghost；請對應到存在的節點',
    ]);
    expect(await say('zh-CN', true)).toEqual([
      '有令牌在 review 等待，但版本 2 中没有 ghost；请对应到存在的节点',
    ]);
    expect(await say('en', true)).toEqual([
      'a token waits at review, but ghost does not exist in version 2; map it to a node that does',
    ]);
    // refused, the details are said the same way
    expect(await say('zh-CN', false)).toEqual([
      '有令牌在 review 等待，但版本 2 中没有 ghost；请对应到存在的节点',
    ]);
    expect(await say('zh-Hant', false)).toEqual([
      '有權杖在 review 等待，但版本 2 中沒有 ghost；請對應到存在的節點',
    ]);
  });

  it('is for designers and administrators only', async () => {
    const i = await startInstance(t, 'claim', {}, { version: 1 });
    const res = await migrate(i.id, { mapping: { review: 'assess' } }, 'adjuster');
    expect(res.status).toBe(403);
    expect((await getInstance(t, i.id)).processVersion).toBe(1);
  });

  it('keeps the durability invariants', async () => {
    expect(await durabilityViolations((q, v) => t.engine.db.query(q, v))).toEqual([]);
  });
});
