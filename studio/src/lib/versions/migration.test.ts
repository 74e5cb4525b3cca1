import { describe, expect, it } from 'vitest';
import { defaultMapping, mappingBody, nodesOf, tokenNodes } from './migration';

describe('migration mapping', () => {
  it('maps each waiting node to the same id in the target, blank when it is gone', () => {
    const nodes = tokenNodes([{ nodeId: 'review' }, { nodeId: 'wait' }, { nodeId: 'review' }]);
    expect(nodes).toEqual(['review', 'wait']);
    const target = nodesOf({
      nodes: [
        { id: 'review', type: 'userTask' },
        { id: 'wait2', type: 'timer' },
      ],
    });
    expect(defaultMapping(nodes, target)).toEqual({ review: 'review', wait: '' });
  });

  it('sends only the rows mapped to another node', () => {
    expect(mappingBody({ review: 'review', wait: 'wait2', gone: '' })).toEqual({ wait: 'wait2' });
    expect(nodesOf(null)).toEqual([]);
  });
});
