/**
 * The shapes of the canvas, BPMN-like: how big each node type is drawn, where a boundary timer
 * sits on its host, and the room kept under an event's or gateway's shape for its name.
 *
 * @example
 *   shapeSize('exclusiveGateway'); // { width: 48, height: 48 }
 *   boundarySpot('userTask', 0);   // { x: 106, y: 48 }: on the bottom border, from the right
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

/** Where a boundary event sits on its host (relative to the host): its bottom border, from the right. */
export function boundarySpot(hostType: NodeType, index: number): XY {
  const host = shapeSize(hostType);
  const own = shapeSize('boundaryTimer');
  return {
    x: host.width - 12 - own.width - index * (own.width + 8),
    y: host.height - own.height / 2,
  };
}
