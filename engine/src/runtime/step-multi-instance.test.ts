/**
 * The pure step and multi-instance activities (issue 19): a user task, service task, call
 * activity or subprocess run once per item of a collection, in parallel or in sequence, each
 * instance with its own names (the element variable, `loopCounter`, what it sets), the results
 * collected in the collection's order; the body completes when every instance has or its
 * completion condition holds, and boundary events on the activity apply to the whole body.
 *
 * The process of most rows: s -> review -> done, `review` a user task per insured person.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actions,
  contextAt,
  graphOf,
  historyOf,
  run,
  waits,
  type NodeSpec,
} from './step-fixtures.ts';
import { MAX_INSTANCES, initialState, step } from './step.ts';
import type { Effect, Event, NewTask } from './types.ts';

const INSUREDS = [
  { name: 'Wang', age: 40 },
  { name: 'Lin', age: 12 },
  { name: 'Chen', age: 67 },
];

function reviewProcess(multiInstance: Record<string, unknown>, extra: NodeSpec[] = []) {
  return graphOf(
    [
      { id: 's', type: 'start' },
      {
        id: 'review',
        type: 'userTask',
        form: { id: 'insured-review' },
        prefill: { person: 'insured.name', position: 'loopCounter' },
        output: { verdict: 'form.verdict' },
        multiInstance: { collection: 'insureds', elementVariable: 'insured', ...multiInstance },
      },
      { id: 'done', type: 'end', outcome: 'done' },
      ...extra,
      ...extra.map((b) => ({ id: `${b.id}-end`, type: 'end', outcome: b.id })),
    ],
    [
      ['s', 'review'],
      ['review', 'done'],
      ...extra.map((b) => [b.id, `${b.id}-end`] as [string, string]),
    ],
  );
}

const created = (effects: readonly Effect[]): NewTask[] =>
  effects.flatMap((e) => (e.type === 'createTask' ? [e.task] : []));

const complete = (taskId: string, verdict: string): Event => ({
  type: 'taskCompleted',
  taskId,
  data: { verdict },
  actor: 'u1',
});

const collected = {
  outputCollection: 'verdicts',
  outputElement: '{ name: insured.name, verdict: verdict }',
};

describe('multi-instance user task, parallel', () => {
  it('creates one task per item at once, each prefilled from its own item and position', () => {
    const r = run(reviewProcess({}), { insureds: INSUREDS });
    const tasks = created(r.last);
    expect(tasks.map((t) => t.prefill)).toEqual([
      { person: 'Wang', position: 1 },
      { person: 'Lin', position: 2 },
      { person: 'Chen', position: 3 },
    ]);
    expect(waits(r.state)).toEqual([
      'review:multiInstance',
      'review:task',
      'review:task',
      'review:task',
    ]);
    expect(historyOf(r.last)).toContain('multiInstance.started:review');
  });

  it('collects the results in the collection order whatever order the tasks finish in', () => {
    const start = run(reviewProcess(collected), { insureds: INSUREDS });
    const [a, b, c] = created(start.last).map((t) => t.id);
    const r = run(reviewProcess(collected), { insureds: INSUREDS }, [
      complete(c!, 'decline'),
      complete(a!, 'accept'),
      complete(b!, 'rating'),
    ]);
    expect(r.state.status).toBe('completed');
    expect(r.state.variables.verdicts).toEqual([
      { name: 'Wang', verdict: 'accept' },
      { name: 'Lin', verdict: 'rating' },
      { name: 'Chen', verdict: 'decline' },
    ]);
    // what an instance set stays its own: the case never sees `verdict`, `insured` or `loopCounter`
    expect(r.state.variables).not.toHaveProperty('verdict');
    expect(r.state.variables).not.toHaveProperty('insured');
    expect(r.state.variables).not.toHaveProperty('loopCounter');
    expect(historyOf(r.steps[2]!)).not.toContain('multiInstance.completed:review');
    expect(historyOf(r.last)).toContain('multiInstance.completed:review');
  });

  it('collects what each instance set when there is no output element', () => {
    const graph = reviewProcess({ outputCollection: 'verdicts' });
    const ids = created(run(graph, { insureds: INSUREDS.slice(0, 2) }).last).map((t) => t.id);
    const r = run(graph, { insureds: INSUREDS.slice(0, 2) }, [
      complete(ids[1]!, 'decline'),
      complete(ids[0]!, 'accept'),
    ]);
    expect(r.state.variables.verdicts).toEqual([{ verdict: 'accept' }, { verdict: 'decline' }]);
  });

  it('completes early when the completion condition holds, withdrawing the others', () => {
    const graph = reviewProcess({
      ...collected,
      completionCondition: 'nrOfCompletedInstances >= 2 or verdict = "decline"',
    });
    const ids = created(run(graph, { insureds: INSUREDS }).last).map((t) => t.id);
    const r = run(graph, { insureds: INSUREDS }, [complete(ids[1]!, 'decline')]);
    expect(r.state.status).toBe('completed');
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([`closeTask:${ids[0]}:cancelled`, `closeTask:${ids[2]}:cancelled`]),
    );
    expect(r.state.variables.verdicts).toEqual([null, { name: 'Lin', verdict: 'decline' }, null]);
    const done = r.last.find(
      (e) => e.type === 'history' && e.entry.type === 'multiInstance.completed',
    );
    expect(done?.type === 'history' && done.entry.data).toMatchObject({
      byCondition: true,
      completed: 1,
      instances: 3,
    });
  });

  it('reads nrOfInstances and nrOfActiveInstances in the completion condition', () => {
    const graph = reviewProcess({
      completionCondition: 'nrOfActiveInstances = 1 and nrOfInstances = 3',
    });
    const ids = created(run(graph, { insureds: INSUREDS }).last).map((t) => t.id);
    const r = run(graph, { insureds: INSUREDS }, [complete(ids[0]!, 'x'), complete(ids[1]!, 'y')]);
    expect(r.state.status).toBe('completed');
    expect(actions(r.last)).toContain(`closeTask:${ids[2]}:cancelled`);
  });

  it('refuses a completion condition that is neither true nor false', () => {
    const graph = reviewProcess({ completionCondition: 'unknownName' });
    const ids = created(run(graph, { insureds: INSUREDS }).last).map((t) => t.id);
    expect(() => run(graph, { insureds: INSUREDS }, [complete(ids[0]!, 'x')])).toThrow(
      expect.objectContaining({ code: 'CW_ERR_EXPRESSION_FAILED' }),
    );
  });

  it('passes straight through an empty collection, with an empty output collection', () => {
    const r = run(reviewProcess(collected), { insureds: [] });
    expect(r.state.status).toBe('completed');
    expect(r.state.variables.verdicts).toEqual([]);
    expect(created(r.last)).toEqual([]);
    expect(actions(r.last)).not.toContain('scheduleTimer');
  });
});

describe('multi-instance user task, sequential', () => {
  it('runs one instance at a time in the collection order', () => {
    const graph = reviewProcess({ ...collected, mode: 'sequential' });
    let state = initialState('i1', { insureds: INSUREDS });
    const ctx = contextAt();
    const people: unknown[] = [];
    let r = step(graph, state, { type: 'start', actor: 'u1' }, ctx);
    for (let i = 0; i < INSUREDS.length; i++) {
      const tasks = created(r.effects);
      expect(tasks).toHaveLength(1);
      people.push(tasks[0]!.prefill);
      state = r.state;
      expect(state.tokens.filter((t) => t.wait.kind === 'task')).toHaveLength(1);
      r = step(graph, state, complete(tasks[0]!.id, `v${i}`), ctx);
    }
    expect(people).toEqual([
      { person: 'Wang', position: 1 },
      { person: 'Lin', position: 2 },
      { person: 'Chen', position: 3 },
    ]);
    expect(r.state.status).toBe('completed');
    expect(r.state.variables.verdicts).toEqual(
      INSUREDS.map((p, i) => ({ name: p.name, verdict: `v${i}` })),
    );
  });

  it('stops starting instances once the completion condition holds', () => {
    const graph = reviewProcess({ mode: 'sequential', completionCondition: 'verdict = "stop"' });
    const first = created(run(graph, { insureds: INSUREDS }).last)[0]!;
    const r = run(graph, { insureds: INSUREDS }, [complete(first.id, 'stop')]);
    expect(r.state.status).toBe('completed');
    expect(created(r.last)).toEqual([]);
  });
});

describe('a collection that cannot be run', () => {
  it.each([
    ['a string', 'Wang', 'string'],
    ['null', null, 'null'],
    ['a context', { name: 'Wang' }, 'context'],
    ['a number', 3, 'number'],
  ])('holds the token with an incident naming what it gave: %s', (_, value, valueType) => {
    const r = run(reviewProcess({}), { insureds: value });
    expect(waits(r.state)).toEqual(['review:gateway']);
    const incident = r.last.find((e) => e.type === 'openIncident');
    expect(incident).toMatchObject({
      nodeId: 'review',
      condition: { code: 'CW_ERR_MULTI_INSTANCE_COLLECTION', expression: 'insureds', valueType },
    });
    expect(incident?.type === 'openIncident' && incident.error).toContain('not a list');
  });

  it('holds a collection over the limit with its size', () => {
    const r = run(reviewProcess({}), {
      insureds: Array.from({ length: MAX_INSTANCES + 1 }, (_, i) => i),
    });
    expect(r.last.find((e) => e.type === 'openIncident')).toMatchObject({
      condition: { code: 'CW_ERR_MULTI_INSTANCE_COLLECTION', size: MAX_INSTANCES + 1 },
    });
    expect(created(r.last)).toEqual([]);
  });

  it('holds a collection that fails to evaluate', () => {
    const graph = graphOf(
      [
        { id: 's', type: 'start' },
        {
          id: 'review',
          type: 'userTask',
          form: { id: 'f' },
          multiInstance: { collection: 'for i in 1..10000000 return i', elementVariable: 'i' },
        },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'review'],
        ['review', 'e'],
      ],
    );
    const r = run(graph, {});
    expect(r.last.find((e) => e.type === 'openIncident')).toMatchObject({
      condition: {
        code: 'CW_ERR_MULTI_INSTANCE_COLLECTION',
        error: expect.stringContaining('CW_ERR_'),
      },
    });
  });

  it('runs the instances once the variable is corrected and the incident retried', () => {
    const held = run(reviewProcess({}), { insureds: 'Wang' });
    const token = held.state.tokens[0]!;
    const jobId = token.wait.kind === 'gateway' ? token.wait.jobId : '';
    const r = run(reviewProcess({}), { insureds: 'Wang' }, [
      {
        type: 'variablesEdited',
        variables: { insureds: INSUREDS.slice(0, 2) },
        actor: 'op',
        reason: 'list',
      },
      { type: 'gatewayRetried', jobId },
    ]);
    expect(created(r.last).map((t) => t.prefill.person)).toEqual(['Wang', 'Lin']);
    expect(waits(r.state)).toEqual(['review:multiInstance', 'review:task', 'review:task']);
  });
});

describe('boundary events on a multi-instance activity apply to the whole body', () => {
  const timer: NodeSpec = {
    id: 'late',
    type: 'boundaryTimer',
    attachedTo: 'review',
    timer: { duration: 'P2D' },
  };

  it('arms one timer for the body, none per instance', () => {
    const r = run(reviewProcess({}, [timer]), { insureds: INSUREDS });
    expect(actions(r.last).filter((a) => a.startsWith('scheduleTimer'))).toHaveLength(1);
  });

  it('an interrupting timer withdraws every open instance and leaves from the boundary', () => {
    const start = run(reviewProcess({}, [timer]), { insureds: INSUREDS });
    const timerId = start.last.find((e) => e.type === 'scheduleTimer');
    const ids = created(start.last).map((t) => t.id);
    const r = run(reviewProcess({}, [timer]), { insureds: INSUREDS }, [
      complete(ids[0]!, 'accept'),
      { type: 'timerFired', timerId: timerId?.type === 'scheduleTimer' ? timerId.timer.id : '' },
    ]);
    expect(r.state.status).toBe('completed');
    expect(r.state.outcome).toBe('late');
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([`closeTask:${ids[1]}:cancelled`, `closeTask:${ids[2]}:cancelled`]),
    );
    expect(actions(r.last)).not.toContain(`closeTask:${ids[0]}:cancelled`);
  });

  it('the body completing cancels its timer', () => {
    const graph = reviewProcess({}, [timer]);
    const ids = created(run(graph, { insureds: INSUREDS.slice(0, 1) }).last).map((t) => t.id);
    const r = run(graph, { insureds: INSUREDS.slice(0, 1) }, [complete(ids[0]!, 'ok')]);
    expect(actions(r.last).some((a) => a.startsWith('cancelTimer'))).toBe(true);
    expect(r.state.outcome).toBe('done');
  });
});

describe('multi-instance service task', () => {
  const graph = graphOf(
    [
      { id: 's', type: 'start' },
      {
        id: 'notify',
        type: 'serviceTask',
        action: 'sms/send',
        input: { to: 'person.phone', position: 'loopCounter' },
        output: { sent: 'result.id' },
        multiInstance: {
          collection: 'people',
          elementVariable: 'person',
          outputCollection: 'receipts',
          outputElement: 'sent',
        },
      },
      { id: 'rejected', type: 'boundaryError', attachedTo: 'notify', errorCode: 'BAD_NUMBER' },
      { id: 'e', type: 'end', outcome: 'sent' },
      { id: 'bad', type: 'end', outcome: 'bad' },
    ],
    [
      ['s', 'notify'],
      ['notify', 'e'],
      ['rejected', 'bad'],
    ],
  );
  const people = [{ phone: '1' }, { phone: '2' }, { phone: '3' }];
  const jobsOf = (effects: readonly Effect[]) =>
    effects.flatMap((e) => (e.type === 'scheduleJob' ? [e.job] : []));

  it('schedules one job per item with its own input, and collects results in order', () => {
    const start = run(graph, { people });
    const jobs = jobsOf(start.last);
    expect(jobs.map((j) => j.input)).toEqual([
      { to: '1', position: 1 },
      { to: '2', position: 2 },
      { to: '3', position: 3 },
    ]);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(3);
    const r = run(
      graph,
      { people },
      [2, 0, 1].map((i) => ({ type: 'jobSucceeded', jobId: jobs[i]!.id, result: { id: `r${i}` } })),
    );
    expect(r.state.variables.receipts).toEqual(['r0', 'r1', 'r2']);
    expect(r.state.variables).not.toHaveProperty('sent');
    expect(r.state.outcome).toBe('sent');
  });

  it("an instance's business error takes the body's error boundary, the other jobs cancelled", () => {
    const jobs = jobsOf(run(graph, { people }).last);
    const r = run(graph, { people }, [
      { type: 'jobSucceeded', jobId: jobs[0]!.id, result: { id: 'r0' } },
      {
        type: 'jobFailed',
        jobId: jobs[1]!.id,
        attempt: 1,
        maxAttempts: 1,
        backoffMs: 0,
        error: 'rejected',
        failure: { code: 'BAD_NUMBER', message: 'no such number', details: null },
      },
    ]);
    expect(r.state.outcome).toBe('bad');
    expect(actions(r.last)).toEqual(
      expect.arrayContaining([`finishJob`, `cancelJob:${jobs[2]!.id}`]),
    );
    expect(historyOf(r.last)).toContain('error.caught:rejected');
  });
});

describe('multi-instance call activity and subprocess', () => {
  it('starts one child per item with its own input and maps each child back', () => {
    const graph = graphOf(
      [
        { id: 's', type: 'start' },
        {
          id: 'check',
          type: 'callActivity',
          process: { id: 'medical-check' },
          input: { person: 'insured.name' },
          output: { fit: 'child.fit' },
          multiInstance: {
            collection: 'insureds',
            elementVariable: 'insured',
            mode: 'sequential',
            outputCollection: 'fitness',
            outputElement: 'fit',
          },
        },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'check'],
        ['check', 'e'],
      ],
    );
    let state = initialState('i1', { insureds: INSUREDS.slice(0, 2) });
    const ctx = contextAt();
    let r = step(graph, state, { type: 'start', actor: 'u1' }, ctx);
    const started: unknown[] = [];
    for (const fit of [true, false]) {
      const child = r.effects.find((e) => e.type === 'startChild');
      if (child?.type !== 'startChild') throw new Error('no child');
      started.push(child.child.variables);
      state = r.state;
      r = step(
        graph,
        state,
        { type: 'childCompleted', childId: child.child.id, variables: { fit }, outcome: null },
        ctx,
      );
    }
    expect(started).toEqual([{ person: 'Wang' }, { person: 'Lin' }]);
    expect(r.state.status).toBe('completed');
    expect(r.state.variables.fitness).toEqual([true, false]);
  });

  it('runs the subprocess once per item, what its nodes set staying in its instance', () => {
    const inside = (n: NodeSpec): NodeSpec => ({ ...n, parent: 'review' });
    const graph = graphOf(
      [
        { id: 's', type: 'start' },
        {
          id: 'review',
          type: 'subProcess',
          multiInstance: {
            collection: 'insureds',
            elementVariable: 'insured',
            outputCollection: 'scores',
            outputElement: 'score',
          },
        },
        inside({ id: 'rs', type: 'start' }),
        inside({
          id: 'score-it',
          type: 'serviceTask',
          action: 'set-variables',
          input: { score: 'insured.age * 2' },
        }),
        inside({ id: 'ask', type: 'userTask', form: { id: 'f' }, prefill: { score: 'score' } }),
        inside({ id: 're', type: 'end' }),
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'review'],
        ['review', 'e'],
        ['rs', 'score-it'],
        ['score-it', 'ask'],
        ['ask', 're'],
      ],
    );
    const start = run(graph, { insureds: INSUREDS });
    const tasks = created(start.last);
    expect(tasks.map((t) => t.prefill)).toEqual([{ score: 80 }, { score: 24 }, { score: 134 }]);
    expect(start.state.variables).not.toHaveProperty('score');
    const r = run(
      graph,
      { insureds: INSUREDS },
      tasks.map((t) => complete(t.id, 'ok')),
    );
    expect(r.state.status).toBe('completed');
    expect(r.state.variables.scores).toEqual([80, 24, 134]);
  });
});

describe('cancelling a case with a multi-instance body', () => {
  it('withdraws every instance once', () => {
    const start = run(reviewProcess({}), { insureds: INSUREDS });
    const ids = created(start.last).map((t) => t.id);
    const r = run(reviewProcess({}), { insureds: INSUREDS }, [
      { type: 'cancel', actor: 'u1', reason: 'withdrawn' },
    ]);
    const closed = actions(r.last).filter((a) => a.startsWith('closeTask'));
    expect(closed.sort()).toEqual(ids.map((id) => `closeTask:${id}:cancelled`).sort());
    expect(r.state.tokens).toEqual([]);
  });
});

describe('property: any order of completions', () => {
  it('collects every result once, in the collection order, and completes the case', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: 8 }),
        fc.boolean(),
        fc.infiniteStream(fc.nat()),
        (items, sequential, picks) => {
          const graph = graphOf(
            [
              { id: 's', type: 'start' },
              {
                id: 'review',
                type: 'userTask',
                form: { id: 'f' },
                prefill: { item: 'item' },
                output: { doubled: 'form.value * 2' },
                multiInstance: {
                  collection: 'items',
                  elementVariable: 'item',
                  mode: sequential ? 'sequential' : 'parallel',
                  outputCollection: 'out',
                  outputElement: 'doubled',
                },
              },
              { id: 'e', type: 'end' },
            ],
            [
              ['s', 'review'],
              ['review', 'e'],
            ],
          );
          const ctx = contextAt();
          let r = step(graph, initialState('i1', { items }), { type: 'start', actor: 'u' }, ctx);
          const open = new Map<string, unknown>();
          const closed: string[] = [];
          const pick = picks[Symbol.iterator]();
          for (let guard = 0; r.state.status === 'active' && guard < 100; guard++) {
            for (const t of created(r.effects)) open.set(t.id, t.prefill.item);
            for (const e of r.effects)
              if (e.type === 'closeTask' && e.status === 'cancelled') closed.push(e.taskId);
            if (sequential) expect(open.size).toBeLessThanOrEqual(1);
            const ids = [...open.keys()];
            const id = ids[pick.next().value % ids.length]!;
            const value = open.get(id);
            open.delete(id);
            closed.push(id);
            r = step(
              graph,
              r.state,
              { type: 'taskCompleted', taskId: id, data: { value }, actor: 'u' },
              ctx,
            );
          }
          expect(r.state.status).toBe('completed');
          expect(r.state.variables.out).toEqual(items.map((i) => i * 2));
          expect(new Set(closed).size).toBe(closed.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
