/**
 * BPMN export (GET /api/definitions/process/{id}/versions/{version}/bpmn): every shipped process
 * version becomes BPMN 2.0 XML that bpmn-moddle reads back without a warning (with no extension
 * known, as any tool would, and with Zeebe's, as Camunda Modeler does) and that imports to the
 * same process: whole with Caseway's properties, and with the same nodes, flows, conditions and
 * forms from the standard and Zeebe elements alone. Shapes stand where the studio's layout puts
 * them, or are laid out.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../../engine/src/generated/index.ts';
import { exportBpmn, importBpmn } from '../../engine/src/interchange/index.ts';
import { dropTestData, startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { end, files, process, start, userTask } from '../fixtures/definitions.ts';

const PROCESSES = fileURLToPath(new URL('../../definitions/processes', import.meta.url));
const shipped = readdirSync(PROCESSES).flatMap((id) =>
  readdirSync(join(PROCESSES, id)).map((f) => ({
    name: `${id}/${f}`,
    def: JSON.parse(readFileSync(join(PROCESSES, id, f), 'utf8')) as ProcessDefinition & {
      $schema?: string;
    },
  })),
);

/** Key order does not matter; `$schema` and the version are the file's, not the process's. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(canonical)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.keys(v)
            .filter((k) => k !== '$schema' && k !== 'version')
            .sort()
            .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
        )
      : v;

/** What "equivalent" asks: nodes, flows with their conditions, forms referenced. */
const outline = (p: ProcessDefinition) => ({
  nodes: p.nodes.map((n) => [n.id, n.type]),
  flows: p.flows.map((f) => [f.id, f.from, f.to, f.condition ?? null]),
  forms: p.nodes.flatMap((n) => ('form' in n && n.form ? [[n.id, n.form.id]] : [])),
  defaults: p.nodes.flatMap((n) =>
    n.type === 'exclusiveGateway' || n.type === 'inclusiveGateway'
      ? [[n.id, n.default ?? null]]
      : [],
  ),
});

describe('every shipped process', () => {
  it('is shipped (the test reads them all)', () => expect(shipped.length).toBeGreaterThan(20));

  it.each(shipped)(
    '$name exports to BPMN read back without warnings, and imports as it was',
    async ({ def }) => {
      const xml = await exportBpmn(def);
      for (const moddle of [
        new BpmnModdle(),
        new BpmnModdle({ zeebe } as Record<string, unknown>),
      ]) {
        const read = await moddle.fromXML(xml);
        expect(read.warnings).toEqual([]);
      }
      const back = await importBpmn(xml, 'en');
      expect(back.problems).toEqual([]);
      expect(canonical(back.process)).toEqual(canonical(def));
      // without Caseway's own properties: the same nodes, flows, conditions and forms
      const bare = await importBpmn(
        xml.replace(/<caseway:properties>[\s\S]*?<\/caseway:properties>/g, ''),
        'en',
      );
      expect(bare.problems).toEqual([]);
      expect(outline(bare.process)).toEqual(outline(def));
    },
  );
});

describe('the node types no shipped process uses yet', () => {
  it('exports and imports inclusive and event-based gateways, error ends, catch-all error boundaries, date timers and business rule tasks', async () => {
    const def = {
      id: 'breadth',
      version: 1,
      name: { 'zh-Hant': '廣度', en: 'Breadth' },
      nodes: [
        { id: 'start', type: 'start' },
        {
          id: 'route',
          type: 'businessRuleTask',
          decision: { id: 'claim-triage', version: 2 },
          resultVariable: 'triage',
          output: { route: 'triage.route' },
        },
        {
          id: 'pay',
          type: 'serviceTask',
          action: 'payments/transfer',
          retry: { attempts: 2, backoff: 'PT5S' },
        },
        {
          id: 'any-error',
          type: 'boundaryError',
          attachedTo: 'pay',
          output: { why: 'error.code' },
        },
        { id: 'checks', type: 'inclusiveGateway', default: 'to-plain' },
        { id: 'wait', type: 'timer', timer: { dateExpression: 'followUpAt' } },
        { id: 'plain', type: 'messageCatch', message: 'claim.paid', correlationKey: 'claimNumber' },
        { id: 'race', type: 'eventBasedGateway' },
        { id: 'answered', type: 'messageCatch', message: 'answer', correlationKey: 'claimNumber' },
        { id: 'too-late', type: 'timer', timer: { duration: 'P7D' } },
        {
          id: 'failed',
          type: 'errorEnd',
          errorCode: 'PAY_FAILED',
          message: 'Payment failed',
          details: { why: 'why' },
        },
        { id: 'done', type: 'end', outcome: 'paid' },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'route' },
        { id: 'f10', from: 'route', to: 'pay' },
        { id: 'f2', from: 'pay', to: 'checks' },
        { id: 'to-wait', from: 'checks', to: 'wait', condition: 'amount > 1000' },
        { id: 'to-plain', from: 'checks', to: 'plain' },
        { id: 'f3', from: 'wait', to: 'done' },
        { id: 'f4', from: 'plain', to: 'race' },
        { id: 'f6', from: 'race', to: 'answered' },
        { id: 'f7', from: 'race', to: 'too-late' },
        { id: 'f8', from: 'answered', to: 'done' },
        { id: 'f9', from: 'too-late', to: 'done' },
        { id: 'f5', from: 'any-error', to: 'failed' },
      ],
    } as unknown as ProcessDefinition;
    const xml = await exportBpmn(def);
    expect((await new BpmnModdle().fromXML(xml)).warnings).toEqual([]);
    const back = await importBpmn(xml, 'en');
    expect(back.problems).toEqual([]);
    expect(canonical(back.process)).toEqual(canonical(def));
    const bare = await importBpmn(
      xml.replace(/<caseway:properties>[\s\S]*?<\/caseway:properties>/g, ''),
      'en',
    );
    expect(outline(bare.process)).toEqual(outline(def));
    expect(bare.process.nodes.find((n) => n.id === 'failed')).toEqual({
      id: 'failed',
      type: 'errorEnd',
      errorCode: 'PAY_FAILED',
      message: 'Payment failed',
    });
  });
});

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

async function get(path: string, as: 'designer' | 'adjuster' = 'designer') {
  const res = await fetch(`${t.url}${path}`, {
    headers: { authorization: `Bearer ${t.token(as)}` },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    text: await res.text(),
  };
}
const shapeCentre = async (xml: string, id: string) => {
  const { rootElement } = await new BpmnModdle().fromXML(xml);
  const plane = (
    rootElement.diagrams as {
      plane: {
        planeElement: {
          bpmnElement?: { id: string };
          bounds?: { x: number; y: number; width: number; height: number };
        }[];
      };
    }[]
  )[0]!.plane;
  const b = plane.planeElement.find((e) => e.bpmnElement?.id === id)!.bounds!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};

describe('the export route', () => {
  it('answers a .bpmn attachment that places the nodes where the studio shows them', async () => {
    const layout = { start: [100, 200], check: [300, 200], end: [500, 260] };
    const a = await get(
      `/api/definitions/process/review/versions/1/bpmn?layout=${encodeURIComponent(JSON.stringify(layout))}`,
    );
    expect(a.status).toBe(200);
    expect(a.type).toBe('application/xml; charset=utf-8');
    expect(a.disposition).toBe('attachment; filename="review-v1.bpmn"');
    expect(await shapeCentre(a.text, 'check')).toEqual({ x: 300, y: 200 });
    expect(await shapeCentre(a.text, 'end')).toEqual({ x: 500, y: 260 });
    // and the import route gives the process back
    const res = await fetch(`${t.url}/api/import/bpmn`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.token('designer')}`,
        'content-type': 'application/xml',
      },
      body: a.text,
    });
    const back = (await res.json()) as { process: ProcessDefinition; layout: unknown };
    expect(canonical(back.process)).toEqual(canonical(review));
    expect(back.layout).toEqual({
      start: { x: 100, y: 200 },
      check: { x: 300, y: 200 },
      end: { x: 500, y: 260 },
    });
  });

  it('lays the nodes out left to right when the studio gives no layout', async () => {
    const a = await get('/api/definitions/process/review/versions/1/bpmn');
    expect(a.status).toBe(200);
    const [s, c, e] = await Promise.all(
      ['start', 'check', 'end'].map((id) => shapeCentre(a.text, id)),
    );
    expect(s!.x).toBeLessThan(c!.x);
    expect(c!.x).toBeLessThan(e!.x);
  });

  it.each([
    ['not JSON', 'nope'],
    ['a list', '[1,2]'],
    ['a point that is not two numbers', '{"check":[1]}'],
    ['a node id that cannot be one', '{"1x":[1,2]}'],
    ['coordinates beyond a million', '{"check":[1e9,2]}'],
  ])('refuses a layout that is %s', async (_what, layout) => {
    const a = await get(
      `/api/definitions/process/review/versions/1/bpmn?layout=${encodeURIComponent(layout)}`,
    );
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({
      code: 'CW_ERR_BPMN_LAYOUT',
      details: [{ pointer: '/layout', in: 'query' }],
    });
  });

  it('answers 404 for a version that does not exist and 403 to staff', async () => {
    expect((await get('/api/definitions/process/review/versions/9/bpmn')).status).toBe(404);
    expect((await get('/api/definitions/process/review/versions/1/bpmn', 'adjuster')).status).toBe(
      403,
    );
  });
});
