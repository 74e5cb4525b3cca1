/**
 * The lint and embedded subprocesses (issue 19): a subprocess holds exactly one start (without
 * a form) and an end, its nodes name it as `parent`, no flow crosses its border, boundary events
 * may watch it, and an error end it catches does not leave the process.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { escapingErrors } from './lint-thrown.ts';
import { schemaProblems } from './meta-schemas.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const scope: LintScope = {
  forms: new Map([['f', new Map([[1, { id: 'f', version: 1, name, fields: [] } as never]])]]),
  processes: new Map(),
  actions: new Set(['noop']),
};

const NODES: ProcessNode[] = [
  { id: 's', type: 'start' },
  { id: 'review', type: 'subProcess' },
  { id: 'rs', type: 'start', parent: 'review' },
  { id: 'check', type: 'serviceTask', action: 'noop', parent: 'review' },
  { id: 're', type: 'end', parent: 'review' },
  { id: 'e', type: 'end' },
];
const FLOWS: [string, string][] = [
  ['s', 'review'],
  ['review', 'e'],
  ['rs', 'check'],
  ['check', 're'],
];

const def = (nodes = NODES, flows = FLOWS): ProcessDefinition => ({
  id: 'p',
  version: 1,
  name,
  nodes,
  flows: flows.map(([from, to], i) => ({ id: `f${i}`, from, to })),
});
const problems = (d: ProcessDefinition) => lintProcess(d, scope).map((p) => [p.code, p.pointer]);
const replace = (id: string, node: ProcessNode) => NODES.map((n) => (n.id === id ? node : n));

describe('embedded subprocesses in the lint', () => {
  it('a subprocess with its start, task and end inside is clean', () => {
    expect(schemaProblems('process', def())).toEqual([]);
    expect(problems(def())).toEqual([]);
  });

  it('boundary timers and error boundaries may watch it', () => {
    const d = def(
      [
        ...NODES,
        { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P1D' } },
        { id: 'err', type: 'boundaryError', attachedTo: 'review', errorCode: 'X' },
        { id: 'e2', type: 'end' },
      ],
      [...FLOWS, ['late', 'e2'], ['err', 'e2']],
    );
    expect(problems(d)).toEqual([]);
  });

  it.each([
    {
      says: 'no start inside',
      d: def(
        NODES.filter((n) => n.id !== 'rs'),
        FLOWS.filter(([a]) => a !== 'rs'),
      ),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/1'],
    },
    {
      says: 'a second start inside',
      d: def(
        [...NODES, { id: 'rs2', type: 'start', parent: 'review' }],
        [...FLOWS, ['rs2', 'check']],
      ),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/1'],
    },
    {
      says: 'a start inside with a form',
      d: def(replace('rs', { id: 'rs', type: 'start', parent: 'review', form: { id: 'f' } })),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/2/form'],
    },
    {
      says: 'no end inside',
      d: def([...NODES.filter((n) => n.id !== 're'), { id: 're', type: 'end' }], FLOWS),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/1'],
    },
    {
      says: 'a flow from inside to outside',
      d: def(NODES, [...FLOWS.filter(([a]) => a !== 'check'), ['check', 'e']]),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/flows/3'],
    },
    {
      says: 'a flow from outside into the middle',
      d: def(NODES, [['s', 'check'], ...FLOWS.slice(1)]),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/flows/0'],
    },
    {
      says: 'a parent that is not a subprocess',
      d: def(replace('check', { id: 'check', type: 'serviceTask', action: 'noop', parent: 's' })),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/3/parent'],
    },
    {
      says: 'a subprocess inside itself',
      d: def(replace('review', { id: 'review', type: 'subProcess', parent: 'review' })),
      expected: ['CW_ERR_DEF_BAD_SCOPE', '/nodes/1/parent'],
    },
  ])('refuses $says', ({ d, expected }) => {
    expect(problems(d)).toContainEqual(expected);
  });

  it('an error end the subprocess around it catches does not leave the process', () => {
    const nodes: ProcessNode[] = [
      ...NODES,
      { id: 'fail', type: 'errorEnd', errorCode: 'X', parent: 'review' },
      { id: 'escape', type: 'errorEnd', errorCode: 'Y', parent: 'review' },
      { id: 'err', type: 'boundaryError', attachedTo: 'review', errorCode: 'X' },
    ];
    expect(escapingErrors(def(nodes)).map((n) => n.id)).toEqual(['escape']);
  });
});
