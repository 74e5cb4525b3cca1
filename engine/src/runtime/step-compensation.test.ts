/**
 * The pure step and compensation (issue 19): a service task that names an undo action
 * (`compensation`) is undone when a compensation throw or end is reached, the last completed
 * first, each undo a job with the retries and incidents of a service task; a task is undone at
 * most once, only when it completed, and a throw inside an embedded subprocess reaches only
 * what ran inside it.
 */
import { describe, expect, it } from 'vitest';
import { isCasewayError } from '../errors.ts';
import type { Effect, Event, InstanceState } from './types.ts';
import { contextAt, graphOf, historyOf, waits, type NodeSpec } from './step-fixtures.ts';
import { initialState, step } from './step.ts';
import type { ProcessGraph } from './graph.ts';

const book: NodeSpec = {
  id: 'book',
  type: 'serviceTask',
  action: 'hotel/book',
  output: { bookingRef: 'result.ref' },
  compensation: { action: 'hotel/cancel', input: { ref: 'result.ref', guest: 'guest' } },
};
const charge: NodeSpec = {
  id: 'charge',
  type: 'serviceTask',
  action: 'card/charge',
  compensation: {
    action: 'card/refund',
    input: { amount: 'amount' },
    retry: { attempts: 2, backoff: 'PT5S' },
  },
};
const notify: NodeSpec = { id: 'notify', type: 'serviceTask', action: 'sms/send' };

/** A case stepped event by event, each step's effects kept. */
class Case {
  state: InstanceState;
  last: Effect[] = [];
  all: Effect[] = [];
  constructor(
    readonly graph: ProcessGraph,
    variables: Record<string, unknown> = {},
  ) {
    this.state = initialState('i1', variables);
    this.send({ type: 'start', actor: 'u1' });
  }
  send(event: Event): this {
    const r = step(this.graph, this.state, event, contextAt());
    this.state = r.state;
    this.last = r.effects;
    this.all.push(...r.effects);
    return this;
  }
  /** The job the token at `nodeId` waits for. */
  job(nodeId: string): string {
    const t = this.state.tokens.find((x) => x.nodeId === nodeId && x.wait.kind === 'job');
    if (!t || t.wait.kind !== 'job') throw new Error(`no job at ${nodeId}: ${waits(this.state)}`);
    return t.wait.jobId;
  }
  /** The job waited for at `nodeId` succeeds with `result`. */
  succeed(nodeId: string, result: unknown = {}): this {
    return this.send({ type: 'jobSucceeded', jobId: this.job(nodeId), result });
  }
  /** The jobs the last step scheduled, as `action input`. */
  scheduled(): string[] {
    return this.last.flatMap((e) =>
      e.type === 'scheduleJob' ? [`${e.job.action} ${JSON.stringify(e.job.input)}`] : [],
    );
  }
}

/** s -> [nodes…] -> x (the compensation node) -> after (a user task) -> e, in a line. */
function line(nodes: NodeSpec[], x: NodeSpec = { id: 'x', type: 'compensateThrow' }) {
  const chain = ['s', ...nodes.map((n) => n.id), x.id];
  const last = x.type === 'compensateEnd' ? [] : ['after', 'e'];
  return graphOf(
    [
      { id: 's', type: 'start' },
      ...nodes,
      x,
      ...(last.length
        ? [
            { id: 'after', type: 'userTask', form: { id: 'f' } },
            { id: 'e', type: 'end' },
          ]
        : []),
    ],
    [...chain, ...last].slice(1).map((to, i) => [[...chain, ...last][i]!, to]),
  );
}

describe('a compensation throw', () => {
  it('undoes the completed tasks in reverse order of completion, one job after another, then goes on', () => {
    const c = new Case(line([book, charge, notify]), { guest: 'Chen', amount: 120 });
    c.succeed('book', { ref: 'H-1' }).succeed('charge').succeed('notify');
    // the last completed with an undo (charge) first; notify names none
    expect(c.scheduled()).toEqual(['card/refund {"amount":120}']);
    expect(c.last).toContainEqual(
      expect.objectContaining({
        type: 'scheduleJob',
        job: expect.objectContaining({ nodeId: 'x', maxAttempts: 2, backoffMs: 5000 }),
      }),
    );
    expect(c.state.compensable).toBeUndefined();
    c.succeed('x');
    expect(c.scheduled()).toEqual(['hotel/cancel {"ref":"H-1","guest":"Chen"}']);
    c.succeed('x');
    expect(c.scheduled()).toEqual([]);
    expect(waits(c.state)).toEqual(['after:task']);
    expect(historyOf(c.all).filter((h) => h.startsWith('compensation.'))).toEqual([
      'compensation.started:x',
      'compensation.undone:x',
      'compensation.undone:x',
      'compensation.completed:x',
    ]);
    const undone = c.all.flatMap((e) =>
      e.type === 'history' && e.entry.type === 'compensation.undone' ? [e.entry.data?.undoing] : [],
    );
    expect(undone).toEqual(['charge', 'book']);
  });

  it('takes the undo input as it was when the task completed', () => {
    const hold: NodeSpec = { id: 'hold', type: 'userTask', form: { id: 'f' } };
    const c = new Case(line([charge, hold]), { amount: 120 });
    c.succeed('charge');
    // an operator corrects the amount afterwards: the refund is of what was charged
    c.send({ type: 'variablesEdited', variables: { amount: 99 }, actor: 'op', reason: 'typo' });
    const task = c.state.tokens[0]!.wait;
    if (task.kind !== 'task') throw new Error('not at the task');
    c.send({ type: 'taskCompleted', taskId: task.taskId, data: {}, actor: 'u1' });
    expect(c.scheduled()).toEqual(['card/refund {"amount":120}']);
  });

  const rows: { says: string; nodes: NodeSpec[]; events: (c: Case) => void; undo: string[] }[] = [
    {
      says: 'with nothing completed that names an undo, goes on at once',
      nodes: [notify],
      events: (c) => c.succeed('notify'),
      undo: [],
    },
    {
      says: 'a task whose error a boundary caught did not complete: it is not undone',
      nodes: [
        book,
        charge,
        { id: 'declined', type: 'boundaryError', attachedTo: 'charge', errorCode: 'DECLINED' },
      ],
      events: (c) =>
        c.succeed('book', { ref: 'H-2' }).send({
          type: 'jobFailed',
          jobId: c.job('charge'),
          attempt: 1,
          maxAttempts: 1,
          backoffMs: 0,
          error: 'declined',
          failure: { code: 'DECLINED', message: 'no', details: null },
        }),
      undo: ['hotel/cancel'],
    },
    {
      says: 'a built-in undo (set-variables) runs inside the step',
      nodes: [
        {
          id: 'flag',
          type: 'serviceTask',
          action: 'set-variables',
          input: { held: 'true' },
          compensation: { action: 'set-variables', input: { held: 'false' } },
        },
      ],
      events: () => undefined,
      undo: [],
    },
  ];
  it.each(rows)('$says', ({ nodes, events, undo }) => {
    // the boundary leads on to the throw too
    const graph = line(nodes.filter((n) => n.type !== 'boundaryError'));
    const withBoundary = nodes.find((n) => n.type === 'boundaryError');
    const g = withBoundary
      ? graphOf([...graph.definition.nodes, withBoundary] as NodeSpec[], [
          ...graph.definition.flows.map((f) => [f.from, f.to] as [string, string]),
          ['declined', 'x'],
        ])
      : graph;
    const c = new Case(g, { guest: 'Lin', amount: 1 });
    events(c);
    const started = c.all.find(
      (e) => e.type === 'history' && e.entry.type === 'compensation.started',
    );
    expect(started).toBeDefined();
    expect(c.scheduled().map((s) => s.split(' ')[0])).toEqual(undo);
    if (!undo.length) expect(waits(c.state)).toEqual(['after:task']);
    if (nodes[0]?.id === 'flag') expect(c.state.variables.held).toBe(false);
  });
});

describe('an undo that fails', () => {
  const failing = (c: Case, attempt: number, failure?: { code: string }) =>
    c.send({
      type: 'jobFailed',
      jobId: c.job('x'),
      attempt,
      maxAttempts: failure ? attempt : 2,
      backoffMs: 5000,
      error: 'bank down',
      ...(failure ? { failure: { ...failure, message: 'no', details: null } } : {}),
    });

  it('is retried with the undo policy, then an incident at the throw; retried, the next undo runs', () => {
    const c = new Case(line([book, charge]), { guest: 'Wu', amount: 5 });
    c.succeed('book', { ref: 'H-3' }).succeed('charge');
    failing(c, 1);
    expect(c.last.map((e) => e.type)).toContain('retryJob');
    failing(c, 2);
    const incident = c.last.find((e) => e.type === 'openIncident');
    expect(incident).toMatchObject({ nodeId: 'x', error: 'bank down' });
    const opened = c.last.find((e) => e.type === 'history' && e.entry.type === 'incident.opened');
    expect(opened).toMatchObject({ entry: { data: { undoing: 'charge' } } });
    expect(waits(c.state)).toEqual(['x:job']);
    // the operator retries the incident: the job succeeds, the hotel is cancelled next
    c.succeed('x');
    expect(c.scheduled()).toEqual(['hotel/cancel {"ref":"H-3","guest":"Wu"}']);
  });

  it('with a business error, is an incident: no error boundary catches an undo', () => {
    const g = line([charge, { id: 'declined', type: 'boundaryError', attachedTo: 'charge' }]);
    const c = new Case(g, { amount: 5 });
    c.succeed('charge');
    failing(c, 1, { code: 'DECLINED' });
    expect(c.last.map((e) => e.type)).toContain('openIncident');
    expect(waits(c.state)).toEqual(['x:job']);
  });

  it('skipped by an operator, leaves the next undo to run', () => {
    const c = new Case(line([book, charge]), { guest: 'Ho', amount: 5 });
    c.succeed('book', { ref: 'H-4' }).succeed('charge');
    failing(c, 2);
    c.send({ type: 'stepSkipped', jobId: c.job('x'), actor: 'op', reason: 'refunded by hand' });
    expect(c.scheduled()).toEqual(['hotel/cancel {"ref":"H-4","guest":"Ho"}']);
  });

  it('cannot have its input evaluated again: it was fixed when the task completed', () => {
    const c = new Case(line([charge]), { amount: 5 });
    c.succeed('charge');
    let code: string | undefined;
    try {
      c.send({ type: 'jobInputEvaluated', jobId: c.job('x'), actor: 'op' });
    } catch (e) {
      code = isCasewayError(e) ? e.code : 'other';
    }
    expect(code).toBe('CW_ERR_INCIDENT_INPUT_NOT_MAPPED');
  });
});

describe('compensation and scopes', () => {
  // s -> book -> sub[ charge -> x (throw) -> inner-end ] -> y (throw) -> after -> e
  const scoped = graphOf(
    [
      { id: 's', type: 'start' },
      book,
      { id: 'sub', type: 'subProcess' },
      { id: 'ss', type: 'start', parent: 'sub' },
      { ...charge, parent: 'sub' },
      { id: 'x', type: 'compensateThrow', parent: 'sub' },
      { id: 'se', type: 'end', parent: 'sub' },
      { id: 'y', type: 'compensateThrow' },
      { id: 'after', type: 'userTask', form: { id: 'f' } },
      { id: 'e', type: 'end' },
    ],
    [
      ['s', 'book'],
      ['book', 'sub'],
      ['ss', 'charge'],
      ['charge', 'x'],
      ['x', 'se'],
      ['sub', 'y'],
      ['y', 'after'],
      ['after', 'e'],
    ],
  );

  it('a throw inside a subprocess undoes only what ran inside it; one outside, the rest', () => {
    const c = new Case(scoped, { guest: 'Ma', amount: 7 });
    c.succeed('book', { ref: 'H-5' }).succeed('charge');
    expect(c.scheduled()).toEqual(['card/refund {"amount":7}']);
    c.succeed('x');
    // the subprocess ended; the outer throw finds the booking only (the refund ran once)
    expect(c.scheduled()).toEqual(['hotel/cancel {"ref":"H-5","guest":"Ma"}']);
    c.succeed('y');
    expect(waits(c.state)).toEqual(['after:task']);
  });

  it('a throw outside reaches into a subprocess that completed', () => {
    const g = graphOf(scoped.definition.nodes.filter((n) => n.id !== 'x') as NodeSpec[], [
      ['s', 'book'],
      ['book', 'sub'],
      ['ss', 'charge'],
      ['charge', 'se'],
      ['sub', 'y'],
      ['y', 'after'],
      ['after', 'e'],
    ]);
    const c = new Case(g, { guest: 'Ma', amount: 7 });
    c.succeed('book', { ref: 'H-6' }).succeed('charge');
    expect(c.scheduled()).toEqual(['card/refund {"amount":7}']);
    c.succeed('y');
    expect(c.scheduled()).toEqual(['hotel/cancel {"ref":"H-6","guest":"Ma"}']);
  });

  it('undoes each instance of a multi-instance task, the last completed first', () => {
    const each: NodeSpec = {
      ...charge,
      multiInstance: { collection: 'amounts', elementVariable: 'amount' },
    };
    const c = new Case(line([each]), { amounts: [10, 20, 30] });
    const jobs = c.state.tokens.flatMap((t) => (t.wait.kind === 'job' ? [t.wait.jobId] : []));
    for (const jobId of [jobs[1]!, jobs[2]!, jobs[0]!])
      c.send({ type: 'jobSucceeded', jobId, result: {} });
    const refunds: string[] = [...c.scheduled()];
    while (c.state.tokens.some((t) => t.nodeId === 'x')) {
      c.succeed('x');
      refunds.push(...c.scheduled());
    }
    expect(refunds).toEqual([
      'card/refund {"amount":10}',
      'card/refund {"amount":30}',
      'card/refund {"amount":20}',
    ]);
  });
});

describe('a compensation end', () => {
  it('undoes, then ends the case with its outcome; nothing is left to undo twice', () => {
    const c = new Case(line([charge], { id: 'x', type: 'compensateEnd', outcome: 'withdrawn' }), {
      amount: 3,
    });
    c.succeed('charge');
    expect(c.scheduled()).toEqual(['card/refund {"amount":3}']);
    c.succeed('x');
    expect(c.state.status).toBe('completed');
    expect(c.state.outcome).toBe('withdrawn');
    expect(c.state.compensable).toBeUndefined();
  });

  it('a cancelled case withdraws the running undo', () => {
    const c = new Case(line([charge], { id: 'x', type: 'compensateEnd' }), { amount: 3 });
    c.succeed('charge');
    const jobId = c.job('x');
    c.send({ type: 'cancel', actor: 'op', reason: 'duplicate' });
    expect(c.last).toContainEqual({ type: 'cancelJob', jobId });
  });
});
