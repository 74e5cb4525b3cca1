/**
 * Message boundary events through BPMN XML (issue 19): a boundary event with a message event
 * definition (the message's name, Zeebe's correlation key) attached to its host, as Camunda
 * Modeler draws it; imported back, the same process. A non-interrupting one is left out with a
 * problem: Caseway's message boundaries always interrupt.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { exportBpmn } from './bpmn-export.ts';
import { importBpmn } from './bpmn-import.ts';

const claim: ProcessDefinition = {
  id: 'claim',
  version: 1,
  name: { 'zh-Hant': '理賠', en: 'Claim' },
  nodes: [
    { id: 's', type: 'start' },
    { id: 'assess', type: 'userTask', form: { id: 'ack' } },
    {
      id: 'withdrawal',
      type: 'boundaryMessage',
      attachedTo: 'assess',
      message: 'claim-withdrawn',
      correlationKey: 'claimRef',
      output: { reason: 'message.reason' },
    },
    { id: 'paid', type: 'end' },
    { id: 'withdrawn', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'assess' },
    { id: 'f2', from: 'assess', to: 'paid' },
    { id: 'f3', from: 'withdrawal', to: 'withdrawn' },
  ],
};

describe('message boundary events in BPMN', () => {
  it('exports a boundary event attached to its host with the message event definition', async () => {
    const xml = await exportBpmn(claim);
    expect(xml).toMatch(/<bpmn:boundaryEvent id="withdrawal"[^>]*attachedToRef="assess"/);
    expect(xml).toMatch(/<bpmn:message id="[^"]*" name="claim-withdrawn"/);
    expect(xml).toContain('<bpmn:messageEventDefinition');
  });

  it('imports it back as the same node', async () => {
    const back = await importBpmn(await exportBpmn(claim), 'en');
    expect(back.problems).toEqual([]);
    expect(back.process.nodes.find((n) => n.id === 'withdrawal')).toEqual(claim.nodes[2]);
  });

  it('leaves out a non-interrupting one, saying why', async () => {
    const xml = (await exportBpmn(claim)).replace(
      /<bpmn:boundaryEvent id="withdrawal"/,
      '<bpmn:boundaryEvent id="withdrawal" cancelActivity="false"',
    );
    const back = await importBpmn(xml, 'en');
    expect(back.process.nodes.map((n) => n.id)).not.toContain('withdrawal');
    expect(back.problems.map((p) => p.reason)).toContain('boundary.unsupported');
  });
});
