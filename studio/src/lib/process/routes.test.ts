/**
 * How a flow is drawn (routes.ts): Svelte Flow's smooth-step path while it keeps off what it
 * must, else a detour round the boxes and names in its way, from its source's handle to its
 * target's left one.
 */
import { Position } from '@xyflow/svelte';
import { describe, expect, it } from 'vitest';
import { crosses, drawFlow, flowEnds, roundedPath, type Obstacle } from './routes';

const box = (node: string, x: number, y: number, width: number, height: number, more = {}) =>
  ({ node, x, y, width, height, part: 'shape', boundary: false, ...more }) as Obstacle;
const through = (points: { x: number; y: number }[], o: Obstacle) =>
  points.slice(1).some((p, i) => crosses(points[i]!, p, o));

describe('a boundary event’s flow to a target above its host', () => {
  // a task with a timer on its bottom border, a task right of it, the target above that one
  const host = box('review', 0, 200, 150, 64);
  const timer = box('timer', 106, 248, 32, 32, { boundary: true });
  const between = box('notice', 300, 100, 150, 64);
  const target = box('due', 340, 0, 48, 48);
  const obstacles = [host, timer, between, target];
  const ends = flowEnds(timer, target, true);

  it('goes round the task between rather than rising through it', () => {
    const plain = drawFlow(ends);
    expect(through(plain.points, between)).toBe(true);
    const drawn = drawFlow(ends, obstacles, { from: 'timer', to: 'due' });
    expect(drawn.detour).toBe(true);
    // (its ends are the handles, just outside the timer's and the target's shapes)
    expect(obstacles.filter((o) => through(drawn.points, o)).map((o) => o.node)).toEqual([]);
    // out of the timer's bottom handle downwards, into the target's left handle going right
    const [first, second] = drawn.points;
    const [before, last] = drawn.points.slice(-2);
    expect(first).toEqual({ x: ends.sourceX, y: ends.sourceY });
    expect(second!.x).toBe(first!.x);
    expect(second!.y).toBeGreaterThan(first!.y);
    expect(last).toEqual({ x: ends.targetX, y: ends.targetY });
    expect(before!.y).toBe(last!.y);
    expect(before!.x).toBeLessThan(last!.x);
    expect(drawn.path).toBe(roundedPath(drawn.points));
  });

  it('keeps the smooth-step path where it crosses nothing', () => {
    const clear = drawFlow(ends, [host, timer, target], { from: 'timer', to: 'due' });
    expect(clear).toEqual({ ...drawFlow(ends), detour: false });
  });
});

describe('a flow into a node carrying a boundary event', () => {
  it('rises beside the boundary event’s name, not through it', () => {
    const from = box('gateway', 0, 200, 48, 48);
    const catchBox = box('catch', 200, 0, 40, 40);
    const circle = box('timer', 196, 24, 32, 32, { boundary: true });
    const name = box('timer', 102, 42, 90, 28, { boundary: true, part: 'name' });
    const ends = flowEnds(from, catchBox, false);
    expect(ends.sourcePosition).toBe(Position.Right);
    expect(through(drawFlow(ends).points, name)).toBe(true);
    const drawn = drawFlow(ends, [from, catchBox, circle, name], { from: 'gateway', to: 'catch' });
    expect(through(drawn.points, name)).toBe(false);
    expect(through(drawn.points, circle)).toBe(false);
  });

  it('keeps the smooth-step path through other boxes: only boundary events are kept off', () => {
    const from = box('a', 0, 200, 150, 64);
    const to = box('b', 400, 0, 150, 64);
    const other = box('c', 250, 60, 150, 64);
    const ends = flowEnds(from, to, false);
    const drawn = drawFlow(ends, [from, to, other], { from: 'a', to: 'b' });
    expect(drawn.detour).toBe(false);
  });
});
