/**
 * Timer cycles and calendars in the lint (issue 19, item 1): a cycle only on a non-interrupting
 * boundary timer, exactly one kind of timer, and no calendar on a date.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { schemaProblems } from './meta-schemas.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const form = { id: 'f', version: 1, title: name, fields: [] };
const scope: LintScope = {
  forms: new Map([['f', new Map([[1, form]])]]),
  processes: new Map(),
  actions: new Set(['noop']),
};
const def = (boundary: Record<string, unknown>): ProcessDefinition => ({
  id: 'p',
  version: 1,
  name,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'answer', type: 'userTask', form: { id: 'f' } },
    { id: 'remind', type: 'boundaryTimer', attachedTo: 'answer', ...boundary },
    { id: 'n', type: 'serviceTask', action: 'noop' },
    { id: 'e', type: 'end' },
    { id: 'e2', type: 'end' },
  ] as ProcessNode[],
  flows: [
    { id: 'f1', from: 's', to: 'answer' },
    { id: 'f2', from: 'answer', to: 'e' },
    { id: 'f3', from: 'remind', to: 'n' },
    { id: 'f4', from: 'n', to: 'e2' },
  ],
});
const problems = (boundary: Record<string, unknown>) =>
  [...schemaProblems('process', def(boundary)), ...lintProcess(def(boundary), scope)].map(
    (p) => `${p.code} ${p.pointer}`,
  );

describe('timers in the lint', () => {
  it.each([
    [{ interrupting: false, timer: { cycle: 'R3/P1D' } }, []],
    [{ interrupting: false, timer: { cycle: 'R3/P5D', calendar: 'cn-mainland' } }, []],
    [{ timer: { duration: 'P5D', calendar: 'cn-mainland' } }, []],
    [{ timer: { cycle: 'R3/P1D' } }, ['CW_ERR_DEF_SCHEMA /nodes/2/timer/cycle']],
    [
      { interrupting: false, timer: { cycle: 'R0/P1D' } },
      ['CW_ERR_DEF_SCHEMA /nodes/2/timer/cycle'],
    ],
    [
      { timer: { dateExpression: '"2026-05-05"', calendar: 'cn-mainland' } },
      ['CW_ERR_DEF_SCHEMA /nodes/2/timer'],
    ],
    [
      { timer: { duration: 'P1D', cycle: 'R3/P1D' } },
      ['CW_ERR_DEF_SCHEMA /nodes/2/timer', 'CW_ERR_DEF_SCHEMA /nodes/2/timer/cycle'],
    ],
  ])('%j: %j', (boundary, expected) => {
    expect(problems(boundary)).toEqual(expected);
  });
});
