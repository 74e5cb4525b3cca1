/**
 * The lint and inclusive gateways (issue 19): their outgoing flows may carry conditions, and they
 * always have a way out (a default that leaves them, a flow without a condition, or conditions
 * provably covering every case), as an exclusive gateway must.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition, ProcessNode } from '../generated/index.ts';
import { lintProcess, type LintScope } from './lint.ts';
import { schemaProblems } from './meta-schemas.ts';

const name = { 'zh-Hant': '測試', en: 'Test' };
const scope: LintScope = { forms: new Map(), processes: new Map(), actions: new Set(['noop']) };
/** s -> fork -> (a, b) -> merge -> e, with the fork's flows' conditions and default given. */
const def = (
  conditions: [string | undefined, string | undefined],
  fork: Record<string, unknown> = {},
): ProcessDefinition => ({
  id: 'p',
  version: 1,
  name,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'fork', type: 'inclusiveGateway', ...fork },
    { id: 'a', type: 'serviceTask', action: 'noop' },
    { id: 'b', type: 'serviceTask', action: 'noop' },
    { id: 'merge', type: 'inclusiveGateway' },
    { id: 'e', type: 'end' },
  ] as ProcessNode[],
  flows: [
    { id: 'f0', from: 's', to: 'fork' },
    { id: 'fa', from: 'fork', to: 'a', ...(conditions[0] ? { condition: conditions[0] } : {}) },
    { id: 'fb', from: 'fork', to: 'b', ...(conditions[1] ? { condition: conditions[1] } : {}) },
    { id: 'f3', from: 'a', to: 'merge' },
    { id: 'f4', from: 'b', to: 'merge' },
    { id: 'f5', from: 'merge', to: 'e' },
  ],
});
const problems = (d: ProcessDefinition) => lintProcess(d, scope).map((p) => [p.code, p.pointer]);

describe('inclusive gateways in the lint', () => {
  it('take conditions on their flows, with a default', () => {
    const d = def(['x > 1', 'y > 1'], { default: 'fb' });
    expect(schemaProblems('process', d)).toEqual([]);
    expect(problems(d)).toEqual([]);
  });

  it('need no default when a flow has no condition (it always holds)', () => {
    expect(problems(def(['x > 1', undefined]))).toEqual([]);
  });

  it('refuse conditions that may all be false with no default', () => {
    expect(problems(def(['x > 1', 'y > 1']))).toEqual([
      ['CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE', '/nodes/1'],
    ]);
  });

  it('refuse a default that does not leave them', () => {
    expect(problems(def(['x > 1', 'y > 1'], { default: 'f5' }))).toEqual([
      ['CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE', '/nodes/1/default'],
    ]);
  });

  it('a condition on a flow out of a parallel gateway is still misplaced', () => {
    const d = def(['x > 1', undefined]);
    (d.nodes[1] as { type: string }).type = 'parallelGateway';
    (d.nodes[4] as { type: string }).type = 'parallelGateway';
    expect(problems(d)).toEqual([['CW_ERR_DEF_CONDITION_MISPLACED', '/flows/1/condition']]);
  });
});

describe('event-based gateways in the lint', () => {
  /** s -> gw -> (the given followers) -> e. */
  const raced = (...followers: Record<string, unknown>[]): ProcessDefinition => ({
    id: 'p',
    version: 1,
    name,
    nodes: [
      { id: 's', type: 'start' },
      { id: 'gw', type: 'eventBasedGateway' },
      ...followers,
      { id: 'e', type: 'end' },
    ] as unknown as ProcessNode[],
    flows: [
      { id: 'f0', from: 's', to: 'gw' },
      ...followers.map((n, i) => ({ id: `in${i}`, from: 'gw', to: n.id as string })),
      ...followers.map((n, i) => ({ id: `out${i}`, from: n.id as string, to: 'e' })),
    ],
  });
  const answer = { id: 'answer', type: 'messageCatch', message: 'answer', correlationKey: 'ref' };
  const deadline = { id: 'deadline', type: 'timer', timer: { duration: 'P7D' } };

  it('accepts message catches and timers after it', () => {
    const d = raced(answer, deadline);
    expect(schemaProblems('process', d)).toEqual([]);
    expect(problems(d)).toEqual([]);
  });

  it('refuses a task after it, pointing at the flow', () => {
    const d = raced(answer, { id: 'call', type: 'serviceTask', action: 'noop' });
    expect(problems(d)).toEqual([['CW_ERR_DEF_BAD_EVENT_GATEWAY', '/flows/2/to']]);
    expect(lintProcess(d, scope)[0]).toMatchObject({
      key: 'lint.eventGatewayTarget',
      params: { gateway: 'gw', node: 'call', type: 'serviceTask' },
    });
  });

  it('needs two events to race', () => {
    expect(problems(raced(answer))).toEqual([['CW_ERR_DEF_BAD_FLOW_COUNT', '/nodes/1']]);
  });
});
