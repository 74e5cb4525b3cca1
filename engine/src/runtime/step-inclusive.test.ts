/**
 * The pure step and inclusive gateways (issue 19): the fork takes every flow whose condition
 * holds (the default only when none does), and the join waits for exactly the tokens that can
 * still arrive: not for a branch the fork did not take, nor for one whose token left along an
 * interrupting boundary. Process: s -> fork -(a?)-> A, -(b?)-> B, -(c?)-> C, default -> D; each
 * task -> merge -> after -> e, B with a boundary timer to its own end `late`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actions, graphOf, historyOf, run, waits, type NodeSpec } from './step-fixtures.ts';
import type { Event } from './types.ts';

const task = (id: string): NodeSpec => ({ id, type: 'userTask', form: { id: 'f' } });
const graph = graphOf(
  [
    { id: 's', type: 'start' },
    { id: 'fork', type: 'inclusiveGateway', default: 'f4' },
    task('A'),
    task('B'),
    task('C'),
    task('D'),
    { id: 'merge', type: 'inclusiveGateway' },
    task('after'),
    { id: 'e', type: 'end', outcome: 'done' },
    { id: 'late', type: 'boundaryTimer', attachedTo: 'B', timer: { duration: 'P1D' } },
    { id: 'late-end', type: 'end', outcome: 'late' },
  ],
  [
    ['s', 'fork'], // f0
    ['fork', 'A', 'a'], // f1
    ['fork', 'B', 'b'], // f2
    ['fork', 'C', 'c'], // f3
    ['fork', 'D'], // f4: the default
    ['A', 'merge'],
    ['B', 'merge'],
    ['C', 'merge'],
    ['D', 'merge'],
    ['merge', 'after'],
    ['after', 'e'],
    ['late', 'late-end'],
  ],
);

/** The task ids the start created, by node. */
function tasksOf(r: ReturnType<typeof run>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of r.steps.flat()) if (e.type === 'createTask') out[e.task.nodeId] = e.task.id;
  return out;
}
const done = (taskId: string): Event => ({
  type: 'taskCompleted',
  taskId,
  data: {},
  actor: 'u1',
});

describe('an inclusive fork', () => {
  it.each([
    [{ a: true, b: true, c: false }, ['A', 'B']],
    [{ a: true, b: false, c: true }, ['A', 'C']],
    [{ a: false, b: true, c: false }, ['B']],
    [{ a: true, b: true, c: true }, ['A', 'B', 'C']],
    [{ a: false, b: false, c: false }, ['D']],
  ])('with %j takes %j', (vars, taken) => {
    const r = run(graph, vars);
    expect(Object.keys(tasksOf(r)).sort()).toEqual(taken);
    const forked = r.last.find((e) => e.type === 'history' && e.entry.type === 'gateway.forked');
    expect(forked).toMatchObject({ entry: { nodeId: 'fork' } });
  });

  it('a flow without a condition is always taken, never with the default', () => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'fork', type: 'inclusiveGateway', default: 'f2' },
        task('A'),
        task('D'),
        task('X'),
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'fork'],
        ['fork', 'A', 'a'],
        ['fork', 'D'],
        ['fork', 'X'],
        ['A', 'e'],
        ['D', 'e'],
        ['X', 'e'],
      ],
    );
    expect(Object.keys(tasksOf(run(g, { a: false }))).sort()).toEqual(['X']);
    expect(Object.keys(tasksOf(run(g, { a: true }))).sort()).toEqual(['A', 'X']);
  });

  it('without a default, none true is CW_ERR_NO_MATCHING_FLOW at the gateway', () => {
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'fork', type: 'inclusiveGateway' },
        task('A'),
        { id: 'e', type: 'end' },
      ],
      [
        ['s', 'fork'],
        ['fork', 'A', 'a'],
        ['A', 'e'],
      ],
    );
    const r = run(g, { a: false });
    expect(waits(r.state)).toEqual(['fork:gateway']);
    expect(r.last).toContainEqual(
      expect.objectContaining({
        type: 'openIncident',
        nodeId: 'fork',
        error: expect.stringMatching(/^CW_ERR_NO_MATCHING_FLOW/),
      }),
    );
  });

  it('a condition neither true nor false holds the case at the fork with an incident (issue 19, item 2)', () => {
    // null is not false: the default is not taken, and no branch starts
    const r = run(graph, { a: true, b: null, c: false });
    expect(tasksOf(r)).toEqual({});
    expect(waits(r.state)).toEqual(['fork:gateway']);
    expect(r.last).toContainEqual(
      expect.objectContaining({
        type: 'openIncident',
        nodeId: 'fork',
        condition: expect.objectContaining({ flowId: 'f2', expression: 'b', result: null }),
      }),
    );
  });
});

describe('an inclusive join', () => {
  it('waits for the branches taken, not for the one not taken', () => {
    const started = run(graph, { a: true, b: true, c: false });
    const t = tasksOf(started);
    const first = run(graph, { a: true, b: true, c: false }, [done(t.A!)]);
    expect(waits(first.state)).toEqual(['B:task', 'merge:join']);
    expect(actions(first.last)).toEqual([`closeTask:${t.A}:completed`]);
    const both = run(graph, { a: true, b: true, c: false }, [done(t.A!), done(t.B!)]);
    expect(waits(both.state)).toEqual(['after:task']);
    expect(historyOf(both.last)).toContain('gateway.joined:merge');
    const joined = both.last.find((e) => e.type === 'history' && e.entry.type === 'gateway.joined');
    expect(joined).toMatchObject({ entry: { data: { flows: ['f5', 'f6'] } } });
  });

  it('fires at once for a single branch taken', () => {
    const r = run(graph, { a: false, b: false, c: true });
    const after = run(graph, { a: false, b: false, c: true }, [done(tasksOf(r).C!)]);
    expect(waits(after.state)).toEqual(['after:task']);
  });

  it('stops waiting for a branch whose token left along an interrupting boundary', () => {
    const vars = { a: true, b: true, c: false };
    const t = tasksOf(run(graph, vars));
    // A arrives; B is still open, so the join waits
    const waiting = run(graph, vars, [done(t.A!)]);
    expect(waits(waiting.state)).toEqual(['B:task', 'merge:join']);
    // B's deadline fires: its token goes to `late`, which never reaches the join
    const timer = waiting.steps
      .flat()
      .find((e) => e.type === 'scheduleTimer' && e.timer.nodeId === 'late');
    const fired = run(graph, vars, [
      done(t.A!),
      { type: 'timerFired', timerId: timer!.type === 'scheduleTimer' ? timer!.timer.id : '' },
    ]);
    expect(waits(fired.state)).toEqual(['after:task']);
    expect(historyOf(fired.last)).toEqual(
      expect.arrayContaining(['node.interrupted:B', 'node.left:late-end', 'gateway.joined:merge']),
    );
    // the order: the boundary's path has run before the join fired
    const h = historyOf(fired.last);
    expect(h.indexOf('node.left:late-end')).toBeLessThan(h.indexOf('gateway.joined:merge'));
  });

  it('whatever the conditions and the order tasks are done in, joins once and ends', () => {
    fc.assert(
      fc.property(
        fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean() }),
        fc.infiniteStream(fc.nat()),
        (vars, picks) => {
          const start = run(graph, vars);
          const open = Object.entries(tasksOf(start)).map(([, id]) => id);
          const events: Event[] = [];
          const it = picks[Symbol.iterator]();
          while (open.length) events.push(done(open.splice(it.next().value % open.length, 1)[0]!));
          const r = run(graph, vars, events);
          const joins = r.steps
            .flat()
            .filter((e) => e.type === 'history' && e.entry.type === 'gateway.joined');
          expect(joins).toHaveLength(1);
          expect(waits(r.state)).toEqual(['after:task']);
          // nothing was joined before the last branch arrived
          for (const s of r.steps.slice(0, -1))
            expect(historyOf(s)).not.toContain('gateway.joined:merge');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a loop back before the fork is waited for while it can still reach the join', () => {
    // s -> fork -> (A, B) -> merge -> e; B's boundary sends its token back to the fork
    const g = graphOf(
      [
        { id: 's', type: 'start' },
        { id: 'again', type: 'exclusiveGateway', default: 'f1' },
        { id: 'fork', type: 'inclusiveGateway' },
        task('A'),
        task('B'),
        { id: 'merge', type: 'inclusiveGateway' },
        { id: 'e', type: 'end' },
        { id: 'redo', type: 'boundaryTimer', attachedTo: 'B', timer: { duration: 'P1D' } },
      ],
      [
        ['s', 'again'], // f0
        ['again', 'fork'], // f1
        ['fork', 'A', 'a'], // f2
        ['fork', 'B'], // f3
        ['A', 'merge'],
        ['B', 'merge'],
        ['merge', 'e'],
        ['redo', 'again'],
      ],
    );
    const vars = { a: true };
    const t = tasksOf(run(g, vars));
    const timer = run(g, vars)
      .steps.flat()
      .find((e) => e.type === 'scheduleTimer');
    const id = timer?.type === 'scheduleTimer' ? timer.timer.id : '';
    // A arrives, B is redone from the fork with a false: only B again, and A still parked
    const r = run(g, vars, [done(t.A!), { type: 'timerFired', timerId: id }]);
    expect(waits(r.state).sort()).toEqual(['A:task', 'B:task', 'merge:join'].sort());
    expect(
      r.steps.flat().some((e) => e.type === 'history' && e.entry.type === 'gateway.joined'),
    ).toBe(false);
  });
});
