/**
 * The customer finishes online (issue 16, item 4): the tracking page lists each document the
 * case asks for on its own line and takes each upload against that line, answering the wait
 * once every line has its files; the amount offered is accepted or disputed with
 * POST /api/public/track/{token}/answers, a dispute opening the appeal as a message through
 * the API would. Hostile input is a 4xx with a registered code and the pointer of what was
 * sent, and changes nothing; a tracking link reaches its own case only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import {
  anonymousCall,
  complete,
  getInstance,
  tasksOf,
  untilAt,
  untilStatus,
} from '../helpers/scenario.ts';

// Given a claim customers report themselves; staff list what is missing, then offer an amount
const reportForm = {
  id: 'claimlet-report',
  version: 1,
  title: label('Report', '報案'),
  fields: [{ key: 'ref', type: 'text', required: true, label: label('Policy', '保單') }],
};
const receiptForm = {
  id: 'claimlet-receipt',
  version: 1,
  title: label('Receipt', '接收'),
  fields: [
    { key: 'complete', type: 'boolean', required: true, label: label('Complete', '齊全') },
    {
      key: 'missing',
      type: 'multiselect',
      requiredIf: 'complete = false',
      label: label('Missing', '缺少'),
      options: [
        { value: 'invoices', label: label('Invoices', '收據') },
        { value: 'id-proof', label: label('Proof of identity', '身分證明') },
        { value: 'policy', label: label('Policy', '保單') },
        { value: 'death-certificate', label: label('Death certificate', '死亡證明') },
      ],
    },
  ],
};
const offerForm = {
  id: 'claimlet-offer',
  version: 1,
  title: label('Offer', '金額'),
  fields: [{ key: 'amount', type: 'money', required: true, label: label('Amount', '金額') }],
};
const claimlet = process(
  'claimlet',
  [
    { id: 'start', type: 'start', form: { id: 'claimlet-report' } },
    userTask('check', 'claimlet-receipt', {
      output: { asked: 'if form.complete then [] else form.missing' },
    }),
    { id: 'complete', type: 'exclusiveGateway', default: 'f4' },
    { id: 'wait', type: 'messageCatch', message: 'docs', correlationKey: 'ref' },
    userTask('offer', 'claimlet-offer', { output: { offered: 'form.amount' } }),
    {
      id: 'await-answer',
      type: 'messageCatch',
      message: 'answer',
      correlationKey: 'ref',
      output: {
        accepted: 'message.accepted = true',
        disputeReason: 'message.reason',
        requested: 'message.amountRequested',
      },
    },
    { id: 'agreed', type: 'exclusiveGateway', default: 'f8' },
    {
      id: 'dispute',
      type: 'callActivity',
      process: { id: 'appeal' },
      input: { ref: 'ref', reason: 'disputeReason', requested: 'requested' },
    },
    end('paid', 'paid'),
    end('appealed', 'appealed'),
  ],
  [
    ['start', 'check'],
    ['check', 'complete'],
    ['complete', 'wait', 'count(asked) > 0'],
    ['complete', 'offer'],
    ['wait', 'check'],
    ['offer', 'await-answer'],
    ['await-answer', 'agreed'],
    ['agreed', 'paid'],
    ['agreed', 'dispute', 'accepted = false'],
    ['dispute', 'appealed'],
  ],
  {
    public: {
      intake: true,
      steps: [
        { label: label('Received', '已收件'), nodes: ['start', 'check', 'complete'] },
        { label: label('Waiting for your documents', '等待您補件'), nodes: ['wait'] },
        { label: label('Your answer', '您的回覆'), nodes: ['offer', 'await-answer'] },
      ],
      uploads: [
        {
          message: 'docs',
          label: label('Documents we asked for', '補充文件'),
          items: 'asked',
          itemLabels: {
            invoices: label('Invoices', '醫療費用收據'),
            'id-proof': label('Proof of identity', '身分證明'),
            'death-certificate': label('Death certificate', '死亡證明'),
          },
        },
      ],
      answers: [
        { message: 'answer', label: label('The amount offered', '理賠金額'), amount: 'offered' },
      ],
    },
  },
);
const appeal = process(
  'appeal',
  [{ id: 'start', type: 'start' }, userTask('decide'), end()],
  [
    ['start', 'decide'],
    ['decide', 'end'],
  ],
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(claimlet, appeal),
      'forms/claimlet-report/v1.json': reportForm,
      'forms/claimlet-receipt/v1.json': receiptForm,
      'forms/claimlet-offer/v1.json': offerForm,
    },
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
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\n%%EOF\n`).toString('base64');
const file = (name: string, text = name) => ({
  name,
  contentType: 'application/pdf',
  data: pdf(text),
});

/** A customer's claim and its link, with the receipt check done as `check`. */
async function reported(ref: string, check: Record<string, unknown>) {
  const made = await anonymous('POST', '/api/public/intake/claimlet', { data: { ref } });
  expect(made.status).toBe(201);
  const [row] = await t.sql(
    `SELECT instance_id AS id FROM tracking_tokens ORDER BY created_at DESC LIMIT 1`,
  );
  const id = row.id as string;
  const [task] = await tasksOf(t, id);
  await complete(t, task!.id, check);
  return { id, token: made.body.token as string };
}
/** Everything a refused request could have changed. */
async function footprint(id: string) {
  const [row] = await t.sql(
    `SELECT (SELECT count(*)::int FROM attachments WHERE instance_id = $1) AS files,
            (SELECT count(*)::int FROM messages WHERE instance_id = $1) AS messages,
            (SELECT revision FROM instances WHERE id = $1) AS revision`,
    [id],
  );
  return row;
}
const upload = (token: string, body: unknown) =>
  anonymous('POST', `/api/public/track/${token}/documents`, body);
const answer = (token: string, body: unknown) =>
  anonymous('POST', `/api/public/track/${token}/answers`, body);
const problem = (res: { status: number; body: any }) => ({
  status: res.status,
  code: res.body?.code,
  pointers: (res.body?.details ?? []).map((d: { pointer: string }) => d.pointer),
});

describe('the documents asked for, a line each', () => {
  let a: { id: string; token: string };
  let b: { id: string; token: string };

  it('lists each missing document by name in both languages (a code without a label as it is)', async () => {
    a = await reported('P-1', { complete: false, missing: ['invoices', 'id-proof', 'policy'] });
    b = await reported('P-1', { complete: false, missing: ['death-certificate'] });
    const track = await anonymous('GET', `/api/public/track/${a.token}`);
    expect(track.status).toBe(200);
    expect(track.body.waitingFor).toEqual([
      {
        message: 'docs',
        label: { 'zh-Hant': '補充文件', en: 'Documents we asked for' },
        lines: [
          {
            item: 'invoices',
            label: { 'zh-Hant': '醫療費用收據', en: 'Invoices' },
            documents: [],
          },
          {
            item: 'id-proof',
            label: { 'zh-Hant': '身分證明', en: 'Proof of identity' },
            documents: [],
          },
          { item: 'policy', label: null, documents: [] },
        ],
      },
    ]);
    expect(track.body.answers).toEqual([]);
    // the other customer's link shows their own list only
    const other = await anonymous('GET', `/api/public/track/${b.token}`);
    expect(other.body.waitingFor[0].lines.map((l: { item: string }) => l.item)).toEqual([
      'death-certificate',
    ]);
  });

  it('refuses hostile uploads with registered codes and pointers, and changes nothing', async () => {
    const before = await footprint(a.id);
    const cases: [unknown, { status: number; code: string; pointers: string[] }][] = [
      // no line named, though the wait lists lines
      [
        { message: 'docs', files: [file('a.pdf')] },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/item'] },
      ],
      // a document this case does not ask for (the other case's)
      [
        { message: 'docs', item: 'death-certificate', files: [file('a.pdf')] },
        { status: 422, code: 'CW_ERR_UPLOAD_ITEM_UNKNOWN', pointers: ['/item'] },
      ],
      // a line that is not a code
      [
        { message: 'docs', item: '../invoices', files: [file('a.pdf')] },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/item'] },
      ],
      [
        { message: 'docs', item: 'invoices', files: [file('a.pdf')], extra: 1 },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/extra'] },
      ],
      // a file that is not what it says
      [
        {
          message: 'docs',
          item: 'invoices',
          files: [file('a.pdf'), { name: 'b.pdf', contentType: 'application/pdf', data: 'TVo=' }],
        },
        { status: 400, code: 'CW_ERR_UPLOAD_REJECTED', pointers: ['/files/1/data'] },
      ],
      // a message the case does not wait for
      [
        { message: 'answer', item: 'invoices', files: [file('a.pdf')] },
        { status: 409, code: 'CW_ERR_UPLOAD_NOT_AWAITED', pointers: [] },
      ],
    ];
    for (const [body, expected] of cases)
      expect(problem(await upload(a.token, body)), JSON.stringify(body)).toEqual(expected);
    // no answer is awaited yet
    expect(problem(await answer(a.token, { message: 'answer', accepted: true }))).toEqual({
      status: 409,
      code: 'CW_ERR_ANSWER_NOT_AWAITED',
      pointers: [],
    });
    expect(await footprint(a.id)).toEqual(before);
    expect((await getInstance(t, a.id)).tokens.map((x) => x.nodeId)).toEqual(['wait']);
  });

  it('holds each upload against its line until every line has its files, then answers the wait with all of them', async () => {
    const first = await upload(a.token, {
      message: 'docs',
      item: 'invoices',
      files: [file('invoice-1.pdf'), file('invoice-2.pdf')],
    });
    expect(first).toEqual({
      status: 202,
      body: {
        status: 'received',
        documents: ['invoice-1.pdf', 'invoice-2.pdf'],
        missing: ['id-proof', 'policy'],
      },
    });
    // sent again (a lost answer): kept once
    const retry = await upload(a.token, {
      message: 'docs',
      item: 'invoices',
      files: [file('invoice-1.pdf')],
    });
    expect(retry.body.status).toBe('received');
    const track = await anonymous('GET', `/api/public/track/${a.token}`);
    expect(
      track.body.waitingFor[0].lines.map((l: { item: string; documents: string[] }) => [
        l.item,
        l.documents,
      ]),
    ).toEqual([
      ['invoices', ['invoice-1.pdf', 'invoice-2.pdf']],
      ['id-proof', []],
      ['policy', []],
    ]);
    expect((await getInstance(t, a.id)).tokens.map((x) => x.nodeId)).toEqual(['wait']);

    expect(
      (await upload(a.token, { message: 'docs', item: 'id-proof', files: [file('id.pdf')] })).body
        .missing,
    ).toEqual(['policy']);
    const last = await upload(a.token, {
      message: 'docs',
      item: 'policy',
      files: [file('policy.pdf')],
    });
    expect(last.body).toMatchObject({ status: 'correlated', missing: [] });

    // Then the case is back at the check, holding every document with its line
    await untilAt(t, a.id, 'check');
    const documents = (await getInstance(t, a.id)).variables.documents as {
      name: string;
      item: string;
    }[];
    expect(documents.map((d) => [d.item, d.name])).toEqual([
      ['invoices', 'invoice-1.pdf'],
      ['invoices', 'invoice-2.pdf'],
      ['id-proof', 'id.pdf'],
      ['policy', 'policy.pdf'],
    ]);
    expect(
      await t.sql(`SELECT item, name FROM attachments WHERE instance_id = $1 ORDER BY seq`, [a.id]),
    ).toEqual(documents.map((d) => ({ item: d.item, name: d.name })));
    // the other case waited for the same message on the same key and was never reached
    expect(await footprint(b.id)).toMatchObject({ files: 0, messages: 0 });
    expect((await getInstance(t, b.id)).tokens.map((x) => x.nodeId)).toEqual(['wait']);
    // the wait is answered: nothing more is taken for it
    expect(
      problem(await upload(a.token, { message: 'docs', item: 'policy', files: [file('x.pdf')] })),
    ).toEqual({ status: 409, code: 'CW_ERR_UPLOAD_NOT_AWAITED', pointers: [] });
  });

  it('the amount offered is answered on the tracking link: refused when hostile, a dispute opens the appeal', async () => {
    const [check] = await tasksOf(t, a.id);
    await complete(t, check!.id, { complete: true });
    const [offer] = await tasksOf(t, a.id);
    await complete(t, offer!.id, { amount: 1_234_500 });
    await untilAt(t, a.id, 'await-answer');
    const track = await anonymous('GET', `/api/public/track/${a.token}`);
    expect(track.body.answers).toEqual([
      {
        message: 'answer',
        label: { 'zh-Hant': '理賠金額', en: 'The amount offered' },
        amount: 1_234_500,
      },
    ]);
    expect(track.body.waitingFor).toEqual([]);

    const before = await footprint(a.id);
    const cases: [unknown, { status: number; code: string; pointers: string[] }][] = [
      [{ message: 'answer' }, { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/accepted'] }],
      [
        { message: 'answer', accepted: 'yes' },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/accepted'] },
      ],
      [
        { message: 'answer', accepted: false },
        { status: 422, code: 'CW_ERR_ANSWER_INVALID', pointers: ['/reason'] },
      ],
      [
        { message: 'answer', accepted: false, reason: '   ' },
        { status: 422, code: 'CW_ERR_ANSWER_INVALID', pointers: ['/reason'] },
      ],
      [
        { message: 'answer', accepted: true, amountRequested: 100 },
        { status: 422, code: 'CW_ERR_ANSWER_INVALID', pointers: ['/amountRequested'] },
      ],
      [
        { message: 'answer', accepted: false, reason: 'low', amountRequested: 12.5 },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/amountRequested'] },
      ],
      [
        { message: 'answer', accepted: false, reason: 'low', amountRequested: 1e300 },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/amountRequested'] },
      ],
      [
        { message: 'answer', accepted: false, reason: 'low', amountRequested: -5 },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/amountRequested'] },
      ],
      [
        { message: 'answer', accepted: true, variables: { offered: 1 } },
        { status: 400, code: 'CW_ERR_VALIDATION', pointers: ['/variables'] },
      ],
      [
        { message: 'docs', accepted: true },
        { status: 409, code: 'CW_ERR_ANSWER_NOT_AWAITED', pointers: [] },
      ],
    ];
    for (const [body, expected] of cases)
      expect(problem(await answer(a.token, body)), JSON.stringify(body)).toEqual(expected);
    expect(await footprint(a.id)).toEqual(before);
    // an unknown link reaches nothing
    expect(
      problem(await answer('x'.repeat(32), { message: 'answer', accepted: true })),
    ).toMatchObject({ status: 404, code: 'CW_ERR_NOT_FOUND' });

    // When the customer disputes it
    const dispute = {
      message: 'answer',
      accepted: false,
      reason: '誤工費未計入。',
      amountRequested: 1_500_000,
    };
    expect(await answer(a.token, dispute)).toEqual({
      status: 202,
      body: { status: 'correlated', accepted: false },
    });
    // Then the appeal starts as a child case with what the customer said
    const parent = await untilAt(t, a.id, 'dispute');
    expect(parent.variables).toMatchObject({
      accepted: false,
      disputeReason: '誤工費未計入。',
      requested: 1_500_000,
    });
    const [child] = await t.sql(`SELECT id, process_id FROM instances WHERE parent_id = $1`, [
      a.id,
    ]);
    expect(child.process_id).toBe('appeal');
    expect((await getInstance(t, child.id)).variables).toMatchObject({
      ref: 'P-1',
      reason: '誤工費未計入。',
      requested: 1_500_000,
    });
    // answered: another answer, or the same one again, is too late
    expect((await answer(a.token, dispute)).status).toBe(409);
    expect(problem(await answer(a.token, { message: 'answer', accepted: true }))).toEqual({
      status: 409,
      code: 'CW_ERR_ANSWER_NOT_AWAITED',
      pointers: [],
    });
    expect(
      (await t.sql(`SELECT count(*)::int AS n FROM instances WHERE parent_id = $1`, [a.id]))[0].n,
    ).toBe(1);
  });

  it("an acceptance closes the customer's own case only", async () => {
    await upload(b.token, {
      message: 'docs',
      item: 'death-certificate',
      files: [file('certificate.pdf')],
    });
    await untilAt(t, b.id, 'check');
    const [check] = await tasksOf(t, b.id);
    await complete(t, check!.id, { complete: true });
    const [offer] = await tasksOf(t, b.id);
    await complete(t, offer!.id, { amount: 50_000 });
    await untilAt(t, b.id, 'await-answer');
    // a's link never answers b's wait
    expect((await answer(a.token, { message: 'answer', accepted: true })).status).toBe(409);
    expect((await getInstance(t, b.id)).tokens.map((x) => x.nodeId)).toEqual(['await-answer']);

    expect((await answer(b.token, { message: 'answer', accepted: true })).status).toBe(202);
    const done = await untilStatus(t, b.id, 'completed');
    expect(done).toMatchObject({ outcome: 'paid', variables: { accepted: true } });
  });
});
