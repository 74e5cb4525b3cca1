/**
 * The lint of compensation (issue 19): an undo action the engine does not have, an undo input
 * its action's schema refuses, a compensation throw or end with nothing in its scope to undo,
 * and the names an undo input may read (`result`, what the task set). Pure: a scope of a bank
 * plugin's two actions.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { lintNames } from './lint-names.ts';
import { schemaProblems } from './meta-schemas.ts';

const money = {
  type: 'object',
  additionalProperties: false,
  required: ['transferId'],
  properties: { transferId: { type: 'string' }, amount: { type: 'number' } },
};
const ACTIONS: Record<string, { input: object; output: object }> = {
  'bank/pay': { input: { type: 'object' }, output: money },
  'bank/reverse': { input: money, output: { type: 'object' } },
};
const scope: LintScope = {
  forms: new Map(),
  processes: new Map(),
  actions: {
    has: (name) => name in ACTIONS || name === 'set-variables' || name === 'noop',
    schemas: (name) => ACTIONS[name],
  },
};
const name = { 'zh-Hant': '測試', en: 'Test' };

/** s -> pay -> [sub: ss -> inner -> x -> se] -> y -> e, with `y` a throw of the process. */
function process(
  compensation: Record<string, unknown> | undefined,
  opts: { inner?: boolean; y?: string } = {},
): ProcessDefinition {
  const pay = {
    id: 'pay',
    type: 'serviceTask',
    action: 'bank/pay',
    output: { paidId: 'result.transferId' },
    ...(compensation ? { compensation } : {}),
  };
  const nodes = [
    { id: 's', type: 'start' },
    pay,
    { id: 'sub', type: 'subProcess' },
    { id: 'ss', type: 'start', parent: 'sub' },
    { id: 'inner', type: 'serviceTask', action: 'noop', parent: 'sub' },
    ...(opts.inner ? [{ id: 'x', type: 'compensateThrow', parent: 'sub' }] : []),
    { id: 'se', type: 'end', parent: 'sub' },
    { id: 'y', type: opts.y ?? 'compensateThrow' },
    { id: 'e', type: 'end' },
  ] as ProcessNode[];
  const chain = ['s', 'pay', 'sub', 'y', 'e'];
  const inner = ['ss', 'inner', ...(opts.inner ? ['x'] : []), 'se'];
  const flows = [chain, inner].flatMap((c, k) =>
    c.slice(1).map((to, i) => ({ id: `f${k}${i}`, from: c[i]!, to })),
  );
  return { id: 'p', version: 1, name, nodes, flows };
}
const problems = (def: ProcessDefinition) =>
  lintProcess(def, scope).map((p) => [p.code, p.pointer]);
const reverse = { action: 'bank/reverse', input: { transferId: 'result.transferId' } };

describe('compensation in the lint', () => {
  it('accepts an undo the engine has, with the input its schema asks for', () => {
    const def = process(reverse);
    expect(schemaProblems('process', def)).toEqual([]);
    expect(problems(def)).toEqual([]);
  });

  it.each([
    {
      says: 'an undo action no plugin provides',
      compensation: { action: 'bank/refund' },
      found: [['CW_ERR_DEF_UNKNOWN_REFERENCE', '/nodes/1/compensation/action']],
    },
    {
      says: 'an undo input without a property its action requires',
      compensation: { action: 'bank/reverse', input: { amount: '1' } },
      found: [['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/1/compensation/input']],
    },
    {
      says: 'an undo input its action does not take',
      compensation: { action: 'bank/reverse', input: { ...reverse.input, memo: '"x"' } },
      found: [['CW_ERR_DEF_MAPPING_MISMATCH', '/nodes/1/compensation/input/memo']],
    },
    {
      says: 'an undo input that does not parse',
      compensation: { action: 'bank/reverse', input: { transferId: 'result.(' } },
      found: [['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/1/compensation/input/transferId']],
    },
    {
      says: 'a compensation throw with nothing in the case naming an undo',
      compensation: undefined,
      found: [['CW_ERR_DEF_NOTHING_TO_COMPENSATE', '/nodes/6']],
    },
  ])('refuses $says', ({ compensation, found }) => {
    expect(problems(process(compensation))).toEqual(found);
  });

  it('refuses a throw inside a subprocess when only a task outside it names an undo', () => {
    const def = process(reverse, { inner: true });
    expect(problems(def)).toEqual([['CW_ERR_DEF_NOTHING_TO_COMPENSATE', '/nodes/5']]);
    expect(lintProcess(def, scope)[0]?.message).toMatch(
      /x undoes the completed service tasks of sub/,
    );
  });

  it('takes a compensation end as an end of the process', () => {
    const def = process(reverse, { y: 'compensateEnd' });
    def.flows = def.flows.filter((f) => f.from !== 'y');
    def.nodes = def.nodes.filter((n) => n.id !== 'e');
    expect(problems(def)).toEqual([]);
  });

  it('lets an undo input read `result` and what the task set, and warns of a typo', () => {
    const ok = process({ action: 'bank/reverse', input: { transferId: 'paidId' } });
    expect(lintNames(ok, scope)).toEqual([]);
    const typo = process({ action: 'bank/reverse', input: { transferId: 'paidID' } });
    expect(lintNames(typo, scope).map((p) => [p.code, p.pointer])).toEqual([
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', '/nodes/1/compensation/input/transferId'],
    ]);
  });
});
