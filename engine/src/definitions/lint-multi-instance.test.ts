/**
 * The lint and multi-instance activities (issue 19): the expressions parse, a collection known
 * not to be a list (a literal, or a variable whose type the forms give) is refused, an output
 * element needs an output collection, and the element variable does not hide the engine's names.
 * What each instance sees (its item, `loopCounter`) is known where it is read.
 */
import { describe, expect, it } from 'vitest';
import type { MultiInstance, ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintNames } from './lint-names.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { schemaProblems } from './meta-schemas.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const label = { 'zh-Hant': '欄', en: 'Field' };
const scope: LintScope = {
  forms: new Map([
    [
      'start',
      new Map([
        [
          1,
          {
            id: 'start',
            version: 1,
            name,
            fields: [
              { key: 'applicant', type: 'text', label },
              {
                key: 'insureds',
                type: 'group',
                repeatable: true,
                label,
                fields: [{ key: 'name', type: 'text', label }],
              },
            ],
          } as never,
        ],
      ]),
    ],
    ['f', new Map([[1, { id: 'f', version: 1, name, fields: [] } as never]])],
  ]),
  processes: new Map(),
  actions: new Set(['noop']),
};

const def = (
  mi: Partial<MultiInstance> & { collection?: string },
  node: Partial<ProcessNode> = {},
) =>
  ({
    id: 'p',
    version: 1,
    name,
    nodes: [
      { id: 's', type: 'start', form: { id: 'start' } },
      {
        id: 'review',
        type: 'userTask',
        form: { id: 'f' },
        prefill: { who: 'insured.name', n: 'loopCounter' },
        multiInstance: { collection: 'insureds', elementVariable: 'insured', ...mi },
        ...node,
      },
      { id: 'e', type: 'end' },
    ],
    flows: [
      { id: 'f0', from: 's', to: 'review' },
      { id: 'f1', from: 'review', to: 'e' },
    ],
  }) as ProcessDefinition;

const problems = (d: ProcessDefinition) => lintProcess(d, scope).map((p) => [p.code, p.pointer]);

describe('multi-instance in the lint', () => {
  it('a collection from a repeatable group, with its item read in the prefill, is clean', () => {
    expect(schemaProblems('process', def({}))).toEqual([]);
    expect(problems(def({ outputCollection: 'verdicts', outputElement: 'verdict' }))).toEqual([]);
    expect(lintNames(def({}), scope)).toEqual([]);
  });

  it.each([
    ['a text field', 'applicant', 'string'],
    ['a string literal', '"Wang"', 'string'],
    ['a number literal', '3', 'number'],
    ['a context literal', '{ a: 1 }', 'context'],
  ])('refuses a collection that is %s', (_, collection, type) => {
    const found = lintProcess(def({ collection }), scope);
    expect(found.map((p) => [p.code, p.pointer])).toEqual([
      ['CW_ERR_DEF_BAD_MULTI_INSTANCE', '/nodes/1/multiInstance/collection'],
    ]);
    expect(found[0]?.params).toMatchObject({ type });
  });

  it('accepts a list literal and expressions it cannot know', () => {
    expect(problems(def({ collection: '[1, 2, 3]' }))).toEqual([]);
    expect(problems(def({ collection: 'insureds[age > 18]' }))).toEqual([]);
  });

  it('reports FEEL that does not parse, at the property', () => {
    expect(
      problems(
        def({
          collection: 'insureds[',
          completionCondition: 'nrOf >',
          outputCollection: 'o',
          outputElement: '(',
        }),
      ),
    ).toEqual([
      ['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/1/multiInstance/collection'],
      ['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/1/multiInstance/completionCondition'],
      ['CW_ERR_DEF_BAD_EXPRESSION', '/nodes/1/multiInstance/outputElement'],
    ]);
  });

  it('refuses an output element without an output collection', () => {
    expect(problems(def({ outputElement: 'verdict' }))).toEqual([
      ['CW_ERR_DEF_BAD_MULTI_INSTANCE', '/nodes/1/multiInstance/outputElement'],
    ]);
  });

  it('refuses an element variable that hides loopCounter', () => {
    expect(problems(def({ elementVariable: 'loopCounter' }))).toEqual([
      ['CW_ERR_DEF_BAD_MULTI_INSTANCE', '/nodes/1/multiInstance/elementVariable'],
    ]);
  });

  it('the schema wants an element variable and a known mode', () => {
    const missing = def({});
    delete (missing.nodes[1] as { multiInstance: Partial<MultiInstance> }).multiInstance
      .elementVariable;
    expect(schemaProblems('process', missing).length).toBeGreaterThan(0);
    expect(schemaProblems('process', def({ mode: 'both' as never })).length).toBeGreaterThan(0);
    expect(schemaProblems('process', def({ mode: 'sequential' }))).toEqual([]);
  });

  it('warns of unknown names in the output element and completion condition as elsewhere', () => {
    const d = def(
      {
        outputCollection: 'verdicts',
        outputElement: '{who: insured.name, n: loopCounter, ok: aproved}',
        completionCondition: 'nrOfCompletedInstances >= nrOfInstances / 2 or stopp',
      },
      { output: { approved: 'form.ok' } },
    );
    expect(lintNames(d, scope).map((p) => [p.code, p.pointer, p.params?.name])).toEqual([
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', '/nodes/1/multiInstance/outputElement', 'aproved'],
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', '/nodes/1/multiInstance/completionCondition', 'stopp'],
    ]);
    // what the instance set, its item and the body's counts are known there
    const clean = def(
      {
        outputCollection: 'verdicts',
        outputElement: '{who: insured.name, n: loopCounter, ok: approved}',
        completionCondition: 'nrOfActiveInstances = 0 or approved',
      },
      { output: { approved: 'form.ok' } },
    );
    expect(lintNames(clean, scope)).toEqual([]);
  });

  it('the item is not known outside the activity: the next node reading it is warned', () => {
    const d = def({ outputCollection: 'verdicts' });
    d.nodes.splice(2, 0, {
      id: 'after',
      type: 'userTask',
      form: { id: 'f' },
      prefill: { x: 'insured.name', all: 'verdicts' },
    });
    d.flows = [
      { id: 'f0', from: 's', to: 'review' },
      { id: 'f1', from: 'review', to: 'after' },
      { id: 'f2', from: 'after', to: 'e' },
    ];
    expect(lintNames(d, scope).map((p) => [p.pointer, p.params?.name])).toEqual([
      ['/nodes/2/prefill/x', 'insured'],
    ]);
  });
});
