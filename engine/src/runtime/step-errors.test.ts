/**
 * The pure step and error boundary events (issue 19): a service task's business error (a
 * plugin's PermanentError with a code) takes the boundary naming that code, else the task's
 * catch-all, else it is an incident; a failure without a code is never caught. Each row is a
 * process `s -> pay -> e` with boundaries on `pay`, the job `i1.j3` failing once.
 */
import { describe, expect, it } from 'vitest';
import type { BusinessError, Event } from './types.ts';
import { actions, graphOf, historyOf, run, waits, type NodeSpec } from './step-fixtures.ts';

const start: NodeSpec = { id: 's', type: 'start' };
const end = (id: string, outcome: string): NodeSpec => ({ id, type: 'end', outcome });
const pay: NodeSpec = { id: 'pay', type: 'serviceTask', action: 'bank/transfer' };
const catches = (id: string, code?: string, output?: Record<string, string>): NodeSpec => ({
  id,
  type: 'boundaryError',
  attachedTo: 'pay',
  ...(code ? { errorCode: code } : {}),
  ...(output ? { output } : {}),
});

/** s -> pay -> paid, and each boundary to an end whose outcome is its id. */
function process(...boundaries: NodeSpec[]) {
  return graphOf(
    [
      start,
      pay,
      end('paid', 'paid'),
      ...boundaries,
      ...boundaries.map((b) => end(`${b.id}-end`, b.id)),
    ],
    [
      ['s', 'pay'],
      ['pay', 'paid'],
      ...boundaries.map((b) => [b.id, `${b.id}-end`] as [string, string]),
    ],
  );
}

const failed = (failure?: BusinessError, attempt = 1, maxAttempts = 3): Event => ({
  type: 'jobFailed',
  jobId: 'i1.j3',
  attempt,
  // the executor makes a permanent failure the last attempt
  maxAttempts: failure ? attempt : maxAttempts,
  backoffMs: 1000,
  error: failure ? `CW_ERR_ACTION_REJECTED: ${failure.code}: ${failure.message}` : 'down',
  ...(failure ? { failure } : {}),
});
const rejected = (code: string, details: Record<string, unknown> | null = null): BusinessError => ({
  code,
  message: 'the bank said no',
  details,
});

interface Row {
  says: string;
  boundaries: NodeSpec[];
  event: Event;
  /** The step's effects other than history. */
  effects: string[];
  /** The case's outcome afterwards (the boundary taken), or null while it waits. */
  outcome: string | null;
  waits?: string[];
  has?: Record<string, unknown>;
}

const ROWS: Row[] = [
  {
    says: 'the boundary naming the code is taken: the job finished, no incident',
    boundaries: [catches('closed', 'ACCOUNT_CLOSED'), catches('any')],
    event: failed(rejected('ACCOUNT_CLOSED')),
    effects: ['finishJob', 'instanceEnded:completed'],
    outcome: 'closed',
  },
  {
    says: 'the named boundary wins over a catch-all defined before it',
    boundaries: [catches('any'), catches('closed', 'ACCOUNT_CLOSED')],
    event: failed(rejected('ACCOUNT_CLOSED')),
    effects: ['finishJob', 'instanceEnded:completed'],
    outcome: 'closed',
  },
  {
    says: 'a code no boundary names takes the catch-all',
    boundaries: [catches('closed', 'ACCOUNT_CLOSED'), catches('any')],
    event: failed(rejected('LIMIT_EXCEEDED')),
    effects: ['finishJob', 'instanceEnded:completed'],
    outcome: 'any',
  },
  {
    says: 'a code no boundary names, without a catch-all: an incident, the task still waits',
    boundaries: [catches('closed', 'ACCOUNT_CLOSED')],
    event: failed(rejected('LIMIT_EXCEEDED')),
    effects: ['openIncident:i1.j3'],
    outcome: null,
    waits: ['pay:job'],
  },
  {
    says: 'codes are matched exactly (case counts)',
    boundaries: [catches('closed', 'ACCOUNT_CLOSED')],
    event: failed(rejected('account_closed')),
    effects: ['openIncident:i1.j3'],
    outcome: null,
  },
  {
    says: 'a failure without a code is retried, never caught, even by a catch-all',
    boundaries: [catches('any')],
    event: failed(undefined, 1, 3),
    effects: ['retryJob:i1.j3'],
    outcome: null,
    waits: ['pay:job'],
  },
  {
    says: 'a failure without a code after the last attempt is an incident, even with a catch-all',
    boundaries: [catches('any')],
    event: failed(undefined, 3, 3),
    effects: ['openIncident:i1.j3'],
    outcome: null,
  },
  {
    says: 'without output, the error details are merged into the variables',
    boundaries: [catches('closed', 'ACCOUNT_CLOSED')],
    event: failed(rejected('ACCOUNT_CLOSED', { bank: 'ICBC', closedOn: '2026-11-30' })),
    effects: ['finishJob', 'instanceEnded:completed'],
    outcome: 'closed',
    has: { bank: 'ICBC', closedOn: '2026-11-30' },
  },
  {
    says: 'with output, the error is mapped (code, message, details)',
    boundaries: [
      catches('any', undefined, {
        payError: 'error.code',
        payErrorText: 'error.message',
        bank: 'error.details.bank',
      }),
    ],
    event: failed(rejected('LIMIT_EXCEEDED', { bank: 'ICBC' })),
    effects: ['finishJob', 'instanceEnded:completed'],
    outcome: 'any',
    has: { payError: 'LIMIT_EXCEEDED', payErrorText: 'the bank said no', bank: 'ICBC' },
  },
];

describe('error boundary events on a service task', () => {
  it.each(ROWS.map((r) => [r.says, r] as const))('%s', (_, row) => {
    const r = run(process(...row.boundaries), {}, [row.event]);
    expect(actions(r.last)).toEqual(row.effects);
    expect(r.state.outcome).toBe(row.outcome);
    if (row.waits) expect(waits(r.state)).toEqual(row.waits);
    if (row.has) expect(r.state.variables).toMatchObject(row.has);
  });

  it('the path taken is in the history: caught at the boundary, the task interrupted, then on', () => {
    const r = run(process(catches('closed', 'ACCOUNT_CLOSED')), {}, [
      failed(rejected('ACCOUNT_CLOSED')),
    ]);
    expect(historyOf(r.last)).toEqual([
      'error.caught:closed',
      'node.interrupted:pay',
      'node.entered:closed',
      'node.left:closed',
      'node.entered:closed-end',
      'node.left:closed-end',
      'instance.completed',
    ]);
    const caught = r.last.find((e) => e.type === 'history' && e.entry.type === 'error.caught');
    expect(caught).toMatchObject({
      entry: {
        tokenId: 'i1.t2',
        data: { jobId: 'i1.j3', code: 'ACCOUNT_CLOSED', attachedTo: 'pay' },
      },
    });
    expect(r.last).toContainEqual({ type: 'finishJob', jobId: 'i1.j3' });
  });

  it('a catch-all says so in the history', () => {
    const r = run(process(catches('any')), {}, [failed(rejected('X'))]);
    const caught = r.last.find((e) => e.type === 'history' && e.entry.type === 'error.caught');
    expect(caught).toMatchObject({ entry: { data: { code: 'X', catchAll: true } } });
  });

  it('an incident of a business error no boundary catches carries its code', () => {
    const r = run(process(), {}, [failed(rejected('ACCOUNT_CLOSED', { a: 1 }))]);
    expect(r.last).toContainEqual(
      expect.objectContaining({
        type: 'openIncident',
        jobId: 'i1.j3',
        failure: rejected('ACCOUNT_CLOSED', { a: 1 }),
      }),
    );
  });
});

/**
 * Error end events (`errorEnd`) and error boundaries on call activities: the child case throws,
 * ends at once, and its parent's call activity takes the boundary that catches the code, else
 * the step refuses (the executor makes that an incident at the call activity).
 */
describe('an error end in a case', () => {
  // s -> fork -> (review, pay -> refused: errorEnd), the review still open when it throws
  const child = graphOf(
    [
      start,
      { id: 'fork', type: 'parallelGateway' },
      { id: 'review', type: 'userTask', form: { id: 'f' } },
      { id: 'wait', type: 'timer', timer: { duration: 'P1D' } },
      {
        id: 'refused',
        type: 'errorEnd',
        errorCode: 'ACCOUNT_CLOSED',
        message: 'the account is closed',
        details: { bank: 'bank', amount: 'amount * 2' },
      },
      end('done', 'done'),
    ],
    [
      ['s', 'fork'],
      ['fork', 'review'],
      ['fork', 'wait'],
      ['review', 'done'],
      ['wait', 'refused'],
    ],
  );

  it('throws: every other token withdrawn, the case completed with the error kept', () => {
    const r = run(child, { bank: 'ICBC', amount: 50 }, [{ type: 'timerFired', timerId: 'i1.m6' }]);
    expect(actions(r.last)).toEqual(['closeTask:i1.k5:cancelled', 'instanceEnded:completed']);
    expect(r.state).toMatchObject({
      status: 'completed',
      tokens: [],
      outcome: null,
      error: {
        code: 'ACCOUNT_CLOSED',
        message: 'the account is closed',
        details: { bank: 'ICBC', amount: 100 },
        nodeId: 'refused',
      },
    });
    expect(historyOf(r.last).slice(-3)).toEqual([
      'node.left:refused',
      'error.thrown:refused',
      'instance.completed',
    ]);
    const thrown = r.last.find((e) => e.type === 'history' && e.entry.type === 'error.thrown');
    expect(thrown).toMatchObject({
      entry: { data: { code: 'ACCOUNT_CLOSED', withdrawn: [{ nodeId: 'review' }] } },
    });
  });

  it('without details or message, the error carries none', () => {
    const g = graphOf([start, { id: 'x', type: 'errorEnd', errorCode: 'NO' }], [['s', 'x']]);
    expect(run(g, {}).state.error).toEqual({ code: 'NO', message: '', details: null, nodeId: 'x' });
  });
});

describe('error boundary events on a call activity', () => {
  const call: NodeSpec = { id: 'call', type: 'callActivity', process: { id: 'payment' } };
  const on = (id: string, code?: string, output?: Record<string, string>): NodeSpec => ({
    ...catches(id, code, output),
    attachedTo: 'call',
  });
  /** s -> call -> paid, a boundary timer on the call, and each error boundary to its own end. */
  function caller(...boundaries: NodeSpec[]) {
    return graphOf(
      [
        start,
        call,
        end('paid', 'paid'),
        { id: 'late', type: 'boundaryTimer', attachedTo: 'call', timer: { duration: 'P7D' } },
        end('late-end', 'late'),
        ...boundaries,
        ...boundaries.map((b) => end(`${b.id}-end`, b.id)),
      ],
      [
        ['s', 'call'],
        ['call', 'paid'],
        ['late', 'late-end'],
        ...boundaries.map((b) => [b.id, `${b.id}-end`] as [string, string]),
      ],
    );
  }
  const threw = (code: string, details: Record<string, unknown> | null = null): Event => ({
    type: 'childCompleted',
    childId: 'c1',
    variables: { secret: 1 },
    outcome: null,
    error: { code, message: 'closed', details },
  });

  it.each([
    ['the boundary naming the code', [on('closed', 'ACCOUNT_CLOSED'), on('any')], 'closed'],
    [
      'the named boundary over a catch-all defined first',
      [on('any'), on('closed', 'ACCOUNT_CLOSED')],
      'closed',
    ],
    ['a catch-all for a code no boundary names', [on('other', 'LIMIT'), on('any')], 'any'],
  ])('a child’s error takes %s; its boundary timers are cancelled', (_, boundaries, outcome) => {
    const r = run(caller(...boundaries), {}, [threw('ACCOUNT_CLOSED', { bank: 'ICBC' })]);
    expect(actions(r.last)).toEqual(['cancelTimer:i1.m3@late', 'instanceEnded:completed']);
    expect(r.state.outcome).toBe(outcome);
    // without output: the error's details merged, never the child's variables
    expect(r.state.variables).toEqual({ bank: 'ICBC' });
    const caught = r.last.find((e) => e.type === 'history' && e.entry.type === 'error.caught');
    expect(caught).toMatchObject({
      entry: { data: { childId: 'c1', code: 'ACCOUNT_CLOSED', attachedTo: 'call' } },
    });
  });

  it('maps the error with output', () => {
    const r = run(caller(on('any', undefined, { why: 'error.code', text: 'error.message' })), {}, [
      threw('LIMIT'),
    ]);
    expect(r.state.variables).toEqual({ why: 'LIMIT', text: 'closed' });
  });

  it('an error no boundary catches is refused with CW_ERR_ERROR_NOT_CAUGHT at the call', () => {
    expect(() => run(caller(on('other', 'LIMIT')), {}, [threw('ACCOUNT_CLOSED')])).toThrow(
      expect.objectContaining({
        code: 'CW_ERR_ERROR_NOT_CAUGHT',
        data: { nodeId: 'call', code: 'ACCOUNT_CLOSED', childId: 'c1' },
      }),
    );
  });

  it('a child that ends without an error still takes the normal path', () => {
    const r = run(caller(on('any')), {}, [
      { type: 'childCompleted', childId: 'c1', variables: {}, outcome: 'ok' },
    ]);
    expect(r.state.outcome).toBe('paid');
  });
});
