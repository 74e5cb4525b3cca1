/**
 * Multi-instance through BPMN XML (issue 19): a `multiInstanceLoopCharacteristics` marker with
 * Zeebe's `zeebe:loopCharacteristics` (inputCollection, inputElement, outputCollection,
 * outputElement) or Camunda 7's `camunda:collection`/`camunda:elementVariable` becomes the node's
 * `multiInstance`, and an export writes it back so Camunda Modeler shows the three bars.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { exportBpmn } from './bpmn-export.ts';
import { importBpmn } from './bpmn-import.ts';

const name = { 'zh-Hant': '核保', en: 'Review' };
const application: ProcessDefinition = {
  id: 'application',
  version: 1,
  name,
  nodes: [
    { id: 's', type: 'start' },
    {
      id: 'review',
      type: 'userTask',
      name,
      form: { id: 'insured-review' },
      multiInstance: {
        collection: 'insureds',
        elementVariable: 'insured',
        mode: 'sequential',
        completionCondition: 'nrOfCompletedInstances >= 2',
        outputCollection: 'reviews',
        outputElement: '{ name: insured.name, verdict: verdict }',
      },
    },
    { id: 'e', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'review' },
    { id: 'f2', from: 'review', to: 'e' },
  ],
};

const wrap = (task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    ${task}
    <bpmn:endEvent id="e" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t1" />
    <bpmn:sequenceFlow id="f2" sourceRef="t1" targetRef="e" />
  </bpmn:process>
</bpmn:definitions>`;

const nodeOf = async (xml: string) => {
  const r = await importBpmn(xml, 'en');
  return {
    node: r.process.nodes.find((n) => n.id === 't1') as unknown as Record<string, unknown>,
    r,
  };
};

describe('multi-instance in BPMN', () => {
  it('exports the marker with Zeebe loop characteristics and imports it back the same', async () => {
    const xml = await exportBpmn(application);
    expect(xml).toContain('<bpmn:multiInstanceLoopCharacteristics isSequential="true">');
    expect(xml).toContain('inputCollection="=insureds"');
    expect(xml).toContain('inputElement="insured"');
    expect(xml).toContain('outputCollection="reviews"');
    const back = await importBpmn(xml, 'en');
    expect(back.problems.filter((p) => p.element === 'review')).toEqual([]);
    const review = back.process.nodes.find((n) => n.id === 'review');
    expect(review).toMatchObject({
      multiInstance: (application.nodes[1] as { multiInstance: object }).multiInstance,
    });
  });

  it('reads Zeebe loop characteristics written by Camunda Modeler 8', async () => {
    const { node, r } = await nodeOf(
      wrap(`<bpmn:serviceTask id="t1">
        <bpmn:extensionElements><zeebe:taskDefinition type="sms:send" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:extensionElements>
            <zeebe:loopCharacteristics inputCollection="=people" inputElement="person" outputCollection="receipts" outputElement="=receipt" />
          </bpmn:extensionElements>
          <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=nrOfCompletedInstances &gt; 1</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>`),
    );
    expect(node.multiInstance).toEqual({
      collection: 'people',
      elementVariable: 'person',
      completionCondition: 'nrOfCompletedInstances > 1',
      outputCollection: 'receipts',
      outputElement: 'receipt',
    });
    expect(
      r.problems.filter(
        (p) => p.reason.startsWith('activity') || p.reason.startsWith('multiInstance'),
      ),
    ).toEqual([]);
  });

  it('reads Camunda 7 collection and element variable', async () => {
    const { node } = await nodeOf(
      wrap(`<bpmn:userTask id="t1" camunda:formKey="review">
        <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="\${insureds}" camunda:elementVariable="insured" />
      </bpmn:userTask>`),
    );
    expect(node.multiInstance).toEqual({
      collection: 'insureds',
      elementVariable: 'insured',
      mode: 'sequential',
    });
  });

  it('lists what it cannot carry: a cardinality alone, a bad element name, a standard loop', async () => {
    const cardinality = await nodeOf(
      wrap(
        `<bpmn:userTask id="t1"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`,
      ),
    );
    expect(cardinality.node.multiInstance).toBeUndefined();
    expect(cardinality.r.problems.map((p) => p.reason)).toContain('multiInstance.noCollection');
    const element = await nodeOf(
      wrap(
        `<bpmn:userTask id="t1"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=xs" inputElement="a-b" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`,
      ),
    );
    expect(element.node.multiInstance).toEqual({ collection: 'xs', elementVariable: 'item' });
    expect(element.r.problems.map((p) => p.reason)).toContain('multiInstance.element');
    const loop = await nodeOf(
      wrap(`<bpmn:userTask id="t1"><bpmn:standardLoopCharacteristics /></bpmn:userTask>`),
    );
    expect(loop.node.multiInstance).toBeUndefined();
    expect(loop.r.problems.map((p) => p.reason)).toContain('activity.loop');
  });
});
