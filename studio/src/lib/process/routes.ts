/**
 * How a flow is drawn on the canvas, shared by FlowEdge.svelte and the canvas checks: Svelte
 * Flow's smooth-step path between its handles when that keeps off what it must, else an
 * orthogonal detour round the shapes and names in its way. No flow runs through a box or a name
 * but its own source's and target's shapes: the smooth-step path runs straight through them
 * where dagre's ranks make a flow turn back (a rework loop to an earlier task), and a boundary
 * event's flow leaves its circle downwards, so its smooth-step path turns back up through
 * whatever stands between it and a target level with or above its host. A boundary event's
 * flow keeps off the other flows' labels too ({@link labelObstacles}).
 *
 * @example
 *   const obstacles = canvasObstacles(def, layout, scope);
 *   const { path } = drawFlow(ends, obstacles, { from: 'review-timer', to: 'advance-due' });
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { getSmoothStepPath, Position } from '@xyflow/svelte';
import { LABEL_HEIGHT, type Box } from './labels';
import {
  boundaryCounts,
  boundaryNames,
  boundarySlots,
  isBoundary,
  scopeOf,
  type Layout,
  type PlacedLabel,
  type XY,
} from './model';
import { boundarySpot, eventNameBox, NAME_BELOW, shapeSize } from './shapes';

/** A node's shape or name, or a flow's label, on the canvas, which flows keep off. */
export interface Obstacle extends Box {
  /** The node's id (a label's or a flow's: the flow's). */
  node: string;
  /** A flow's: one straight stretch of another flow, which a detour does not run along. */
  part: 'shape' | 'name' | 'label' | 'flow';
  /** A boundary event's circle or name. */
  boundary: boolean;
}

/**
 * Every node's shape on a level of `def` (a boundary event's on its host's border) and its name
 * where it is written outside the shape: beside a boundary event ({@link boundaryNames}), under
 * (or above) an event or gateway, with the 2 px between it and the shape. `scope`: the level
 * shown (undefined: the process itself, a subprocess's id: its inside), null: every level.
 */
export function canvasObstacles(
  def: ProcessDefinition,
  layout: Layout,
  scope: string | undefined | null,
): Obstacle[] {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const slots = boundarySlots(def.nodes);
  const names = boundaryNames(def.nodes, def.flows, layout);
  const carried = boundaryCounts(def.nodes);
  const out: Obstacle[] = [];
  for (const n of def.nodes) {
    if (scope !== null && scopeOf(def, n) !== scope) continue;
    let shape: Box;
    if (isBoundary(n)) {
      const host = byId.get(n.attachedTo);
      const hp = host && layout[host.id];
      if (!host || !hp) continue;
      const { index, count } = slots.get(n.id)!;
      const spot = boundarySpot(host.type, index, count);
      shape = { x: hp.x + spot.x, y: hp.y + spot.y, ...shapeSize('boundaryTimer') };
      out.push({ ...shape, node: n.id, part: 'shape', boundary: true });
      const name = names.get(n.id);
      if (name)
        out.push({
          x: shape.x + name.x,
          y: shape.y + name.y,
          width: name.width,
          height: NAME_BELOW - 6,
          node: n.id,
          part: 'name',
          boundary: true,
        });
      continue;
    }
    const p = layout[n.id];
    if (!p) continue;
    shape = { ...p, ...shapeSize(n.type) };
    out.push({ ...shape, node: n.id, part: 'shape', boundary: false });
    const own = eventNameBox(n.type, carried.has(n.id));
    // its two lines, and the 2 px between them and the shape
    if (own)
      out.push({
        x: shape.x + own.x,
        y: shape.y + Math.min(own.y, shape.height),
        width: own.width,
        height: NAME_BELOW,
        node: n.id,
        part: 'name',
        boundary: false,
      });
  }
  return out;
}

/** The flows' labels placed (labels.ts's labelSpots), as boxes a boundary event's flow keeps off. */
export function labelObstacles(labels: ReadonlyMap<string, PlacedLabel>): Obstacle[] {
  return [...labels].map(([id, l]) => ({
    x: l.x - l.width / 2,
    y: l.y - LABEL_HEIGHT / 2,
    width: l.width,
    height: LABEL_HEIGHT,
    node: id,
    part: 'label',
    boundary: false,
  }));
}

/**
 * Everything the flows on a level of `def` keep off or clear of, as FlowEdge.svelte gets it: the
 * shapes and names ({@link canvasObstacles}), the labels placed on that level
 * ({@link labelObstacles}) and the flows' smooth-step stretches ({@link flowLines}).
 */
export function flowObstacles(
  def: ProcessDefinition,
  layout: Layout,
  scope: string | undefined,
  labels: ReadonlyMap<string, PlacedLabel>,
): Obstacle[] {
  const canvas = canvasObstacles(def, layout, scope);
  const shown = new Set(canvas.map((o) => o.node));
  const onLevel = def.flows.filter((f) => shown.has(f.from) && shown.has(f.to)).map((f) => f.id);
  return [
    ...canvas,
    ...labelObstacles(
      new Map(onLevel.flatMap((id) => (labels.has(id) ? [[id, labels.get(id)!]] : []))),
    ),
    ...flowLines(def, layout, scope, canvas),
  ];
}

/**
 * The flows on a level of `def` drawn as Svelte Flow's smooth-step path between their handles,
 * as thin boxes, one per straight stretch: a detour keeps from running along them.
 */
export function flowLines(
  def: ProcessDefinition,
  layout: Layout,
  scope: string | undefined,
  obstacles: readonly Obstacle[] = canvasObstacles(def, layout, scope),
): Obstacle[] {
  const shapes = new Map(obstacles.filter((o) => o.part === 'shape').map((o) => [o.node, o]));
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  return def.flows.flatMap((f) => {
    const [from, to] = [shapes.get(f.from), shapes.get(f.to)];
    const source = byId.get(f.from);
    if (!from || !to || !source) return [];
    const { points } = drawFlow(flowEnds(from, to, isBoundary(source)));
    return points.slice(1).flatMap((b, i) => {
      const a = points[i]!;
      if (a.x !== b.x && a.y !== b.y) return []; // a bend's curve
      const box = {
        x: Math.min(a.x, b.x),
        y: Math.min(a.y, b.y),
        width: Math.abs(a.x - b.x),
        height: Math.abs(a.y - b.y),
      };
      return [{ ...box, node: f.id, part: 'flow' as const, boundary: false }];
    });
  });
}

/** Where a flow's path starts and ends: its handles, as Svelte Flow gives them to an edge. */
export interface FlowEnds {
  sourceX: number;
  sourceY: number;
  sourcePosition: Position;
  targetX: number;
  targetY: number;
  targetPosition: Position;
}

/** How far a handle reaches out of its node's border (6 px and a 1 px border, centred on it). */
const HANDLE = 4;

/**
 * A flow's ends between the shapes `from` and `to` where Svelte Flow puts them: out of its
 * source's right handle (a boundary event's bottom one), into its target's left handle.
 *
 * @example
 *   flowEnds({ x: 0, y: 0, width: 150, height: 64 }, { x: 200, y: 12, width: 40, height: 40 }, false);
 *   // { sourceX: 154, sourceY: 32, sourcePosition: 'right', targetX: 196, targetY: 32, … }
 */
export function flowEnds(from: Box, to: Box, boundary: boolean): FlowEnds {
  return {
    sourceX: boundary ? from.x + from.width / 2 : from.x + from.width + HANDLE,
    sourceY: boundary ? from.y + from.height + HANDLE : from.y + from.height / 2,
    sourcePosition: boundary ? Position.Bottom : Position.Right,
    targetX: to.x - HANDLE,
    targetY: to.y + to.height / 2,
    targetPosition: Position.Left,
  };
}

/** How far a path runs straight out of its source and into its target before it turns. */
const LEAD = 16;
/** The radius of a path's bends. */
const RADIUS = 8;
/** How far from a box a detour's lanes run. */
const LANE = 14;
/** The least room a detour keeps from a box. */
const CLEAR = 10;
/** What a bend costs a detour, in pixels of length. */
const BEND = 60;
/** How close to another flow's stretch a detour's runs as if on it. */
const ALONG = 10;
/** What running along another flow costs a detour, per pixel (on top of its length). */
const ALONG_COST = 3;
/** How far beyond its ends a detour may go looking for a way. */
const REACH = 200;

/**
 * The path of a flow from `ends`, and the points it runs through (its bends): the smooth-step
 * path unless it runs through one of `obstacles` it must keep off (see the module's comment),
 * then the shortest detour with the fewest bends that keeps off every one of them (its
 * source's and target's shapes excepted), leaving and entering its handles the same way. With
 * no `flow` or no way round, the smooth-step path.
 */
export function drawFlow(
  ends: FlowEnds,
  obstacles: readonly Obstacle[] = [],
  flow?: { id?: string; from: string; to: string },
): { path: string; points: XY[]; detour: boolean } {
  const [path] = getSmoothStepPath({ ...ends, borderRadius: RADIUS, offset: LEAD });
  // the path's points (its bends' control points included) as a polyline
  const numbers = (path.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []).map(Number);
  const points = Array.from({ length: numbers.length / 2 }, (_, i) => ({
    x: numbers[2 * i]!,
    y: numbers[2 * i + 1]!,
  }));
  const smooth = { path, points, detour: false };
  if (!flow || !obstacles.length || ends.targetPosition !== Position.Left) return smooth;
  const down = ends.sourcePosition === Position.Bottom;
  if (!down && ends.sourcePosition !== Position.Right) return smooth;
  const fromBoundary = obstacles.some((o) => o.node === flow.from && o.boundary);
  const avoid = obstacles.filter((o) =>
    o.part === 'label'
      ? o.node !== flow.id
      : o.part !== 'flow' && !(o.part === 'shape' && (o.node === flow.from || o.node === flow.to)),
  );
  const others = obstacles.filter((o) => o.part === 'flow' && o.node !== flow.id);
  const must = fromBoundary ? avoid : avoid.filter((o) => o.part !== 'label');
  if (!must.some((o) => points.slice(1).some((p, i) => crosses(points[i]!, p, o, 2))))
    return smooth;
  // labels placed for the smooth-step paths: a boundary event's flow keeps off them; any
  // other flow's detour may run where one stands (labels.ts places labels along the detours)
  const way = detour(
    { x: ends.sourceX, y: ends.sourceY },
    down,
    { x: ends.targetX, y: ends.targetY },
    must,
    others,
  );
  return way ? { path: roundedPath(way), points: way, detour: true } : smooth;
}

/** Whether the level or upright segment from `a` to `b` comes within `gap` px of `box`. */
export function crosses(a: XY, b: XY, box: Box, gap = 0): boolean {
  const [x0, x1] = [Math.min(a.x, b.x), Math.max(a.x, b.x)];
  const [y0, y1] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return (
    x0 < box.x + box.width + gap &&
    box.x - gap < x1 + 1 &&
    y0 < box.y + box.height + gap &&
    box.y - gap < y1 + 1
  );
}

/** Right, down, left, up. */
const STEPS = [
  { x: 1, y: 0 },
  { x: 0, y: 1 },
  { x: -1, y: 0 },
  { x: 0, y: -1 },
] as const;

/**
 * The orthogonal way from `s` (leaving downwards, else to the right) to `t` (entered from the
 * left) that keeps `CLEAR` px off every box: lanes run `LANE` px beside the boxes' edges and
 * midway between them, and the way (A* over the lanes' crossings, a bend costing `BEND`)
 * is the shortest with the fewest bends. Null when there is none within reach.
 */
function detour(
  s: XY,
  down: boolean,
  t: XY,
  boxes: readonly Box[],
  others: readonly Box[],
): XY[] | null {
  const from = down ? { x: s.x, y: s.y + LEAD } : { x: s.x + LEAD, y: s.y };
  const to = { x: t.x - LEAD, y: t.y };
  const x0 = Math.min(from.x, to.x) - REACH;
  const x1 = Math.max(from.x, to.x) + REACH;
  const y0 = Math.min(from.y, to.y) - REACH;
  const y1 = Math.max(from.y, to.y) + REACH;
  const near = boxes.filter(
    (b) => b.x < x1 && x0 < b.x + b.width && b.y < y1 && y0 < b.y + b.height,
  );
  const lanes = (fixed: number[], edges: number[], lo: number, hi: number) => {
    const sorted = [...new Set([...fixed, ...edges])].sort((a, b) => a - b);
    const mids = sorted.slice(1).map((v, i) => (v + sorted[i]!) / 2);
    return [...new Set([...sorted, ...mids].map((v) => Math.round(v * 2) / 2))]
      .filter((v) => v >= lo && v <= hi)
      .sort((a, b) => a - b);
  };
  const xs = lanes(
    [from.x, to.x],
    near.flatMap((b) => [b.x - LANE, b.x + b.width + LANE]),
    x0,
    x1,
  );
  const ys = lanes(
    [from.y, to.y],
    near.flatMap((b) => [b.y - LANE, b.y + b.height + LANE]),
    y0,
    y1,
  );
  const at = (i: number, j: number) => ({ x: xs[i]!, y: ys[j]! });
  // the boxes a level segment on each row, or an upright one on each column, can run into
  const reaching = (lines: number[], lo: (b: Box) => number, size: (b: Box) => number) =>
    lines.map((v) => near.filter((b) => lo(b) - CLEAR < v + 1 && v < lo(b) + size(b) + CLEAR));
  const onRow = reaching(
    ys,
    (b) => b.y,
    (b) => b.height,
  );
  const onColumn = reaching(
    xs,
    (b) => b.x,
    (b) => b.width,
  );
  const free = (i: number, j: number, ni: number, nj: number) =>
    !(j === nj ? onRow[j]! : onColumn[i]!).some((box) =>
      crosses(at(i, j), at(ni, nj), box, CLEAR - 1),
    );
  // the other flows' stretches that run along each row or column, close enough to read as one
  const along = (lines: number[], level: boolean) =>
    lines.map((v) =>
      others.filter((o) =>
        level
          ? o.height === 0 && Math.abs(o.y - v) < ALONG
          : o.width === 0 && Math.abs(o.x - v) < ALONG,
      ),
    );
  const alongRow = along(ys, true);
  const alongColumn = along(xs, false);
  /** How long the move from (i, j) to (ni, nj) runs along another flow. */
  const shared = (i: number, j: number, ni: number, nj: number) => {
    const [a, b] = [at(i, j), at(ni, nj)];
    const level = j === nj;
    const [lo, hi] = level
      ? [Math.min(a.x, b.x), Math.max(a.x, b.x)]
      : [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    return (level ? alongRow[j]! : alongColumn[i]!).reduce((sum, o) => {
      const [from, to] = level ? [o.x, o.x + o.width] : [o.y, o.y + o.height];
      return sum + Math.max(0, Math.min(hi, to) - Math.max(lo, from));
    }, 0);
  };
  const start = [xs.indexOf(from.x), ys.indexOf(from.y)] as const;
  const goal = [xs.indexOf(to.x), ys.indexOf(to.y)] as const;
  // A* over (lane crossing, heading), the distance left as the crow walks (level, then
  // upright) its estimate; a binary heap of [cost so far + estimate, key]
  const estimate = (i: number, j: number) => Math.abs(xs[i]! - to.x) + Math.abs(ys[j]! - to.y);
  const key = (i: number, j: number, d: number) => (j * xs.length + i) * 4 + d;
  const cost = new Map<number, number>();
  const back = new Map<number, number>();
  const heap: [number, number][] = [];
  const push = (c: number, k: number) => {
    heap.push([c, k]);
    for (let n = heap.length - 1; n > 0;) {
      const p = (n - 1) >> 1;
      if (heap[p]![0] <= heap[n]![0]) break;
      [heap[p], heap[n]] = [heap[n]!, heap[p]!];
      n = p;
    }
  };
  const pop = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let n = 0; ;) {
        const [l, r] = [2 * n + 1, 2 * n + 2];
        let m = n;
        if (l < heap.length && heap[l]![0] < heap[m]![0]) m = l;
        if (r < heap.length && heap[r]![0] < heap[m]![0]) m = r;
        if (m === n) break;
        [heap[m], heap[n]] = [heap[n]!, heap[m]!];
        n = m;
      }
    }
    return top;
  };
  const first = key(start[0], start[1], down ? 1 : 0);
  cost.set(first, 0);
  push(estimate(start[0], start[1]), first);
  let end: number | undefined;
  while (heap.length) {
    const [f, k] = pop();
    const d = k % 4;
    const cell = (k - d) / 4;
    const i = cell % xs.length;
    const j = (cell - i) / xs.length;
    const c = cost.get(k)!;
    if (f > c + estimate(i, j)) continue;
    if (i === goal[0] && j === goal[1]) {
      end = k;
      break;
    }
    for (const [nd, step] of STEPS.entries()) {
      if (nd === (d + 2) % 4) continue; // no turning back on itself
      const [ni, nj] = [i + step.x, j + step.y];
      if (ni < 0 || nj < 0 || ni >= xs.length || nj >= ys.length) continue;
      if (!free(i, j, ni, nj)) continue;
      const a = at(i, j);
      const b = at(ni, nj);
      // entering the target: from the left, heading right (a last bend there costs one)
      const atGoal = ni === goal[0] && nj === goal[1];
      if (atGoal && nd === 2) continue;
      const nc =
        c +
        Math.abs(b.x - a.x) +
        Math.abs(b.y - a.y) +
        ALONG_COST * shared(i, j, ni, nj) +
        (nd === d ? 0 : BEND) +
        (atGoal && nd !== 0 ? BEND : 0);
      const nk = key(ni, nj, nd);
      if (nc < (cost.get(nk) ?? Infinity)) {
        cost.set(nk, nc);
        back.set(nk, k);
        push(nc + estimate(ni, nj), nk);
      }
    }
  }
  if (end === undefined) return null;
  const cells: XY[] = [];
  for (let k: number | undefined = end; k !== undefined; k = back.get(k)) {
    const cell = (k - (k % 4)) / 4;
    const i = cell % xs.length;
    cells.unshift(at(i, (cell - i) / xs.length));
  }
  // its bends only: the points where the way turns
  const way = [s, ...cells, t];
  return way.filter((p, n) => {
    const a = way[n - 1];
    const b = way[n + 1];
    return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/** An SVG path through `points` (level and upright segments) with its bends rounded. */
export function roundedPath(points: readonly XY[]): string {
  let d = `M${points[0]!.x} ${points[0]!.y}`;
  for (let n = 1; n < points.length - 1; n++) {
    const [a, b, c] = [points[n - 1]!, points[n]!, points[n + 1]!];
    const r = Math.min(
      RADIUS,
      (Math.abs(a.x - b.x) + Math.abs(a.y - b.y)) / 2,
      (Math.abs(b.x - c.x) + Math.abs(b.y - c.y)) / 2,
    );
    const inX = Math.sign(b.x - a.x);
    const inY = Math.sign(b.y - a.y);
    const outX = Math.sign(c.x - b.x);
    const outY = Math.sign(c.y - b.y);
    d += ` L${b.x - inX * r} ${b.y - inY * r} Q${b.x} ${b.y} ${b.x + outX * r} ${b.y + outY * r}`;
  }
  const last = points[points.length - 1]!;
  return `${d} L${last.x} ${last.y}`;
}
