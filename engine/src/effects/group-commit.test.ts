import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

interface Item {
  id: number;
  key?: string;
  done(): void;
}

/** Pushes every item at once; returns the batches commit saw, by item id. */
async function batchesOf(items: Omit<Item, 'done'>[], lanes: number, most: number) {
  const seen: number[][] = [];
  const queue = new GroupCommit<Item>({
    lanes,
    most: () => most,
    keyOf: (w) => w.key,
    commit: async (batch) => {
      seen.push(batch.map((w) => w.id));
      await Promise.resolve();
      for (const w of batch) w.done();
    },
  });
  await Promise.all(items.map((it) => new Promise<void>((done) => queue.push({ ...it, done }))));
  return seen;
}

describe('GroupCommit', () => {
  it.each([
    {
      name: 'one lane takes what waits, up to most',
      lanes: 1,
      most: 3,
      keys: [undefined, undefined, undefined, undefined, undefined],
      want: [[0], [1, 2, 3], [4]],
    },
    {
      name: 'a second item with one key waits for a later batch',
      lanes: 1,
      most: 10,
      keys: [undefined, 'a', 'a', 'b', 'a'],
      want: [[0], [1, 3], [2], [4]],
    },
    {
      name: 'two lanes each take a batch',
      lanes: 2,
      most: 2,
      keys: [undefined, undefined, undefined, undefined, undefined],
      want: [[0], [1], [2, 3], [4]],
    },
  ])('$name', async ({ lanes, most, keys, want }) => {
    const items = keys.map((key, id) => ({ id, key }));
    const seen = await batchesOf(items, lanes, most);
    expect(seen).toEqual(want);
    // every item exactly once, in arrival order within each batch
    expect(seen.flat().sort((a, b) => a - b)).toEqual(items.map((i) => i.id));
    for (const b of seen) expect([...b].sort((x, y) => x - y)).toEqual(b);
  });
});
