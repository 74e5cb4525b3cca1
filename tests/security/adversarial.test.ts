/**
 * The adversarial suite: every operation of `/openapi.json`, called anonymously and as each
 * role, with each class of hostile input (engine/src/http/edge.ts): NUL and unpaired
 * surrogates in path parameters, query and body; percent-encoding that is not UTF-8; path
 * parameters over the limit; JSON nested too deep, too large, not JSON, of another content
 * type; values of the wrong type. No answer is ever a 5xx, every error has the registry shape
 * with registered codes, and each class gets its own code and the pointer of what was sent.
 * A new route is walked without anyone adding it here. Generated cases (fast-check) then
 * plant hostile values at random places of the two anonymous bodies (sign-in, public intake).
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCodes } from '../../engine/src/index.ts';
import { MAX_JSON_DEPTH, MAX_PARAM_LENGTH } from '../../engine/src/http/edge.ts';
import { dropTestData, startTestEngine, USERS, type TestEngine } from '../helpers/engine.ts';
import { allows, operations, type Operation, type Schema } from '../helpers/openapi.ts';
import { end, files, label, process, userTask } from '../fixtures/definitions.ts';
import { tasksOf } from '../helpers/scenario.ts';

// Each sweep sends thousands of requests (every operation x every role x every class): a
// minute on a quiet machine, several when other test files share its two cores.
vi.setConfig({ testTimeout: 300_000 });

// Given a process customers start themselves with a form, and a task for adjusters
const report = process(
  'report',
  [
    { id: 'start', type: 'start', form: { id: 'approve' } },
    userTask('check', 'ack'),
    end('done', 'done'),
  ],
  [
    ['start', 'check'],
    ['check', 'done'],
  ],
  {
    public: {
      intake: true,
      steps: [{ label: label('Received', '已收件'), nodes: ['start', 'check'] }],
    },
  },
);

/** Routes whose own body limit is above the default (uploads), left out of the 413 class. */
const LARGE_BODIES = new Set([
  'POST /api/tasks/{id}/attachments',
  'POST /api/public/track/{token}/documents',
]);

interface Caller {
  name: string;
  roles: string[] | null;
  token: string | null;
}

let t: TestEngine;
let ops: Operation[];
let callers: Caller[];
/** Real values for path parameters, so that requests reach as far as they can. */
let sample: (op: Operation, param: string) => string;

beforeAll(async () => {
  t = await startTestEngine({ definitions: files(report) });
  expect(t.engine.registry.problems).toEqual([]);
  ops = await operations(t.url);
  const made = await fetch(`${t.url}/api/public/intake/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { decision: 'yes' } }),
  });
  expect(made.status).toBe(201);
  const { token } = (await made.json()) as { token: string };
  const [row] = await t.sql(`SELECT instance_id AS id FROM tracking_tokens`);
  const [task] = await tasksOf(t, row.id);
  // the user the sweep's /users/{id} calls reach: none of the callers, whose roles a
  // well-typed change (roles: [], say) would otherwise take away for the classes that follow
  const target = await t.api('POST', '/api/users', {
    id: 'sweep-target',
    displayName: 'Sweep target',
    roles: ['staff'],
  });
  expect(target.status, JSON.stringify(target.body)).toBe(201);
  const values: Record<string, string> = {
    instances: row.id,
    tasks: task!.id,
    users: 'sweep-target',
    groups: 'adjusters',
    definitions: 'report',
    drafts: 'report',
  };
  sample = (op, param) => {
    if (param === 'kind') return 'process';
    if (param === 'version') return '1';
    if (param === 'processId') return 'report';
    if (param === 'token') return token;
    if (param === 'name') return 'no-such-plugin';
    const resource = op.path.split('/')[2]!;
    return values[resource] ?? '00000000-0000-4000-8000-000000000000';
  };
  const as = (name: keyof typeof USERS): Caller => ({
    name,
    roles: USERS[name].roles,
    token: t.token(name),
  });
  callers = [
    { name: 'anonymous', roles: null, token: null },
    as('admin'),
    as('designer'),
    as('supervisor'),
    as('adjuster'),
    as('portal'),
  ];
  expect(new Set(callers.flatMap((c) => c.roles ?? []))).toEqual(
    new Set(['admin', 'designer', 'supervisor', 'staff', 'integration']),
  );
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

interface Sent {
  path?: Record<string, string>;
  query?: string;
  body?: string;
  contentType?: string | null;
}
interface Answer {
  status: number;
  body: { code?: string; message?: string; details?: Record<string, unknown>[] } | null;
}

/** Calls an operation as a caller: path parameters filled with samples unless given. */
async function call(op: Operation, caller: Caller, sent: Sent = {}): Promise<Answer> {
  const path = op.path.replace(
    /\{([^}]+)\}/g,
    (_m, p: string) => sent.path?.[p] ?? encodeURIComponent(sample(op, p)),
  );
  const headers: Record<string, string> = {};
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (sent.body !== undefined && sent.contentType !== null)
    headers['content-type'] = sent.contentType ?? 'application/json';
  const res = await fetch(`${t.url}${path}${sent.query ?? ''}`, {
    method: op.method,
    headers,
    ...(sent.body !== undefined ? { body: sent.body } : {}),
  });
  if (res.headers.get('content-type') === 'text/event-stream') {
    await res.body?.cancel();
    return { status: res.status, body: null };
  }
  const text = await res.text();
  let body: Answer['body'] = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text };
  }
  return { status: res.status, body };
}

const REGISTERED = new Set(Object.keys(ErrorCodes));

/** What every answer must be: below 500, and an error in the registry shape. */
function shapeProblems(a: Answer): string[] {
  const wrong: string[] = [];
  if (a.status >= 500) wrong.push(`status ${a.status}`);
  if (a.status < 400) return wrong;
  const b = a.body;
  if (!b || !REGISTERED.has(b.code ?? '')) wrong.push(`unregistered code ${b?.code}`);
  if (typeof b?.message !== 'string' || !b.message) wrong.push('no message');
  if (!Array.isArray(b?.details)) wrong.push('no details');
  for (const d of b?.details ?? [])
    if (!REGISTERED.has(String(d.code)) || typeof d.pointer !== 'string')
      wrong.push(`detail ${JSON.stringify(d)}`);
  if (
    /FST_ERR|Maximum call stack|\bat \w+ \(|node_modules|SELECT |syntax error at/.test(
      JSON.stringify(b),
    )
  )
    wrong.push('internals in the answer');
  return wrong;
}

/** The refusal a caller gets before any input is read: 401 without credentials, 403 without the role. */
const refusalOf = (op: Operation, c: Caller) =>
  allows(op.xAuth, c.roles)
    ? null
    : c.roles === null
      ? { status: 401, code: 'CW_ERR_UNAUTHENTICATED' }
      : { status: 403, code: 'CW_ERR_FORBIDDEN' };

interface Expected {
  status: number;
  code: string;
  pointer?: string;
  in?: string;
}

/** Runs one class over every operation and caller, collecting every wrong answer. */
async function walk(
  klass: string,
  cases: (op: Operation) => { sent: Sent; expect: Expected | null; beforeAuth?: boolean }[],
  onlyCallers?: string[],
): Promise<string[]> {
  const wrong: string[] = [];
  for (const op of ops)
    for (const c of callers) {
      if (onlyCallers && !onlyCallers.includes(c.name)) continue;
      for (const k of cases(op)) {
        const a = await call(op, c, k.sent);
        const where = `${klass} ${c.name} ${op.key} ${JSON.stringify(k.sent).slice(0, 120)}`;
        for (const w of shapeProblems(a)) wrong.push(`${where}: ${w}`);
        const expected = (k.beforeAuth ? null : refusalOf(op, c)) ?? k.expect;
        if (!expected) continue;
        const detail = a.body?.details?.[0];
        const actual: Record<string, unknown> = {
          status: a.status,
          code: a.body?.code,
          pointer: detail?.pointer,
          in: detail?.in,
        };
        const got = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));
        if (JSON.stringify(got) !== JSON.stringify(expected))
          wrong.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
      }
    }
  return wrong;
}

const pathParams = (op: Operation) => op.parameters.filter((p) => p.in === 'path');
const queryParams = (op: Operation) => [
  ...op.parameters.filter((p) => p.in === 'query').map((p) => p.name),
  'unknown',
];
/** The body's top-level fields, or one made-up field when the schema names none. */
const bodyFields = (op: Operation) => Object.keys(op.body?.properties ?? {}).slice(0, 6);
const withBody = (op: Operation) => op.body !== null;
const TEXT_INVALID = 'CW_ERR_TEXT_INVALID';
/**
 * Values of the wrong type or odd values reach past authentication: the caller who reaches
 * every route and one who reaches few are enough there (the classes above take every caller).
 */
const TYPED_CALLERS = ['admin', 'adjuster'];

describe('every operation, anonymously and as each role', () => {
  it('covers every operation, and each role and anonymous callers', () => {
    expect(ops.length).toBeGreaterThan(60);
    expect(ops.filter(withBody).length).toBeGreaterThan(15);
    expect(callers.map((c) => c.name)).toContain('anonymous');
  });

  it('refuses NUL, unpaired surrogates and broken UTF-8 in path parameters, before anything reads them', async () => {
    const wrong = await walk('path text', (op) =>
      pathParams(op).flatMap((p) =>
        ['a%00b', '%00', '%ED%A0%80x', 'a%C0%AF'].map((v) => ({
          sent: { path: { [p.name]: v } },
          beforeAuth: true,
          expect: {
            status: 400,
            code: TEXT_INVALID,
            in: 'path',
            ...(v.includes('%00') ? { pointer: `/${p.name}` } : {}),
          },
        })),
      ),
    );
    expect(wrong).toEqual([]);
  });

  it('refuses a path parameter over the limit with 414 in the registry shape', async () => {
    const wrong = await walk('long param', (op) =>
      pathParams(op).map((p) => ({
        sent: { path: { [p.name]: 'a'.repeat(MAX_PARAM_LENGTH + 1) } },
        beforeAuth: true,
        expect: { status: 414, code: 'CW_ERR_PARAM_TOO_LONG', in: 'path' },
      })),
    );
    expect(wrong).toEqual([]);
  });

  it('refuses NUL in every query parameter, declared or not', async () => {
    const wrong = await walk('query text', (op) =>
      queryParams(op).map((name) => ({
        sent: { query: `?${name}=x%00y` },
        beforeAuth: true,
        expect: { status: 400, code: TEXT_INVALID, pointer: `/${name}`, in: 'query' },
      })),
    );
    expect(wrong).toEqual([]);
  });

  it('answers query and path values of the wrong type or size with a registered 4xx', async () => {
    const values = [
      '-1',
      '1e309',
      '2147483648',
      '9223372036854775808',
      'NaN',
      '',
      '%20',
      '..%2F..',
      'a'.repeat(MAX_PARAM_LENGTH),
      '[]',
    ];
    const wrong = await walk('query and path types', (op) => [
      // reads only: a write with a made-up parameter could succeed and change the samples
      ...(op.method === 'GET'
        ? queryParams(op).flatMap((name) =>
            [...values, 'x&' + name + '=y'].map((v) => ({
              sent: { query: `?${name}=${v}` },
              expect: null,
            })),
          )
        : []),
      ...pathParams(op).flatMap((p) =>
        values
          .filter((v) => v !== '')
          .map((v) => ({ sent: { path: { [p.name]: v } }, expect: null })),
      ),
    ]);
    expect(wrong).toEqual([]);
  });

  it('refuses NUL and unpaired surrogates anywhere in a JSON body, with their pointer', async () => {
    const wrong = await walk(
      'body text',
      (op) =>
        !withBody(op)
          ? []
          : [...bodyFields(op), 'made~up/field'].flatMap((f) =>
              ['a\u0000b', '\ud800', 'x\udfff', '\ud83d'].map((bad) => ({
                sent: { body: JSON.stringify({ [f]: bad }) },
                expect: {
                  status: 400,
                  code: TEXT_INVALID,
                  pointer: `/${f.replace(/~/g, '~0').replace(/\//g, '~1')}`,
                  in: 'body',
                },
              })),
            ),
      TYPED_CALLERS,
    );
    expect(wrong).toEqual([]);
  });

  it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels with 400 and no internals`, async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const wrong = await walk('deep', (op) =>
      !withBody(op)
        ? []
        : [bodyFields(op)[0] ?? 'x'].flatMap((f) => [
            {
              sent: { body: `{"${f}":${deep(10_000)}}` },
              expect: {
                status: 400,
                code: 'CW_ERR_JSON_TOO_DEEP',
                pointer: `/${f}${'/0'.repeat(MAX_JSON_DEPTH - 1)}`,
                in: 'body',
              },
            },
            {
              sent: {
                body: `{"${f}":${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}}`,
              },
              expect: {
                status: 400,
                code: 'CW_ERR_JSON_TOO_DEEP',
                pointer: `/${f}${'/a'.repeat(MAX_JSON_DEPTH - 1)}`,
              },
            },
          ]),
    );
    expect(wrong).toEqual([]);
  });

  it('refuses a body over the limit with 413, and bodies that are not JSON', async () => {
    const huge = JSON.stringify({ x: 'a'.repeat(1024 * 1024) });
    const wrong = await walk('not JSON', (op) =>
      !withBody(op)
        ? []
        : [
            ...(LARGE_BODIES.has(op.key)
              ? []
              : [{ sent: { body: huge }, expect: { status: 413, code: 'CW_ERR_BODY_TOO_LARGE' } }]),
            { sent: { body: '{"a":' }, expect: { status: 400, code: 'CW_ERR_JSON_INVALID' } },
            { sent: { body: '' }, expect: { status: 400, code: 'CW_ERR_JSON_INVALID' } },
            {
              sent: { body: '\u0000\u00ff' },
              expect: { status: 400, code: 'CW_ERR_JSON_INVALID' },
            },
            {
              sent: { body: '{"__proto__":{"admin":true}}' },
              expect: { status: 400, code: 'CW_ERR_JSON_INVALID', pointer: '/__proto__' },
            },
            ...[
              'text/plain',
              'multipart/form-data; boundary=x',
              'application/x-www-form-urlencoded',
              'application/xml',
            ].map((contentType) => ({
              sent: { body: 'a=1', contentType },
              expect: {
                status: 415,
                code: 'CW_ERR_MEDIA_TYPE',
                pointer: '/content-type',
                in: 'header',
              },
            })),
          ],
    );
    expect(wrong).toEqual([]);
  });

  it('answers body values of the wrong type with a registered 4xx, never a 5xx', async () => {
    const wrongFor = (s: Schema | undefined): unknown[] => {
      const all: unknown[] = [
        null,
        true,
        0,
        -1,
        1e308,
        'x',
        'a'.repeat(5000),
        [],
        [1, 'a'],
        {},
        { a: { b: [] } },
      ];
      const type = [s?.type ?? []].flat();
      const kind = (v: unknown) =>
        v === null
          ? 'null'
          : Array.isArray(v)
            ? 'array'
            : typeof v === 'number'
              ? 'number'
              : typeof v;
      return all.filter(
        (v) => !type.includes(kind(v)) && !(type.includes('integer') && Number.isInteger(v)),
      );
    };
    /** The body's required fields with plausible values, so one odd field gets past the rest. */
    const base = (op: Operation): Record<string, unknown> =>
      Object.fromEntries(
        (op.body?.required ?? []).map((f) => {
          const s = op.body?.properties?.[f];
          const type = [s?.type ?? 'string'].flat()[0];
          const known: Record<string, unknown> = { processId: 'report', kind: 'process' };
          const value =
            known[f] ??
            s?.enum?.[0] ??
            (s?.format === 'date-time'
              ? '2026-01-01T00:00:00Z'
              : { string: 'x', integer: 1, number: 1, boolean: false, array: [], object: {} }[
                  type!
                ]);
          return [f, value];
        }),
      );
    /** Values of the right type that a route may not expect: empty, huge, odd. */
    const oddFor = (s: Schema | undefined): unknown[] =>
      ({
        object: [{}, { a: { b: [] } }, { nodes: 'x', '': null }],
        array: [[], [null], [{}], Array(1000).fill('x')],
        string: ['', ' ', '../..', 'a'.repeat(5000), '1e309', '2026-02-30T25:61:00Z'],
        integer: [0, -1, 2 ** 31, 2 ** 53 - 1],
        number: [0, -1, 2 ** 31, 2 ** 53 - 1, 5e-324],
      })[[s?.type ?? []].flat()[0] as string] ?? [];
    const wrong = await walk(
      'body types',
      (op) =>
        !withBody(op)
          ? []
          : [
              ...Object.entries(op.body?.properties ?? {}).flatMap(([f, s]) =>
                [...wrongFor(s), ...oddFor(s)].flatMap((v) => [
                  { sent: { body: JSON.stringify({ [f]: v }) }, expect: null },
                  { sent: { body: JSON.stringify({ ...base(op), [f]: v }) }, expect: null },
                ]),
              ),
              ...[null, [], 'x', 1].map((v) => ({
                sent: { body: JSON.stringify(v) },
                expect: null,
              })),
              ...Object.keys(op.body?.properties ?? { x: {} }).map((f) => ({
                sent: { body: `{"${f}":1e309}` },
                expect: { status: 400, code: 'CW_ERR_VALIDATION', pointer: `/${f}` },
              })),
            ],
      TYPED_CALLERS,
    );
    expect(wrong).toEqual([]);
  });
});

describe('generated hostile values in the anonymous bodies', () => {
  const login = () => ops.find((o) => o.key === 'POST /api/auth/login')!;
  const intake = () => ops.find((o) => o.key === 'POST /api/public/intake/{processId}')!;
  const anonymous: Caller = { name: 'anonymous', roles: null, token: null };
  const escape = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

  it('finds NUL or an unpaired surrogate planted anywhere in the data, and points at it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\u0000', '\ud800', '\udc00'),
        fc.string({ maxLength: 5 }),
        fc.boolean(),
        async (path, bad, around, inKey) => {
          const clean = path.every((k) => !k.includes('\u0000') && !/[\ud800-\udfff]/.test(k));
          fc.pre(clean && !path.includes('__proto__') && !path.includes('constructor'));
          const leaf = inKey ? { [`${around}${bad}`]: 1 } : `${around}${bad}${around}`;
          const data = path.reduceRight<unknown>((inner, k) => ({ [k]: inner }), leaf);
          const a = await call(intake(), anonymous, { body: JSON.stringify({ data }) });
          const pointer = `/data/${path.map(escape).join('/')}${inKey ? `/${escape(`${around}${bad}`)}` : ''}`;
          expect(shapeProblems(a)).toEqual([]);
          expect({
            status: a.status,
            code: a.body?.code,
            pointer: a.body?.details?.[0]?.pointer,
          }).toEqual({
            status: 400,
            code: TEXT_INVALID,
            pointer,
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses any nesting past the limit, of objects and arrays mixed, whatever is inside', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: MAX_JSON_DEPTH, maxLength: 3000 }),
        fc.jsonValue({ maxDepth: 1 }),
        async (arrays, inner) => {
          const text = arrays.reduceRight(
            (acc, isArray) => (isArray ? `[${acc}]` : `{"k":${acc}}`),
            JSON.stringify(inner),
          );
          // {"username": <text>} puts the text one level down: past the limit once it has 64
          const a = await call(login(), anonymous, { body: `{"username":${text},"password":"x"}` });
          expect(shapeProblems(a)).toEqual([]);
          expect([a.status, a.body?.code]).toEqual([400, 'CW_ERR_JSON_TOO_DEEP']);
          expect(a.body?.message).not.toMatch(/stack|recursion/i);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers in the caller language', async () => {
    const res = await fetch(`${t.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-TW' },
      body: JSON.stringify({ username: 'a\u0000', password: 'x' }),
    });
    const body = (await res.json()) as { message: string; details: { message: string }[] };
    expect(res.status).toBe(400);
    expect(body.message).toBe(ErrorCodes.CW_ERR_TEXT_INVALID.zh);
    expect(body.details[0]!.message).toBe(ErrorCodes.CW_ERR_TEXT_INVALID.zh);
    // the request schema's own details too
    const schema = await t.api('GET', '/api/tasks?limit=0', undefined, { lang: 'zh-TW' });
    expect(schema.body.message).toBe(ErrorCodes.CW_ERR_VALIDATION.zh);
    expect(schema.body.details[0].message).toMatch(/[\u4e00-\u9fff]/);
    const en = await t.api('GET', '/api/tasks?limit=0', undefined, { lang: 'en' });
    expect(en.body.details[0].message).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('pointers into the request as sent', () => {
  it('locates form errors under the field that carries the form data on each route', async () => {
    const bad = { decision: 'maybe', amount: -1 };
    const pointers = (r: { body: { details: { pointer: string }[] } }) =>
      r.body.details.map((d) => d.pointer).sort();
    const intake = await fetch(`${t.url}/api/public/intake/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: bad }),
    });
    expect(intake.status).toBe(400);
    expect(pointers({ body: await intake.json() })).toEqual(['/data/amount', '/data/decision']);
    const started = await t.api('POST', '/api/instances', { processId: 'report', variables: bad });
    expect(started.status).toBe(400);
    expect(pointers(started)).toEqual(['/variables/amount', '/variables/decision']);
    const schema = await t.api('GET', '/api/tasks?limit=0');
    expect(schema.body.details).toEqual([
      expect.objectContaining({ pointer: '/limit', in: 'query' }),
    ]);
  });
});

describe('malformed HTTP', () => {
  /** Sends raw bytes and reads the whole answer. */
  const raw = (bytes: string) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const { port } = new URL(t.url);
      const s = connect(Number(port), '127.0.0.1');
      let out = '';
      s.on('data', (d) => (out += d));
      s.on('error', reject);
      s.on('close', () => {
        const [head, ...rest] = out.split('\r\n\r\n');
        resolve({ status: Number(head!.split(' ')[1]), body: JSON.parse(rest.join('\r\n\r\n')) });
      });
      s.write(bytes);
    });

  it('answers a NUL in a header, and headers over the limit, in the registry shape', async () => {
    const nul = await raw(
      'GET /api/health HTTP/1.1\r\nHost: x\r\nAccept-Language: zh\u0000\r\n\r\n',
    );
    expect([nul.status, nul.body.code]).toEqual([400, 'CW_ERR_BAD_REQUEST']);
    const big = await raw(
      `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect([big.status, big.body.code]).toEqual([431, 'CW_ERR_HEADERS_TOO_LARGE']);
    const garbage = await raw('NOT HTTP AT ALL\r\n\r\n');
    expect([garbage.status, garbage.body.code]).toEqual([400, 'CW_ERR_BAD_REQUEST']);
    for (const a of [nul, big, garbage])
      expect(shapeProblems({ status: a.status, body: a.body })).toEqual([]);
  });
});
