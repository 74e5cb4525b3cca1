/**
 * The lint of error boundary events (issue 19): what they may watch, codes caught twice, their
 * output mappings, and the meta-schema's code pattern. Pure: a scope of one plugin action.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { lintThrownErrors } from './lint-thrown.ts';
import { schemaProblems } from './meta-schemas.ts';

const scope: LintScope = {
  forms: new Map([['ack', new Map([[1, { id: 'ack', version: 1, title: name(), fields: [] }]])]]),
  processes: new Map(),
  actions: new Set(['noop', 'set-variables', 'bank/pay']),
};
function name() {
  return { 'zh-Hant': '測試', en: 'Test' };
}

/** s -> pay -> e, each boundary to its own end. */
function process(payAction: string, ...boundaries: Record<string, unknown>[]): ProcessDefinition {
  const nodes = [
    { id: 's', type: 'start' },
    { id: 'pay', type: 'serviceTask', action: payAction },
    { id: 'u', type: 'userTask', form: { id: 'ack' } },
    { id: 'e', type: 'end' },
    ...boundaries.map((b) => ({ type: 'boundaryError', attachedTo: 'pay', ...b })),
  ] as ProcessNode[];
  const flows = [
    { id: 'f1', from: 's', to: 'pay' },
    { id: 'f2', from: 'pay', to: 'u' },
    { id: 'f3', from: 'u', to: 'e' },
    ...boundaries.map((b, i) => ({ id: `fb${i}`, from: b.id as string, to: 'e' })),
  ];
  return { id: 'p', version: 1, name: name(), nodes, flows };
}
const problems = (def: ProcessDefinition) =>
  lintProcess(def, scope).map((p) => [p.code, p.pointer]);

describe('error boundary events in the lint', () => {
  it('accepts a named boundary and a catch-all on a plugin action, and reaches what follows them', () => {
    const def = process(
      'bank/pay',
      { id: 'closed', errorCode: 'ACCOUNT_CLOSED', output: { why: 'error.code' } },
      { id: 'any' },
    );
    expect(schemaProblems('process', def)).toEqual([]);
    expect(problems(def)).toEqual([]);
  });

  it('refuses one on something other than a service task', () => {
    const def = process('bank/pay', { id: 'closed', errorCode: 'X', attachedTo: 'u' });
    expect(problems(def)).toEqual([['CW_ERR_DEF_BAD_BOUNDARY', '/nodes/4/attachedTo']]);
    expect(lintProcess(def, scope)[0]?.message).toMatch(/u is not a service task/);
  });

  it('refuses one on a built-in action, which never reports a business error', () => {
    expect(problems(process('set-variables', { id: 'any' }))).toEqual([
      ['CW_ERR_DEF_BAD_BOUNDARY', '/nodes/4/attachedTo'],
    ]);
  });

  it('refuses a code caught twice on one task, and two catch-alls', () => {
    const def = process(
      'bank/pay',
      { id: 'a', errorCode: 'ACCOUNT_CLOSED' },
      { id: 'b', errorCode: 'ACCOUNT_CLOSED' },
      { id: 'c' },
      { id: 'd' },
    );
    expect(problems(def)).toEqual([
      ['CW_ERR_DEF_ERROR_CAUGHT_TWICE', '/nodes/5/errorCode'],
      ['CW_ERR_DEF_ERROR_CAUGHT_TWICE', '/nodes/7'],
    ]);
    expect(lintProcess(def, scope)[0]).toMatchObject({
      key: 'lint.errorCaughtTwice',
      params: { host: 'pay', other: 'a', code: 'ACCOUNT_CLOSED' },
    });
  });

  it('checks its output mappings parse', () => {
    const def = process('bank/pay', { id: 'any', output: { why: 'error.code +' } });
    expect(problems(def)).toEqual([['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/4/output/why']]);
  });

  it('takes codes as plugins give them, and refuses others in the meta-schema', () => {
    const ok = process('bank/pay', { id: 'x', errorCode: 'bank.LIMIT-2' });
    expect(schemaProblems('process', ok)).toEqual([]);
    const bad = process('bank/pay', { id: 'x', errorCode: '2 LIMIT' });
    expect(schemaProblems('process', bad).length).toBeGreaterThan(0);
  });

  it('a boundary without a flow out is a flow-count problem', () => {
    const def = process('bank/pay', { id: 'any' });
    def.flows = def.flows.filter((f) => f.from !== 'any');
    expect(problems(def)).toContainEqual(['CW_ERR_DEF_BAD_FLOW_COUNT', '/nodes/4']);
  });
});

/**
 * Error ends and error boundaries on call activities: `payment` (s -> pay -> ok, with an error
 * end `closed` throwing ACCOUNT_CLOSED and `limit` throwing LIMIT) called by `claim`.
 */
describe('error ends and the call activities that catch them', () => {
  const payment: ProcessDefinition = {
    id: 'payment',
    version: 1,
    name: name(),
    nodes: [
      { id: 's', type: 'start' },
      { id: 'route', type: 'exclusiveGateway', default: 'f1' },
      { id: 'ok', type: 'end' },
      { id: 'closed', type: 'errorEnd', errorCode: 'ACCOUNT_CLOSED', details: { at: 'now()' } },
      { id: 'limit', type: 'errorEnd', errorCode: 'LIMIT' },
    ] as ProcessNode[],
    flows: [
      { id: 'f0', from: 's', to: 'route' },
      { id: 'f1', from: 'route', to: 'ok' },
      { id: 'f2', from: 'route', to: 'closed', condition: 'closed' },
      { id: 'f3', from: 'route', to: 'limit', condition: 'limit' },
    ],
  };
  /** s -> call payment -> e, each boundary on the call to e. */
  const claim = (...boundaries: Record<string, unknown>[]): ProcessDefinition => ({
    id: 'claim',
    version: 1,
    name: name(),
    nodes: [
      { id: 's', type: 'start' },
      { id: 'pay', type: 'callActivity', process: { id: 'payment' } },
      { id: 'e', type: 'end' },
      ...boundaries.map((b) => ({ type: 'boundaryError', attachedTo: 'pay', ...b })),
    ] as ProcessNode[],
    flows: [
      { id: 'f0', from: 's', to: 'pay' },
      { id: 'f1', from: 'pay', to: 'e' },
      ...boundaries.map((b, i) => ({ id: `fb${i}`, from: b.id as string, to: 'e' })),
    ],
  });
  const thrownScope = {
    processBodies: new Map([['payment', new Map([[1, payment]])]]),
    starters: new Map([['payment', [{ by: 'claim/pay', names: [] }]]]),
  };
  const warnings = (def: ProcessDefinition) =>
    lintThrownErrors(def, thrownScope).map((p) => [p.code, p.pointer, p.params?.code]);

  it('an error end is an end with its code, and its details parse', () => {
    expect(schemaProblems('process', payment)).toEqual([]);
    expect(lintProcess(payment, scope)).toEqual([]);
    const bad = structuredClone(payment);
    (bad.nodes[3] as { details: Record<string, string> }).details = { at: 'now(' };
    expect(problems(bad)).toEqual([['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/3/details/at']]);
    const codeless = structuredClone(payment);
    delete (codeless.nodes[4] as { errorCode?: string }).errorCode;
    expect(schemaProblems('process', codeless).length).toBeGreaterThan(0);
  });

  it('an error boundary may watch a call activity', () => {
    const def = claim({ id: 'c', errorCode: 'ACCOUNT_CLOSED' }, { id: 'l', errorCode: 'LIMIT' });
    expect(lintProcess(def, { ...scope, processes: new Map([['payment', new Set([1])]]) })).toEqual(
      [],
    );
    expect(warnings(def)).toEqual([]);
  });

  it('warns at the call activity of each code the called process throws that nothing catches', () => {
    const def = claim({ id: 'c', errorCode: 'ACCOUNT_CLOSED' });
    expect(warnings(def)).toEqual([['CW_ERR_DEF_ERROR_NOT_CAUGHT', '/nodes/1', 'LIMIT']]);
    expect(lintThrownErrors(def, thrownScope)[0]).toMatchObject({
      severity: 'warning',
      key: 'lint.errorNotCaught',
      params: { process: 'payment', thrower: 'limit' },
    });
    expect(warnings(claim())).toEqual([
      ['CW_ERR_DEF_ERROR_NOT_CAUGHT', '/nodes/1', 'ACCOUNT_CLOSED'],
      ['CW_ERR_DEF_ERROR_NOT_CAUGHT', '/nodes/1', 'LIMIT'],
    ]);
  });

  it('a catch-all on the call catches every code', () => {
    expect(warnings(claim({ id: 'any' }))).toEqual([]);
  });

  it('warns at each error end of a process no call activity calls', () => {
    const alone = { ...thrownScope, starters: new Map() };
    expect(lintThrownErrors(payment, alone).map((p) => [p.pointer, p.key])).toEqual([
      ['/nodes/3/errorCode', 'lint.errorNoCaller'],
      ['/nodes/4/errorCode', 'lint.errorNoCaller'],
    ]);
    expect(lintThrownErrors(payment, thrownScope)).toEqual([]);
  });
});
