/**
 * The shapes of the canvas, BPMN-like: how big each node type is drawn, where a boundary event
 * sits on its host and where its name goes (beside it, clear of its flow), and the room kept
 * under an event's or gateway's shape for its name.
 *
 * @example
 *   shapeSize('exclusiveGateway'); // { width: 48, height: 48 }
 *   boundarySpot('userTask', 0, 1); // { x: 106, y: 48 }: on the bottom border, from the right
 */
import type { NodeType, XY } from './model';

export interface Size {
  width: number;
  height: number;
}

/**
 * The size of a node's shape on the canvas, BPMN-like: tasks are rounded boxes, events circles
 * (a boundary event a smaller one), gateways diamonds. The names of events and gateways are
 * written under the shape, outside this box.
 */
export function shapeSize(type: NodeType): Size {
  switch (type) {
    case 'userTask':
    case 'serviceTask':
    case 'callActivity':
    case 'subProcess':
    case 'businessRuleTask':
      return { width: 150, height: 64 };
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
    case 'eventBasedGateway':
      return { width: 48, height: 48 };
    case 'boundaryTimer':
    case 'boundaryError':
    case 'boundaryMessage':
      return { width: 32, height: 32 };
    default:
      return { width: 40, height: 40 };
  }
}

/** Room under an event's or gateway's shape for its name (two short lines). */
export const NAME_BELOW = 34;
/** How wide an event's or gateway's name is written (ProcessNode.svelte). */
const EVENT_NAME_WIDTH = 112;
/** The height of a name's two short lines. */
const NAME_LINES = NAME_BELOW - 6;

/**
 * Where an event's or gateway's name is written, relative to its shape: under it, or above it
 * when boundary events sit on its bottom border (their circles, names and flows take the room
 * under it); null for a task, whose name is inside its box.
 *
 * @example
 *   eventNameBox('messageCatch', false); // { x: -36, y: 42, width: 112, height: 28 }
 *   eventNameBox('messageCatch', true); // { x: -36, y: -30, width: 112, height: 28 }
 */
export function eventNameBox(type: NodeType, carriesBoundaries: boolean): (XY & Size) | null {
  const size = shapeSize(type);
  if (size.width >= 100) return null;
  return {
    x: size.width / 2 - EVENT_NAME_WIDTH / 2,
    y: carriesBoundaries ? -2 - NAME_LINES : size.height + 2,
    width: EVENT_NAME_WIDTH,
    height: NAME_LINES,
  };
}

/** A boundary event's name under it, at most this wide (two short lines). */
export const BOUNDARY_NAME_WIDTH = 90;
/** How far the outermost boundary events sit in from their host's ends. */
const BOUNDARY_INSET = 12;
/** The least room between the names of two boundary events side by side. */
const BOUNDARY_NAME_GAP = 6;

/**
 * The bottom border's step between neighbouring boundary events of a host with `count` of
 * them: room for a name each, or less to keep them on the host, spread evenly to 12 px from its
 * left end; never less than a circle and a gap (more than four on a task, or two on a message
 * catch, reach past the host's left end).
 */
function boundaryStep(hostType: NodeType, count: number): number {
  if (count < 2) return 0;
  const own = shapeSize('boundaryTimer').width;
  const room = shapeSize(hostType).width - 2 * BOUNDARY_INSET - own;
  return Math.max(own + 8, Math.min(BOUNDARY_NAME_WIDTH + BOUNDARY_NAME_GAP, room / (count - 1)));
}

/**
 * Where the `index`-th of a host's `count` boundary events sits on it (relative to the host): on
 * its bottom border, the first 12 px in from the right end, the others to its left, each a name's
 * width apart, or spread evenly to 12 px from the left end when they would not fit (see
 * `boundaryStep`), so that their names ({@link boundaryNameWidth}, centred under each) never
 * overlap whatever they say.
 *
 * @example
 *   boundarySpot('serviceTask', 0, 2); // { x: 106, y: 48 }
 *   boundarySpot('serviceTask', 1, 2); // { x: 12, y: 48 }: 94 px to its left
 */
export function boundarySpot(hostType: NodeType, index: number, count: number): XY {
  const host = shapeSize(hostType);
  const own = shapeSize('boundaryTimer');
  return {
    x: host.width - BOUNDARY_INSET - own.width - index * boundaryStep(hostType, count),
    y: host.height - own.height / 2,
  };
}

/**
 * How wide the name under each of a host's `count` boundary events is drawn: 90 px, narrower
 * when the host's border holds several and their step is less (the name wraps, then ends in
 * "…"; the whole name is its tooltip).
 */
export function boundaryNameWidth(hostType: NodeType, count: number): number {
  return count < 2
    ? BOUNDARY_NAME_WIDTH
    : Math.min(BOUNDARY_NAME_WIDTH, Math.floor(boundaryStep(hostType, count) - BOUNDARY_NAME_GAP));
}

/**
 * How far below its host's bottom border the names of its `count` boundary events can reach:
 * beside their circles, 2 px under the border; under their circles when crowded (two or more).
 * The layout keeps this much room under the host (and as much above it, to keep it centred).
 */
export function boundaryDepth(count: number): number {
  if (count < 1) return 0;
  const own = shapeSize('boundaryTimer');
  return (count < 2 ? 2 : own.height / 2 + 2) + NAME_LINES;
}

/** Between a boundary event's circle and its name beside it. */
const NAME_OFFSET = 4;
/** The least width of a name beside its circle; narrower room puts it under the circle. */
const SIDE_NAME_MIN = 40;

/**
 * Which side of its circle a boundary event's name goes: away from where its flow turns (its
 * flow leaves downwards, then turns towards its target), or, where the room beside it is too
 * narrow (crowded borders), under it as before.
 */
export type BoundaryNameSide = 'left' | 'right' | 'below';

/** A boundary event's name box, relative to the event's top-left corner. */
export interface BoundaryNameBox {
  x: number;
  y: number;
  width: number;
  side: BoundaryNameSide;
}

/**
 * Where the name of the `index`-th of a host's boundary events goes, `wanted[i]` being the side
 * each of them would take (the opposite of the way its flow turns): beside its circle just under
 * the host's border, where the flow (down
 * from the circle, then sideways below the name's two lines) never runs; 90 px wide with no neighbour on that side, else the room to the neighbour
 * (half of it when the neighbour's name faces this one); under the circle when that room is less
 * than 40 px.
 *
 * @example
 *   boundaryNameBox('userTask', 0, 1, ['left']); // { x: -94, y: 18, width: 90, side: 'left' }
 */
export function boundaryNameBox(
  hostType: NodeType,
  index: number,
  count: number,
  wanted: readonly ('left' | 'right')[],
): BoundaryNameBox {
  const own = shapeSize('boundaryTimer');
  const side = wanted[index] ?? 'left';
  // neighbours: index + 1 stands to the left, index - 1 to the right
  const neighbour = side === 'left' ? index + 1 : index - 1;
  const facing = side === 'left' ? 'right' : 'left';
  const room = boundaryStep(hostType, count) - own.width;
  const width =
    neighbour < 0 || neighbour >= count
      ? BOUNDARY_NAME_WIDTH
      : Math.min(
          BOUNDARY_NAME_WIDTH,
          Math.floor(
            (wanted[neighbour] ?? 'left') === facing
              ? (room - 2 * NAME_OFFSET - BOUNDARY_NAME_GAP) / 2
              : room - 2 * NAME_OFFSET,
          ),
        );
  // just under the host's border, which runs through the circle's centre (an event host's own
  // name is written above it, eventNameBox)
  const y = own.height / 2 + 2;
  if (width < SIDE_NAME_MIN) {
    const below = boundaryNameWidth(hostType, count);
    return { x: own.width / 2 - below / 2, y: own.height + 2, width: below, side: 'below' };
  }
  return side === 'left'
    ? { x: -NAME_OFFSET - width, y, width, side }
    : { x: own.width + NAME_OFFSET, y, width, side };
}
