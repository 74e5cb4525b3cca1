/**
 * Documents are personal data (issue 14, item 6): downloading one needs the case to be visible
 * and either the `personal-data` role or an open task of the case the caller may work on
 * (offered to them or their group, or assigned to them); every download is recorded in the
 * case history with who, when, which document and through which route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { end, files, label, process, start, userTask } from '../fixtures/definitions.ts';
import { complete, history, startInstance, tasksOf } from '../helpers/scenario.ts';

// Given a claim: adjusters fill in the receipts, then claims intake reviews
const receiptsForm = {
  id: 'receipts',
  version: 1,
  title: label('Receipts', '收據'),
  fields: [
    {
      key: 'receipts',
      type: 'file',
      accept: ['application/pdf'],
      label: label('Receipts', '收據'),
    },
  ],
};
const claim = process(
  'claim',
  [
    start(),
    userTask('fill', 'receipts'),
    userTask('review', 'ack', { candidateGroups: '["claims-intake"]' }),
    end(),
  ],
  [
    ['start', 'fill'],
    ['fill', 'review'],
    ['review', 'end'],
  ],
);
const pdf = Buffer.from('%PDF-1.4\nreceipt\n1 0 obj <<>> endobj\n%%EOF\n');

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(claim), 'forms/receipts/v1.json': receiptsForm },
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A case at `fill` with a receipt uploaded by alice. */
async function caseWithReceipt() {
  const i = await startInstance(t, 'claim');
  const [task] = await tasksOf(t, i.id);
  const up = await t.api(
    'POST',
    `/api/tasks/${task!.id}/attachments`,
    {
      field: '/receipts',
      name: 'receipt.pdf',
      contentType: 'application/pdf',
      data: pdf.toString('base64'),
    },
    { as: 'adjuster' },
  );
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  return { instanceId: i.id, taskId: task!.id, ref: up.body, documentId: up.body.id as string };
}

/** Downloads as a user: the status, and the error body when it is not a file. */
async function download(id: string, as: UserName, lang = 'en') {
  const res = await fetch(`${t.url}/api/attachments/${id}`, {
    headers: { authorization: `Bearer ${t.token(as)}`, 'accept-language': lang },
  });
  const isJson = res.headers.get('content-type')?.startsWith('application/json');
  return { status: res.status, body: isJson ? await res.json() : await res.arrayBuffer() };
}
const downloads = async (instanceId: string) =>
  (await history(t, instanceId)).filter((h) => h.type === 'personalData.downloaded');

describe('document downloads', () => {
  it('a designer who sees every case may not download its documents, and nothing is recorded', async () => {
    const { instanceId, documentId } = await caseWithReceipt();
    const res = await download(documentId, 'designer');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CW_ERR_DOCUMENT_FORBIDDEN');
    const zh = await download(documentId, 'designer', 'zh-Hant');
    expect(zh.body.message).toMatch(/personal-data/);
    expect(await downloads(instanceId)).toEqual([]);
    // and the lists say so, so the studio need not offer a link that would be refused
    const list = await t.api('GET', `/api/instances/${instanceId}/attachments`, undefined, {
      as: 'designer',
    });
    expect(list.body).toMatchObject({
      items: [expect.objectContaining({ id: documentId })],
      mayDownload: false,
    });
    const colleague = await t.api('GET', `/api/instances/${instanceId}/attachments`, undefined, {
      as: 'adjuster2',
    });
    expect(colleague.body.mayDownload).toBe(true);
  });

  it('a colleague offered the open task downloads, and the case history records it', async () => {
    const { instanceId, taskId, documentId } = await caseWithReceipt();
    const res = await download(documentId, 'adjuster2');
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body).equals(pdf)).toBe(true);
    expect(await downloads(instanceId)).toEqual([
      expect.objectContaining({
        actor: 'adam',
        at: expect.any(String),
        data: {
          attachmentId: documentId,
          route: 'GET /api/attachments/:id',
          basis: 'task',
          taskId,
        },
      }),
    ]);
  });

  it('the personal-data role downloads without a task; a stranger is not told the document exists', async () => {
    const { instanceId, documentId } = await caseWithReceipt();
    expect((await download(documentId, 'officer')).status).toBe(200);
    const stranger = await download(documentId, 'receptionist');
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('CW_ERR_NOT_FOUND');
    expect((await downloads(instanceId)).map((h) => [h.actor, h.data!.basis])).toEqual([
      ['olga', 'personal-data'],
    ]);
  });

  it('follows the open tasks: claimed by a colleague, or moved on to another group', async () => {
    const { instanceId, taskId, documentId, ref } = await caseWithReceipt();
    // When alice claims the task, adam (same group) may no longer work it, so no download
    expect(
      (await t.api('POST', `/api/tasks/${taskId}/claim`, undefined, { as: 'adjuster' })).status,
    ).toBe(204);
    expect((await download(documentId, 'adjuster2')).status).toBe(403);
    expect((await download(documentId, 'adjuster')).status).toBe(200);
    // When the case moves on to claims intake, alice still sees the case but has no open task
    await complete(t, taskId, { receipts: [ref] }, 'adjuster');
    expect((await download(documentId, 'adjuster')).status).toBe(403);
    expect((await download(documentId, 'intake')).status).toBe(200);
    expect((await downloads(instanceId)).map((h) => h.actor)).toEqual(['alice', 'ian']);
  });
});
