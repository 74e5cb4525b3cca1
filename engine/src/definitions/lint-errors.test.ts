/**
 * The lint of error boundary events (issue 19): what they may watch, codes caught twice, their
 * output mappings, and the meta-schema's code pattern. Pure: a scope of one plugin action.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
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
