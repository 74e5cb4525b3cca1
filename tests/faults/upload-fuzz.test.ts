/**
 * Uploads on the public tracking page, generated (fast-check): random bytes, cut-off PDFs,
 * PNGs and JPEGs, declared types that do not match the content or are not allowed, empty
 * data, odd file names (path traversal, NUL and other control characters, bidi overrides,
 * too long), too many files, too large files, bodies that are not JSON. Each refusal is a 4xx
 * with a registered code and stores nothing: no attachment, the case still waits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../engine/src/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import { complete, tasksOf } from '../helpers/scenario.ts';

// Given a report customers file themselves; staff ask for documents, and the case waits
const report = process(
  'report',
  [
    { id: 'start', type: 'start' },
    userTask('check', 'ack'),
    { id: 'complete', type: 'exclusiveGateway', default: 'f4' },
    { id: 'wait', type: 'messageCatch', message: 'documents', correlationKey: 'ref' },
    end('decided', 'decided'),
  ],
  [
    ['start', 'check'],
    ['check', 'complete'],
    ['complete', 'wait', 'ok = false'],
    ['complete', 'decided'],
    ['wait', 'check'],
  ],
  {
    public: {
      intake: true,
      steps: [{ label: label('Received', '已收件'), nodes: ['start', 'check'] }],
      uploads: [{ message: 'documents', label: label('Medical records', '病歷資料') }],
    },
  },
);

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: files(report) });
  expect(t.engine.registry.problems).toEqual([]);
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

/** A customer's call: no credentials; a raw body and content type when given. */
async function anonymous(path: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${t.url}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A case waiting for documents, and its tracking token. */
async function waitingCase(ref: string): Promise<{ id: string; token: string }> {
  const made = await anonymous('/public/intake/report', { data: { ref } });
  expect(made.status).toBe(201);
  const [row] = await t.sql(
    `SELECT instance_id AS id FROM tracking_tokens ORDER BY created_at DESC LIMIT 1`,
  );
  const [check] = await tasksOf(t, row.id);
  await complete(t, check!.id, { ok: false }, 'adjuster');
  return { id: row.id, token: made.body.token };
}

/** What a refused upload must leave: no attachment, the wait still open, no new history. */
async function unchanged(id: string) {
  const [row] = await t.sql(
    `SELECT (SELECT count(*)::int FROM attachments WHERE instance_id = $1) AS attachments,
            (SELECT count(*)::int FROM subscriptions WHERE instance_id = $1 AND status = 'pending') AS waits,
            (SELECT count(*)::int FROM history WHERE instance_id = $1) AS history`,
    [id],
  );
  return row as { attachments: number; waits: number; history: number };
}

function refused(res: { status: number; body: any }, what: string) {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(Object.keys(ErrorCodes), what).toContain(res.body?.code);
}

// Complete, well-formed files of each allowed type
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082',
  'hex',
);
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffdb004300ffd9', 'hex');
const GOOD = { 'application/pdf': PDF, 'image/png': PNG, 'image/jpeg': JPEG } as const;
type Allowed = keyof typeof GOOD;

const goodName = fc.constantFrom(
  'records.pdf',
  '病歷資料.pdf',
  'scan (1).png',
  'ünïcödé-報告.jpg',
  '📄 receipt.pdf',
);
const goodFile = fc
  .tuple(fc.constantFrom(...(Object.keys(GOOD) as Allowed[])), goodName)
  .map(([contentType, name]) => ({
    name,
    contentType,
    data: GOOD[contentType].toString('base64'),
  }));

/** One file that must be refused, and why. */
const badFile = fc.oneof(
  // random bytes under an allowed type (the first byte rules out every allowed signature)
  fc
    .tuple(fc.constantFrom(...(Object.keys(GOOD) as Allowed[])), fc.uint8Array({ maxLength: 300 }))
    .map(([contentType, bytes]) => ({
      why: 'random bytes',
      name: 'x.bin',
      contentType,
      data: Buffer.concat([Buffer.from([0x42]), bytes]).toString('base64'),
    })),
  // a real file cut off anywhere before its end marker
  fc
    .tuple(fc.constantFrom(...(Object.keys(GOOD) as Allowed[])), fc.double({ min: 0, max: 1 }))
    .map(([contentType, at]) => {
      const whole = GOOD[contentType];
      const end = { 'application/pdf': 6, 'image/png': 12, 'image/jpeg': 2 }[contentType];
      const cut = 1 + Math.floor(at * (whole.length - end - 1));
      return {
        why: `${contentType} cut at ${cut}`,
        name: 'cut-off',
        contentType,
        data: whole.subarray(0, cut).toString('base64'),
      };
    }),
  // a real file declared as another allowed type
  fc
    .tuple(
      fc.constantFrom(...(Object.keys(GOOD) as Allowed[])),
      fc.constantFrom(...(Object.keys(GOOD) as Allowed[])),
    )
    .filter(([a, b]) => a !== b)
    .map(([real, declared]) => ({
      why: `${real} declared ${declared}`,
      name: 'mislabelled',
      contentType: declared,
      data: GOOD[real].toString('base64'),
    })),
  // a declared type that is not allowed, whatever the content
  fc
    .constantFrom(
      'text/html',
      'application/octet-stream',
      '',
      'application/pdf; charset=binary',
      'APPLICATION/PDF',
      'image/svg+xml',
      'application/x-msdownload',
    )
    .map((contentType) => ({
      why: `type ${contentType}`,
      name: 'typed.pdf',
      contentType,
      data: PDF.toString('base64'),
    })),
  // empty, or not base64 at all
  fc.constantFrom('', '!!!!', '%PDF-', '====').map((data) => ({
    why: `data ${JSON.stringify(data)}`,
    name: 'empty.pdf',
    contentType: 'application/pdf',
    data,
  })),
  // a good file under a name no file system should be handed
  fc
    .oneof(
      fc.constantFrom(
        '../../etc/passwd',
        '..\\..\\windows\\system32\\x.pdf',
        '/etc/shadow',
        'a/b.pdf',
        '.',
        '..',
        '',
        ' ',
        'x'.repeat(201),
        'report\u0000.pdf',
        'line\nbreak.pdf',
        'tab\t.pdf',
        'invoice\u202Efdp.exe',
        'del\u007f.pdf',
      ),
      fc
        .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('\u0000', '/', '\\', '\r', '\u2066'))
        .map(([s, c]) => `${s}${c}${s}.pdf`),
    )
    .map((name) => ({
      why: `name ${JSON.stringify(name)}`,
      name,
      contentType: 'application/pdf',
      data: PDF.toString('base64'),
    })),
);

describe('generated uploads on the tracking page', () => {
  it('refuses every bad upload with a registered code and stores nothing', async () => {
    const c = await waitingCase('P-1');
    const before = await unchanged(c.id);
    expect(before).toMatchObject({ attachments: 0, waits: 1 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(goodFile, { maxLength: 3 }),
        badFile,
        fc.nat(),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant('documents') },
          { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
        ),
        async (good, bad, at, message) => {
          const { why, ...file } = bad;
          const list: { name: string; contentType: string; data: string }[] = [...good];
          list.splice(at % (good.length + 1), 0, file);
          const res = await anonymous(`/public/track/${c.token}/documents`, {
            message,
            files: list,
          });
          refused(res, why);
          expect(await unchanged(c.id)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses too many files, too large files and bodies that are not JSON', async () => {
    const c = await waitingCase('P-2');
    const before = await unchanged(c.id);
    const pdf = (bytes: number) =>
      Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(bytes - PDF.length, 0x20), PDF.subarray(9)]);
    const cases: [string, unknown, string?][] = [
      [
        'six files',
        { message: 'documents', files: Array.from({ length: 6 }, () => goodFileOf('a.pdf')) },
      ],
      ['no files', { message: 'documents', files: [] }],
      [
        'a file of 5 MB and one byte',
        {
          message: 'documents',
          files: [
            {
              name: 'big.pdf',
              contentType: 'application/pdf',
              data: pdf(5 * 1024 * 1024 + 1).toString('base64'),
            },
          ],
        },
      ],
      [
        'a body over the limit (6 files of 6 MB)',
        {
          message: 'documents',
          files: Array.from({ length: 6 }, () => ({
            name: 'huge.pdf',
            contentType: 'application/pdf',
            data: pdf(6 * 1024 * 1024).toString('base64'),
          })),
        },
      ],
      ['an extra field', { message: 'documents', files: [goodFileOf('a.pdf')], path: '/tmp' }],
      ['plain text', 'documents', 'text/plain'],
      ['a multipart body', '--x\r\n\r\n%PDF-\r\n--x--', 'multipart/form-data; boundary=x'],
      ['broken JSON', '{"message": "documents", "files": [', 'application/json'],
      ['JSON null', 'null', 'application/json'],
      ['random bytes as JSON', '\u0000\u00ff\u0001', 'application/json'],
    ];
    for (const [what, body, type] of cases) {
      refused(await anonymous(`/public/track/${c.token}/documents`, body, type), what);
      expect(await unchanged(c.id), what).toEqual(before);
    }
    // and a link that is not a case's, whatever the body
    refused(
      await anonymous(`/public/track/${'x'.repeat(43)}/documents`, {
        message: 'documents',
        files: [goodFileOf('a.pdf')],
      }),
      'unknown link',
    );
  });

  it('takes a good upload with a Unicode name after all the refusals', async () => {
    const c = await waitingCase('P-3');
    const res = await anonymous(`/public/track/${c.token}/documents`, {
      message: 'documents',
      files: [
        goodFileOf('病歷資料 📄.pdf'),
        { ...goodFileOf('scan.png'), contentType: 'image/png', data: PNG.toString('base64') },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const names = await t.sql(`SELECT name FROM attachments WHERE instance_id = $1 ORDER BY name`, [
      c.id,
    ]);
    expect(names.map((r) => r.name)).toEqual(['scan.png', '病歷資料 📄.pdf']);
  });
});

function goodFileOf(name: string) {
  return { name, contentType: 'application/pdf', data: PDF.toString('base64') };
}
