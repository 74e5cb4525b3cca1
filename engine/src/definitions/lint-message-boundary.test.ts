/**
 * The lint of message boundary events (issue 19): what they may interrupt (a user task, call
 * activity or subprocess), their correlation key and output as FEEL, one flow out and none in,
 * and the names their output reads (`message` is theirs, the host's results are not yet set); an
 * SLA may stop on the message a boundary waits for.
 * Pure: a scope of two forms.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode, SlaDefinition } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { lintNames } from './lint-names.ts';
import { lintSla } from './lint-sla.ts';
import { schemaProblems } from './meta-schemas.ts';

const report = {
  id: 'report',
  version: 1,
  title: name(),
  fields: [{ key: 'claimRef', type: 'text' as const, label: name() }],
};
const scope: LintScope = {
  forms: new Map([
    ['ack', new Map([[1, { id: 'ack', version: 1, title: name(), fields: [] }]])],
    ['report', new Map([[1, report]])],
  ]),
  processes: new Map(),
  actions: new Set(['noop', 'set-variables']),
};
function name() {
  return { 'zh-Hant': '測試', en: 'Test' };
}

/** s -> review (a user task) -> pay (a service task) -> e; the boundary to its own end `w`. */
function process(boundary: Record<string, unknown>): ProcessDefinition {
  const nodes = [
    { id: 's', type: 'start', form: { id: 'report' } },
    { id: 'review', type: 'userTask', form: { id: 'ack' } },
    { id: 'pay', type: 'serviceTask', action: 'noop' },
    { id: 'e', type: 'end' },
    { id: 'w', type: 'end' },
    {
      id: 'withdrawal',
      type: 'boundaryMessage',
      attachedTo: 'review',
      message: 'claim-withdrawn',
      correlationKey: 'claimRef',
      ...boundary,
    },
  ] as ProcessNode[];
  const flows = [
    { id: 'f1', from: 's', to: 'review' },
    { id: 'f2', from: 'review', to: 'pay' },
    { id: 'f3', from: 'pay', to: 'e' },
    { id: 'f4', from: 'withdrawal', to: 'w' },
  ];
  return { id: 'p', version: 1, name: name(), nodes, flows };
}
const problems = (def: ProcessDefinition) =>
  lintProcess(def, scope).map((p) => [p.code, p.pointer]);

describe('message boundary events in the lint', () => {
  it('accepts one on a user task with a key and an output mapping of the message', () => {
    const def = process({ output: { reason: 'message.reason' } });
    expect(schemaProblems('process', def)).toEqual([]);
    expect(problems(def)).toEqual([]);
  });

  it.each([
    ['a service task', 'pay'],
    ['an end', 'e'],
    ['nothing', 'nowhere'],
  ])('refuses one attached to %s', (_, host) => {
    expect(problems(process({ attachedTo: host }))).toContainEqual([
      'CW_ERR_DEF_BAD_BOUNDARY',
      '/nodes/5/attachedTo',
    ]);
  });

  it('refuses a correlation key and an output that do not parse', () => {
    expect(problems(process({ correlationKey: 'claimRef +', output: { r: 'message.' } }))).toEqual(
      expect.arrayContaining([
        ['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/5/correlationKey'],
        ['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/5/output/r'],
      ]),
    );
  });

  it('refuses a flow into it, as into any boundary event', () => {
    const def = process({});
    def.flows.push({ id: 'f5', from: 'pay', to: 'withdrawal' });
    expect(problems(def).map(([code]) => code)).toContain('CW_ERR_DEF_BAD_FLOW_COUNT');
  });

  it('refuses what the meta-schema refuses: no message, a message name with capitals', () => {
    const noMessage = process({});
    delete (noMessage.nodes[5] as { message?: string }).message;
    expect(schemaProblems('process', noMessage)).not.toEqual([]);
    expect(schemaProblems('process', process({ message: 'Claim Withdrawn' }))).not.toEqual([]);
  });

  it('warns of a name its key reads that nothing sets, not of `message` in its output', () => {
    const found = lintNames(
      process({ correlationKey: 'claimRefs', output: { reason: 'message.reason' } }),
      scope,
    );
    expect(found.map((p) => [p.code, p.pointer])).toEqual([
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', '/nodes/5/correlationKey'],
    ]);
  });
});

describe('an SLA stopped by the message a boundary waits for', () => {
  const sla = (message: string): SlaDefinition => ({
    id: 'withdrawal-time',
    version: 1,
    name: name(),
    process: { id: 'p' },
    target: { duration: 'P1D' },
    calendar: { id: 'natural' },
    start: [{ event: 'instanceStarted' }],
    stop: [{ event: 'messageReceived', message }],
  });
  const slaScope = {
    processBodies: new Map([['p', new Map([[1, process({})]])]]),
    calendars: new Map([['natural', new Set([1])]]),
    actions: new Set<string>(),
  };

  it('knows the message the process waits for at the boundary', () => {
    expect(lintSla(sla('claim-withdrawn'), slaScope)).toEqual([]);
  });

  it('still refuses a message nothing waits for', () => {
    expect(lintSla(sla('claim-reopened'), slaScope).map((p) => [p.code, p.pointer])).toEqual([
      ['CW_ERR_DEF_UNKNOWN_REFERENCE', '/stop/0/message'],
    ]);
  });
});
