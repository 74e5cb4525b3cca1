/**
 * Trying a decision table over HTTP (`POST /api/decisions/{id}/evaluate`), with the real engine:
 * each hit policy's answer on a small table, a pinned older version, a table that cannot decide
 * told as an answer (no match with the closest rules, several rules under UNIQUE), and the
 * refusals with their pointers in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, label, process, start } from '../fixtures/definitions.ts';

const column = (expression: string, type: string, allowedValues?: unknown[]) => ({
  label: label(expression),
  expression,
  type,
  ...(allowedValues ? { allowedValues } : {}),
});
const output = (name: string, type: string, allowedValues?: unknown[]) => ({
  name,
  label: label(name),
  type,
  ...(allowedValues ? { allowedValues } : {}),
});

// A claim triage, v1 sending glass under 5,000 to the fast track, v2 under 1,000
const triage = (version: number, fastTrackBelow: number) => ({
  id: 'triage',
  version,
  name: label('Claim triage', '理賠分流'),
  hitPolicy: 'UNIQUE',
  inputs: [column('amount', 'number'), column('cause', 'string', ['glass', 'theft', 'fire'])],
  outputs: [output('route', 'string'), output('reviewers', 'number')],
  rules: [
    {
      id: 'small-glass',
      annotation: 'Glass is cheap to check',
      inputEntries: [`< ${fastTrackBelow}`, '"glass"'],
      outputEntries: ['"fast-track"', '0'],
    },
    { inputEntries: [`>= ${fastTrackBelow}`, '"glass"'], outputEntries: ['"standard"', '1'] },
    { inputEntries: ['<= 100000', '"theft", "fire"'], outputEntries: ['"investigation"', '2'] },
    // overlaps the rule above when largeLoss is under 100,000: the lint cannot tell (a variable)
    { inputEntries: ['> largeLoss', '"fire"'], outputEntries: ['"investigation"', '3'] },
  ],
});

/** One number input `x`, one output `out`: rules of [test, output]. */
const small = (
  id: string,
  hitPolicy: string,
  rules: [string, string][],
  extra: Record<string, unknown> = {},
) => ({
  id,
  version: 1,
  name: label(id),
  hitPolicy,
  inputs: [column('x', 'number')],
  outputs: [output('out', extra.aggregation ? 'number' : 'string', extra.allowed as unknown[])],
  rules: rules.map(([test, out]) => ({ inputEntries: [test], outputEntries: [out] })),
  ...(extra.aggregation ? { aggregation: extra.aggregation } : {}),
});
const words: [string, string][] = [
  ['< 10', '"low"'],
  ['[5..20]', '"mid"'],
  ['-', '"any"'],
];
const numbers: [string, string][] = [
  ['< 10', '1'],
  ['[5..20]', '5'],
  ['-', '10'],
];

const tables = [
  triage(1, 5000),
  triage(2, 1000),
  small('first', 'FIRST', words),
  small('priority', 'PRIORITY', words, { allowed: ['mid', 'low', 'any'] }),
  small('output-order', 'OUTPUT ORDER', words, { allowed: ['mid', 'low', 'any'] }),
  small('rule-order', 'RULE ORDER', words),
  small('collect', 'COLLECT', words),
  small('sum', 'COLLECT', numbers, { aggregation: 'SUM' }),
  small('min', 'COLLECT', numbers, { aggregation: 'MIN' }),
  small('max', 'COLLECT', numbers, { aggregation: 'MAX' }),
  small('count', 'COLLECT', numbers, { aggregation: 'COUNT' }),
  small('any', 'ANY', [
    ['< 10', '"low"'],
    ['< limit', '"high"'],
  ]),
  {
    ...small('budget', 'UNIQUE', [['-', '"counted"']]),
    inputs: [column('sum(for i in 1..n return i)', 'number')],
  },
];

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({
    definitions: {
      ...files(process('noop', [start(), end()], [['start', 'end']])),
      ...Object.fromEntries(tables.map((d) => [`decisions/${d.id}/v${d.version}.json`, d])),
    },
  });
});
afterAll(async () => {
  await t?.close();
  await dropTestData(t.schema, t.prefix);
});

const evaluate = (id: string, body: unknown, o: Parameters<TestEngine['api']>[3] = {}) =>
  t.api('POST', `/api/decisions/${encodeURIComponent(id)}/evaluate`, body, o);

describe('trying a decision table', () => {
  it('answers the latest version: the result a business rule task gets, the rule behind it and what each column read', async () => {
    const res = await evaluate('triage', { inputs: { amount: 3000, cause: 'glass' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      decision: { id: 'triage', version: 2, hitPolicy: 'UNIQUE', aggregation: null, draft: false },
      outcome: 'decided',
      result: { route: 'standard', reviewers: 1 },
      matched: [{ index: 1 }],
      inputs: [
        { expression: 'amount', value: 3000 },
        { expression: 'cause', value: 'glass' },
      ],
      closest: [],
      problem: null,
    });
  });

  it('answers a pinned older version, naming the rule by its id and annotation', async () => {
    const res = await evaluate('triage', { inputs: { amount: 3000, cause: 'glass' }, version: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: { id: 'triage', version: 1 },
      outcome: 'decided',
      result: { route: 'fast-track', reviewers: 0 },
      matched: [{ index: 0, id: 'small-glass', annotation: 'Glass is cheap to check' }],
    });
  });

  it.each([
    ['first', 7, 'low', [0]],
    ['priority', 7, 'mid', [1]],
    ['output-order', 7, ['mid', 'low', 'any'], [0, 1, 2]],
    ['rule-order', 7, ['low', 'mid', 'any'], [0, 1, 2]],
    ['collect', 30, ['any'], [2]],
    ['sum', 7, 16, [0, 1, 2]],
    ['min', 7, 1, [0, 1, 2]],
    ['max', 15, 10, [1, 2]],
    ['count', 15, 2, [1, 2]],
    ['any', 3, 'low', [0]],
  ])('answers %s on x = %s as a business rule task would', async (id, x, result, matched) => {
    const res = await evaluate(id, { inputs: { x } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'decided', result, problem: null });
    expect(res.body.matched.map((m: { index: number }) => m.index)).toEqual(matched);
  });

  it('tells a no-match as an answer: the code a case would get, in the caller’s language, and the closest rules', async () => {
    for (const [lang, message] of [
      ['en', /^No rule of the decision table matched/],
      ['zh-TW', /^決策表沒有任何規則相符/],
    ] as const) {
      const res = await evaluate(
        'triage',
        { inputs: { amount: 200_000, cause: 'theft' }, version: 1 },
        { lang },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        outcome: 'noMatch',
        result: null,
        matched: [],
        problem: { code: 'CW_ERR_DECISION_NO_MATCH', message: expect.stringMatching(message) },
      });
      // the large-glass rule passed the amount, the theft rule the cause: each missed one column
      expect(res.body.closest).toEqual([
        { index: 1, missed: [1] },
        { index: 2, missed: [0] },
      ]);
    }
  });

  it('names the rules that break UNIQUE, and disagreeing rules under ANY', async () => {
    const unique = await evaluate('triage', {
      inputs: { amount: 50_000, cause: 'fire', largeLoss: 10_000 },
    });
    expect(unique.status).toBe(200);
    expect(unique.body).toMatchObject({
      outcome: 'hitPolicyViolated',
      result: null,
      matched: [{ index: 2 }, { index: 3 }],
      problem: { code: 'CW_ERR_DECISION_HIT_POLICY' },
    });
    const any = await evaluate('any', { inputs: { x: 3, limit: 5 } }, { lang: 'zh-Hant' });
    expect(any.body).toMatchObject({
      outcome: 'hitPolicyViolated',
      matched: [{ index: 0 }, { index: 1 }],
      problem: { code: 'CW_ERR_DECISION_HIT_POLICY', message: expect.stringMatching(/^決策表/) },
    });
  });

  it('refuses an expression over the FEEL budget as a failed cell, quickly and changing nothing', async () => {
    const res = await evaluate('budget', { inputs: { n: 1e9 } }, { lang: 'zh-Hant' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'CW_ERR_DECISION_FAILED',
      message: expect.stringMatching(/^無法評估決策表/),
      cell: '/inputs/0/expression',
      details: [{ code: 'CW_ERR_EXPRESSION_LIMIT', pointer: '/inputs' }],
    });
    // the engine is still answering
    const after = await evaluate('budget', { inputs: { n: 3 } });
    expect(after.body).toMatchObject({ outcome: 'decided', result: 'counted' });
  });
});

describe('trying the saved draft (the editor’s test panel)', () => {
  const draftOf = (rules: unknown[]) => ({ ...triage(3, 500), rules });
  const save = (body: unknown) =>
    t.api('PUT', '/api/drafts/decision/triage', { body, baseVersion: 2 }, { as: 'designer' });

  it('answers the draft as its next version would, not the published one', async () => {
    // Given a draft sending glass under 500 to the fast track (v2: under 1,000)
    expect((await save(triage(3, 500))).status).toBe(200);
    // When 700 of glass is tried on the draft and on the published version
    const inputs = { amount: 700, cause: 'glass' };
    const tried = await evaluate('triage', { inputs, draft: true });
    const published = await evaluate('triage', { inputs });
    // Then the draft says standard as v3, the published v2 still fast track
    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({
      decision: { id: 'triage', version: 3, draft: true },
      result: { route: 'standard' },
      matched: [{ index: 1 }],
    });
    expect(published.body).toMatchObject({
      decision: { version: 2, draft: false },
      result: { route: 'fast-track' },
    });
  });

  it('refuses a draft with problems, pointing at the cells under /draft, in the caller’s language', async () => {
    const [first, ...rest] = triage(3, 500).rules;
    expect(
      (await save(draftOf([{ ...first, inputEntries: ['< 500', '12'] }, ...rest]))).status,
    ).toBe(200);
    for (const lang of ['en', 'zh-Hant'] as const) {
      const res = await evaluate(
        'triage',
        { inputs: { amount: 1, cause: 'glass' }, draft: true },
        { lang },
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CW_ERR_DECISION_FAILED');
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: 'CW_ERR_DEF_DECISION_TYPE',
            pointer: '/draft/rules/0/inputEntries/1',
            message: expect.stringMatching(lang === 'en' ? /[a-z]/ : /[\u4e00-\u9fff]/),
          }),
        ]),
      );
    }
  });

  it('refuses a draft that does not exist at /draft, and draft with a version at /version', async () => {
    const none = await evaluate('first', { inputs: { x: 1 }, draft: true });
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject({
      code: 'CW_ERR_DECISION_UNKNOWN',
      details: [expect.objectContaining({ pointer: '/draft' })],
    });
    const both = await evaluate('triage', { inputs: { x: 1 }, draft: true, version: 1 });
    expect(both.status).toBe(400);
    expect(both.body.details).toEqual([expect.objectContaining({ pointer: '/version' })]);
  });
});

describe('refusals', () => {
  it.each([
    ['en', 'No decision table has this id'],
    ['zh-Hant', '沒有此 id 的決策表'],
  ])('an unknown table or version is a 404 pointing at it (%s)', async (lang, message) => {
    const unknown = await evaluate('nope', { inputs: {} }, { lang });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'CW_ERR_DECISION_UNKNOWN',
      details: [{ pointer: '/id', in: 'path', message: expect.stringContaining(message) }],
    });
    const version = await evaluate('triage', { inputs: {}, version: 9 }, { lang });
    expect(version.status).toBe(404);
    expect(version.body).toMatchObject({
      code: 'CW_ERR_DECISION_UNKNOWN',
      details: [{ pointer: '/version', message: expect.stringContaining(message) }],
    });
  });

  it.each([
    [{}, '/inputs'],
    [{ inputs: [1, 2] }, '/inputs'],
    [{ inputs: {}, version: 0 }, '/version'],
    [{ inputs: {}, version: 'latest' }, '/version'],
    [{ inputs: {}, extra: true }, '/extra'],
    [
      { inputs: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`v${i}`, i])) },
      '/inputs',
    ],
  ])('a bad body is a 400 pointing at its part: %j', async (body, pointer) => {
    for (const lang of ['en', 'zh-Hant']) {
      const res = await evaluate('triage', body, { lang });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ pointer })]),
      );
      expect(res.body.message).toMatch(lang === 'en' ? /[a-z]/ : /[\u4e00-\u9fff]/);
    }
  });

  it('refuses inputs nested too deep or too large before evaluating them', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    const nested = await evaluate('triage', { inputs: { deep } });
    expect(nested.status).toBe(400);
    expect(nested.body.code).toBe('CW_ERR_JSON_TOO_DEEP');
    const huge = await evaluate('triage', { inputs: { text: 'x'.repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('CW_ERR_BODY_TOO_LARGE');
  });

  it('is for those who design and administer', async () => {
    const body = { inputs: { amount: 3000, cause: 'glass' } };
    expect((await evaluate('triage', body, { as: 'designer' })).status).toBe(200);
    for (const as of ['adjuster', 'supervisor'] as const) {
      const res = await evaluate('triage', body, { as });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CW_ERR_FORBIDDEN');
    }
  });
});
