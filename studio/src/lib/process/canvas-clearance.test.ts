/**
 * Every shipped process's latest version, laid out as the canvas lays it out (autoLayout, then
 * the boundary events on their hosts, their names beside them, the flow labels placed), in each
 * language whose names change the layout: no shape, name or flow label covers or touches another
 * (a node and its own name, a host and the circles on its border excepted); no flow runs through
 * a box or a name but its source's and target's shapes (a flow that turns back to an earlier
 * node included), and a flow leaving a boundary event keeps off the other flows' labels too.
 * Names are measured at about their text's width. Flows are drawn as the canvas draws them
 * (FlowEdge.svelte: routes.ts's drawFlow between the handles, a detour where the smooth-step
 * path would cross what it must not).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessDefinition } from '@caseway/engine/types';
import { describe, expect, it } from 'vitest';
import { labelIn } from '$lib/i18n';
import { labelSpots, LABEL_HEIGHT, type Box } from './labels';
import { autoLayout } from './layout';
import { crosses, drawFlow, flowEnds, flowObstacles } from './routes';
import { boundaryCounts, boundaryNames, boundarySlots, isBoundary, scopeOf } from './model';
import { boundarySpot, eventNameBox, NAME_BELOW, shapeSize } from './shapes';

const ROOT = join(import.meta.dirname, '../../../../definitions/processes');
const latest = readdirSync(ROOT).map((id) => {
  const version = Math.max(
    ...readdirSync(join(ROOT, id))
      .flatMap((f) => /^v(\d+)\.json$/.exec(f)?.slice(1) ?? [])
      .map(Number),
  );
  const text = readFileSync(join(ROOT, id, `v${version}.json`), 'utf8');
  return JSON.parse(text) as ProcessDefinition;
});

/** About how wide `text` is drawn at `px` (CJK characters a whole em, others about 0.56 em). */
const nameWidth = (text: string, px: number) =>
  Math.ceil(
    [...text].reduce(
      (w, ch) => w + (/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/.test(ch) ? px : 0.56 * px),
      0,
    ),
  );

/**
 * Two boxes `gap` px apart at least: 2 (touching counts as covering), 8 between a name and
 * another node's shape (a name 2 px off a box below it reads as that box's).
 */
const apart = (a: Box, b: Box, gap = 2) =>
  a.x + a.width + gap <= b.x ||
  b.x + b.width + gap <= a.x ||
  a.y + a.height + gap <= b.y ||
  b.y + b.height + gap <= a.y;
const gapBetween = (a: Thing, b: Thing) =>
  a.owner !== b.owner &&
  ((a.what.startsWith('name:') && b.what.startsWith('shape:')) ||
    (b.what.startsWith('name:') && a.what.startsWith('shape:')))
    ? 8
    : 2;

interface Thing extends Box {
  /** What it is, for the failure message: `shape:id`, `name:id`, `label:flowId`. */
  what: string;
  /** The node it belongs to (its host for a boundary event), or the flow. */
  owner: string;
}

/** What the canvas draws on one level of `def`: shapes, names and flow labels, and the flows' paths. */
function drawn(def: ProcessDefinition, lang: 'zh-Hant' | 'en', scope: string | undefined) {
  const layout = autoLayout(def, lang);
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const shown = def.nodes.filter((n) => scopeOf(def, n) === scope);
  const slots = boundarySlots(def.nodes);
  const names = boundaryNames(def.nodes, def.flows, layout);
  const carried = boundaryCounts(def.nodes);
  const things: Thing[] = [];
  const shapes = new Map<string, Box>();
  for (const n of shown.filter((m) => !isBoundary(m))) {
    const box = { ...layout[n.id]!, ...shapeSize(n.type) };
    shapes.set(n.id, box);
    things.push({ ...box, what: `shape:${n.id}`, owner: n.id });
    // an event's or gateway's name under its shape (above it when it carries boundary events)
    const name = eventNameBox(n.type, carried.has(n.id));
    if (name) {
      // its text centred in that box: as wide as its longest line
      const width = Math.min(name.width, nameWidth(labelIn(lang, n.name, n.id), 11));
      things.push({
        ...name,
        x: box.x + name.x + (name.width - width) / 2,
        y: box.y + name.y,
        width,
        what: `name:${n.id}`,
        owner: n.id,
      });
    }
  }
  for (const n of shown) {
    if (!isBoundary(n)) continue;
    const host = shapes.get(n.attachedTo)!;
    const { index, count } = slots.get(n.id)!;
    const spot = boundarySpot(byId.get(n.attachedTo)!.type, index, count);
    const circle = { x: host.x + spot.x, y: host.y + spot.y, ...shapeSize(n.type) };
    shapes.set(n.id, circle);
    things.push({ ...circle, what: `shape:${n.id}`, owner: n.attachedTo });
    const name = names.get(n.id)!;
    // its text against its circle (right-aligned left of it, left-aligned right of it)
    const width = Math.min(name.width, nameWidth(labelIn(lang, n.name, n.id), 10));
    const x =
      name.side === 'left'
        ? name.x + name.width - width
        : name.side === 'right'
          ? name.x
          : name.x + (name.width - width) / 2;
    things.push({
      x: circle.x + x,
      y: circle.y + name.y,
      width,
      height: NAME_BELOW - 6,
      what: `name:${n.id}`,
      owner: n.attachedTo,
    });
  }
  const flows = def.flows.filter((f) => shapes.has(f.from) && shapes.has(f.to));
  const labels = labelSpots(def, layout, lang);
  for (const [id, l] of labels)
    if (flows.some((f) => f.id === id))
      things.push({
        x: l.x - l.width / 2,
        y: l.y - LABEL_HEIGHT / 2,
        width: l.width,
        height: LABEL_HEIGHT,
        what: `label:${id}`,
        owner: id,
      });
  // the flows as FlowEdge.svelte draws them between their handles
  const obstacles = flowObstacles(def, layout, scope, labels);
  const paths = flows.map((f) => {
    const from = shapes.get(f.from)!;
    const to = shapes.get(f.to)!;
    const boundary = isBoundary(byId.get(f.from)!);
    const { points } = drawFlow(flowEnds(from, to, boundary), obstacles, f);
    return { flow: f, points };
  });
  return { things, paths };
}

const cases = latest.flatMap((def) =>
  [undefined, ...def.nodes.filter((n) => n.type === 'subProcess').map((n) => n.id)].flatMap(
    (scope) =>
      (['zh-Hant', 'en'] as const).map(
        (lang) => [`${def.id} v${def.version}`, scope ?? '', lang, def, scope] as const,
      ),
  ),
);

describe('every shipped process, laid out as the canvas lays it out', () => {
  it('ships processes with boundary events to check', () => {
    expect(latest.filter((d) => d.nodes.some(isBoundary)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(cases)(
    '%s (level %j, %s): no shape, name or label covers another',
    (_, _s, lang, def, scope) => {
      const { things } = drawn(def, lang, scope);
      const covered: string[] = [];
      for (const [i, a] of things.entries())
        for (const b of things.slice(i + 1)) {
          // a node and its own name, a host and the circles on its border: drawn together
          const family =
            a.what.split(':')[1] === b.what.split(':')[1] ||
            (a.owner === b.owner && a.what.startsWith('shape:') && b.what.startsWith('shape:'));
          if (!family && !apart(a, b, gapBetween(a, b))) covered.push(`${a.what} / ${b.what}`);
        }
      expect(covered).toEqual([]);
    },
  );

  it.each(cases)(
    '%s (level %j, %s): no flow runs through a box or a name, no boundary event’s flow through a label',
    (_, _s, lang, def, scope) => {
      const { things, paths } = drawn(def, lang, scope);
      const boundaries = new Set(def.nodes.filter(isBoundary).map((n) => n.id));
      const crossed: string[] = [];
      for (const { flow, points } of paths)
        for (const t of things) {
          // a boundary event's flow keeps off the other flows' labels too
          if (t.what.startsWith('label:') && (!boundaries.has(flow.from) || t.owner === flow.id))
            continue;
          // a flow leaves its source's shape and enters its target's
          if (t.what === `shape:${flow.from}` || t.what === `shape:${flow.to}`) continue;
          if (points.slice(1).some((p, i) => crosses(points[i]!, p, t)))
            crossed.push(`${flow.id} / ${t.what}`);
        }
      expect(crossed).toEqual([]);
    },
  );
});
