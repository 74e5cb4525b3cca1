/**
 * Embedded subprocesses through BPMN XML (issue 19): exported as a `bpmn:SubProcess` holding its
 * nodes and flows (its inside drawn on a plane of its own, as Camunda Modeler drills into a
 * collapsed subprocess), and imported back with each inner node naming it as `parent`.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { exportBpmn } from './bpmn-export.ts';
import { importBpmn } from './bpmn-import.ts';

const name = { 'zh-Hant': '審核', en: 'Review' };
const claim: ProcessDefinition = {
  id: 'claim',
  version: 1,
  name,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'review', type: 'subProcess', name },
    { id: 'rs', type: 'start', parent: 'review' },
    { id: 'check', type: 'serviceTask', action: 'noop', parent: 'review' },
    { id: 're', type: 'end', parent: 'review' },
    { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P2D' } },
    { id: 'e', type: 'end' },
    { id: 'e2', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'review' },
    { id: 'f2', from: 'review', to: 'e' },
    { id: 'f3', from: 'rs', to: 'check' },
    { id: 'f4', from: 'check', to: 're' },
    { id: 'f5', from: 'late', to: 'e2' },
  ],
};

describe('embedded subprocesses in BPMN', () => {
  it('exports the inside nested in the subprocess, on a plane of its own', async () => {
    const xml = await exportBpmn(claim);
    const sub = xml.slice(xml.indexOf('<bpmn:subProcess'), xml.indexOf('</bpmn:subProcess>'));
    expect(sub).toContain('id="review"');
    for (const id of ['rs', 'check', 're', 'f3', 'f4']) expect(sub).toContain(`id="${id}"`);
    expect(sub).not.toContain('id="f1"');
    expect(xml.match(/<bpmndi:BPMNDiagram /g)).toHaveLength(2);
    expect(xml).toMatch(
      /bpmnElement="review"[^>]*isExpanded="false"|isExpanded="false"[^>]*bpmnElement="review"/,
    );
  });

  it('imports it back: the same nodes, each inner one naming its subprocess', async () => {
    const back = await importBpmn(await exportBpmn(claim), 'en');
    expect(back.problems.filter((p) => p.reason.startsWith('subProcess'))).toEqual([]);
    const byId = new Map(
      back.process.nodes.map((n) => [n.id, n as typeof n & { parent?: string }]),
    );
    expect(byId.get('review')?.type).toBe('subProcess');
    for (const id of ['rs', 'check', 're']) expect(byId.get(id)?.parent).toBe('review');
    for (const id of ['s', 'e', 'review']) expect(byId.get(id)?.parent).toBeUndefined();
    expect(byId.get('late')).toMatchObject({ type: 'boundaryTimer', attachedTo: 'review' });
    expect(back.process.flows.map((f) => `${f.from}>${f.to}`).sort()).toEqual(
      claim.flows.map((f) => `${f.from}>${f.to}`).sort(),
    );
  });
});
