/**
 * Bulk migration through the API (issue 21, item 4): a dry run reports what each running case
 * of a version would do (the waiting nodes it maps, or why it is refused) and writes nothing;
 * started, the batch runs in the background as rows, a chunk of cases at a time, its progress
 * readable; an engine killed between chunks leaves it to the next engine, which finishes it
 * with every case moved once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, USERS, type TestEngine } from '../helpers/engine.ts';
import { durabilityViolations } from '../helpers/invariants.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, getInstance, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given v1 of a claim where a review precedes an approval
const v1 = process(
  'claim',
  [start(), userTask('review'), userTask('approve'), end()],
  [
    ['start', 'review'],
    ['review', 'approve'],
    ['approve', 'end'],
  ],
);
// and v2 where the review is renamed `assess` and there is no approval any more
const v2 = process(
  'claim',
  [start(), userTask('assess'), end()],
  [
    ['start', 'assess'],
    ['assess', 'end'],
  ],
  {},
  2,
);
const other = process(
  'other',
  [start(), userTask('review'), end()],
  [
    ['start', 'review'],
    ['review', 'end'],
  ],
);
const otherV2 = { ...other, version: 2 };

// An engine with no worker: the batch runs only when the test says so (as if stopped)
let a: TestEngine;
let b: TestEngine | undefined;
const approving: string[] = [];
const reviewing: string[] = [];

beforeAll(async () => {
  a = await startTestEngine({ definitions: files(v1, v2, other, otherV2), worker: false });
  // two claims already approving (the oldest), 28 in review, all on v1
  for (let i = 0; i < 2; i++) {
    const c = await startInstance(a, 'claim', {}, { version: 1 });
    const [task] = await tasksOf(a, c.id);
    await complete(a, task!.id, { ok: true });
    approving.push(c.id);
  }
  for (let i = 0; i < 28; i++)
    reviewing.push((await startInstance(a, 'claim', {}, { version: 1 })).id);
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a.close().catch(() => undefined);
  await dropTestData(a.schema, a.prefix);
});

const body = { processId: 'claim', fromVersion: 1, toVersion: 2, mapping: { review: 'assess' } };

describe('a dry run', () => {
  it('reports what each case would do, the refused first, and writes nothing', async () => {
    const r = await a.api('POST', '/api/migrations', body, { as: 'designer' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      processId: 'claim',
      fromVersion: 1,
      toVersion: 2,
      total: 30,
      movable: 28,
      refused: 2,
      mapping: [{ from: 'review', to: 'assess', wait: 'task', tokens: 28 }],
      more: 0,
    });
    expect(r.body.items).toHaveLength(30);
    expect(
      r.body.items
        .slice(0, 2)
        .map((i: { instanceId: string }) => i.instanceId)
        .sort(),
    ).toEqual([...approving].sort());
    expect(r.body.items[0].problems[0]).toMatchObject({
      code: 'CW_ERR_MIGRATION_REFUSED',
      nodeId: 'approve',
    });
    // asked in Simplified Chinese, each reason is said in it
    const hans = await a.api('POST', '/api/migrations', body, { as: 'designer', lang: 'zh-CN' });
    expect(hans.body.items[0].problems[0].message).toBe(
      '有令牌在 approve 等待，但版本 2 中没有 approve；请对应到存在的节点',
    );
    expect(r.body.items[2]).toMatchObject({
      fromVersion: 1,
      moves: [{ from: 'review', to: 'assess', wait: 'task' }],
      problems: [],
    });
    expect(await a.sql(`SELECT count(*)::int AS n FROM migration_batches`)).toEqual([{ n: 0 }]);
    expect(
      await a.sql(`SELECT DISTINCT process_version FROM instances WHERE process_id = 'claim'`),
    ).toEqual([{ process_version: 1 }]);
  });

  it('refuses what cannot run, at the offending field, in the caller’s language', async () => {
    const same = await a.api(
      'POST',
      '/api/migrations',
      { ...body, fromVersion: 2 },
      {
        lang: 'zh-Hant',
      },
    );
    expect(same.status).toBe(400);
    expect(same.body.code).toBe('CW_ERR_MIGRATION_SAME_VERSION');
    expect(same.body.details[0]).toMatchObject({ pointer: '/fromVersion' });
    expect(same.body.details[0].message).toBe('要遷移的案件已在目標版本上。');
    const unknown = await a.api('POST', '/api/migrations', { ...body, toVersion: 9 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.details[0]).toMatchObject({ pointer: '/toVersion' });
    const malformed = await a.api('POST', '/api/migrations', {
      ...body,
      mapping: { review: { to: 'assess' } },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].pointer).toBe('/mapping/review');
    expect((await a.api('POST', '/api/migrations', body, { as: 'adjuster' })).status).toBe(403);
    expect(await a.sql(`SELECT count(*)::int AS n FROM migration_batches`)).toEqual([{ n: 0 }]);
  });
});

describe('a batch', () => {
  let id: string;

  it('starts as rows and answers its progress at once', async () => {
    const r = await a.api(
      'POST',
      '/api/migrations',
      { ...body, dryRun: false },
      {
        as: 'designer',
      },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toMatchObject({
      status: 'running',
      createdBy: USERS.designer.id,
      total: 30,
      done: 0,
      progress: { pending: 30, moved: 0 },
    });
    id = r.body.id;
    // And the start is in the audit log: who, which process and versions, how many cases
    const audit = await a.api('GET', '/api/audit?action=migration.started', undefined, {
      as: 'admin',
    });
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        actor: USERS.designer.id,
        action: 'migration.started',
        subject: 'process/claim',
        data: {
          batchId: id,
          fromVersion: 1,
          toVersion: 2,
          mapping: { review: 'assess' },
          cases: 30,
        },
      }),
    ]);
  });

  it('runs a chunk at a time; its progress is readable between chunks', async () => {
    // When the engine runs the batch's job once (the worker is off: as one delivery would)
    expect(await a.engine.executor.processJob(`migration/${id}`, 1)).toBe('done');
    const r = await a.api('GET', `/api/migrations/${id}?status=refused`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'running',
      total: 30,
      done: 25,
      progress: { pending: 5, moved: 23, refused: 2 },
    });
    expect(r.body.cases.map((c: { instanceId: string }) => c.instanceId).sort()).toEqual(
      [...approving].sort(),
    );
    expect(r.body.cases[0].problems[0]).toMatchObject({ nodeId: 'approve' });
    // a stored reason is said in the language of whoever reads it
    const zh = await a.api('GET', `/api/migrations/${id}?status=refused`, undefined, {
      lang: 'zh-Hant',
    });
    expect(zh.body.cases[0].problems[0].message).toBe(
      '有權杖在 approve 等待，但版本 2 中沒有 approve；請對應到存在的節點',
    );
    // the next run is armed in PostgreSQL, due now
    const [job] = await a.sql(`SELECT status, attempt, due_at FROM jobs WHERE id = $1`, [
      `migration/${id}`,
    ]);
    expect(job).toMatchObject({ status: 'pending', attempt: 3 });
    expect(job.due_at.getTime()).toBeLessThanOrEqual(a.clock.now());
  });

  it('is finished by another engine after this one is killed, each case moved once', async () => {
    await a.close();
    // When another engine starts on the same database, with its worker
    b = await startTestEngine({
      definitions: a.definitionsDir,
      schema: a.schema,
      prefix: a.prefix,
    });
    const done = await b.until(async () => {
      const r = await b!.api('GET', `/api/migrations/${id}`);
      return r.body.status === 'done' ? r.body : null;
    }, 'the batch done');
    expect(done).toMatchObject({
      total: 30,
      done: 30,
      progress: { pending: 0, moved: 28, refused: 2, skipped: 0 },
    });
    expect(done.finishedAt).not.toBeNull();
    const moved = await b.sql(
      `SELECT instance_id, count(*)::int AS n, min(data->>'batchId') AS batch, min(actor) AS actor
       FROM history WHERE type = 'instance.migrated' GROUP BY 1`,
    );
    expect(moved).toHaveLength(28);
    for (const m of moved) expect(m).toMatchObject({ n: 1, batch: id, actor: USERS.designer.id });
    expect(moved.map((m) => m.instance_id).sort()).toEqual([...reviewing].sort());
    // Then the moved cases wait at assess on v2 and go on; the refused stay on v1
    const one = await getInstance(b, reviewing[0]!);
    expect(one).toMatchObject({ processVersion: 2, tokens: [{ nodeId: 'assess' }] });
    const [task] = await tasksOf(b, one.id);
    expect((await complete(b, task!.id, { ok: true })).status).toBe('completed');
    expect(await getInstance(b, approving[0]!)).toMatchObject({
      processVersion: 1,
      tokens: [{ nodeId: 'approve' }],
    });
    expect(await b.sql(`SELECT status FROM jobs WHERE id = $1`, [`migration/${id}`])).toEqual([
      { status: 'done' },
    ]);
    expect(await durabilityViolations((q, v) => b!.engine.db.query(q, v))).toEqual([]);
  });

  it('cannot be cancelled once done; a running one can, its pending cases left as they are', async () => {
    const ended = await b!.api('POST', `/api/migrations/${id}/cancel`);
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('CW_ERR_MIGRATION_ENDED');
    const c = await startInstance(b!, 'other', {}, { version: 1 });
    // a batch that has not run yet (its first run comes after the cancel: the job is gone)
    const started = await b!.sql(
      `SELECT 1 FROM jobs WHERE kind = 'migration' AND status = 'pending'`,
    );
    expect(started).toEqual([]);
    const r = await b!.api('POST', '/api/migrations', {
      processId: 'other',
      toVersion: 2,
      dryRun: false,
    });
    expect(r.status).toBe(202);
    const cancel = await b!.api('POST', `/api/migrations/${r.body.id}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    expect(cancel.body.progress.moved + cancel.body.progress.cancelled).toBe(1);
    const audit = await b!.api('GET', '/api/audit?action=migration.cancelled', undefined, {
      as: 'admin',
    });
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'migration.cancelled',
        subject: 'process/other',
        data: expect.objectContaining({ batchId: r.body.id, fromVersion: null, toVersion: 2 }),
      }),
    ]);
    const list = await b!.api('GET', '/api/migrations', undefined, { as: 'designer' });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([r.body.id, id]);
    if (cancel.body.progress.cancelled === 1)
      expect((await getInstance(b!, c.id)).processVersion).toBe(1);
    expect(
      (await b!.api('GET', '/api/migrations/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });
});
