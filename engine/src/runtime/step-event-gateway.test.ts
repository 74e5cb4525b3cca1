/**
 * The pure step and event-based gateways (issue 19): every message catch and timer after the
 * gateway is armed at once; the first to happen wins and the others are withdrawn in the same
 * step (timers cancelled, subscriptions removed). Process: s -> gw -> (answer: message `answer`,
 * withdraw: message `withdraw`, deadline: timer P7D), each to its own end.
 */
import { describe, expect, it } from 'vitest';
import { actions, graphOf, historyOf, run, waits } from './step-fixtures.ts';
import type { Effect, Event } from './types.ts';

const graph = graphOf(
  [
    { id: 's', type: 'start' },
    { id: 'gw', type: 'eventBasedGateway' },
    {
      id: 'answer',
      type: 'messageCatch',
      message: 'answer',
      correlationKey: 'ref',
      output: { reply: 'message.reply' },
    },
    { id: 'withdraw', type: 'messageCatch', message: 'withdraw', correlationKey: 'ref' },
    { id: 'deadline', type: 'timer', timer: { duration: 'P7D' } },
    { id: 'answered', type: 'end', outcome: 'answered' },
    { id: 'withdrawn', type: 'end', outcome: 'withdrawn' },
    { id: 'expired', type: 'end', outcome: 'expired' },
  ],
  [
    ['s', 'gw'],
    ['gw', 'answer'],
    ['gw', 'withdraw'],
    ['gw', 'deadline'],
    ['answer', 'answered'],
    ['withdraw', 'withdrawn'],
    ['deadline', 'expired'],
  ],
);
const vars = { ref: 'R-1' };
const armed = run(graph, vars);
const id = (type: 'subscribe' | 'scheduleTimer', nodeId: string): string => {
  for (const e of armed.last as Effect[]) {
    if (e.type === 'subscribe' && type === 'subscribe' && e.subscription.nodeId === nodeId)
      return e.subscription.id;
    if (e.type === 'scheduleTimer' && type === 'scheduleTimer' && e.timer.nodeId === nodeId)
      return e.timer.id;
  }
  throw new Error(`no ${type} at ${nodeId}`);
};
const message = (subscriptionId: string, payload: Record<string, unknown> = {}): Event => ({
  type: 'messageReceived',
  subscriptionId,
  messageId: 'm1',
  payload,
});

describe('an event-based gateway', () => {
  it('arms every following message catch and timer at once, each racing the others', () => {
    expect(waits(armed.state)).toEqual(['answer:message', 'withdraw:message', 'deadline:timer']);
    expect(armed.state.tokens.map((t) => t.race)).toEqual(
      Array(3).fill({ gateway: 'gw', token: 'i1.t2' }),
    );
    // a buffered message may win at once: each catch asks for one, in the gateway's race
    const takes = armed.last.filter((e) => e.type === 'takeBufferedMessage');
    expect(takes).toEqual([
      expect.objectContaining({ message: 'answer', correlationKey: 'R-1', race: 'i1.t2' }),
      expect.objectContaining({ message: 'withdraw', correlationKey: 'R-1', race: 'i1.t2' }),
    ]);
  });

  it.each([
    {
      says: 'the answer first: the deadline cancelled, the other subscription removed',
      event: () => message(id('subscribe', 'answer'), { reply: 'renew' }),
      effects: () => [
        `unsubscribe:${id('subscribe', 'withdraw')}`,
        `cancelTimer:${id('scheduleTimer', 'deadline')}`,
        'instanceEnded:completed',
      ],
      outcome: 'answered',
    },
    {
      says: 'the withdrawal first: the answer’s subscription removed, the deadline cancelled',
      event: () => message(id('subscribe', 'withdraw')),
      effects: () => [
        `unsubscribe:${id('subscribe', 'answer')}`,
        `cancelTimer:${id('scheduleTimer', 'deadline')}`,
        'instanceEnded:completed',
      ],
      outcome: 'withdrawn',
    },
    {
      says: 'the deadline first: both subscriptions removed',
      event: (): Event => ({ type: 'timerFired', timerId: id('scheduleTimer', 'deadline') }),
      effects: () => [
        `unsubscribe:${id('subscribe', 'answer')}`,
        `unsubscribe:${id('subscribe', 'withdraw')}`,
        'instanceEnded:completed',
      ],
      outcome: 'expired',
    },
  ])('$says', ({ event, effects, outcome }) => {
    const r = run(graph, vars, [event()]);
    expect(actions(r.last)).toEqual(effects());
    expect(r.state.outcome).toBe(outcome);
    expect(historyOf(r.last)[0]).toBe('gateway.decided:gw');
    const decided = r.last.find((e) => e.type === 'history' && e.entry.type === 'gateway.decided');
    expect(decided).toMatchObject({
      entry: {
        data: {
          winner:
            outcome === 'expired' ? 'deadline' : outcome === 'answered' ? 'answer' : 'withdraw',
        },
      },
    });
  });

  it('maps the winning message with its output', () => {
    const r = run(graph, vars, [message(id('subscribe', 'answer'), { reply: 'renew' })]);
    expect(r.state.variables).toMatchObject({ reply: 'renew' });
  });

  it('a withdrawn catch can no longer be woken', () => {
    const r = run(graph, vars, [{ type: 'timerFired', timerId: id('scheduleTimer', 'deadline') }]);
    expect(r.state.status).toBe('completed');
    expect(() =>
      run(graph, vars, [
        { type: 'timerFired', timerId: id('scheduleTimer', 'deadline') },
        message(id('subscribe', 'answer')),
      ]),
    ).toThrow();
  });
});
