/**
 * Gateway conditions decided strictly (issue 19, item 2): true or false, and anything else an
 * incident at the gateway that shows the expression and the values it read; the default only
 * when every condition is false. Then the step: the token held, the retry deciding again.
 */
import { describe, expect, it } from 'vitest';
import type { Flow } from '../generated/index.ts';
import { decideExclusive, decideInclusive, describeProblem, readValues } from './conditions.ts';
import { actions, contextAt, graphOf, NOW, run, waits } from './step-fixtures.ts';
import { step } from './step.ts';

const time = { now: NOW };
const flows: Flow[] = [
  { id: 'f-big', from: 'g', to: 'review', condition: 'claim.amount > 10000' },
  { id: 'f-fraud', from: 'g', to: 'investigate', condition: 'fraud' },
  { id: 'f-pay', from: 'g', to: 'pay' },
];

describe('decideExclusive', () => {
  it.each([
    ['the first true condition', { claim: { amount: 20000 }, fraud: true }, 'f-big'],
    ['a later true condition after false ones', { claim: { amount: 5 }, fraud: true }, 'f-fraud'],
    ['the default when every condition is false', { claim: { amount: 5 }, fraud: false }, 'f-pay'],
    // the first true one wins before a later one is read
    ['a true condition before an undecidable one', { claim: { amount: 20000 } }, 'f-big'],
  ])('takes %s', (_, vars, flowId) => {
    const d = decideExclusive(flows, 'f-pay', vars, time);
    expect(d).toEqual({ kind: 'taken', flows: [expect.objectContaining({ id: flowId })] });
  });

  it.each([
    ['null (a missing variable)', { fraud: false }, 'f-big', { result: null }],
    ['null (a nested value missing)', { claim: {}, fraud: false }, 'f-big', { result: null }],
    [
      'a string, not a boolean',
      { claim: { amount: 5 }, fraud: 'yes' },
      'f-fraud',
      { result: 'yes' },
    ],
    ['null after a false one', { claim: { amount: 5 } }, 'f-fraud', { result: null }],
  ])('is undecided on a condition that gives %s', (_, vars, flowId, what) => {
    const d = decideExclusive(flows, 'f-pay', vars, time);
    expect(d).toEqual({
      kind: 'undecided',
      problem: expect.objectContaining({ code: 'CW_ERR_GATEWAY_CONDITION', flowId, ...what }),
    });
  });

  it('is undecided on a condition that fails, with why', () => {
    const over = [
      { id: 'f', from: 'g', to: 'x', condition: 'count(for i in 1..10000000 return i) > 0' },
    ];
    const d = decideExclusive(over, undefined, {}, time);
    expect(d.kind === 'undecided' && d.problem.error).toMatch(/^CW_ERR_EXPRESSION_LIMIT/);
  });

  it('is undecided when every condition is false and there is no default', () => {
    expect(
      decideExclusive(flows.slice(0, 2), undefined, { claim: { amount: 1 }, fraud: false }, time),
    ).toEqual({
      kind: 'undecided',
      problem: { code: 'CW_ERR_NO_MATCHING_FLOW' },
    });
  });

  it('says the flow, the expression, what it gave and the names it read', () => {
    const d = decideExclusive(flows, 'f-pay', { fraud: false }, time);
    if (d.kind !== 'undecided') throw new Error('decided');
    expect(d.problem.read).toEqual({ claim: { amount: null } });
    expect(describeProblem(d.problem)).toBe(
      'CW_ERR_GATEWAY_CONDITION: flow f-big: claim.amount > 10000 gave null; it read claim',
    );
  });
});

describe('decideInclusive', () => {
  const reviews: Flow[] = [
    { id: 'f-medical', from: 'g', to: 'medical', condition: 'injured' },
    { id: 'f-vehicle', from: 'g', to: 'vehicle', condition: 'damage > 0' },
    { id: 'f-always', from: 'g', to: 'file' },
    { id: 'f-none', from: 'g', to: 'close' },
  ];
  it.each([
    [
      'every true condition and the unconditional',
      { injured: true, damage: 5 },
      ['f-medical', 'f-vehicle', 'f-always'],
    ],
    ['the unconditional when the rest are false', { injured: false, damage: 0 }, ['f-always']],
  ])('takes %s', (_, vars, ids) => {
    const d = decideInclusive(reviews, 'f-none', vars, time);
    expect(d.kind === 'taken' && d.flows.map((f) => f.id)).toEqual(ids);
  });

  it('takes the default only when every condition is false', () => {
    const d = decideInclusive(
      reviews.filter((f) => f.id !== 'f-always'),
      'f-none',
      { injured: false, damage: 0 },
      time,
    );
    expect(d.kind === 'taken' && d.flows.map((f) => f.id)).toEqual(['f-none']);
  });

  it('is undecided on any condition neither true nor false, even beside true ones', () => {
    const d = decideInclusive(reviews, 'f-none', { injured: true }, time);
    expect(d).toMatchObject({ kind: 'undecided', problem: { flowId: 'f-vehicle', result: null } });
  });
});

describe('readValues', () => {
  it.each([
    ['a name', 'x > 1', { x: 3, y: 4 }, { x: 3 }],
    ['a missing name as null', 'x > 1', {}, { x: null }],
    [
      'a path, nested',
      'c.a.b = 1 and c.d = 2',
      { c: { a: { b: 1 }, d: 2, e: 9 } },
      { c: { a: { b: 1 }, d: 2 } },
    ],
    [
      'a whole variable over its paths',
      'c.a = 1 and c != null',
      { c: { a: 1, z: 2 } },
      { c: { a: 1, z: 2 } },
    ],
    [
      'not names bound in the expression',
      'some i in items satisfies i > n',
      { items: [1], n: 0, i: 7 },
      { items: [1], n: 0 },
    ],
  ])('%s', (_, expression, vars, read) => {
    const copy = structuredClone(vars);
    expect(readValues(expression, vars)).toEqual(read);
    expect(vars).toEqual(copy); // the case's variables are never written to
  });
});

describe('a gateway holding its token', () => {
  const g = graphOf(
    [
      { id: 's', type: 'start' },
      { id: 'g', type: 'exclusiveGateway', default: 'f2' },
      { id: 'big', type: 'end', outcome: 'review' },
      { id: 'small', type: 'end', outcome: 'paid' },
    ],
    [
      ['s', 'g'],
      ['g', 'big', 'amount > 10000'],
      ['g', 'small'],
    ],
  );

  it('waits at the gateway with an incident showing the expression and the values it read', () => {
    const r = run(g, { amount: null, other: 1 });
    expect(r.state.status).toBe('active');
    expect(waits(r.state)).toEqual(['g:gateway']);
    expect(actions(r.last)).toEqual(['openIncident:i1.j3']);
    const incident = r.last.find((e) => e.type === 'openIncident');
    expect(incident).toMatchObject({
      nodeId: 'g',
      condition: {
        flowId: 'f1',
        expression: 'amount > 10000',
        result: null,
        read: { amount: null },
      },
    });
    expect(r.last).toContainEqual({
      type: 'history',
      entry: expect.objectContaining({ type: 'incident.opened', nodeId: 'g' }),
    });
  });

  it('a retry decides again from the variables now; still undecided, it opens the next incident on the same job', () => {
    const held = run(g, {});
    const again = step(g, held.state, { type: 'gatewayRetried', jobId: 'i1.j3' }, contextAt(NOW));
    expect(actions(again.effects)).toEqual(['openIncident:i1.j3']);
    expect(waits(again.state)).toEqual(['g:gateway']);
    const fixed = { ...again.state, variables: { amount: 50_000 } };
    const done = step(g, fixed, { type: 'gatewayRetried', jobId: 'i1.j3' }, contextAt(NOW));
    expect(done.state).toMatchObject({ status: 'completed', outcome: 'review' });
  });

  it('is withdrawn with its job when the case is cancelled', () => {
    const held = run(g, {});
    const r = step(g, held.state, { type: 'cancel', actor: 'u', reason: 'r' }, contextAt(NOW));
    expect(actions(r.effects)).toEqual(['cancelJob:i1.j3', 'instanceEnded:cancelled']);
  });
});
