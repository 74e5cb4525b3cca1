/**
 * Compensation through BPMN XML (issue 19): a compensation throw as an intermediate throw event
 * and a compensation end as an end event, each with BPMN's compensate event definition, as
 * Camunda Modeler draws them; a service task's undo kept in its Caseway properties. Imported
 * back, the same process.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { exportBpmn } from './bpmn-export.ts';
import { importBpmn } from './bpmn-import.ts';

const trip: ProcessDefinition = {
  id: 'trip',
  version: 1,
  name: { 'zh-Hant': '行程', en: 'Trip' },
  nodes: [
    { id: 's', type: 'start' },
    {
      id: 'charge',
      type: 'serviceTask',
      action: 'card/charge',
      compensation: { action: 'card/refund', input: { chargeId: 'result.id' } },
    },
    { id: 'undo', type: 'compensateThrow' },
    { id: 'undo-end', type: 'compensateEnd', outcome: 'withdrawn' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'charge' },
    { id: 'f2', from: 'charge', to: 'undo' },
    { id: 'f3', from: 'undo', to: 'undo-end' },
  ],
};

describe('compensation in BPMN', () => {
  it('exports the throw and the end with the compensate event definition', async () => {
    const xml = await exportBpmn(trip);
    expect(xml).toMatch(/<bpmn:intermediateThrowEvent id="undo">\s*<bpmn:incoming>f2/);
    expect(xml.match(/<bpmn:compensateEventDefinition/g)).toHaveLength(2);
  });

  it('imports them back, with the undo of the service task', async () => {
    const back = await importBpmn(await exportBpmn(trip), 'en');
    expect(back.problems).toEqual([]);
    expect(back.process.nodes).toEqual(trip.nodes);
  });

  it("imports Camunda Modeler's compensation throw and end events", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s"><bpmn:outgoing>a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateThrowEvent id="t"><bpmn:incoming>a</bpmn:incoming><bpmn:outgoing>b</bpmn:outgoing><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
    <bpmn:endEvent id="e"><bpmn:incoming>b</bpmn:incoming><bpmn:compensateEventDefinition /></bpmn:endEvent>
    <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="t" />
    <bpmn:sequenceFlow id="b" sourceRef="t" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const back = await importBpmn(xml, 'en');
    expect(back.process.nodes.map((n) => [n.id, n.type])).toEqual([
      ['s', 'start'],
      ['t', 'compensateThrow'],
      ['e', 'compensateEnd'],
    ]);
  });
});
