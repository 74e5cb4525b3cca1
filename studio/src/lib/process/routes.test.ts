/**
 * How a flow is drawn (routes.ts): Svelte Flow's smooth-step path while it keeps off every box
 * and name but its own ends' (and, leaving a boundary event, the other flows' labels), else a
 * detour round them, from its source's handle to its target's left one.
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
});

describe('a flow that turns back to an earlier node', () => {
  // a rework loop: from a review at the right back to a task at the left, a task between them
  const from = box('review', 600, 0, 150, 64);
  const to = box('prepare', 0, 0, 150, 64);
  const between = box('check', 300, 0, 150, 64);
  // another flow's label just before the target's left handle, where every way in must pass
  const label = box('f-other', -60, 23, 50, 18, { part: 'label' });
  const ends = flowEnds(from, to, false);

  it('goes round the task between rather than through it, into its target from the left', () => {
    expect(through(drawFlow(ends).points, between)).toBe(true);
    const drawn = drawFlow(ends, [from, to, between], { from: 'review', to: 'prepare' });
    expect(drawn.detour).toBe(true);
    expect(through(drawn.points, between)).toBe(false);
    const [before, last] = drawn.points.slice(-2);
    expect(last).toEqual({ x: ends.targetX, y: ends.targetY });
    expect(before!.y).toBe(last!.y);
    expect(before!.x).toBeLessThan(last!.x);
  });

  it('runs past another flow’s label into its target (labels follow the detours), unlike a boundary event’s flow', () => {
    const drawn = drawFlow(ends, [from, to, between, label], { from: 'review', to: 'prepare' });
    expect(drawn.detour).toBe(true);
    expect(through(drawn.points, between)).toBe(false);
    expect(through(drawn.points, label)).toBe(true);
  });

  it('keeps the smooth-step path where nothing stands in its way', () => {
    const forward = flowEnds(to, between, false);
    const drawn = drawFlow(forward, [from, to, between, label], { from: 'prepare', to: 'check' });
    expect(drawn).toEqual({ ...drawFlow(forward), detour: false });
  });
});
