import { describe, expect, it } from 'vitest';
import {
  addInput,
  addOutput,
  addRule,
  emptyDecision,
  moveRule,
  parseAllowed,
  placeOf,
  problemsByPlace,
  removeColumn,
  removeRule,
  setCell,
  setHitPolicy,
  showAllowed,
  trialInputs,
} from './edit';

const table = () => {
  let t = addRule(emptyDecision('triage'));
  t = setCell(t, 0, 'in', 0, '"glass"');
  t = setCell(t, 1, 'in', 0, '"fire"');
  return t;
};

describe('rules and columns', () => {
  it('adds, moves and removes rules, each with one entry per column', () => {
    const t = addRule(table(), 1);
    expect(t.rules.map((r) => r.inputEntries[0])).toEqual(['"glass"', '-', '"fire"']);
    const up = moveRule(t, 2, -1);
    expect(up.rules.map((r) => r.inputEntries[0])).toEqual(['"glass"', '"fire"', '-']);
    expect(moveRule(t, 0, -1)).toBe(t);
    expect(moveRule(t, 2, 1)).toBe(t);
    expect(removeRule(t, 0).rules.map((r) => r.inputEntries[0])).toEqual(['-', '"fire"']);
  });

  it('keeps every rule as wide as the columns when columns come and go', () => {
    const t = addOutput(addInput(table()));
    expect(t.inputs.map((i) => i.expression)).toEqual(['input', 'input2']);
    expect(t.outputs.map((o) => o.name)).toEqual(['result', 'output2']);
    expect(t.rules[0]).toEqual({ inputEntries: ['"glass"', '-'], outputEntries: ['""', '""'] });
    const less = removeColumn(t, 'in', 0);
    expect(less.rules[0]!.inputEntries).toEqual(['-']);
    expect(removeColumn(less, 'in', 0)).toBe(less);
  });

  it('keeps an aggregation under COLLECT only', () => {
    const t = setHitPolicy(table(), 'COLLECT', 'SUM');
    expect(t).toMatchObject({ hitPolicy: 'COLLECT', aggregation: 'SUM' });
    expect(setHitPolicy(t, 'FIRST')).not.toHaveProperty('aggregation');
    expect(setHitPolicy(t, 'COLLECT', '')).not.toHaveProperty('aggregation');
  });
});

describe('allowed values', () => {
  it.each([
    ['glass, theft, fire', 'string', ['glass', 'theft', 'fire']],
    ['"fire, flood", hail', 'string', ['fire, flood', 'hail']],
    ['1, 2.5, x', 'number', [1, 2.5, 'x']],
    ['true,false', 'boolean', [true, false]],
    ['  ', 'string', undefined],
  ] as const)('reads %j as %s', (text, type, values) => {
    expect(parseAllowed(text, type)).toEqual(values);
  });

  it('shows what it reads back the same', () => {
    const values = ['fire, flood', 'hail'];
    expect(parseAllowed(showAllowed(values), 'string')).toEqual(values);
  });
});

describe('where the lint points', () => {
  it.each([
    ['/rules/2/inputEntries/1', { at: 'cell', rule: 2, side: 'in', column: 1 }],
    ['/rules/0/outputEntries/0', { at: 'cell', rule: 0, side: 'out', column: 0 }],
    ['/rules/3', { at: 'rule', rule: 3 }],
    ['/inputs/1/allowedValues/0', { at: 'column', side: 'in', column: 1 }],
    ['/outputs/0/name', { at: 'column', side: 'out', column: 0 }],
    ['/aggregation', { at: 'hitPolicy' }],
    ['/rules', { at: 'table' }],
    [undefined, { at: 'table' }],
  ] as const)('%s', (pointer, place) => {
    expect(placeOf(pointer)).toEqual(place);
  });

  it('groups problems by their place', () => {
    const map = problemsByPlace([
      { pointer: '/rules/1/inputEntries/0', code: 'a' },
      { pointer: '/rules/1/inputEntries/0', code: 'b' },
      { pointer: '/rules/1', code: 'c' },
    ]);
    expect(map.get('cell:1:in:0')?.map((p) => p.code)).toEqual(['a', 'b']);
    expect(map.get('rule:1')?.map((p) => p.code)).toEqual(['c']);
  });
});

describe('the test panel’s inputs', () => {
  it('reads each path as its column’s type, nested, leaving empty ones out', () => {
    const t = {
      inputs: [
        { label: { 'zh-Hant': 'a', en: 'a' }, expression: 'claim.amount', type: 'number' },
        { label: { 'zh-Hant': 'b', en: 'b' }, expression: 'claim.cause', type: 'string' },
        { label: { 'zh-Hant': 'c', en: 'c' }, expression: 'repeat', type: 'boolean' },
        { label: { 'zh-Hant': 'd', en: 'd' }, expression: 'age', type: 'number' },
        { label: { 'zh-Hant': 'e', en: 'e' }, expression: 'x + 1', type: 'number' },
      ],
    } as const;
    expect(
      trialInputs(
        t as never,
        { 'claim.amount': '3000', 'claim.cause': 'glass', repeat: 'true', age: '', 'x + 1': '4' },
        { x: 3 },
      ),
    ).toEqual({ claim: { amount: 3000, cause: 'glass' }, repeat: true, x: 3 });
  });
});
