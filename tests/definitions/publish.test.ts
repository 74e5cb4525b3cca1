/**
 * Drafts and publishing: a designer's draft is autosaved with its problems, published as the
 * next version's file with a change note (new instances use it, running ones stay pinned), and
 * refused when it is invalid, stale, unchanged or without a note; a draft can be discarded,
 * but not one saved again since the designer saw it. Only designers and administrators touch
 * drafts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { startInstance } from '../helpers/scenario.ts';

const review = process(
  'review',
  [start(), userTask('check', 'ack'), end()],
  [
    ['start', 'check'],
    ['check', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(review) });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const put = (kind: string, id: string, body: unknown, baseVersion?: number | null) =>
  t.api(
    'PUT',
    `/api/drafts/${kind}/${id}`,
    { body, ...(baseVersion !== undefined ? { baseVersion } : {}) },
    { as: 'designer' },
  );
const publish = (kind: string, id: string, note = 'First cut') =>
  t.api('POST', `/api/drafts/${kind}/${id}/publish`, { note }, { as: 'designer' });
const discard = (kind: string, id: string, savedAt?: string) =>
  t.api(
    'DELETE',
    `/api/drafts/${kind}/${id}${savedAt ? `?savedAt=${encodeURIComponent(savedAt)}` : ''}`,
    undefined,
    { as: 'designer' },
  );

describe('drafts', () => {
  it('autosaves a new form with its problems, refuses to publish it, then publishes v1', async () => {
    // Given a draft of a new form with a field that has no label yet
    const draft = {
      title: label('Visit record', '回訪紀錄'),
      fields: [{ key: 'reached', type: 'boolean' }],
    };
    const saved = await put('form', 'visit-record', draft, null);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      kind: 'form',
      id: 'visit-record',
      baseVersion: null,
      updatedBy: 'dana',
    });
    expect(saved.body.problems).toEqual([
      expect.objectContaining({ code: 'CW_ERR_DEF_SCHEMA', pointer: '/fields/0' }),
    ]);
    expect((await t.api('GET', '/api/drafts', undefined, { as: 'designer' })).body.items).toEqual([
      expect.objectContaining({ kind: 'form', id: 'visit-record' }),
    ]);

    // When it is published as it is, it is refused with the same problems and nothing is written
    const refused = await publish('form', 'visit-record');
    expect(refused.status).toBe(400);
    expect(refused.body.details[0]).toMatchObject({ pointer: '/fields/0' });

    // And when the label is added and it is published
    draft.fields[0] = {
      key: 'reached',
      type: 'boolean',
      label: label('Reached', '已聯繫'),
    } as never;
    expect((await put('form', 'visit-record', draft, null)).body.problems).toEqual([]);
    const done = await publish('form', 'visit-record', '  New form for the follow-up visit  ');
    expect(done.status).toBe(201);
    expect(done.body).toEqual({
      kind: 'form',
      id: 'visit-record',
      version: 1,
      note: 'New form for the follow-up visit',
      publishedBy: 'dana',
      publishedAt: expect.any(String),
    });

    // Then the file is in the folder, with its id, version and $schema, and the registry has it
    const file = JSON.parse(
      await readFile(join(t.definitionsDir, 'forms/visit-record/v1.json'), 'utf8'),
    );
    expect(file).toMatchObject({
      $schema: '../../schema/form.schema.json',
      id: 'visit-record',
      version: 1,
    });
    expect((await t.api('GET', '/api/definitions/form/visit-record')).body.latestVersion).toBe(1);
    expect(
      (await t.api('GET', '/api/drafts/form/visit-record', undefined, { as: 'designer' })).status,
    ).toBe(404);
  });

  it('publishes v2 of a process for new instances while running ones stay on v1', async () => {
    const running = await startInstance(t, 'review');
    const v1 = (await t.api('GET', '/api/definitions/process/review')).body.body;
    const v2 = {
      ...v1,
      nodes: [...v1.nodes.slice(0, 1), { ...v1.nodes[1], priority: '80' }, ...v1.nodes.slice(2)],
    };
    expect((await put('process', 'review', v2)).body).toMatchObject({
      baseVersion: 1,
      problems: [],
    });
    expect((await publish('process', 'review', 'Review is more urgent')).body.version).toBe(2);

    const list = await t.api('GET', '/api/definitions?kind=process');
    expect(list.body.items.find((d: { id: string }) => d.id === 'review')).toMatchObject({
      latestVersion: 2,
      versions: [1, 2],
      running: { '1': 1 },
    });
    expect((await startInstance(t, 'review')).processVersion).toBe(2);
    expect((await t.api('GET', `/api/instances/${running.id}`)).body.processVersion).toBe(1);
  });

  it('refuses a stale draft and an unchanged one', async () => {
    const latest = (await t.api('GET', '/api/definitions/process/review')).body;
    // a draft begun from v1 after v2 was published
    await put('process', 'review', latest.body, 1);
    const stale = await publish('process', 'review');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'CW_ERR_DRAFT_STALE',
      latestVersion: latest.latestVersion,
    });
    // the latest version again, unchanged
    await put('process', 'review', latest.body, latest.latestVersion);
    const same = await publish('process', 'review');
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('CW_ERR_DRAFT_UNCHANGED');
    expect(
      (await t.api('DELETE', '/api/drafts/process/review', undefined, { as: 'designer' })).status,
    ).toBe(204);
  });

  it('is for designers and administrators only', async () => {
    expect((await t.api('GET', '/api/drafts', undefined, { as: 'adjuster' })).status).toBe(403);
    expect(
      (await t.api('PUT', '/api/drafts/form/x', { body: {} }, { as: 'supervisor' })).status,
    ).toBe(403);
    expect(
      (await t.api('POST', '/api/drafts/form/x/publish', { note: 'x' }, { as: 'adjuster' })).status,
    ).toBe(403);
    expect(
      (await t.api('DELETE', '/api/drafts/form/x', undefined, { as: 'adjuster' })).status,
    ).toBe(403);
  });
});

describe('change notes', () => {
  it('refuses a publish without a note, and keeps the draft', async () => {
    await put('form', 'callback', { title: label('Callback', '回電'), fields: [] }, null);
    for (const body of [undefined, {}, { note: '   ' }]) {
      const refused = await t.api('POST', '/api/drafts/form/callback/publish', body, {
        as: 'designer',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('CW_ERR_PUBLISH_NOTE_REQUIRED');
    }
    expect((await t.api('GET', '/api/definitions/form/callback')).status).toBe(404);
    expect(
      (await t.api('GET', '/api/drafts/form/callback', undefined, { as: 'designer' })).status,
    ).toBe(200);
  });

  it('returns each version with its note, who published it and when; a file added by hand has none', async () => {
    // Given review v1 from the folder and v2 published with a note (the scenario above)
    const detail = await t.api('GET', '/api/definitions/process/review');
    expect(detail.body.versions).toEqual([
      expect.objectContaining({ version: 1, note: null, publishedBy: null, publishedAt: null }),
      expect.objectContaining({
        version: 2,
        note: 'Review is more urgent',
        publishedBy: 'dana',
        publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      }),
    ]);
    // Then one version reads the same
    const v2 = await t.api('GET', '/api/definitions/process/review/versions/2');
    expect(v2.body).toMatchObject({
      version: 2,
      note: 'Review is more urgent',
      publishedBy: 'dana',
    });
  });
});

describe('discarding a draft', () => {
  it('removes the draft; the definition stays at its latest version', async () => {
    const latest = (await t.api('GET', '/api/definitions/process/review')).body;
    const changed = { ...latest.body, name: label('Review (draft)', '審核（草稿）') };
    const saved = await put('process', 'review', changed, latest.latestVersion);
    expect(saved.status).toBe(200);

    // When the designer discards it, naming the save they saw
    expect((await discard('process', 'review', saved.body.updatedAt)).status).toBe(204);

    // Then the draft is gone, the version is as it was, and discarding again finds nothing
    expect(
      (await t.api('GET', '/api/drafts/process/review', undefined, { as: 'designer' })).status,
    ).toBe(404);
    const after = (await t.api('GET', '/api/definitions/process/review')).body;
    expect(after.latestVersion).toBe(latest.latestVersion);
    expect(after.body).toEqual(latest.body);
    const again = await discard('process', 'review');
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('CW_ERR_NOT_FOUND');
  });

  it('keeps a draft saved again since the designer saw it', async () => {
    const latest = (await t.api('GET', '/api/definitions/process/review')).body;
    const first = await put('process', 'review', latest.body, latest.latestVersion);
    // a colleague saves a later edit (the engine's clock moves on)
    t.clock.advance(60_000);
    const second = await put(
      'process',
      'review',
      { ...latest.body, name: label('Review v3', '審核三') },
      latest.latestVersion,
    );
    expect(second.body.updatedAt).not.toBe(first.body.updatedAt);

    // When the first tab discards what it saw, it is refused and the colleague's edit is kept
    const refused = await discard('process', 'review', first.body.updatedAt);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CW_ERR_DRAFT_CHANGED');
    const kept = await t.api('GET', '/api/drafts/process/review', undefined, { as: 'designer' });
    expect(kept.body.body.name).toEqual(label('Review v3', '審核三'));
    expect((await discard('process', 'review', second.body.updatedAt)).status).toBe(204);
  });
});
