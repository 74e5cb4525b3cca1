/**
 * The labels of flows on the canvas: what a flow's label says (its name, else its condition,
 * else "default" for a gateway's default flow), how big it is drawn (a fixed size from the text,
 * so the layout and the placement agree with what the browser draws), and where each one goes
 * so that no two overlap and none covers a node: each label starts at its flow's natural spot and,
 * when that is taken, moves along the flow's vertical line to the nearest free one.
 *
 * @example
 *   const text = flowLabel(def, flow, 'en'); // 'amount > 1000'
 *   const spots = placeLabels([{ id: 'f1', x: 100, y: 40, width: 80, height: 18 }], nodeBoxes);
 */
import type { Flow, ProcessDefinition } from '@caseway/engine/types';
import { t, type Lang } from './messages';
import { labelIn } from '$lib/i18n';
import { Position } from '@xyflow/svelte';
import { isBoundary, scopeOf, type Layout, type PlacedLabel } from './model';
import { canvasObstacles, drawFlow, type Obstacle } from './routes';

/** Longest condition shown in full on the canvas (the rest is in the label's title). */
const MAX_CHARS = 28;
/** Height of a one-line label, in pixels at zoom 1. */
export const LABEL_HEIGHT = 18;
const MAX_WIDTH = 170;

export interface FlowLabel {
  /** What the canvas shows (shortened). */
  text: string;
  /** The whole text (the label's tooltip). */
  title: string;
  /** The flow is its gateway's default. */
  isDefault: boolean;
}

/** What a flow's label says, or null when it has nothing to say. */
export function flowLabel(def: ProcessDefinition, flow: Flow, lang: Lang): FlowLabel | null {
  const source = def.nodes.find((n) => n.id === flow.from);
  const isDefault =
    (source?.type === 'exclusiveGateway' || source?.type === 'inclusiveGateway') &&
    source.default === flow.id;
  const name = labelIn(lang, flow.name, '');
  const title = name || flow.condition?.trim() || (isDefault ? t(lang, 'defaultFlowLabel') : '');
  if (!title) return null;
  const text = title.length > MAX_CHARS ? `${title.slice(0, MAX_CHARS - 1)}…` : title;
  return { text, title, isDefault };
}

/** The drawn width of `text` at the label's font (CJK characters are twice as wide). */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? 11.5 : 6.6;
  return Math.min(MAX_WIDTH, Math.ceil(w) + 10);
}

/** A flow's label size, or null when it has no label. */
export function flowLabelSize(
  def: ProcessDefinition,
  flow: Flow,
  lang: Lang,
): { width: number; height: number } | null {
  const label = flowLabel(def, flow, lang);
  return label ? { width: textWidth(label.text), height: LABEL_HEIGHT } : null;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A label to place: its natural centre, other good centres to try next, and its size. */
export interface LabelSpot {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  alternatives?: readonly { x: number; y: number }[];
}

const GAP = 3;
const apart = (a: Box, b: Box) =>
  a.x + a.width + GAP <= b.x ||
  b.x + b.width + GAP <= a.x ||
  a.y + a.height + GAP <= b.y ||
  b.y + b.height + GAP <= a.y;

/**
 * Where each label's centre goes: its natural spot if free, else the nearest spot above or below
 * it (steps of a label's height) that overlaps no label placed before it and no obstacle (node
 * shapes), trying at most `tries` steps each way before taking the nearest spot free of labels
 * alone. Labels are placed from top to bottom, left to right, so the result does not depend on
 * the order they are given in.
 */
export function placeLabels(
  labels: readonly LabelSpot[],
  obstacles: readonly Box[] = [],
  tries = 12,
): Map<string, { x: number; y: number }> {
  const order = [...labels].sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
  const placed: Box[] = [];
  const out = new Map<string, { x: number; y: number }>();
  const boxAt = (l: LabelSpot, p: { x: number; y: number }): Box => ({
    x: p.x - l.width / 2,
    y: p.y - l.height / 2,
    width: l.width,
    height: l.height,
  });
  for (const l of order) {
    const step = l.height + GAP;
    const candidates = function* (limit: number) {
      yield { x: l.x, y: l.y };
      yield* l.alternatives ?? [];
      for (let k = 1; k <= limit; k++) {
        yield { x: l.x, y: l.y + k * step };
        yield { x: l.x, y: l.y - k * step };
      }
    };
    let chosen: { x: number; y: number } | null = null;
    // first free of labels and nodes, then (crowded) free of labels only: never two on top of each other
    for (const [avoid, limit] of [
      [[...placed, ...obstacles], tries],
      [placed, 1000],
    ] as const) {
      for (const p of candidates(limit)) {
        const box = boxAt(l, p);
        if (avoid.every((o) => apart(box, o))) {
          chosen = p;
          break;
        }
      }
      if (chosen) break;
    }
    const p = chosen ?? { x: l.x, y: l.y };
    placed.push(boxAt(l, p));
    out.set(l.id, p);
  }
  return out;
}

/**
 * Every labelled flow's label, placed: it starts on the flow's last straight stretch before its
 * target (where the orthogonal path runs level with the target), then {@link placeLabels} moves
 * it off other labels and off node shapes and names.
 */
export function labelSpots(
  def: ProcessDefinition,
  layout: Layout,
  lang: Lang,
): Map<string, PlacedLabel> {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  // node shapes, and under (or above) an event or gateway its name, beside a boundary event its own
  const obstacles = canvasObstacles(def, layout, null);
  const boxes = new Map(obstacles.filter((o) => o.part === 'shape').map((o) => [o.node, o]));
  /** What the flows on each level keep off (a flow's label follows its detour, routes.ts). */
  const levels = new Map<string | undefined, Obstacle[]>();
  const level = (scope: string | undefined) => {
    if (!levels.has(scope)) levels.set(scope, canvasObstacles(def, layout, scope));
    return levels.get(scope)!;
  };
  const spots: LabelSpot[] = [];
  const texts = new Map<string, FlowLabel>();
  for (const f of def.flows) {
    const label = flowLabel(def, f, lang);
    const from = boxes.get(f.from);
    const to = boxes.get(f.to);
    if (!label || !from || !to) continue;
    texts.set(f.id, label);
    const source = byId.get(f.from);
    const boundary = source !== undefined && isBoundary(source);
    const sx = boundary ? from.x + from.width / 2 : from.x + from.width;
    const sy = boundary ? from.y + from.height : from.y + from.height / 2;
    const tx = to.x;
    const ty = to.y + to.height / 2;
    const width = textWidth(label.text);
    const half = LABEL_HEIGHT / 2 + 2;
    // a detour's last bend before its target (routes.ts)
    const drawn = drawFlow(
      {
        sourceX: sx,
        sourceY: sy,
        sourcePosition: boundary ? Position.Bottom : Position.Right,
        targetX: tx,
        targetY: ty,
        targetPosition: Position.Left,
      },
      level(scopeOf(def, source)),
      f,
    );
    // an orthogonal path forward runs level with its target from the bend (midway, or a
    // detour's last) on: the label goes just above that stretch, from the bend, else ending
    // before the target, else below it
    const forward = tx > sx + 20;
    const bend = drawn.detour
      ? drawn.points[drawn.points.length - 2]!.x
      : boundary
        ? sx
        : (sx + tx) / 2;
    const spot = forward
      ? { x: bend + 6 + width / 2, y: ty - half }
      : { x: (sx + tx) / 2, y: (sy + ty) / 2 };
    spots.push({
      id: f.id,
      x: Math.round(spot.x),
      y: Math.round(spot.y),
      width,
      height: LABEL_HEIGHT,
      alternatives: forward
        ? [
            { x: Math.round(tx - 8 - width / 2), y: Math.round(ty - half) },
            { x: Math.round(spot.x), y: Math.round(ty + half) },
          ]
        : [],
    });
  }
  const placed = placeLabels(spots, obstacles);
  const out = new Map<string, PlacedLabel>();
  for (const s of spots) {
    const p = placed.get(s.id)!;
    const label = texts.get(s.id)!;
    out.set(s.id, { ...label, x: p.x, y: p.y, width: s.width });
  }
  return out;
}
