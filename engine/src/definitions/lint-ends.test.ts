/**
 * The lint and terminate ends (issue 19): a terminate end is an end (a process may have no
 * other, paths reach it), and nothing leaves it.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { schemaProblems } from './meta-schemas.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const scope: LintScope = { forms: new Map(), processes: new Map(), actions: new Set(['noop']) };
const def = (flows: [string, string][]): ProcessDefinition => ({
  id: 'p',
  version: 1,
  name,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'a', type: 'serviceTask', action: 'noop' },
    { id: 'stop', type: 'terminateEnd', outcome: 'stopped' },
  ] as ProcessNode[],
  flows: flows.map(([from, to], i) => ({ id: `f${i}`, from, to })),
});

describe('terminate ends in the lint', () => {
  it('count as the end a process needs, and as what its paths reach', () => {
    const ok = def([
      ['s', 'a'],
      ['a', 'stop'],
    ]);
    expect(schemaProblems('process', ok)).toEqual([]);
    expect(lintProcess(ok, scope)).toEqual([]);
  });

  it('have no flow out', () => {
    const bad = def([
      ['s', 'a'],
      ['a', 'stop'],
      ['stop', 'a'],
    ]);
    expect(lintProcess(bad, scope).map((p) => [p.code, p.pointer])).toContainEqual([
      'CW_ERR_DEF_BAD_FLOW_COUNT',
      '/nodes/2',
    ]);
  });
});
