import { describe, expect, it } from 'vitest';
import { expressionReads, peopleShape } from './reads.ts';

const names = (e: string) => expressionReads(e)?.names.map((n) => [n.name, ...n.path].join('.'));

describe('expressionReads: the names an expression reads from the case', () => {
  it.each([
    ['damagetype = "crak" and crackLenght > 15', ['damagetype', 'crackLenght']],
    ['windscreen-team', ['windscreen', 'team']],
    ['form.amount + count(items[x > 1])', ['form.amount', 'items']],
    ['string length(a) > 1 and is defined(b) and now() > today()', ['a', 'b']],
    ['for i in list return i.a', ['list']],
    ['some x in xs satisfies x > y', ['xs', 'y']],
    ['function(a) a + b', ['b']],
    ['{a: b, c: a}', ['b']],
    ['if a then b else c', ['a', 'b', 'c']],
    ['items[1].name', ['items']],
    ['"literal" + 1', []],
    ['date("2026-01-01") + duration("P1D")', []],
  ])('%s reads %j', (expression, expected) => {
    expect(names(expression)).toEqual(expected);
  });

  it('gives nothing for an expression that does not parse', () => {
    expect(expressionReads('amount >')).toBeNull();
  });

  it('finds the strings a name is compared with, either side, and in a list test', () => {
    const c = (e: string) =>
      expressionReads(e)?.comparisons.map((x) => [[x.name, ...x.path].join('.'), x.values]);
    expect(c('damageType = "crak" and crackLength > 15')).toEqual([['damageType', ['crak']]]);
    expect(c('"chip" != damageType')).toEqual([['damageType', ['chip']]]);
    expect(c('form.kind in ("a", "b")')).toEqual([['form.kind', ['a', 'b']]]);
    expect(c('amount = 3')).toEqual([]);
    expect(c('some t in types satisfies t = "x"')).toEqual([]);
  });

  it.each([
    ['advanceStatus = null', ['advanceStatus']],
    ['null != form.paid', ['form']],
    ['if advancePaid = null then 0 else advancePaid', ['advancePaid']],
    ['advancePaid = 0', []],
    ['some t in types satisfies t = null', []],
  ])('%s tests %j against null', (expression, expected) => {
    expect([...(expressionReads(expression)?.nullTested ?? [])]).toEqual(expected);
  });
});

describe('peopleShape: can an assignment be a list of names?', () => {
  it.each([
    ['"alice"', { kind: 'names', names: ['alice'] }],
    [
      '["windscreen-team", "adjusters"]',
      { kind: 'names', names: ['windscreen-team', 'adjusters'] },
    ],
    ['windscreen-team', { kind: 'notNames' }],
    ['assignedAdjuster', { kind: 'variable', name: 'assignedAdjuster', path: [] }],
    ['form.owner', { kind: 'variable', name: 'form', path: ['owner'] }],
    ['42', { kind: 'notNames' }],
    ['amount > 10', { kind: 'notNames' }],
    ['["a", 1 - 2]', { kind: 'notNames' }],
    ['["a", owner]', { kind: 'unknown' }],
    ['"team-" + region', { kind: 'unknown' }],
    ['if big then ["leads"] else ["staff"]', { kind: 'unknown' }],
  ])('%s is %j', (expression, shape) => {
    expect(peopleShape(expression)).toEqual(shape);
  });
});
