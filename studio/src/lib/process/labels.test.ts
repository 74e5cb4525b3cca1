/**
 * Flow labels: what they say, and that placing them never leaves two on top of each other,
 * whatever the labels and obstacles (property test), and on every shipped process as the auto
 * layout draws it, in both languages.
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flowLabel, labelSpots, LABEL_HEIGHT, placeLabels, textWidth, type Box } from './labels';
import { autoLayout } from './layout';
import { sample } from './test-setup';

const shipped = Object.entries(
  import.meta.glob<string>('../../../../definitions/processes/*/v*.json', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('flowLabel', () => {
  it('says a flow’s name, else its condition (shortened), else “default” for a gateway’s default', () => {
    const def = sample();
    def.nodes[2] = { ...def.nodes[2]!, default: 'f4' } as never;
    def.flows[2] = {
      ...def.flows[2]!,
      condition: 'approved = true and amount > 1000 and region = "north"',
    };
    expect(flowLabel(def, def.flows[0]!, 'en')).toBeNull();
    const long = flowLabel(def, def.flows[2]!, 'en')!;
    expect(long.text).toHaveLength(28);
    expect(long.text.endsWith('…')).toBe(true);
    expect(long.title).toBe('approved = true and amount > 1000 and region = "north"');
    expect(flowLabel(def, def.flows[3]!, 'zh-Hant')).toEqual({
      text: '預設',
      title: '預設',
      isDefault: true,
    });
    def.flows[3] = { ...def.flows[3]!, name: { 'zh-Hant': '退回', en: 'Send back' } };
    expect(flowLabel(def, def.flows[3]!, 'en')).toEqual({
      text: 'Send back',
      title: 'Send back',
      isDefault: true,
    });
  });

  it('measures Chinese characters wider than Latin ones', () => {
    expect(textWidth('退回補件')).toBeGreaterThan(textWidth('abcd'));
  });
});

describe('placeLabels', () => {
  const box = fc.record({
    x: fc.integer({ min: 0, max: 400 }),
    y: fc.integer({ min: 0, max: 300 }),
    width: fc.integer({ min: 20, max: 170 }),
  });

  it('never leaves two labels overlapping, whatever they are and whatever is in the way', () => {
    fc.assert(
      fc.property(
        fc.array(box, { maxLength: 30 }),
        fc.array(
          fc.record({
            x: fc.integer({ min: 0, max: 400 }),
            y: fc.integer({ min: 0, max: 300 }),
            width: fc.integer({ min: 10, max: 150 }),
            height: fc.integer({ min: 10, max: 80 }),
          }),
          { maxLength: 20 },
        ),
        (labels, obstacles) => {
          const spots = labels.map((l, i) => ({ id: `f${i}`, ...l, height: LABEL_HEIGHT }));
          const placed = placeLabels(spots, obstacles);
          const boxes = spots.map((s) => {
            const p = placed.get(s.id)!;
            return {
              x: p.x - s.width / 2,
              y: p.y - s.height / 2,
              width: s.width,
              height: s.height,
            };
          });
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++)
              expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
        },
      ),
    );
  });

  it('leaves a label where it is when nothing is in its way', () => {
    const placed = placeLabels([{ id: 'f1', x: 50, y: 40, width: 60, height: LABEL_HEIGHT }]);
    expect(placed.get('f1')).toEqual({ x: 50, y: 40 });
  });
});

describe('labelSpots on the shipped processes', () => {
  it.each(shipped.map(([path, text]) => [path, text] as const))(
    '%s: no two labels overlap',
    (_path, text) => {
      const def = JSON.parse(text) as ProcessDefinition;
      for (const lang of ['zh-Hant', 'en'] as const) {
        const spots = [...labelSpots(def, autoLayout(def, lang), lang).values()];
        const boxes = spots.map((s) => ({
          x: s.x - s.width / 2,
          y: s.y - LABEL_HEIGHT / 2,
          width: s.width,
          height: LABEL_HEIGHT,
        }));
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++)
            expect(overlap(boxes[i]!, boxes[j]!)).toBe(false);
      }
    },
  );
});
