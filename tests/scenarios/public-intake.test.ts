/**
 * Customers without a staff login: report a case on a public route, follow it with the private
 * tracking link (steps in customer words, nothing internal), and upload the documents it waits
 * for, which answers the waiting message. Documents are stored encrypted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import { anonymousCall, complete, tasksOf, untilAt } from '../helpers/scenario.ts';

// Given a report customers may file themselves, checked by staff, who may ask for documents
const reportForm = {
  id: 'report',
  version: 1,
  title: label('Report', '報案'),
  fields: [
    { key: 'ref', type: 'text', required: true, label: label('Policy', '保單') },
    { key: 'idNumber', type: 'text', sensitive: true, label: label('ID number', '身分證號碼') },
  ],
};
const report = process(
  'report',
  [
    { id: 'start', type: 'start', form: { id: 'report' } },
    userTask('check', 'ack'),
    { id: 'complete', type: 'exclusiveGateway', default: 'f4' },
    { id: 'wait', type: 'messageCatch', message: 'documents', correlationKey: 'ref' },
    userTask('decide', 'ack'),
    end('decided', 'decided'),
  ],
  [
    ['start', 'check'],
    ['check', 'complete'],
    ['complete', 'wait', 'ok = false'],
    ['complete', 'decide'],
    ['wait', 'check'],
    ['decide', 'decided'],
  ],
  {
    businessKey: '"R-" + ref',
    public: {
      intake: true,
      steps: [
        { label: label('Received', '已收件'), nodes: ['start'] },
        { label: label('Checking your documents', '審核資料中'), nodes: ['check', 'complete'] },
        { label: label('Waiting for your documents', '等待您補件'), nodes: ['wait'] },
        { label: label('Decision', '決定'), nodes: ['decide', 'decided'] },
      ],
      uploads: [{ message: 'documents', label: label('Medical records', '病歷資料') }],
    },
  },
);
const internal = process(
  'internal',
  [{ id: 'start', type: 'start' }, userTask('x', 'ack'), end()],
  [
    ['start', 'x'],
    ['x', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: { ...files(report, internal), 'forms/report/v1.json': reportForm },
  });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A call without any credentials, as a customer's browser makes it. */
const anonymous = (method: string, path: string, body?: unknown) =>
  anonymousCall(t, method, path, body);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n').toString('base64');

describe('public intake and tracking', () => {
  it('takes a report without a login, and the tracking link shows progress in customer words', async () => {
    // Given the start form a customer fills in, readable without a login
    const form = await anonymous('GET', '/api/public/intake/report');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ processId: 'report', form: { id: 'report' } });
    expect((await anonymous('GET', '/api/public/intake/internal')).status).toBe(404);

    // When a customer reports, with a bad field first
    const bad = await anonymous('POST', '/api/public/intake/report', { data: { idNumber: 'A1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/data/ref']);
    const made = await anonymous('POST', '/api/public/intake/report', {
      data: { ref: 'P-77', idNumber: 'A123456789' },
    });
    expect(made.status).toBe(201);
    // the case's own reference, never its business key (built from what the customer typed)
    expect(made.body.reference).toMatch(
      /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
    );
    const token = made.body.token as string;
    expect(token.length).toBeGreaterThanOrEqual(32);

    // Then the tracking page shows the steps, and nothing internal
    const track = await anonymous('GET', `/api/public/track/${token}`);
    expect(track.status).toBe(200);
    expect(track.body).toMatchObject({
      reference: made.body.reference,
      status: 'active',
      waitingFor: [],
    });
    expect(track.body.steps.map((s: { state: string }) => s.state)).toEqual([
      'done',
      'current',
      'pending',
      'pending',
    ]);
    const text = JSON.stringify(track.body);
    for (const secret of ['A123456789', 'P-77', 'check', 'idNumber', 'variables'])
      expect(text).not.toContain(secret);

    // When staff ask for documents, the page says so and takes the upload
    const id = (await t.sql(`SELECT id FROM instances WHERE business_key = 'R-P-77'`))[0].id;
    const [check] = await tasksOf(t, id);
    await complete(t, check!.id, { ok: false }, 'adjuster');
    const waiting = await anonymous('GET', `/api/public/track/${token}`);
    expect(waiting.body.waitingFor).toEqual([
      { message: 'documents', label: { 'zh-Hant': '病歷資料', en: 'Medical records' }, lines: [] },
    ]);
    expect(waiting.body.steps.map((s: { state: string }) => s.state)).toEqual([
      'done',
      'done',
      'current',
      'pending',
    ]);
    const up = await anonymous('POST', `/api/public/track/${token}/documents`, {
      message: 'documents',
      files: [{ name: 'records.pdf', contentType: 'application/pdf', data: pdf }],
    });
    expect(up.status).toBe(202);
    expect(up.body).toEqual({ status: 'correlated', documents: ['records.pdf'], missing: [] });

    // Then the case goes back to the check, with the document attached and stored encrypted
    await untilAt(t, id, 'check');
    const [doc] = await t.sql(
      `SELECT name, size, key_id, data FROM attachments WHERE instance_id = $1`,
      [id],
    );
    expect(doc).toMatchObject({ name: 'records.pdf', key_id: 't1' });
    expect((doc.data as Buffer).includes(Buffer.from('%PDF'))).toBe(false);
    const again = await anonymous('POST', `/api/public/track/${token}/documents`, {
      message: 'documents',
      files: [{ name: 'records.pdf', contentType: 'application/pdf', data: pdf }],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CW_ERR_UPLOAD_NOT_AWAITED');
  });

  it('refuses what is not offered: unknown links, internal processes, files that are not what they say', async () => {
    expect((await anonymous('GET', '/api/public/track/not-a-token')).status).toBe(404);
    const inner = await anonymous('POST', '/api/public/intake/internal', { data: {} });
    expect(inner.status).toBe(404);
    const made = await anonymous('POST', '/api/public/intake/report', { data: { ref: 'P-78' } });
    const id = (await t.sql(`SELECT id FROM instances WHERE business_key = 'R-P-78'`))[0].id;
    const [check] = await tasksOf(t, id);
    await complete(t, check!.id, { ok: false }, 'adjuster');
    const fake = await anonymous('POST', `/api/public/track/${made.body.token}/documents`, {
      message: 'documents',
      files: [
        {
          name: 'x.pdf',
          contentType: 'application/pdf',
          data: Buffer.from('MZ not a pdf').toString('base64'),
        },
      ],
    });
    expect(fake.status).toBe(400);
    expect(fake.body).toMatchObject({
      code: 'CW_ERR_UPLOAD_REJECTED',
      details: [{ pointer: '/files/0/data' }],
    });
    const exe = await anonymous('POST', `/api/public/track/${made.body.token}/documents`, {
      message: 'documents',
      files: [{ name: 'x.exe', contentType: 'application/x-msdownload', data: pdf }],
    });
    expect(exe.status).toBe(400);
    expect(
      (await t.sql(`SELECT count(*)::int AS n FROM attachments WHERE instance_id = $1`, [id]))[0].n,
    ).toBe(0);
  });
});
