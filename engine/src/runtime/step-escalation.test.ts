/**
 * The step's escalation and repair events, pure: a case's priority raised (its open tasks now,
 * its next tasks too), variables corrected with a failed service task's input evaluated again,
 * and a failed service task skipped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { buildGraph } from './graph.ts';
import { initialState, step } from './step.ts';
import type { Effect, Event, InstanceState } from './types.ts';

const label = { 'zh-Hant': 'x', en: 'x' };
const ctx = {
  now: Date.parse('2026-03-02T09:00:00Z'),
  newInstanceId: () => 'child-1',
  latestFormVersion: () => 1,
};

const g = buildGraph({
  id: 'p',
  version: 1,
  name: label,
  nodes: [
    { id: 's', type: 'start' },
    { id: 'sync', type: 'serviceTask', action: 'http/request', input: { url: 'callbackUrl' } },
    { id: 'a', type: 'userTask', form: { id: 'f' }, priority: 'basePriority' },
    { id: 'b', type: 'userTask', form: { id: 'f' } },
    { id: 'e', type: 'end' },
  ],
  flows: [
    { id: 'f1', from: 's', to: 'sync' },
    { id: 'f2', from: 'sync', to: 'a' },
    { id: 'f3', from: 'a', to: 'b' },
    { id: 'f4', from: 'b', to: 'e' },
  ],
} as unknown as ProcessDefinition);

function run(state: InstanceState, ...events: Event[]) {
  const effects: Effect[] = [];
  for (const e of events) {
    const r = step(g, state, e, ctx);
    state = r.state;
    effects.push(...r.effects);
  }
  return { state, effects };
}

const of = <T extends Effect['type']>(effects: Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
const history = (effects: Effect[], type: string) =>
  of(effects, 'history')
    .map((h) => h.entry)
    .filter((h) => h.type === type);

const started = (vars: Record<string, unknown> = {}) =>
  run(initialState('i1', { callbackUrl: 'http://down/', basePriority: 40, ...vars }), {
    type: 'start',
    actor: 'u',
  });
const jobId = (s: InstanceState) => (s.tokens[0]!.wait as { jobId: string }).jobId;
const taskId = (s: InstanceState) => (s.tokens[0]!.wait as { taskId: string }).taskId;

describe('a case whose priority is raised', () => {
  it('raises its open task now and creates its next tasks at least there', () => {
    let { state } = started();
    ({ state } = run(state, { type: 'jobSucceeded', jobId: jobId(state), result: null }));
    const first = taskId(state);
    const raised = run(state, { type: 'priorityRaised', priority: 90, actor: 'mei', reason: '' });
    expect(raised.state.priority).toBe(90);
    expect(of(raised.effects, 'raiseTaskPriority')).toEqual([
      { type: 'raiseTaskPriority', taskIds: [first], priority: 90 },
    ]);
    expect(history(raised.effects, 'case.priorityRaised')[0]).toMatchObject({
      actor: 'mei',
      data: { priority: 90, from: null, tasks: [first] },
    });
    const next = run(raised.state, {
      type: 'taskCompleted',
      taskId: first,
      data: {},
      actor: 'cora',
    });
    expect(of(next.effects, 'createTask')[0]!.task.priority).toBe(90);
  });

  it('never lowers it: the case keeps the highest priority it was given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 150 }), { minLength: 1, maxLength: 6 }),
        (ps) => {
          let { state } = started();
          for (const p of ps)
            ({ state } = run(state, {
              type: 'priorityRaised',
              priority: p,
              actor: 'u',
              reason: '',
            }));
          expect(state.priority).toBe(Math.max(0, Math.min(100, Math.max(...ps))));
        },
      ),
    );
  });

  it('leaves a node priority above the case priority as it is', () => {
    let { state } = started({ basePriority: 95 });
    ({ state } = run(state, { type: 'priorityRaised', priority: 60, actor: 'u', reason: '' }));
    const r = run(state, { type: 'jobSucceeded', jobId: jobId(state), result: null });
    expect(of(r.effects, 'createTask')[0]!.task.priority).toBe(95);
  });
});

describe('an operator repairing a failed service task', () => {
  it('corrects a variable and the job input is evaluated again from it, recorded with the old value', () => {
    const { state } = started();
    const r = run(state, {
      type: 'variablesEdited',
      variables: { callbackUrl: 'http://up/' },
      actor: 'ops',
      reason: 'moved',
      jobId: jobId(state),
    });
    expect(r.state.variables.callbackUrl).toBe('http://up/');
    expect(of(r.effects, 'setJobInput')).toEqual([
      { type: 'setJobInput', jobId: jobId(state), input: { url: 'http://up/' } },
    ]);
    expect(history(r.effects, 'variables.edited')[0]).toMatchObject({
      actor: 'ops',
      data: {
        variables: { callbackUrl: 'http://up/' },
        previous: { callbackUrl: 'http://down/' },
        reason: 'moved',
      },
    });
    expect(r.state.tokens[0]!.nodeId).toBe('sync'); // still waiting on the job
  });

  it('skips the step: the job is cancelled and the case moves on without its result', () => {
    const { state } = started();
    const r = run(state, {
      type: 'stepSkipped',
      jobId: jobId(state),
      actor: 'ops',
      reason: 'done by hand',
    });
    expect(of(r.effects, 'cancelJob')).toEqual([{ type: 'cancelJob', jobId: jobId(state) }]);
    expect(history(r.effects, 'node.skipped')[0]).toMatchObject({
      nodeId: 'sync',
      actor: 'ops',
      data: { reason: 'done by hand' },
    });
    expect(r.state.tokens[0]!.nodeId).toBe('a');
  });

  it('refuses to skip a job no token waits on', () => {
    const { state } = started();
    expect(() =>
      run(state, { type: 'stepSkipped', jobId: 'nope', actor: 'ops', reason: 'x' }),
    ).toThrow(/no token waits/);
  });
});
