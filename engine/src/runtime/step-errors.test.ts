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
