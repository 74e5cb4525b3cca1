import { describe, expect, it } from 'vitest';
import { mappingRows, percentDone, type BulkPreview } from './bulk-migration';

const problem = (nodeId: string) => ({
  code: 'CW_ERR_MIGRATION_REFUSED',
  tokenId: 't1',
  nodeId,
  pointer: `/mapping/${nodeId}`,
  message: 'gone',
});
const report = (over: Partial<BulkPreview>): BulkPreview => ({
  processId: 'claim',
  fromVersion: 1,
  toVersion: 2,
  total: 0,
  movable: 0,
  refused: 0,
  mapping: [],
  items: [],
  more: 0,
  ...over,
});

describe('bulk migration mapping rows', () => {
  it.each([
    {
      what: 'a node moving to itself keeps the same id (blank)',
      r: report({ mapping: [{ from: 'review', to: 'review', wait: 'task', tokens: 3 }] }),
      chosen: {} as Record<string, string>,
      rows: [{ node: 'review', tokens: 3, to: '' }],
    },
    {
      what: 'a mapped node shows its target, tokens summed over waits',
      r: report({
        mapping: [
          { from: 'review', to: 'assess', wait: 'task', tokens: 2 },
          { from: 'review', to: 'assess', wait: 'job', tokens: 1 },
        ],
      }),
      chosen: {} as Record<string, string>,
      rows: [{ node: 'review', tokens: 3, to: 'assess' }],
    },
    {
      what: 'a refusal names a node once, with no movable tokens; the user’s choice wins',
      r: report({
        items: [
          {
            instanceId: 'a',
            reference: 'R-1',
            businessKey: null,
            fromVersion: 1,
            moves: [],
            problems: [problem('approve'), problem('approve')],
          },
        ],
        mapping: [{ from: 'review', to: 'review', wait: 'task', tokens: 1 }],
      }),
      chosen: { approve: 'assess' } as Record<string, string>,
      rows: [
        { node: 'approve', tokens: 0, to: 'assess' },
        { node: 'review', tokens: 1, to: '' },
      ],
    },
  ])('$what', ({ r, chosen, rows }) => {
    expect(mappingRows(r, chosen)).toEqual(rows);
  });

  it.each([
    [{ done: 0, total: 30 }, 0],
    [{ done: 25, total: 30 }, 83],
    [{ done: 30, total: 30 }, 100],
    [{ done: 0, total: 0 }, 100],
  ])('%o is %i%% done', (b, p) => {
    expect(percentDone(b)).toBe(p);
  });
});
