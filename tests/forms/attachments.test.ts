/**
 * File fields: staff upload a file for a task's file field (checked by content, scanned,
 * stored encrypted with the case), the field's value lists the references, the engine checks
 * them on submit, and whoever may work an open task of the case (or holds the personal-data
 * role) downloads the file. Every upload, staff and public, passes the scanners plugins
 * declare: here one that refuses the EICAR test file.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  type TestEngine,
  type UserName,
} from '../helpers/engine.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import { getInstance, tasksOf } from '../helpers/scenario.ts';

/** What the scanner plugin was shown (it logs each file; it runs in a worker of its own). */
const lines: string[] = [];
const scanned = () =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"eicar.scanned"'))
    .map(
      (l) =>
        (JSON.parse(l) as { scanned: { name: string; uploadedBy: string; instanceId: string } })
          .scanned,
    );

// Given a claim customers start and send documents for, then staff fill in with receipts
const claimForm = {
  id: 'claim-docs',
  version: 1,
  title: label('Claim documents', '理賠文件'),
  fields: [
    {
      key: 'receipts',
      type: 'file',
      required: true,
      accept: ['application/pdf', 'image/*'],
      maxSize: 4096,
      maxFiles: 2,
      label: label('Receipts', '收據'),
    },
    {
      key: 'photos',
      type: 'group',
      repeatable: true,
      label: label('Photos', '照片'),
      fields: [{ key: 'scan', type: 'file', accept: ['image/png'], label: label('Scan', '掃描') }],
    },
  ],
};
const reportForm = {
  id: 'report',
  version: 1,
  title: label('Report', '報案'),
  fields: [{ key: 'ref', type: 'text', required: true, label: label('Policy', '保單') }],
};
const claim = process(
  'claim-docs',
  [
    { id: 'start', type: 'start', form: { id: 'report' } },
    { id: 'wait', type: 'messageCatch', message: 'documents', correlationKey: 'ref' },
    userTask('fill', 'claim-docs'),
    end(),
  ],
  [
    ['start', 'wait'],
    ['wait', 'fill'],
    ['fill', 'end'],
  ],
  {
    public: {
      intake: true,
      steps: [{ label: label('Received', '已收件'), nodes: ['start', 'wait', 'fill'] }],
      uploads: [{ message: 'documents', label: label('Medical records', '病歷資料') }],
    },
  },
);

const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(
  '',
);
const pdf = (text = '') => Buffer.from(`%PDF-1.4\n${text}\n1 0 obj <<>> endobj\n%%EOF\n`);
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.from('0000000049454e44ae426082', 'hex'),
]);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(claim),
      'forms/claim-docs/v1.json': claimForm,
      'forms/report/v1.json': reportForm,
    },
    pluginsDir: fileURLToPath(new URL('./fixtures/scanner-plugins', import.meta.url)),
    config: { logLevel: 'info' },
    logStream: { write: (l: string) => void lines.push(l) },
  });
  expect(t.engine.registry.problems).toEqual([]);
  expect(t.engine.plugins.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

async function publicCall(method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

/** The case behind a tracking link (its token's digest is stored). */
const caseOf = async (token: string) =>
  (
    await t.sql(`SELECT instance_id FROM tracking_tokens WHERE token_hash = $1`, [
      createHash('sha256').update(token).digest('hex'),
    ])
  )[0]!.instance_id as string;

/** A case at its staff task: reported publicly, documents sent through the tracking link. */
async function openCase(ref: string) {
  const made = await publicCall('POST', '/api/public/intake/claim-docs', { data: { ref } });
  expect(made.status).toBe(201);
  const instanceId = await caseOf(made.body.token);
  const sent = await publicCall('POST', `/api/public/track/${made.body.token}/documents`, {
    message: 'documents',
    files: [{ name: 'record.pdf', contentType: 'application/pdf', data: pdf().toString('base64') }],
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  const [task] = await t.until(async () => {
    const open = await tasksOf(t, instanceId);
    return open.length ? open : null;
  }, 'the fill task');
  return { instanceId, taskId: task!.id, token: made.body.token as string };
}

async function upload(
  taskId: string,
  field: string,
  name: string,
  contentType: string,
  body: Buffer,
  as: UserName = 'adjuster',
  lang?: string,
) {
  const res = await t.api(
    'POST',
    `/api/tasks/${taskId}/attachments`,
    { field, name, contentType, data: body.toString('base64') },
    { as, lang },
  );
  return { status: res.status, body: res.body };
}

const storedCount = async (instanceId: string) =>
  Number(
    (await t.sql(`SELECT count(*) AS n FROM attachments WHERE instance_id = $1`, [instanceId]))[0]!
      .n,
  );

describe('staff uploads for file fields', () => {
  it('stores a checked, scanned file sealed with the case, and the completed task keeps its reference', async () => {
    const { instanceId, taskId } = await openCase('P-1');
    const content = pdf('receipt 1');
    const res = await upload(taskId, '/receipts', '收據 1.pdf', 'application/pdf', content);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^doc_/),
      name: '收據 1.pdf',
      size: content.length,
      contentType: 'application/pdf',
    });
    expect(scanned().at(-1)).toEqual({ name: '收據 1.pdf', uploadedBy: 'alice', instanceId });
    const [row] = await t.sql(
      `SELECT task_id, field, scanned_by, uploaded_by, position($2::bytea in data) AS plain FROM attachments WHERE id = $1`,
      [res.body.id, Buffer.from('receipt 1')],
    );
    expect(row).toEqual({
      task_id: taskId,
      field: '/receipts',
      scanned_by: 'eicar',
      uploaded_by: 'alice',
      plain: 0,
    });

    // A colleague the open task is offered to downloads it (docs/security.md: documents are
    // personal data); anyone who may not see the case is not told it exists.
    const download = await fetch(`${t.url}/api/attachments/${res.body.id}`, {
      headers: { authorization: `Bearer ${t.token('adjuster2')}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('收據 1.pdf')}`,
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
    const stranger = await t.api('GET', `/api/attachments/${res.body.id}`, undefined, {
      as: 'receptionist',
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('CW_ERR_NOT_FOUND');

    const done = await t.api(
      'POST',
      `/api/tasks/${taskId}/complete`,
      { data: { receipts: [res.body] } },
      { as: 'adjuster' },
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await getInstance(t, instanceId)).variables.receipts).toEqual([res.body]);
  });

  it("lists the case's documents for the task view: the customer's and staff's, without content", async () => {
    // Given a case whose customer sent a record and whose clerk uploaded a receipt
    const { instanceId, taskId } = await openCase('P-list');
    const receipt = await upload(taskId, '/receipts', 'receipt.pdf', 'application/pdf', pdf('r'));
    expect(receipt.status).toBe(201);

    // When a colleague who may see the case lists its documents
    const res = await t.api('GET', `/api/instances/${instanceId}/attachments`, undefined, {
      as: 'adjuster2',
    });

    // Then both are there in the order they came, with who sent them and for which field
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ name: 'record.pdf', uploadedBy: 'public', taskId: null }),
      expect.objectContaining({
        id: receipt.body.id,
        name: 'receipt.pdf',
        uploadedBy: 'alice',
        taskId,
        field: '/receipts',
        contentType: 'application/pdf',
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('data');
    // And someone who may not see the case is not told it has any
    const stranger = await t.api('GET', `/api/instances/${instanceId}/attachments`, undefined, {
      as: 'receptionist',
    });
    expect(stranger.status).toBe(404);
  });

  it('refuses what the field does not accept, a file whose content is not its type, one too large, and the EICAR file (422); nothing is stored', async () => {
    const { instanceId, taskId } = await openCase('P-2');
    const before = await storedCount(instanceId);
    const refusals = [
      await upload(taskId, '/receipts', 'notes.txt', 'text/plain', Buffer.from('hello')),
      await upload(
        taskId,
        '/receipts',
        'run.pdf',
        'application/pdf',
        Buffer.from('MZ\x90\x00 not a pdf'),
      ),
      await upload(taskId, '/receipts', 'big.pdf', 'application/pdf', pdf('x'.repeat(5000))),
      await upload(taskId, '/photos/0/scan', 'scan.pdf', 'application/pdf', pdf()),
      await upload(
        taskId,
        '/receipts',
        'cut.pdf',
        'application/pdf',
        Buffer.from('%PDF-1.4\n1 0 obj'),
      ),
    ];
    expect(refusals.map((r) => [r.status, r.body.code, r.body.details?.[0]?.pointer])).toEqual([
      [400, 'CW_ERR_VALIDATION', '/contentType'],
      [400, 'CW_ERR_UPLOAD_REJECTED', '/data'],
      [400, 'CW_ERR_UPLOAD_REJECTED', '/data'],
      [400, 'CW_ERR_UPLOAD_REJECTED', '/data'],
      [400, 'CW_ERR_UPLOAD_REJECTED', '/data'],
    ]);

    const infected = await upload(taskId, '/receipts', 'eicar.pdf', 'application/pdf', pdf(EICAR));
    expect(infected.status).toBe(422);
    expect(infected.body).toMatchObject({
      code: 'CW_ERR_UPLOAD_INFECTED',
      details: [
        { code: 'CW_ERR_UPLOAD_INFECTED', pointer: '/data', message: 'EICAR test file found' },
      ],
    });
    const zh = await upload(
      taskId,
      '/receipts',
      'e.pdf',
      'application/pdf',
      pdf(EICAR),
      'adjuster',
      'zh-TW',
    );
    expect(zh.status).toBe(422);
    expect(zh.body.message).toBe('檔案未通過病毒掃描，已被拒絕。');

    const notFile = await upload(taskId, '/nothing', 'a.pdf', 'application/pdf', pdf());
    expect([notFile.status, notFile.body.code, notFile.body.details[0].pointer]).toEqual([
      400,
      'CW_ERR_VALIDATION',
      '/field',
    ]);
    // Staff outside the task's groups are not told it exists.
    expect(
      (await upload(taskId, '/receipts', 'a.pdf', 'application/pdf', pdf(), 'receptionist')).status,
    ).toBe(404);
    expect(await storedCount(instanceId)).toBe(before);
  });

  it('the engine checks the references on submit: same case, unchanged, accepted by the field', async () => {
    const first = await openCase('P-3');
    const second = await openCase('P-4');
    const mine = (await upload(first.taskId, '/receipts', 'a.pdf', 'application/pdf', pdf('a')))
      .body;
    const theirs = (await upload(second.taskId, '/receipts', 'b.pdf', 'application/pdf', pdf('b')))
      .body;
    const image = (await upload(first.taskId, '/photos/0/scan', 'scan.png', 'image/png', png)).body;
    expect(image.contentType).toBe('image/png');

    const res = await t.api(
      'POST',
      `/api/tasks/${first.taskId}/complete`,
      {
        data: {
          receipts: [theirs, { ...mine, size: mine.size + 1 }],
          photos: [{ scan: [mine] }, { scan: [image] }],
        },
      },
      { as: 'adjuster', lang: 'en' },
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      {
        code: 'CW_ERR_FORM_INVALID',
        pointer: '/data/receipts/0',
        message: 'is not a file of this case',
      },
      {
        code: 'CW_ERR_FORM_INVALID',
        pointer: '/data/receipts/1',
        message: 'does not match the stored file',
      },
      {
        code: 'CW_ERR_FORM_INVALID',
        pointer: '/data/photos/0/scan/0',
        message: 'application/pdf is not accepted here',
      },
    ]);
    const tooMany = await t.api(
      'POST',
      `/api/tasks/${first.taskId}/complete`,
      { data: { receipts: [mine, mine, mine] } },
      { as: 'adjuster' },
    );
    expect(tooMany.status).toBe(400);
    // too many, and the same attachment again at the second and third places (issue 19, item 3)
    expect(tooMany.body.details.map((d: { pointer: string }) => d.pointer)).toEqual([
      '/data/receipts',
      '/data/receipts/1',
      '/data/receipts/2',
    ]);
    // the same document uploaded twice is two attachments of one content: refused as well
    const again = (
      await upload(first.taskId, '/receipts', 'a-again.pdf', 'application/pdf', pdf('a'))
    ).body;
    const twice = await t.api(
      'POST',
      `/api/tasks/${first.taskId}/complete`,
      { data: { receipts: [mine, again] } },
      { as: 'adjuster', lang: 'zh-Hant' },
    );
    expect(twice.status).toBe(400);
    expect(twice.body.details).toEqual([
      { code: 'CW_ERR_FORM_INVALID', pointer: '/data/receipts/1', message: '與前面的檔案相同' },
    ]);
    const ok = await t.api(
      'POST',
      `/api/tasks/${first.taskId}/complete`,
      { data: { receipts: [mine], photos: [{ scan: [image] }] } },
      { as: 'adjuster' },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe('public uploads pass the same scanner', () => {
  it('refuses the EICAR file sent through the tracking link with 422 and stores nothing', async () => {
    const made = await publicCall('POST', '/api/public/intake/claim-docs', {
      data: { ref: 'P-9' },
    });
    const instanceId = await caseOf(made.body.token);
    const sent = await publicCall('POST', `/api/public/track/${made.body.token}/documents`, {
      message: 'documents',
      files: [
        { name: 'ok.pdf', contentType: 'application/pdf', data: pdf().toString('base64') },
        { name: 'bad.pdf', contentType: 'application/pdf', data: pdf(EICAR).toString('base64') },
      ],
    });
    expect(sent.status).toBe(422);
    expect(sent.body.details).toEqual([
      {
        code: 'CW_ERR_UPLOAD_INFECTED',
        pointer: '/files/1/data',
        message: 'EICAR test file found',
      },
    ]);
    expect(
      scanned()
        .filter((s) => s.instanceId === instanceId)
        .map((s) => [s.name, s.uploadedBy]),
    ).toEqual([
      ['ok.pdf', 'public'],
      ['bad.pdf', 'public'],
    ]);
    expect(await storedCount(instanceId)).toBe(0);
    expect((await getInstance(t, instanceId)).tokens.map((k) => k.nodeId)).toEqual(['wait']);
  });
});
