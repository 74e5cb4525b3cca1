/**
 * The pure step and message boundary events (issue 19): a message catch attached to a user task,
 * call activity or embedded subprocess, listening while the activity runs. Its message interrupts
 * the activity (the task cancelled, the child cancelled, everything inside withdrawn), maps what
 * it carries and continues from the boundary; the activity ending first removes the subscription.
 * A listening case is not migrated to a version whose task no longer has the boundary.
 *
 * The process of most rows: s -> review (a user task, `i1.k…`) -> done, with `withdrawal` (the
 * customer's `claim-withdrawn` message for the claim's reference) and a two-day `late` timer.
 */
import { describe, expect, it } from 'vitest';
import { actions, graphOf, historyOf, run, waits, type NodeSpec } from './step-fixtures.ts';
import { planMigration } from './migrate.ts';
import type { Effect, Event } from './types.ts';

const withdrawal: NodeSpec = {
  id: 'withdrawal',
  type: 'boundaryMessage',
  attachedTo: 'review',
  message: 'claim-withdrawn',
  correlationKey: 'ref',
  output: { withdrawnBecause: 'message.reason' },
};
const late: NodeSpec = {
  id: 'late',
  type: 'boundaryTimer',
  attachedTo: 'review',
  timer: { duration: 'P2D' },
};

function withHost(host: NodeSpec, inside: NodeSpec[] = [], innerFlows: [string, string][] = []) {
  return graphOf(
    [
      { id: 's', type: 'start' },
      host,
      ...inside,
      withdrawal,
      late,
      { id: 'done', type: 'end', outcome: 'done' },
      { id: 'withdrawn', type: 'end', outcome: 'withdrawn' },
      { id: 'too-late', type: 'end', outcome: 'late' },
    ],
    [
      ['s', 'review'],
      ['review', 'done'],
      ['withdrawal', 'withdrawn'],
      ['late', 'too-late'],
      ...innerFlows,
    ],
  );
}
const task = withHost({ id: 'review', type: 'userTask', form: { id: 'f' } });
const vars = { ref: 'CLM-7' };

const subscriptionOf = (effects: readonly Effect[]) => {
  const s = effects.find((e) => e.type === 'subscribe');
  if (s?.type !== 'subscribe') throw new Error('no subscription');
  return s.subscription;
};
const timerOf = (effects: readonly Effect[]) => {
  const s = effects.find((e) => e.type === 'scheduleTimer');
  if (s?.type !== 'scheduleTimer') throw new Error('no timer');
  return s.timer;
};
const message = (subscriptionId: string, payload: Record<string, unknown> = {}): Event => ({
  type: 'messageReceived',
  subscriptionId,
  messageId: 'm1',
  payload,
});

describe('a message boundary event on a user task', () => {
  const armed = run(task, vars);
  const sub = subscriptionOf(armed.last);
  const timer = timerOf(armed.last);

  it('listens for its message, by its correlation key, while the task is open', () => {
    expect(waits(armed.state)).toEqual(['review:task']);
    expect(sub).toMatchObject({
      nodeId: 'withdrawal',
      message: 'claim-withdrawn',
      correlationKey: 'CLM-7',
      tokenId: armed.state.tokens[0]!.id,
    });
    expect(armed.state.tokens[0]!.wait).toMatchObject({ boundaryMessages: [sub.id] });
    expect(historyOf(armed.last)).toContain('message.awaited:withdrawal');
    // a message sent before the task opened is this subscription's too
    expect(armed.last).toContainEqual(
      expect.objectContaining({
        type: 'takeBufferedMessage',
        subscriptionId: sub.id,
        message: 'claim-withdrawn',
        correlationKey: 'CLM-7',
      }),
    );
  });

  it('interrupts the task when it comes: the task cancelled, the timer cancelled, the message mapped', () => {
    const r = run(task, vars, [message(sub.id, { reason: 'repaired at own cost' })]);
    const taskId =
      armed.state.tokens[0]!.wait.kind === 'task' && armed.state.tokens[0]!.wait.taskId;
    expect(actions(r.last)).toEqual([
      `cancelTimer:${timer.id}`,
      `closeTask:${taskId}:cancelled`,
      'instanceEnded:completed',
    ]);
    expect(r.state.outcome).toBe('withdrawn');
    expect(r.state.variables).toMatchObject({ withdrawnBecause: 'repaired at own cost' });
    expect(historyOf(r.last).slice(0, 3)).toEqual([
      'message.correlated:withdrawal',
      'node.interrupted:review',
      'node.entered:withdrawal',
    ]);
  });

  it('is removed when the task completes first', () => {
    const taskId =
      armed.state.tokens[0]!.wait.kind === 'task' ? armed.state.tokens[0]!.wait.taskId : '';
    const r = run(task, vars, [{ type: 'taskCompleted', taskId, data: {}, actor: 'u1' }]);
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([`cancelTimer:${timer.id}`, `unsubscribe:${sub.id}`]),
    );
    expect(r.state.outcome).toBe('done');
  });

  it('is removed when the interrupting timer comes first', () => {
    const r = run(task, vars, [{ type: 'timerFired', timerId: timer.id }]);
    expect(actions(r.last)).toContain(`unsubscribe:${sub.id}`);
    expect(r.state.outcome).toBe('late');
    // and it can no longer be woken
    expect(() =>
      run(task, vars, [{ type: 'timerFired', timerId: timer.id }, message(sub.id)]),
    ).toThrow();
  });

  it('refuses a correlation key that gives nothing', () => {
    expect(() => run(task, {})).toThrow(/correlation key of withdrawal/);
  });
});

describe('a message boundary event on an embedded subprocess', () => {
  const inside = (n: NodeSpec): NodeSpec => ({ ...n, parent: 'review' });
  const graph = withHost(
    { id: 'review', type: 'subProcess' },
    [
      inside({ id: 'rs', type: 'start' }),
      inside({ id: 'check', type: 'userTask', form: { id: 'f' } }),
      inside({ id: 're', type: 'end' }),
    ],
    [
      ['rs', 'check'],
      ['check', 're'],
    ],
  );

  it('withdraws everything inside when it comes', () => {
    const armed = run(graph, vars);
    const sub = subscriptionOf(armed.last);
    expect(sub.nodeId).toBe('withdrawal');
    expect(waits(armed.state)).toEqual(['review:subProcess', 'check:task']);
    const r = run(graph, vars, [message(sub.id, { reason: 'no longer needed' })]);
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^closeTask:.*:cancelled$/)]),
    );
    expect(r.state.outcome).toBe('withdrawn');
    expect(r.state.tokens).toEqual([]);
    const interrupted = r.last.find(
      (e) => e.type === 'history' && e.entry.type === 'node.interrupted',
    );
    expect(interrupted).toMatchObject({
      entry: { nodeId: 'review', data: { by: 'withdrawal', withdrawn: [{ nodeId: 'check' }] } },
    });
  });
});

describe('a message boundary event on a multi-instance user task', () => {
  const graph = withHost({
    id: 'review',
    type: 'userTask',
    form: { id: 'f' },
    multiInstance: { collection: 'insureds', elementVariable: 'insured' },
  });

  it('listens once for the whole body and withdraws every open instance', () => {
    const armed = run(graph, { ...vars, insureds: ['a', 'b', 'c'] });
    const subs = armed.last.filter((e) => e.type === 'subscribe');
    expect(subs).toHaveLength(1);
    const sub = subscriptionOf(armed.last);
    const r = run(graph, { ...vars, insureds: ['a', 'b', 'c'] }, [message(sub.id)]);
    expect(actions(r.last).filter((a) => a.startsWith('closeTask:'))).toHaveLength(3);
    expect(r.state.outcome).toBe('withdrawn');
  });
});

describe('migrating a case whose task listens for a message boundary', () => {
  const armed = run(task, vars);

  it('moves it to a version that keeps the boundary on the task', () => {
    const plan = planMigration(task, task, armed.state, {});
    expect(plan.problems).toEqual([]);
  });

  it('refuses a version where the boundary is no longer on the task, naming it', () => {
    const without = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'review', type: 'userTask', form: { id: 'f' } },
        late,
        { id: 'done', type: 'end', outcome: 'done' },
        { id: 'too-late', type: 'end', outcome: 'late' },
      ],
      [
        ['s', 'review'],
        ['review', 'done'],
        ['late', 'too-late'],
      ],
    );
    const plan = planMigration(task, without, armed.state, {});
    expect(plan.problems).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_MIGRATION_REFUSED',
        nodeId: 'review',
        reason: 'messageBoundaryDetached',
        params: expect.objectContaining({ boundary: 'withdrawal', target: 'review' }),
      }),
    ]);
  });
});
