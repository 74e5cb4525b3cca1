/**
 * The pure step and embedded subprocesses (issue 19): a scope inside the process with its own
 * start and ends, sharing the case's variables, that leaves once no token is left inside it.
 * Boundary events on it reach inside: an interrupting timer withdraws everything there, an error
 * thrown inside (an error end, a service task's business error) takes its error boundary.
 *
 * The process of most rows: s -> review -> done, review holding rs -> (check | pay) -> re
 * behind a parallel fork, `check` a user task (`i1.k…`), `pay` a service task (`i1.j…`).
 */
import { describe, expect, it } from 'vitest';
import { actions, graphOf, historyOf, run, waits, type NodeSpec } from './step-fixtures.ts';
import type { Event, InstanceState } from './types.ts';

const inside = (node: NodeSpec): NodeSpec => ({ ...node, parent: 'review' });

function reviewProcess(
  boundaries: NodeSpec[] = [],
  innerEnd: NodeSpec = { id: 're', type: 'end' },
) {
  return graphOf(
    [
      { id: 's', type: 'start' },
      { id: 'review', type: 'subProcess' },
      inside({ id: 'rs', type: 'start' }),
      inside({ id: 'fork', type: 'parallelGateway' }),
      inside({ id: 'check', type: 'userTask', form: { id: 'f' } }),
      inside({ id: 'pay', type: 'serviceTask', action: 'bank/transfer' }),
      inside({ id: 'join', type: 'parallelGateway' }),
      inside(innerEnd),
      { id: 'done', type: 'end', outcome: 'done' },
      ...boundaries,
      ...boundaries.map((b) => ({ id: `${b.id}-end`, type: 'end', outcome: b.id })),
    ],
    [
      ['s', 'review'],
      ['review', 'done'],
      ['rs', 'fork'],
      ['fork', 'check'],
      ['fork', 'pay'],
      ['check', 'join'],
      ['pay', 'join'],
      ['join', innerEnd.id],
      ...boundaries.map((b) => [b.id, `${b.id}-end`] as [string, string]),
    ],
  );
}

/** The ids the step gives: the subprocess's token, the task and the job of its branches. */
function ids(state: InstanceState) {
  const at = (node: string) => state.tokens.find((t) => t.nodeId === node);
  return { review: at('review'), check: at('check'), pay: at('pay') };
}

const completeCheck = (taskId: string): Event => ({
  type: 'taskCompleted',
  taskId,
  data: { checked: true },
  actor: 'u1',
});

describe('embedded subprocess', () => {
  it('runs its start at once, and its tokens are inside it', () => {
    const r = run(reviewProcess(), {});
    expect(waits(r.state)).toEqual(['review:subProcess', 'check:task', 'pay:job']);
    const { review, check, pay } = ids(r.state);
    expect(review?.scope).toBeUndefined();
    expect(check?.scope).toBe(review!.id);
    expect(pay?.scope).toBe(review!.id);
  });

  it('completes when its last inner token ends, and the case goes on after it', () => {
    const first = run(reviewProcess(), {});
    const task = first.steps[0]!.find((e) => e.type === 'createTask');
    const job = first.steps[0]!.find((e) => e.type === 'scheduleJob');
    const taskId = task?.type === 'createTask' ? task.task.id : '';
    const jobId = job?.type === 'scheduleJob' ? job.job.id : '';
    const r = run(reviewProcess(), {}, [
      completeCheck(taskId),
      { type: 'jobSucceeded', jobId, result: {} },
    ]);
    // the task alone does not complete it: the job's branch is still inside
    expect(waits(r.state)).toEqual([]);
    expect(historyOf(r.steps[1]!)).not.toContain('subProcess.completed:review');
    expect(historyOf(r.last)).toEqual(
      expect.arrayContaining([
        'gateway.joined:join',
        'node.left:re',
        'subProcess.completed:review',
        'node.left:review',
        'node.entered:done',
        'instance.completed',
      ]),
    );
    // variables are the case's: the task's data is there
    expect(r.state.variables).toEqual({ checked: true });
    expect(r.state.outcome).toBe('done');
  });

  it('an interrupting boundary timer withdraws everything inside it', () => {
    const g = reviewProcess([
      { id: 'late', type: 'boundaryTimer', attachedTo: 'review', timer: { duration: 'P2D' } },
    ]);
    const first = run(g, {});
    const armed = first.steps[0]!.find((e) => e.type === 'scheduleTimer');
    const timerId = armed?.type === 'scheduleTimer' ? armed.timer.id : '';
    expect(timerId).toMatch(/@late$/);
    const r = run(g, {}, [{ type: 'timerFired', timerId }]);
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^closeTask:.*:cancelled$/),
        expect.stringMatching(/^cancelJob:/),
        'instanceEnded:completed',
      ]),
    );
    expect(r.state.outcome).toBe('late');
    expect(r.state.tokens).toEqual([]);
  });

  it('a non-interrupting boundary timer starts a token beside it, and inside goes on', () => {
    const g = reviewProcess([
      {
        id: 'nudge',
        type: 'boundaryTimer',
        attachedTo: 'review',
        interrupting: false,
        timer: { duration: 'P1D' },
      },
    ]);
    const first = run(g, {});
    const armed = first.steps[0]!.find((e) => e.type === 'scheduleTimer');
    const timerId = armed?.type === 'scheduleTimer' ? armed.timer.id : '';
    const r = run(g, {}, [{ type: 'timerFired', timerId }]);
    expect(actions(r.last)).not.toContain(expect.stringMatching(/^closeTask/));
    expect(waits(r.state)).toEqual(['review:subProcess', 'check:task', 'pay:job']);
    expect(historyOf(r.last)).toContain('node.left:nudge-end');
  });

  it('an error end inside takes its error boundary: the other branch is withdrawn', () => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'review', type: 'subProcess' },
        inside({ id: 'rs', type: 'start' }),
        inside({ id: 'fork', type: 'parallelGateway' }),
        inside({ id: 'check', type: 'userTask', form: { id: 'f' } }),
        inside({ id: 'refuse', type: 'errorEnd', errorCode: 'FRAUD', message: 'fraud' }),
        inside({ id: 'wait', type: 'userTask', form: { id: 'f' } }),
        inside({ id: 're', type: 'end' }),
        { id: 'done', type: 'end', outcome: 'done' },
        { id: 'fraud', type: 'boundaryError', attachedTo: 'review', errorCode: 'FRAUD' },
        { id: 'investigate', type: 'end', outcome: 'investigate' },
      ],
      [
        ['s', 'review'],
        ['review', 'done'],
        ['rs', 'fork'],
        ['fork', 'check'],
        ['fork', 'wait'],
        ['check', 'refuse'],
        ['wait', 're'],
        ['fraud', 'investigate'],
      ],
    );
    const first = run(g, {});
    const tasks = first.steps[0]!.flatMap((e) => (e.type === 'createTask' ? [e.task.id] : []));
    const r = run(g, {}, [completeCheck(tasks[0]!)]);
    expect(historyOf(r.last)).toEqual(
      expect.arrayContaining([
        'error.thrown:refuse',
        'error.caught:fraud',
        'node.left:investigate',
      ]),
    );
    expect(actions(r.last)).toContain(`closeTask:${tasks[1]}:cancelled`);
    expect(r.state.outcome).toBe('investigate');
    expect(r.state.error).toBeUndefined();
    expect(r.state.status).toBe('completed');
  });

  it("a service task's business error no boundary of its own catches goes to the subprocess's", () => {
    const g = reviewProcess([{ id: 'bank', type: 'boundaryError', attachedTo: 'review' }]);
    const first = run(g, {});
    const job = first.steps[0]!.find((e) => e.type === 'scheduleJob');
    const jobId = job?.type === 'scheduleJob' ? job.job.id : '';
    const r = run(g, {}, [
      {
        type: 'jobFailed',
        jobId,
        attempt: 1,
        maxAttempts: 1,
        backoffMs: 1000,
        error: 'rejected',
        failure: { code: 'ACCOUNT_CLOSED', message: 'closed', details: { iban: 'x' } },
      },
    ]);
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([
        'finishJob',
        expect.stringMatching(/^closeTask:.*:cancelled$/),
        'instanceEnded:completed',
      ]),
    );
    expect(actions(r.last)).not.toContain(expect.stringMatching(/^cancelJob/));
    expect(r.state.outcome).toBe('bank');
    expect(r.state.variables).toEqual({ iban: 'x' });
  });

  it('an error end inside that no boundary catches ends the case with the error', () => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'review', type: 'subProcess' },
        inside({ id: 'rs', type: 'start' }),
        inside({ id: 'refuse', type: 'errorEnd', errorCode: 'FRAUD' }),
        { id: 'done', type: 'end' },
      ],
      [
        ['s', 'review'],
        ['review', 'done'],
        ['rs', 'refuse'],
      ],
    );
    const r = run(g, {});
    expect(r.state.status).toBe('completed');
    expect(r.state.error?.code).toBe('FRAUD');
    expect(historyOf(r.last)).not.toContain('node.entered:done');
  });

  it('a terminate end inside ends the subprocess only', () => {
    const r = run(reviewProcess([], { id: 're', type: 'terminateEnd' }), {}, []);
    expect(waits(r.state)).toEqual(['review:subProcess', 'check:task', 'pay:job']);
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'review', type: 'subProcess' },
        inside({ id: 'rs', type: 'start' }),
        inside({ id: 'fork', type: 'parallelGateway' }),
        inside({ id: 'check', type: 'userTask', form: { id: 'f' } }),
        inside({ id: 'stop', type: 'terminateEnd' }),
        inside({ id: 'wait', type: 'userTask', form: { id: 'f' } }),
        inside({ id: 're', type: 'end' }),
        { id: 'done', type: 'end', outcome: 'done' },
      ],
      [
        ['s', 'review'],
        ['review', 'done'],
        ['rs', 'fork'],
        ['fork', 'check'],
        ['fork', 'wait'],
        ['check', 'stop'],
        ['wait', 're'],
      ],
    );
    const first = run(g, {});
    const tasks = first.steps[0]!.flatMap((e) => (e.type === 'createTask' ? [e.task.id] : []));
    const done = run(g, {}, [completeCheck(tasks[0]!)]);
    expect(historyOf(done.last)).toEqual(
      expect.arrayContaining([
        'subProcess.terminated:review',
        'subProcess.completed:review',
        'node.entered:done',
      ]),
    );
    expect(actions(done.last)).toContain(`closeTask:${tasks[1]}:cancelled`);
    expect(done.state.outcome).toBe('done');
  });

  it('cancelling the case withdraws what is inside once', () => {
    const r = run(reviewProcess(), {}, [{ type: 'cancel', actor: 'u1', reason: 'test' }]);
    const closes = actions(r.last).filter((a) => a.startsWith('closeTask'));
    const cancels = actions(r.last).filter((a) => a.startsWith('cancelJob'));
    expect(closes).toHaveLength(1);
    expect(cancels).toHaveLength(1);
    expect(r.state.status).toBe('cancelled');
  });

  it('a subprocess inside a subprocess completes from the inside out', () => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'outer', type: 'subProcess' },
        { id: 'os', type: 'start', parent: 'outer' },
        { id: 'inner', type: 'subProcess', parent: 'outer' },
        { id: 'is', type: 'start', parent: 'inner' },
        { id: 'task', type: 'userTask', form: { id: 'f' }, parent: 'inner' },
        { id: 'ie', type: 'end', parent: 'inner' },
        { id: 'oe', type: 'end', parent: 'outer' },
        { id: 'e', type: 'end', outcome: 'out' },
      ],
      [
        ['s', 'outer'],
        ['outer', 'e'],
        ['os', 'inner'],
        ['inner', 'oe'],
        ['is', 'task'],
        ['task', 'ie'],
      ],
    );
    const first = run(g, {});
    expect(waits(first.state)).toEqual(['outer:subProcess', 'inner:subProcess', 'task:task']);
    const taskId =
      first.state.tokens[2]!.wait.kind === 'task' ? first.state.tokens[2]!.wait.taskId : '';
    const r = run(g, {}, [completeCheck(taskId)]);
    expect(historyOf(r.last).filter((h) => h.startsWith('subProcess'))).toEqual([
      'subProcess.completed:inner',
      'subProcess.completed:outer',
    ]);
    expect(r.state.outcome).toBe('out');
  });
});
