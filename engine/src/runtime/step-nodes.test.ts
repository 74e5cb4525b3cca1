/**
 * The pure step, node type by node type (the node types of definitions/schema/process.schema.json):
 * what each does when a token arrives, and what each event does to the token waiting there.
 * Pure and without services: the whole file runs in milliseconds. Ids are the step's own, drawn
 * from the instance's sequence: `i1.k3` is the task made with number 3.
 */
import { describe, expect, it } from 'vitest';
import {
  actions,
  contextAt,
  DAY,
  graphOf,
  historyOf,
  HOUR,
  NOW,
  run,
  waits,
  type FlowSpec,
  type NodeSpec,
} from './step-fixtures.ts';
import { initialState, step } from './step.ts';
import type { Event, NewJob, NewTask } from './types.ts';

const start: NodeSpec = { id: 's', type: 'start' };
const end = (id = 'e', outcome?: string): NodeSpec => ({
  id,
  type: 'end',
  ...(outcome ? { outcome } : {}),
});
const task = (id: string, extra: Record<string, unknown> = {}): NodeSpec => ({
  id,
  type: 'userTask',
  form: { id: 'f' },
  ...extra,
});
const boundary = (
  id: string,
  attachedTo: string,
  timer: object,
  interrupting = true,
): NodeSpec => ({
  id,
  type: 'boundaryTimer',
  attachedTo,
  timer,
  interrupting,
});

/** s -> node -> e, plus more nodes and flows. */
const around = (node: NodeSpec, more: NodeSpec[] = [], flows: FlowSpec[] = []) => ({
  nodes: [start, node, end(), ...more],
  flows: [['s', node.id], [node.id, 'e'], ...flows] as FlowSpec[],
});

const completeTask = (taskId: string, data: Record<string, unknown> = {}): Event => ({
  type: 'taskCompleted',
  taskId,
  data,
  actor: 'u2',
});
const fire = (timerId: string): Event => ({ type: 'timerFired', timerId });
const message = (subscriptionId: string, payload: Record<string, unknown> = {}): Event => ({
  type: 'messageReceived',
  subscriptionId,
  messageId: 'msg-1',
  payload,
});
const jobFailed = (attempt: number, maxAttempts: number): Event => ({
  type: 'jobFailed',
  jobId: 'i1.j3',
  attempt,
  maxAttempts,
  backoffMs: 1000,
  error: 'down',
});
const cancel: Event = { type: 'cancel', actor: 'sup', reason: 'duplicate' };

interface Row {
  /** What the row shows. */
  says: string;
  nodes: NodeSpec[];
  flows: FlowSpec[];
  variables?: Record<string, unknown>;
  events?: Event[];
  /** The last step's effects other than history (see actions()). */
  effects: string[];
  /** Where the tokens wait afterwards. */
  waits?: string[];
  status?: 'active' | 'completed' | 'cancelled';
  outcome?: string | null;
  /** Variables the instance has afterwards (a subset). */
  has?: Record<string, unknown>;
  /** Variables it must not have afterwards. */
  lacks?: string[];
}

const ROWS: Row[] = [
  // start and end
  {
    says: 'start -> end: runs through in one step; the end sets the outcome',
    nodes: [start, end('e', 'done')],
    flows: [['s', 'e']],
    effects: ['instanceEnded:completed'],
    status: 'completed',
    outcome: 'done',
    waits: [],
  },
  // userTask
  {
    says: 'userTask: makes a task and waits for it',
    ...around(task('u')),
    effects: ['createTask:i1.k3'],
    waits: ['u:task'],
  },
  {
    says: 'userTask completed: the output mapping writes the variables, the token moves on',
    ...around(task('u', { output: { approved: 'form.ok' } })),
    events: [completeTask('i1.k3', { ok: true, note: 'fine' })],
    effects: ['closeTask:i1.k3:completed', 'instanceEnded:completed'],
    status: 'completed',
    has: { approved: true },
    lacks: ['note', 'ok'],
  },
  {
    says: 'userTask completed without an output mapping: the form data is merged in',
    ...around(task('u')),
    variables: { ok: false, kept: 1 },
    events: [completeTask('i1.k3', { ok: true, note: 'fine' })],
    effects: ['closeTask:i1.k3:completed', 'instanceEnded:completed'],
    has: { ok: true, note: 'fine', kept: 1 },
  },
  // serviceTask
  {
    says: 'serviceTask noop: runs inside the step',
    ...around({ id: 'a', type: 'serviceTask', action: 'noop' }),
    effects: ['instanceEnded:completed'],
    status: 'completed',
  },
  {
    says: 'serviceTask set-variables: its input becomes variables inside the step',
    ...around({ id: 'a', type: 'serviceTask', action: 'set-variables', input: { y: 'x + 1' } }),
    variables: { x: 2 },
    effects: ['instanceEnded:completed'],
    has: { x: 2, y: 3 },
  },
  {
    says: 'serviceTask with a plugin action: a job, and the token waits for it',
    ...around({ id: 'a', type: 'serviceTask', action: 'mail/send' }),
    effects: ['scheduleJob:i1.j3'],
    waits: ['a:job'],
  },
  {
    says: 'job succeeded: the output mapping reads `result`',
    ...around({ id: 'a', type: 'serviceTask', action: 'mail/send', output: { ref: 'result.id' } }),
    events: [{ type: 'jobSucceeded', jobId: 'i1.j3', result: { id: 7 } }],
    effects: ['instanceEnded:completed'],
    has: { ref: 7 },
  },
  {
    says: 'job failed with attempts left: retried, the token keeps waiting',
    ...around({ id: 'a', type: 'serviceTask', action: 'mail/send' }),
    events: [jobFailed(1, 3)],
    effects: ['retryJob:i1.j3'],
    waits: ['a:job'],
  },
  {
    says: 'job failed on its last attempt: an incident, the token keeps waiting',
    ...around({ id: 'a', type: 'serviceTask', action: 'mail/send' }),
    events: [jobFailed(3, 3)],
    effects: ['openIncident:i1.j3'],
    waits: ['a:job'],
  },
  // exclusiveGateway
  ...(
    [
      [{ n: 5 }, 'x', 'the first flow whose condition holds, in flow order'],
      [{ n: 1 }, 'y', 'a later condition when the first does not hold'],
      [{ n: 0 }, 'z', 'the default when no condition holds'],
    ] as const
  ).map(([variables, outcome, why]): Row => ({
    says: `exclusiveGateway: ${why}`,
    nodes: [
      start,
      { id: 'g', type: 'exclusiveGateway', default: 'f3' },
      end('x', 'x'),
      end('y', 'y'),
      end('z', 'z'),
    ],
    flows: [
      ['s', 'g'],
      ['g', 'x', 'n > 1'],
      ['g', 'y', 'n > 0'],
      ['g', 'z', 'true'], // the default's condition is never read
    ],
    variables,
    effects: ['instanceEnded:completed'],
    outcome,
  })),
  ...(
    [
      [{}, 'a condition that gives null (a missing variable), before any true one'],
      [{ n: 'many' }, 'a condition that gives null (a string compared with a number)'],
      [{ n: 0 }, 'every condition false and no default flow'],
    ] as const
  ).map(([variables, why]): Row => ({
    says: `exclusiveGateway holds with an incident: ${why}`,
    nodes: [start, { id: 'g', type: 'exclusiveGateway' }, end('x', 'x'), end('y', 'y')],
    flows: [
      ['s', 'g'],
      ['g', 'x', 'n > 1'],
      ['g', 'y', 'n < 0'],
    ],
    variables,
    effects: ['openIncident:i1.j3'],
    waits: ['g:gateway'],
  })),
  // parallelGateway
  {
    says: 'parallelGateway fork: one token per outgoing flow',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('a'),
      task('b'),
      { id: 'join', type: 'parallelGateway' },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'a'],
      ['fork', 'b'],
      ['a', 'join'],
      ['b', 'join'],
      ['join', 'e'],
    ],
    effects: ['createTask:i1.k5', 'createTask:i1.k6'],
    waits: ['a:task', 'b:task'],
  },
  {
    says: 'parallelGateway join: a token waits there until every incoming flow brought one',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('a'),
      task('b'),
      { id: 'join', type: 'parallelGateway' },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'a'],
      ['fork', 'b'],
      ['a', 'join'],
      ['b', 'join'],
      ['join', 'e'],
    ],
    events: [completeTask('i1.k5')],
    effects: ['closeTask:i1.k5:completed'],
    waits: ['b:task', 'join:join'],
  },
  {
    says: 'parallelGateway join: the last arrival continues, alone',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('a'),
      task('b'),
      { id: 'join', type: 'parallelGateway' },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'a'],
      ['fork', 'b'],
      ['a', 'join'],
      ['b', 'join'],
      ['join', 'e'],
    ],
    events: [completeTask('i1.k6'), completeTask('i1.k5')],
    effects: ['closeTask:i1.k5:completed', 'instanceEnded:completed'],
    status: 'completed',
    waits: [],
  },
  // timer
  {
    says: 'timer: scheduled, the token waits',
    ...around({ id: 'w', type: 'timer', timer: { duration: 'P1D' } }),
    effects: ['scheduleTimer:i1.m3'],
    waits: ['w:timer'],
  },
  {
    says: 'timer fired: the token moves on',
    ...around({ id: 'w', type: 'timer', timer: { duration: 'P1D' } }),
    events: [fire('i1.m3')],
    effects: ['instanceEnded:completed'],
    status: 'completed',
  },
  // boundaryTimer
  {
    says: 'boundaryTimer: armed with its host task',
    ...around(
      task('u'),
      [boundary('b', 'u', { duration: 'PT1H' }), end('late', 'late')],
      [['b', 'late']],
    ),
    effects: ['createTask:i1.k3', 'scheduleTimer:i1.m4@b'],
    waits: ['u:task'],
  },
  {
    says: 'boundaryTimer interrupting: cancels the task, the token takes the boundary path',
    ...around(
      task('u'),
      [boundary('b', 'u', { duration: 'PT1H' }), end('late', 'late')],
      [['b', 'late']],
    ),
    events: [fire('i1.m4@b')],
    effects: ['closeTask:i1.k3:cancelled', 'instanceEnded:completed'],
    outcome: 'late',
  },
  {
    says: 'boundaryTimer interrupting: the host’s other boundary timers are cancelled',
    ...around(
      task('u'),
      [
        boundary('b1', 'u', { duration: 'PT1H' }),
        boundary('b2', 'u', { duration: 'P1D' }, false),
        end('late', 'late'),
        end('later', 'later'),
      ],
      [
        ['b1', 'late'],
        ['b2', 'later'],
      ],
    ),
    events: [fire('i1.m4@b1')],
    effects: ['cancelTimer:i1.m5@b2', 'closeTask:i1.k3:cancelled', 'instanceEnded:completed'],
    outcome: 'late',
  },
  {
    says: 'boundaryTimer non-interrupting: the task stays open while a new token runs',
    ...around(
      task('u'),
      [boundary('b', 'u', { duration: 'PT1H' }, false), task('remind')],
      [
        ['b', 'remind'],
        ['remind', 'e'],
      ],
    ),
    events: [fire('i1.m4@b')],
    effects: ['createTask:i1.k7'],
    waits: ['u:task', 'remind:task'],
  },
  {
    says: 'boundaryTimer non-interrupting, fired: completing the task cancels nothing more',
    ...around(
      task('u'),
      [boundary('b', 'u', { duration: 'PT1H' }, false), task('remind')],
      [
        ['b', 'remind'],
        ['remind', 'e'],
      ],
    ),
    events: [fire('i1.m4@b'), completeTask('i1.k3')],
    effects: ['closeTask:i1.k3:completed'],
    waits: ['remind:task'],
  },
  {
    says: 'boundaryTimer: completing the host first cancels the timer',
    ...around(
      task('u'),
      [boundary('b', 'u', { duration: 'PT1H' }), end('late', 'late')],
      [['b', 'late']],
    ),
    events: [completeTask('i1.k3')],
    effects: ['closeTask:i1.k3:completed', 'cancelTimer:i1.m4@b', 'instanceEnded:completed'],
    outcome: null,
  },
  // messageCatch
  {
    says: 'messageCatch: subscribes with the computed correlation key and waits',
    ...around({ id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'ref' }),
    variables: { ref: 'R1' },
    // a message that came first, buffered, is taken at once (the executor answers with it)
    effects: ['subscribe:i1.s3', 'takeBufferedMessage:i1.s3'],
    waits: ['m:message'],
  },
  {
    says: 'messageCatch received: the payload is merged in without an output mapping',
    ...around({ id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'ref' }),
    variables: { ref: 'R1' },
    events: [message('i1.s3', { pages: 3 })],
    effects: ['instanceEnded:completed'],
    has: { ref: 'R1', pages: 3 },
  },
  {
    says: 'messageCatch received: the output mapping reads `message`',
    ...around({
      id: 'm',
      type: 'messageCatch',
      message: 'docs',
      correlationKey: 'ref',
      output: { count: 'message.pages' },
    }),
    variables: { ref: 'R1' },
    events: [message('i1.s3', { pages: 3 })],
    effects: ['instanceEnded:completed'],
    has: { count: 3 },
    lacks: ['pages'],
  },
  {
    says: 'messageCatch with a boundary timer: the message first cancels the timer',
    ...around(
      { id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'ref' },
      [boundary('b', 'm', { duration: 'P7D' }), end('late', 'late')],
      [['b', 'late']],
    ),
    variables: { ref: 'R1' },
    events: [message('i1.s3')],
    effects: ['cancelTimer:i1.m4@b', 'instanceEnded:completed'],
  },
  {
    says: 'messageCatch with a boundary timer: the timer first withdraws the subscription',
    ...around(
      { id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'ref' },
      [boundary('b', 'm', { duration: 'P7D' }), end('late', 'late')],
      [['b', 'late']],
    ),
    variables: { ref: 'R1' },
    events: [fire('i1.m4@b')],
    effects: ['unsubscribe:i1.s3', 'instanceEnded:completed'],
    outcome: 'late',
  },
  // callActivity
  {
    says: 'callActivity: starts the child with the input mapping and waits',
    ...around({ id: 'c', type: 'callActivity', process: { id: 'sub' }, input: { n: 'x * 2' } }),
    variables: { x: 2 },
    effects: ['startChild:c1'],
    waits: ['c:call'],
  },
  {
    says: 'callActivity: the child’s end maps its variables and outcome back',
    ...around({
      id: 'c',
      type: 'callActivity',
      process: { id: 'sub' },
      output: { total: 'child.n + 1', childOutcome: 'outcome' },
    }),
    events: [{ type: 'childCompleted', childId: 'c1', variables: { n: 4 }, outcome: 'ok' }],
    effects: ['instanceEnded:completed'],
    has: { total: 5, childOutcome: 'ok' },
  },
  {
    says: 'callActivity with an interrupting boundary timer: the child is cancelled',
    ...around(
      { id: 'c', type: 'callActivity', process: { id: 'sub' } },
      [boundary('b', 'c', { duration: 'P1D' }), end('late', 'late')],
      [['b', 'late']],
    ),
    events: [fire('i1.m3@b')],
    effects: ['cancelChild:c1', 'instanceEnded:completed'],
    outcome: 'late',
  },
  // terminateEnd
  {
    says: 'terminateEnd: reached at once by one branch, it withdraws the others, run or not yet run',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('u'),
      { id: 'stop', type: 'terminateEnd', outcome: 'stopped' },
      { id: 'w', type: 'timer', timer: { duration: 'P1D' } },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'u'],
      ['fork', 'stop'],
      ['fork', 'w'],
      ['u', 'e'],
      ['w', 'e'],
    ],
    effects: ['createTask:i1.k6', 'closeTask:i1.k6:cancelled', 'instanceEnded:completed'],
    outcome: 'stopped',
    waits: [],
  },
  {
    says: 'terminateEnd after a task: every other wait is withdrawn, the case completes',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('u1'),
      task('u2'),
      boundary('b', 'u2', { duration: 'P1D' }),
      { id: 'a', type: 'serviceTask', action: 'mail/send' },
      { id: 'stop', type: 'terminateEnd' },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'u1'],
      ['fork', 'u2'],
      ['fork', 'a'],
      ['u1', 'stop'],
      ['u2', 'e'],
      ['a', 'e'],
      ['b', 'e'],
    ],
    events: [completeTask('i1.k6')],
    effects: [
      'closeTask:i1.k6:completed',
      'cancelTimer:i1.m8@b',
      'closeTask:i1.k7:cancelled',
      'cancelJob:i1.j9',
      'instanceEnded:completed',
    ],
    outcome: null,
    waits: [],
  },
  // cancel
  {
    says: 'cancel: every wait is withdrawn, whatever it waits for',
    nodes: [
      start,
      { id: 'fork', type: 'parallelGateway' },
      task('u', {}),
      boundary('b', 'u', { duration: 'P1D' }),
      { id: 'w', type: 'timer', timer: { duration: 'P1D' } },
      { id: 'a', type: 'serviceTask', action: 'mail/send' },
      { id: 'm', type: 'messageCatch', message: 'docs', correlationKey: '"K"' },
      { id: 'c', type: 'callActivity', process: { id: 'sub' } },
      end(),
    ],
    flows: [
      ['s', 'fork'],
      ['fork', 'u'],
      ['fork', 'w'],
      ['fork', 'a'],
      ['fork', 'm'],
      ['fork', 'c'],
      ['u', 'e'],
      ['w', 'e'],
      ['a', 'e'],
      ['m', 'e'],
      ['c', 'e'],
      ['b', 'e'],
    ],
    events: [cancel],
    effects: [
      'cancelTimer:i1.m9@b',
      'closeTask:i1.k8:cancelled',
      'cancelTimer:i1.m10',
      'cancelJob:i1.j11',
      'unsubscribe:i1.s12',
      'cancelChild:c1',
      'instanceEnded:cancelled',
    ],
    status: 'cancelled',
    waits: [],
  },
];

describe('step, node type by node type', () => {
  it.each(ROWS.map((r) => [r.says, r] as const))('%s', (_, row) => {
    const r = run(graphOf(row.nodes, row.flows), row.variables ?? {}, row.events ?? []);
    expect(actions(r.last)).toEqual(row.effects);
    if (row.waits) expect(waits(r.state)).toEqual(row.waits);
    expect(r.state.status).toBe(
      row.status ?? (row.effects.includes('instanceEnded:completed') ? 'completed' : 'active'),
    );
    if (row.outcome !== undefined) expect(r.state.outcome).toBe(row.outcome);
    if (row.has) expect(r.state.variables).toMatchObject(row.has);
    for (const name of row.lacks ?? []) expect(r.state.variables).not.toHaveProperty(name);
  });
});

describe('what a step records', () => {
  it('a terminate end: the tokens it withdrew, then the case completed', () => {
    const g = graphOf(
      [
        start,
        { id: 'fork', type: 'parallelGateway' },
        task('u'),
        { id: 'stop', type: 'terminateEnd' },
        end(),
      ],
      [
        ['s', 'fork'],
        ['fork', 'u'],
        ['fork', 'stop'],
        ['u', 'e'],
      ],
    );
    const r = run(g, {});
    expect(historyOf(r.last).slice(-3)).toEqual([
      'node.left:stop',
      'instance.terminated:stop',
      'instance.completed',
    ]);
    const terminated = r.last.find(
      (e) => e.type === 'history' && e.entry.type === 'instance.terminated',
    );
    expect(terminated).toMatchObject({
      entry: { data: { withdrawn: [{ tokenId: 'i1.t3', nodeId: 'u' }] } },
    });
  });

  it('a run from start to end: every node entered and left, then the instance completed', () => {
    const r = run(graphOf([start, end('e', 'done')], [['s', 'e']]), {});
    expect(historyOf(r.last)).toEqual([
      'instance.started',
      'node.entered:s',
      'node.left:s',
      'node.entered:e',
      'node.left:e',
      'instance.completed',
    ]);
  });

  it('a task: its fields evaluated over the variables, its due date from the clock', () => {
    const g = graphOf(
      ...(Object.values(
        around(
          task('u', {
            form: { id: 'claim', version: 2 },
            assignee: 'owner',
            candidateGroups: '["claims", null, ""]',
            candidateUsers: 'reviewer',
            priority: '150',
            dueDate: { duration: 'P1D' },
            prefill: { doubled: 'amount * 2' },
          }),
        ),
      ) as [NodeSpec[], FlowSpec[]]),
    );
    const r = run(g, { owner: 'mei', reviewer: 'li', amount: 21 });
    const made = r.last.find((e) => e.type === 'createTask');
    expect(made?.type === 'createTask' && made.task).toEqual({
      id: 'i1.k3',
      tokenId: 'i1.t2',
      nodeId: 'u',
      formId: 'claim',
      formVersion: 2,
      assignee: 'mei',
      candidateGroups: ['claims'],
      candidateUsers: ['li'],
      priority: 100, // clamped to 0..100
      dueAt: NOW + DAY,
      prefill: { doubled: 42 },
    } satisfies NewTask);
  });

  it('a task whose node pins no form version: the latest, as the context knows it', () => {
    const g = graphOf(...(Object.values(around(task('u'))) as [NodeSpec[], FlowSpec[]]));
    const ctx = { ...contextAt(), latestFormVersion: (id: string) => (id === 'f' ? 7 : null) };
    const made = run(g, {}, [], ctx).last.find((e) => e.type === 'createTask');
    expect(made?.type === 'createTask' && made.task.formVersion).toBe(7);
  });

  it('a completed task: closed with the data submitted and who submitted it', () => {
    const g = graphOf(...(Object.values(around(task('u'))) as [NodeSpec[], FlowSpec[]]));
    const r = run(g, {}, [completeTask('i1.k3', { ok: true })]);
    expect(r.last.find((e) => e.type === 'closeTask')).toEqual({
      type: 'closeTask',
      taskId: 'i1.k3',
      status: 'completed',
      submitted: { data: { ok: true }, by: 'u2' },
    });
  });

  it.each([
    ['no declaration: no key', undefined, {}, {}, []],
    ['the expression over the start variables', 'no', { no: 'C-9' }, {}, ['setBusinessKey:C-9']],
    ['the caller’s key wins', 'no', { no: 'C-9' }, { businessKey: 'K-1' }, ['setBusinessKey:K-1']],
    ['an expression giving nothing: no key', 'no', { no: '' }, {}, []],
    [
      'unique: checked',
      { expression: 'no', unique: true },
      { no: 'C-9' },
      {},
      ['setBusinessKey:C-9:unique'],
    ],
    [
      'unique, but a call activity’s child: not checked',
      { expression: 'no', unique: true },
      { no: 'C-9' },
      { child: true },
      ['setBusinessKey:C-9'],
    ],
  ] as const)('the business key at the start: %s', (_, businessKey, variables, given, keys) => {
    const g = graphOf(
      [start, task('u'), end()],
      [
        ['s', 'u'],
        ['u', 'e'],
      ],
      {
        ...(businessKey === undefined ? {} : { businessKey }),
      } as object,
    );
    const r = step(
      g,
      initialState('i1', variables),
      { type: 'start', actor: 'u1', ...given },
      contextAt(),
    );
    expect(actions(r.effects).filter((a) => a.startsWith('setBusinessKey'))).toEqual(keys);
  });

  it('a job: the retry policy of its node, or the defaults', () => {
    const job = (retry?: object) => {
      const g = graphOf(
        ...(Object.values(
          around({
            id: 'a',
            type: 'serviceTask',
            action: 'mail/send',
            input: { to: 'email' },
            ...(retry ? { retry } : {}),
          }),
        ) as [NodeSpec[], FlowSpec[]]),
      );
      const e = run(g, { email: 'a@b.c' }).last.find((x) => x.type === 'scheduleJob');
      return e?.type === 'scheduleJob' ? e.job : undefined;
    };
    expect(job()).toEqual({
      id: 'i1.j3',
      tokenId: 'i1.t2',
      nodeId: 'a',
      action: 'mail/send',
      input: { to: 'a@b.c' },
      maxAttempts: 3,
      backoffMs: 1000,
      timeoutMs: 30_000,
      runAt: NOW,
    } satisfies NewJob);
    expect(job({ attempts: 5, backoff: 'PT10S', timeout: 'PT2M' })).toMatchObject({
      maxAttempts: 5,
      backoffMs: 10_000,
      timeoutMs: 120_000,
    });
  });

  it('a retry waits the backoff doubled per attempt', () => {
    const g = graphOf(
      ...(Object.values(around({ id: 'a', type: 'serviceTask', action: 'mail/send' })) as [
        NodeSpec[],
        FlowSpec[],
      ]),
    );
    for (const [attempt, wait] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
    ] as const) {
      const retry = run(g, {}, [jobFailed(attempt, 9)]).last.find((e) => e.type === 'retryJob');
      expect(retry).toMatchObject({ attempt: attempt + 1, runAt: NOW + wait });
    }
  });
});

describe('timer due instants', () => {
  /** [timer spec, process time zone, variables, due instant, why] */
  const CASES: [object, string | undefined, Record<string, unknown>, string, string][] = [
    [{ duration: 'PT36H' }, undefined, {}, '2026-03-03T21:00:00.000Z', 'elapsed hours'],
    [{ duration: 'P1M' }, undefined, {}, '2026-04-02T09:00:00.000Z', 'a calendar month'],
    [
      { durationExpression: 'if urgent then "PT2H" else "P1D"' },
      undefined,
      { urgent: true },
      '2026-03-02T11:00:00.000Z',
      'a duration computed from the variables',
    ],
    [
      { durationExpression: 'duration("P2D")' },
      undefined,
      {},
      '2026-03-04T09:00:00.000Z',
      'a FEEL duration',
    ],
    [
      { dateExpression: 'at' },
      undefined,
      { at: '2026-03-05T10:00:00+08:00' },
      '2026-03-05T02:00:00.000Z',
      'a date-time with its offset',
    ],
    [
      { dateExpression: 'at' },
      'Europe/Berlin',
      { at: '2026-03-05T10:00:00' },
      '2026-03-05T09:00:00.000Z',
      'a local date-time, read in the process’s zone',
    ],
    [
      { dateExpression: 'date and time(day + "T09:00:00") + duration("P1D")' },
      'Asia/Shanghai',
      { day: '2026-03-05' },
      '2026-03-06T01:00:00.000Z',
      'FEEL date arithmetic on a local date-time',
    ],
    [
      { dateExpression: 'date and time("2026-03-05T10:00:00@Europe/Berlin")' },
      'Asia/Shanghai',
      {},
      '2026-03-05T09:00:00.000Z',
      'a FEEL date-time in a named zone',
    ],
    [
      { dateExpression: 'date(day)' },
      'Asia/Shanghai',
      { day: '2026-03-05' },
      '2026-03-04T16:00:00.000Z',
      'a date is local midnight',
    ],
    [
      { duration: 'P1D' },
      'America/New_York',
      {},
      '2026-03-03T09:00:00.000Z',
      'a day in a DST zone, away from the switch',
    ],
  ];

  it.each(CASES)('%j in %s with %j is %s (%s)', (timer, timeZone, variables, due) => {
    const g = graphOf(
      [start, { id: 'w', type: 'timer', timer }, end()],
      [
        ['s', 'w'],
        ['w', 'e'],
      ],
      timeZone ? { timeZone } : {},
    );
    const scheduled = run(g, variables).last.find((e) => e.type === 'scheduleTimer');
    expect(
      scheduled?.type === 'scheduleTimer' && new Date(scheduled.timer.dueAt).toISOString(),
    ).toBe(due);
  });

  it('a day across the switch to summer time in Berlin is 23 hours', () => {
    const g = graphOf(
      [start, { id: 'w', type: 'timer', timer: { duration: 'P1D' } }, end()],
      [
        ['s', 'w'],
        ['w', 'e'],
      ],
      { timeZone: 'Europe/Berlin' },
    );
    const at = Date.parse('2026-03-28T12:00:00+01:00');
    const scheduled = run(g, {}, [], contextAt(at)).last.find((e) => e.type === 'scheduleTimer');
    expect(scheduled?.type === 'scheduleTimer' && scheduled.timer.dueAt - at).toBe(23 * HOUR);
  });
});

describe('what a step refuses (and then writes nothing)', () => {
  const timerGraph = (timer: object) =>
    graphOf(
      [start, { id: 'w', type: 'timer', timer }, end()],
      [
        ['s', 'w'],
        ['w', 'e'],
      ],
    );
  const taskGraph = graphOf(...(Object.values(around(task('u'))) as [NodeSpec[], FlowSpec[]]));

  it.each([
    ['an event no token waits for', taskGraph, {}, [completeTask('i1.k99')], 'CW_ERR_NOT_FOUND'],
    ['a timer no token waits for', taskGraph, {}, [fire('i1.m99@b')], 'CW_ERR_NOT_FOUND'],
    [
      'an event for an ended instance',
      taskGraph,
      {},
      [completeTask('i1.k3'), completeTask('i1.k3')],
      'CW_ERR_INSTANCE_NOT_ACTIVE',
    ],
    [
      'a duration expression that gives no duration',
      timerGraph({ durationExpression: '42' }),
      {},
      [],
      'CW_ERR_EXPRESSION_FAILED',
    ],
    [
      'a duration expression that gives a malformed duration',
      timerGraph({ durationExpression: '"3 days"' }),
      {},
      [],
      'CW_ERR_EXPRESSION_FAILED',
    ],
    [
      'a date expression that gives no date',
      timerGraph({ dateExpression: '"next Tuesday"' }),
      {},
      [],
      'CW_ERR_EXPRESSION_FAILED',
    ],
    [
      'a correlation key that gives nothing',
      graphOf(
        ...(Object.values(
          around({ id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'missing' }),
        ) as [NodeSpec[], FlowSpec[]]),
      ),
      {},
      [],
      'CW_ERR_EXPRESSION_FAILED',
    ],
    ['a process without a start node', graphOf([end()], []), {}, [], 'CW_ERR_DEF_START_COUNT'],
  ] as const)('%s', (_, g, variables, events, code) => {
    expect(() => run(g, variables, [...events])).toThrow(expect.objectContaining({ code }));
  });
});
