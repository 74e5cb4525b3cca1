/**
 * BPMN import (POST /api/import/bpmn): a designer sends a diagram drawn elsewhere and gets a
 * Caseway draft with every element that did not carry listed by id, line and reason. The corpus
 * of public diagrams in tests/fixtures/bpmn (drawn by bpmn.io, Camunda, Signavio, Bizagi,
 * Yaoqiang modelers) each import to a draft or are refused with a registered code, never a
 * crash; mutated XML never gets a 5xx; DTDs, entities, deep nesting and huge bodies are refused.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import {
  expectDraftOrRefusal as expectImported,
  mutate,
  postXml,
  xmlMutations,
  type Answer,
  type PostOptions,
} from '../helpers/xml-import.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/bpmn', import.meta.url));
const corpus: string[] = [];
const walk = (dir: string) => {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.bpmn')) corpus.push(p);
  }
};
walk(CORPUS);
const external = corpus.filter((f) => !relative(CORPUS, f).startsWith('caseway'));

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine({ definitions: {} });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

const post = (xml: string, o: PostOptions = {}): Promise<Answer> =>
  postXml(t, '/api/import/bpmn', xml, o);
const expectDraftOrRefusal = (a: Answer, what: string) => expectImported(a, 'process', what);

describe('the corpus of public diagrams', () => {
  it('holds at least 20 diagrams drawn by real modelers, each with its source in the README', () => {
    expect(external.length).toBeGreaterThanOrEqual(20);
    const readme = readFileSync(join(CORPUS, 'README.md'), 'utf8');
    for (const f of external) expect(readme, relative(CORPUS, f)).toContain(relative(CORPUS, f));
  });

  it('imports each to a draft with precise problems, or refuses it with a registered code', async () => {
    let drafts = 0;
    for (const file of corpus) {
      const name = relative(CORPUS, file);
      const a = await post(readFileSync(file, 'utf8'));
      expectDraftOrRefusal(a, name);
      if (a.status !== 200) continue;
      drafts++;
      // the draft saves as it is, and its nodes are placed where the diagram has them
      const saved = await t.api(
        'PUT',
        `/api/drafts/process/${a.body.process.id}`,
        { body: a.body.process, baseVersion: null },
        { as: 'designer' },
      );
      expect(saved.status, name).toBe(200);
      for (const id of Object.keys(a.body.layout))
        expect(
          a.body.process.nodes.map((n: { id: string }) => n.id),
          name,
        ).toContain(id);
    }
    expect(drafts).toBeGreaterThanOrEqual(25);
  });

  it('refuses a file that is not BPMN and one with no process, with the codes that say so', async () => {
    const notBpmn = await post(readFileSync(join(CORPUS, 'bpmn-moddle/not-bpmn.bpmn'), 'utf8'));
    expect([notBpmn.status, notBpmn.body.code]).toEqual([400, 'CW_ERR_BPMN_INVALID']);
    const empty = await post(
      readFileSync(join(CORPUS, 'bpmn-moddle/empty-definitions.bpmn'), 'utf8'),
    );
    expect([empty.status, empty.body.code]).toEqual([422, 'CW_ERR_BPMN_NO_PROCESS']);
  });
});

describe('what maps', () => {
  it('carries a Zeebe claim: forms, groups, job types, mappings, conditions, default flow, timers, errors, messages, positions', async () => {
    const xml = readFileSync(join(CORPUS, 'caseway/windscreen-claim.bpmn'), 'utf8');
    const a = await post(xml);
    expect(a.status).toBe(200);
    const { process, problems, layout } = a.body;
    const node = (id: string) => process.nodes.find((n: { id: string }) => n.id === id);
    const flow = (id: string) => process.flows.find((f: { id: string }) => f.id === id);
    expect(process).toMatchObject({
      id: 'windscreen-claim',
      version: 1,
      name: { en: 'Windscreen claim' },
    });
    expect(node('reported')).toEqual({
      id: 'reported',
      type: 'start',
      name: { 'zh-Hant': 'Claim reported', en: 'Claim reported' },
      form: { id: 'claim-report' },
    });
    expect(node('assess')).toMatchObject({
      type: 'userTask',
      form: { id: 'claim-assessment' },
      candidateGroups: '["adjusters", "seniors"]',
      priority: 'if amount > 100000 then 80 else 50',
      description: { en: 'Check the photos and the invoice.' },
    });
    expect(node('decide')).toMatchObject({ type: 'exclusiveGateway', default: 'to-refuse' });
    expect(node('pay')).toMatchObject({
      type: 'serviceTask',
      action: 'payments/transfer',
      input: { amount: 'amountApproved', account: 'iban' },
      output: { paymentReference: 'result.reference' },
      retry: { attempts: 5 },
    });
    expect(node('closed')).toMatchObject({
      type: 'boundaryError',
      attachedTo: 'pay',
      errorCode: 'ACCOUNT_CLOSED',
    });
    expect(node('await-docs')).toMatchObject({
      type: 'messageCatch',
      message: 'documents-supplied',
      correlationKey: 'claimNumber',
    });
    expect(node('remind')).toMatchObject({
      type: 'boundaryTimer',
      attachedTo: 'await-docs',
      interrupting: false,
      timer: { duration: 'P3D' },
    });
    expect(node('review')).toMatchObject({
      type: 'callActivity',
      process: { id: 'medical-review' },
    });
    expect(node('refused')).toMatchObject({ type: 'terminateEnd' });
    expect(node('failed')).toMatchObject({
      type: 'errorEnd',
      errorCode: 'ACCOUNT_CLOSED',
      message: 'Account closed',
    });
    expect(node('log')).toMatchObject({ type: 'serviceTask', action: 'noop' });
    expect(flow('to-pay')).toMatchObject({
      from: 'decide',
      to: 'pay',
      condition: 'decision = "pay"',
    });
    expect(flow('to-docs')).toMatchObject({
      condition: 'decision = "documents" and not(complete)',
    });
    expect(layout).toEqual({
      reported: { x: 170, y: 120 },
      assess: { x: 290, y: 120 },
      decide: { x: 420, y: 120 },
    });
    // what did not carry, each with its element, line and reason
    const lineOf = (id: string) => xml.split('\n').findIndex((l) => l.includes(`id="${id}"`)) + 1;
    expect(
      problems.map((p: { element: string; reason: string; line: number }) => [
        p.element,
        p.reason,
        p.line,
      ]),
    ).toEqual([
      ['await-docs', 'message.renamed', lineOf('await-docs')],
      ['log', 'element.placeholder', lineOf('log')],
      ['to-docs', 'expression.juel', lineOf('to-docs')],
    ]);
  });

  it('carries business rule tasks calling a decision: its id, result variable and output mappings', async () => {
    const xml = readFileSync(join(CORPUS, 'zeebe-bpmn-moddle/zeebe-bindingType.bpmn'), 'utf8');
    const a = await post(xml);
    expect(a.status).toBe(200);
    const node = a.body.process.nodes.find((n: { id: string }) => n.id === 'BusinessRuleTask_1');
    expect(node).toEqual({
      id: 'BusinessRuleTask_1',
      type: 'businessRuleTask',
      decision: { id: 'foo' },
      resultVariable: 'bar',
    });
    expect(
      a.body.problems.filter((p: { element: string }) => p.element === 'BusinessRuleTask_1'),
    ).toEqual([]);
  });

  it('says the problems in the caller’s language', async () => {
    const xml = readFileSync(join(CORPUS, 'caseway/windscreen-claim.bpmn'), 'utf8');
    const zh = await post(xml, { lang: 'zh-Hant' });
    const log = zh.body.problems.find((p: { element: string }) => p.element === 'log');
    expect(log.message).toContain('服務任務');
  });
});

describe('hostile input', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">&lol2;</bpmn:process></bpmn:definitions>`;

  it.each([
    ['a DTD with entities (billion laughs)', billionLaughs, 400, 'CW_ERR_BPMN_ENTITIES'],
    [
      'nesting 200 levels deep',
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">${'<a>'.repeat(200)}${'</a>'.repeat(200)}</bpmn:definitions>`,
      400,
      'CW_ERR_BPMN_TOO_DEEP',
    ],
    [
      '60,000 empty elements',
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">${'<a/>'.repeat(60_000)}</bpmn:definitions>`,
      413,
      'CW_ERR_BPMN_TOO_LARGE',
    ],
    ['text that is not XML', 'hello', 400, 'CW_ERR_BPMN_INVALID'],
    ['an empty body', '   ', 400, 'CW_ERR_BPMN_INVALID'],
    ['XML that is not BPMN', '<html><body/></html>', 400, 'CW_ERR_BPMN_INVALID'],
    ['over 2 MiB', `<x>${'a'.repeat(3 * 1024 * 1024)}</x>`, 413, 'CW_ERR_BODY_TOO_LARGE'],
  ])('refuses %s', async (_what, xml, status, code) => {
    const a = await post(xml);
    expect([a.status, a.body.code]).toEqual([status, code]);
  });

  it('refuses JSON and other media types, and callers who do not design', async () => {
    const json = await post('{"xml":"<x/>"}', { type: 'application/json' });
    expect([json.status, json.body.code, json.body.details[0].pointer]).toEqual([
      415,
      'CW_ERR_BPMN_MEDIA_TYPE',
      '/content-type',
    ]);
    const staff = await post('<x/>', { as: 'adjuster' });
    expect([staff.status, staff.body.code]).toEqual([403, 'CW_ERR_FORBIDDEN']);
  });

  it('never answers 5xx to mutated diagrams, and a 200 is always a valid draft', async () => {
    const seeds = [
      'caseway/windscreen-claim.bpmn',
      'bpmn-js/conditions.bpmn',
      'zeebe-bpmn-moddle/zeebe-properties.bpmn',
    ].map((f) => readFileSync(join(CORPUS, f), 'utf8'));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        xmlMutations([
          '</bpmn:process>',
          '<bpmn:task id="x">',
          'id="reported"',
          '=',
          '${',
          '<!ENTITY a "b">',
        ]),
        async (seed, ms) => {
          const xml = mutate(seeds[seed]!, ms);
          const a = await post(xml);
          expectDraftOrRefusal(a, xml.slice(0, 200));
        },
      ),
      { numRuns: 150 },
    );
  });
});
