/**
 * DMN import (POST /api/import/dmn): a rule owner sends a decision table drawn in Camunda
 * Modeler, Trisotech or dmn-js and gets a Caseway decision draft with every element that did not
 * carry listed by id, line and reason. The public files in tests/fixtures/dmn each import to a
 * draft or are refused with a registered code, never a crash; the imported table decides as the
 * file says; mutated XML never gets a 5xx; DTDs, entities, deep nesting and huge bodies are
 * refused.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaProblems } from '../../engine/src/definitions/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  expectDraftOrRefusal as expectImported,
  mutate,
  postXml,
  xmlMutations,
  type Answer,
  type PostOptions,
} from '../helpers/xml-import.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/dmn', import.meta.url));
const corpus: string[] = [];
const walk = (dir: string) => {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.dmn')) corpus.push(p);
  }
};
walk(CORPUS);
const file = (name: string) => readFileSync(join(CORPUS, name), 'utf8');

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const post = (xml: string, o: PostOptions & { query?: string } = {}): Promise<Answer> =>
  postXml(t, `/api/import/dmn${o.query ?? ''}`, xml, o);
const expectDraftOrRefusal = (a: Answer, what: string) => expectImported(a, 'decision', what);

/** A DMN 1.3 file of one table: inputs `<input>` XML, rules of [tests, outputs]. */
const table = (attrs: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="d" namespace="urn:test">
  <decision id="claimTriage" name="Claim triage">
    <decisionTable id="table" ${attrs}>
${body}
    </decisionTable>
  </decision>
</definitions>`;

describe('the corpus of public DMN files', () => {
  it('holds at least three files drawn by real modelers, each with its source in the README', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(3);
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    for (const f of corpus) expect(readme).toContain(f.slice(CORPUS.length + 1));
  });

  it('imports each to a valid draft with precise problems, or refuses it with its reasons', async () => {
    const outcomes: Record<string, number> = {};
    for (const f of corpus) {
      const a = await post(readFileSync(f, 'utf8'));
      expectDraftOrRefusal(a, f);
      outcomes[f.slice(CORPUS.length + 1)] = a.status;
    }
    expect(outcomes).toEqual({
      'camunda-get-started-dmn/dinnerDecisions.dmn': 200,
      'dmn-js/business-knowledge.dmn': 422,
      'dmn-js/dmn-12.dmn': 200,
      'dmn-js/literal-expression.dmn': 422,
      'dmn-js/simple.dmn': 200,
      'dmn-js/two-decisions.dmn': 200,
    });
  });
});

describe('what maps', () => {
  it('carries Camunda’s dish table: inputs, types, rules as written, descriptions, rule ids', async () => {
    const a = await post(file('camunda-get-started-dmn/dinnerDecisions.dmn'));
    expect(a.status).toBe(200);
    expect(a.body.dmnVersion).toBe('1.3');
    expect(a.body.decision).toMatchObject({
      id: 'dish',
      name: { en: 'Dish', 'zh-Hant': 'Dish' },
      hitPolicy: 'UNIQUE',
      inputs: [
        { label: { en: 'Season' }, expression: 'season', type: 'string' },
        { label: { en: 'How many guests' }, expression: 'guestCount', type: 'number' },
      ],
      outputs: [{ name: 'desiredDish', label: { en: 'Dish' }, type: 'string' }],
    });
    expect(a.body.decision.rules).toHaveLength(6);
    expect(a.body.decision.rules[3]).toEqual({
      id: 'row-129502239-4',
      inputEntries: ['"Spring"', '[5..8]'],
      outputEntries: ['"Steak"'],
      annotation: 'Save money',
    });
    // an empty cell is any value
    expect(a.body.decision.rules[5].inputEntries).toEqual(['"Summer"', '-']);
    // the other table is named, with its line, and listed to be picked
    expect(a.body.problems).toEqual([
      expect.objectContaining({ element: 'beverages', reason: 'decision.extra', line: 87 }),
    ]);
    expect(a.body.tables).toEqual([
      { element: 'dish', name: 'Dish', imported: true },
      { element: 'beverages', name: 'Beverages', imported: false },
    ]);
  });

  it('imports the file’s other table when asked: COLLECT, booleans, its requirement listed', async () => {
    const xml = file('camunda-get-started-dmn/dinnerDecisions.dmn');
    const a = await post(xml, { query: '?decision=beverages' });
    expect(a.status).toBe(200);
    expect(a.body.decision).toMatchObject({
      id: 'beverages',
      hitPolicy: 'COLLECT',
      inputs: [
        { expression: 'desiredDish' },
        { expression: 'guestsWithChildren', type: 'boolean' },
      ],
    });
    expect(a.body.decision).not.toHaveProperty('aggregation');
    expect(
      a.body.problems.map((p: { element: string; reason: string }) => [p.element, p.reason]),
    ).toEqual([
      ['dish', 'decision.extra'],
      ['beverages', 'drd.notCarried'],
    ]);
    const missing = await post(xml, { query: '?decision=dessert' });
    expect([missing.status, missing.body.code, missing.body.details[0].pointer]).toEqual([
      422,
      'CW_ERR_DMN_NO_TABLE',
      '/decision',
    ]);
  });

  it('reads DMN 1.2 from Trisotech as 1.3, listing its input data and requirements', async () => {
    const a = await post(file('dmn-js/dmn-12.dmn'));
    expect(a.status).toBe(200);
    expect(a.body.dmnVersion).toBe('1.2');
    expect(a.body.decision).toMatchObject({ id: 'approval', hitPolicy: 'FIRST' });
    expect(a.body.decision.inputs[1]).toMatchObject({
      expression: 'RiskCategory',
      type: 'string',
      allowedValues: ['High', 'Low', 'Medium'],
    });
    const reasons = new Set(a.body.problems.map((p: { reason: string }) => p.reason));
    expect(reasons).toContain('drd.notCarried');
  });

  it.each([
    ['COLLECT', 'SUM', { hitPolicy: 'COLLECT', aggregation: 'SUM' }],
    ['COLLECT', 'COUNT', { hitPolicy: 'COLLECT', aggregation: 'COUNT' }],
    ['RULE ORDER', '', { hitPolicy: 'RULE ORDER' }],
    ['PRIORITY', '', { hitPolicy: 'PRIORITY' }],
    ['FIRST', 'MAX', { hitPolicy: 'FIRST' }],
  ])('carries hit policy %s with aggregation “%s”', async (policy, aggregation, expected) => {
    const xml = table(
      `hitPolicy="${policy}"${aggregation ? ` aggregation="${aggregation}"` : ''}`,
      `<input id="i"><inputExpression id="ie" typeRef="integer"><text>amount</text></inputExpression></input>
       <output id="o" name="points" typeRef="integer"><outputValues id="ov"><text>10, 5, 1</text></outputValues></output>
       <rule id="r1"><inputEntry id="e1"><text>&lt; 1000</text></inputEntry><outputEntry id="o1"><text>10</text></outputEntry></rule>
       <rule id="r2"><inputEntry id="e2"><text></text></inputEntry><outputEntry id="o2"><text>1</text></outputEntry></rule>`,
    );
    const a = await post(xml);
    expect(a.status).toBe(200);
    expect(a.body.decision).toMatchObject({ id: 'claim-triage', ...expected });
    if (!('aggregation' in expected)) expect(a.body.decision).not.toHaveProperty('aggregation');
    expect(a.body.decision.outputs[0].allowedValues).toEqual([10, 5, 1]);
    if (policy === 'FIRST')
      expect(a.body.problems).toEqual([
        expect.objectContaining({ element: 'table', reason: 'aggregation.dropped' }),
      ]);
  });

  it('lists what it approximates: a date column, an unnamed output, a cell that is not FEEL, a JUEL input', async () => {
    const xml = table(
      '',
      `<input id="since"><inputExpression id="since_e" typeRef="date"><text>policyStart</text></inputExpression></input>
       <input id="juel"><inputExpression id="juel_e" typeRef="string" expressionLanguage="juel"><text>\${claim.cause}</text></inputExpression></input>
       <output id="out" label="Route" typeRef="string" />
       <rule id="r1"><inputEntry id="c1"><text>&gt; date("2020-01-01")</text></inputEntry><inputEntry id="c2"><text>"glass"</text></inputEntry><outputEntry id="c3"><text>"fast" +</text></outputEntry></rule>`,
    );
    const a = await post(xml, { lang: 'zh-Hant' });
    expect(a.status).toBe(200);
    expect(schemaProblems('decision', a.body.decision)).toEqual([]);
    expect(a.body.decision.outputs[0].name).toBe('Route');
    expect(a.body.decision.rules[0].outputEntries).toEqual(['"fast" +']);
    const byReason = Object.fromEntries(
      a.body.problems.map((p: { reason: string; element: string; line: number }) => [
        p.reason,
        [p.element, p.line],
      ]),
    );
    expect(byReason).toEqual({
      'type.approximated': ['since_e', 5],
      'expression.language': ['juel_e', 6],
      'output.renamed': ['out', 7],
      'cell.invalid': ['c3', 8],
    });
    expect(a.body.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives a draft that decides as the file says once saved', async () => {
    const imported = await post(file('camunda-get-started-dmn/dinnerDecisions.dmn'));
    const saved = await t.api(
      'PUT',
      '/api/drafts/decision/dish',
      { body: imported.body.decision, baseVersion: null },
      { as: 'designer' },
    );
    expect(saved.status).toBe(200);
    expect(saved.body.problems).toEqual([]);
    const tried = await t.api('POST', '/api/decisions/dish/evaluate', {
      inputs: { season: 'Spring', guestCount: 6 },
      draft: true,
    });
    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({
      outcome: 'decided',
      result: 'Steak',
      matched: [{ index: 3 }],
    });
  });
});

describe('hostile input', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/"><decision id="d">&lol2;</decision></definitions>`;
  const root = (inner: string) =>
    `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="urn:x">${inner}</definitions>`;

  it.each([
    ['a DTD with entities (billion laughs)', billionLaughs, 400, 'CW_ERR_DMN_ENTITIES'],
    [
      'nesting 100 levels deep',
      root(`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`),
      400,
      'CW_ERR_DMN_TOO_DEEP',
    ],
    ['60,000 empty elements', root('<a/>'.repeat(60_000)), 413, 'CW_ERR_DMN_TOO_LARGE'],
    ['text that is not XML', 'hello', 400, 'CW_ERR_DMN_INVALID'],
    ['an empty body', '  ', 400, 'CW_ERR_DMN_INVALID'],
    [
      'BPMN instead of DMN',
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>',
      400,
      'CW_ERR_DMN_INVALID',
    ],
    ['a file without any decision', root(''), 422, 'CW_ERR_DMN_NO_TABLE'],
    ['over 2 MiB', `<x>${'a'.repeat(3 * 1024 * 1024)}</x>`, 413, 'CW_ERR_BODY_TOO_LARGE'],
  ])('refuses %s', async (_what, xml, status, code) => {
    const a = await post(xml);
    expect([a.status, a.body.code]).toEqual([status, code]);
  });

  it('says why a literal expression cannot be imported, in the caller’s language', async () => {
    for (const lang of ['en', 'zh-Hant'] as const) {
      const a = await post(file('dmn-js/literal-expression.dmn'), { lang });
      expect(a.status).toBe(422);
      expect(a.body.details[1].message).toMatch(
        lang === 'en'
          ? /season \(3\): A decision given by a literal expression/
          : /season \(3\)：?.*文字運算式/,
      );
    }
  });

  it('refuses JSON and other media types, and callers who do not design', async () => {
    const json = await post('{"xml":"<x/>"}', { type: 'application/json' });
    expect([json.status, json.body.code, json.body.details[0].pointer]).toEqual([
      415,
      'CW_ERR_DMN_MEDIA_TYPE',
      '/content-type',
    ]);
    const staff = await post('<x/>', { as: 'adjuster' });
    expect([staff.status, staff.body.code]).toEqual([403, 'CW_ERR_FORBIDDEN']);
  });

  it('never answers 5xx to mutated DMN, and a 200 is always a valid draft', async () => {
    const seeds = [
      'camunda-get-started-dmn/dinnerDecisions.dmn',
      'dmn-js/simple.dmn',
      'dmn-js/dmn-12.dmn',
    ].map(file);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        xmlMutations([
          '</decisionTable>',
          '<rule id="x">',
          '<input id="y"><inputExpression typeRef="date"><text>(</text></inputExpression></input>',
          'hitPolicy="COLLECT" aggregation="SUM"',
          'id="dish"',
          '<!DOCTYPE x>',
        ]),
        async (seed, ms) => {
          const xml = mutate(seeds[seed]!, ms);
          expectDraftOrRefusal(await post(xml), xml.slice(0, 200));
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);
});
