import { describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../generated/index.ts';
import { buildGraph } from './graph.ts';
import { initialState, step } from './step.ts';
import type { Effect, InstanceState } from './types.ts';

const label = { 'zh-Hant': 'x', en: 'x' };
const NOW = Date.parse('2026-03-02T09:00:00Z');
const ctx = { now: NOW, newInstanceId: () => 'child-1', latestFormVersion: () => 1 };

function graph(nodes: unknown[], flows: [string, string, string?][]) {
  return buildGraph({
    id: 'p',
    version: 1,
    name: label,
    nodes,
    flows: flows.map(([from, to, condition], i) => ({
      id: `f${i}`,
      from,
      to,
      ...(condition ? { condition } : {}),
    })),
  } as unknown as ProcessDefinition);
}

const kinds = (effects: Effect[]) => effects.filter((e) => e.type !== 'history').map((e) => e.type);

describe('step (pure interpreter)', () => {
  it('runs inline actions and ends in one step, touching nothing outside', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        { id: 'a', type: 'serviceTask', action: 'set-variables', input: { total: 'x * 2' } },
        { id: 'e', type: 'end', outcome: 'ok' },
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
      ],
    );
    const before = initialState('i1', { x: 21 });
    const { state, effects } = step(g, before, { type: 'start', actor: 'u' }, ctx);
    expect(state).toMatchObject({
      status: 'completed',
      outcome: 'ok',
      variables: { x: 21, total: 42 },
      tokens: [],
    });
    expect(kinds(effects)).toEqual(['instanceEnded']);
    expect(before.status).toBe('active'); // the input state is not mutated
  });

  it('turns a plugin action into a job and waits; success applies the output mapping', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        {
          id: 'a',
          type: 'serviceTask',
          action: 'mail/send',
          input: { to: 'email' },
          output: { sent: 'result.id' },
          retry: { attempts: 2, backoff: 'PT10S' },
        },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
      ],
    );
    const first = step(
      g,
      initialState('i1', { email: 'a@b.c' }),
      { type: 'start', actor: 'u' },
      ctx,
    );
    const job = first.effects.find((e) => e.type === 'scheduleJob');
    expect(job).toMatchObject({
      job: {
        action: 'mail/send',
        input: { to: 'a@b.c' },
        maxAttempts: 2,
        backoffMs: 10_000,
        runAt: NOW,
      },
    });
    const jobId = (job as Extract<Effect, { type: 'scheduleJob' }>).job.id;
    const failed = step(
      g,
      first.state,
      {
        type: 'jobFailed',
        jobId,
        attempt: 1,
        maxAttempts: 2,
        backoffMs: 10_000,
        error: 'smtp down',
      },
      ctx,
    );
    expect(failed.effects).toContainEqual({
      type: 'retryJob',
      jobId,
      attempt: 2,
      runAt: NOW + 10_000,
      error: 'smtp down',
    });
    const exhausted = step(
      g,
      failed.state,
      {
        type: 'jobFailed',
        jobId,
        attempt: 2,
        maxAttempts: 2,
        backoffMs: 10_000,
        error: 'smtp down',
      },
      ctx,
    );
    expect(kinds(exhausted.effects)).toEqual(['openIncident']);
    const done = step(
      g,
      exhausted.state,
      { type: 'jobSucceeded', jobId, result: { id: 'm-1' } },
      ctx,
    );
    expect(done.state).toMatchObject({ status: 'completed', variables: { sent: 'm-1' } });
  });

  it('takes up to the jitter fraction off a retry wait, from the random number it is given', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        {
          id: 'a',
          type: 'serviceTask',
          action: 'mail/send',
          retry: { attempts: 3, backoff: 'PT10S', jitter: 0.5 },
        },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
      ],
    );
    const first = step(g, initialState('i1', {}), { type: 'start', actor: 'u' }, ctx);
    const job = first.effects.find((e) => e.type === 'scheduleJob');
    const jobId = (job as Extract<Effect, { type: 'scheduleJob' }>).job.id;
    const retryAt = (random: number) => {
      const r = step(
        g,
        first.state,
        {
          type: 'jobFailed',
          jobId,
          attempt: 2,
          maxAttempts: 3,
          backoffMs: 10_000,
          error: 'x',
          random,
        },
        ctx,
      ).effects.find((e) => e.type === 'retryJob');
      return (r as Extract<Effect, { type: 'retryJob' }>).runAt - NOW;
    };
    // the second wait is 20 s; jitter 0.5 makes it anything from 10 s to 20 s
    expect(retryAt(0)).toBe(20_000);
    expect(retryAt(0.5)).toBe(15_000);
    expect(retryAt(0.999)).toBeGreaterThan(10_000);
  });

  it("reads now() and today() from the engine's clock, not the machine's", () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        {
          id: 'a',
          type: 'serviceTask',
          action: 'set-variables',
          input: { noticeSentAt: 'now()', answerBy: 'today() + duration("P15D")' },
        },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'a'],
        ['a', 'e'],
      ],
    );
    const r = step(g, initialState('i1', {}), { type: 'start', actor: 'u' }, ctx);
    expect(r.state.variables).toEqual({
      noticeSentAt: '2026-03-02T09:00:00Z',
      answerBy: '2026-03-17',
    });
  });

  it("counts timers and today() in the process's time zone", () => {
    const timers = (timeZone?: string) => {
      const g = buildGraph({
        ...graph(
          [
            { id: 's', type: 'start' },
            {
              id: 'a',
              type: 'serviceTask',
              action: 'set-variables',
              input: { day: 'today()' },
            },
            { id: 'm', type: 'timer', timer: { duration: 'P1M' } },
            { id: 'e', type: 'end' },
          ],
          [
            ['s', 'a'],
            ['a', 'm'],
            ['m', 'e'],
          ],
        ).definition,
        ...(timeZone ? { timeZone } : {}),
      });
      // Saturday 31 January 2026 05:00 in Shanghai is still Friday 30 January in UTC
      const now = Date.parse('2026-01-31T05:00:00+08:00');
      const r = step(g, initialState('i1', {}), { type: 'start', actor: 'u' }, { ...ctx, now });
      const timer = r.effects.find((e) => e.type === 'scheduleTimer');
      return {
        day: r.state.variables.day,
        due: timer?.type === 'scheduleTimer' ? new Date(timer.timer.dueAt).toISOString() : null,
      };
    };
    expect(timers()).toEqual({ day: '2026-01-30', due: '2026-02-28T21:00:00.000Z' });
    expect(timers('Asia/Shanghai')).toEqual({ day: '2026-01-31', due: '2026-02-27T21:00:00.000Z' });
  });

  it('joins parallel branches only when a token arrived on every incoming flow', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        { id: 'fork', type: 'parallelGateway' },
        { id: 'a', type: 'timer', timer: { duration: 'PT1H' } },
        { id: 'b', type: 'timer', timer: { duration: 'PT2H' } },
        { id: 'join', type: 'parallelGateway' },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'fork'],
        ['fork', 'a'],
        ['fork', 'b'],
        ['a', 'join'],
        ['b', 'join'],
        ['join', 'e'],
      ],
    );
    const started = step(g, initialState('i', {}), { type: 'start', actor: 'u' }, ctx);
    const timers = started.effects.flatMap((e) => (e.type === 'scheduleTimer' ? [e.timer] : []));
    expect(timers.map((t) => t.dueAt)).toEqual([NOW + 3600_000, NOW + 7200_000]);
    const one = step(g, started.state, { type: 'timerFired', timerId: timers[0]!.id }, ctx);
    expect(one.state.status).toBe('active');
    expect(one.state.tokens.map((t) => t.wait.kind).sort()).toEqual(['join', 'timer']);
    const both = step(g, one.state, { type: 'timerFired', timerId: timers[1]!.id }, ctx);
    expect(both.state.status).toBe('completed');
    expect(
      both.effects.filter((e) => e.type === 'history' && e.entry.type === 'gateway.joined'),
    ).toHaveLength(1);
  });

  it('holds at the gateway with an incident when no condition holds and there is no default', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        { id: 'g', type: 'exclusiveGateway' },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'g'],
        ['g', 'e', 'x > 1'],
      ],
    );
    const r = step(g, initialState('i', { x: 0 }), { type: 'start', actor: 'u' }, ctx);
    expect(r.state.status).toBe('active');
    expect(r.effects).toContainEqual(
      expect.objectContaining({
        type: 'openIncident',
        nodeId: 'g',
        error: expect.stringMatching(/^CW_ERR_NO_MATCHING_FLOW/),
      }),
    );
  });

  it('stops a definition that loops without waiting', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        { id: 'g', type: 'exclusiveGateway', default: 'f2' },
        { id: 'n', type: 'serviceTask', action: 'noop' },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'g'],
        ['g', 'e', 'false'],
        ['g', 'n'],
        ['n', 'g'],
      ],
    );
    expect(() => step(g, initialState('i', {}), { type: 'start', actor: 'u' }, ctx)).toThrow(
      expect.objectContaining({ code: 'CW_ERR_STEP_LIMIT' }),
    );
  });

  it('cancels every wait of a cancelled instance', () => {
    const g = graph(
      [
        { id: 's', type: 'start' },
        { id: 'm', type: 'messageCatch', message: 'docs', correlationKey: 'k' },
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'm'],
        ['m', 'e'],
      ],
    );
    const waiting: InstanceState = step(
      g,
      initialState('i', { k: 'K1' }),
      { type: 'start', actor: 'u' },
      ctx,
    ).state;
    const cancelled = step(g, waiting, { type: 'cancel', actor: 'sup', reason: 'duplicate' }, ctx);
    expect(cancelled.state.status).toBe('cancelled');
    expect(kinds(cancelled.effects)).toEqual(['unsubscribe', 'instanceEnded']);
  });
});
