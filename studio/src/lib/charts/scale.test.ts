import { describe, expect, it } from 'vitest';
import {
  axis,
  clipText,
  csvDataUrl,
  formatDuration,
  heatColor,
  niceMax,
  textOn,
  ticks,
  wrapText,
} from './scale';
import { csvText } from './index';
import { graphLayout, shares } from './graph';

describe('chart scales', () => {
  it('rounds an axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 3, 7, 73, 240, 2600].map(niceMax)).toEqual([
      1, 0.5, 1, 5, 10, 100, 250, 5000,
    ]);
    expect(ticks(100, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(ticks(2.5)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('cuts long labels to a width, counting CJK characters double', () => {
    expect(clipText('short', 100)).toBe('short');
    expect(clipText('a'.repeat(40), 65)).toBe(`${'a'.repeat(9)}…`);
    expect(clipText('客戶投訴處理流程', 39)).toBe('客戶…');
  });

  it('wraps labels on lines of a width, at spaces in English, anywhere in Chinese', () => {
    expect(wrapText('Complaint decided and the complainant told', 140, 2)).toEqual([
      'Complaint decided and',
      'the complainant told',
    ]);
    expect(wrapText('投訴處理決定並告知投訴人（15日）（2026年11月30日）', 120, 2)).toEqual([
      '投訴處理決定並告知投',
      '訴人（15日）（2026…',
    ]);
    expect(wrapText('short', 100, 2)).toEqual(['short']);
  });

  it('steps an axis in round numbers, whole counts, or whole minutes, hours and days', () => {
    expect(axis(3, 5)).toEqual({ max: 3, steps: 3 });
    expect(axis(12, 5)).toEqual({ max: 15, steps: 3 });
    expect(axis(0, 5)).toEqual({ max: 1, steps: 1 });
    expect(axis(4, 5, 'number')).toEqual({ max: 4, steps: 4 });
    expect(axis(2, 5, 'number')).toEqual({ max: 2, steps: 4 });
    expect(axis(100 * 60_000, 4, 'duration')).toEqual({ max: 120 * 60_000, steps: 4 });
    expect(axis(42_000, 3, 'duration')).toEqual({ max: 60_000, steps: 2 });
    expect(axis(19 * 86_400_000, 3, 'duration')).toEqual({ max: 21 * 86_400_000, steps: 3 });
  });

  it('says durations in their two largest units, in both languages', () => {
    expect(formatDuration(5_400_000, 'en')).toBe('1 h 30 min');
    expect(formatDuration(5_400_000, 'zh-Hant')).toBe('1 小時 30 分');
    expect(formatDuration(86_400_000 + 1000, 'en')).toBe('1 d');
    expect(formatDuration(400, 'en')).toBe('0 s');
    expect(formatDuration(null, 'en')).toBe('–');
  });

  it('colours shares from pale yellow to dark red, with readable text on both', () => {
    expect(heatColor(0)).toBe('#fff3bf');
    expect(heatColor(1)).toBe('#a50f15');
    expect(heatColor(2)).toBe('#a50f15');
    expect(textOn(heatColor(0))).toBe('#1f2328');
    expect(textOn(heatColor(1))).toBe('#ffffff');
  });

  it("writes CSV (the engine's writer) as a data URL", () => {
    const csv = csvText(
      ['a', 'b'],
      [
        ['x, y', 'say "hi"'],
        [1, null],
      ],
    );
    expect(csv).toBe('a,b\n"x, y","say ""hi"""\n1,\n');
    expect(decodeURIComponent(csvDataUrl(csv).split(',').slice(1).join(','))).toBe(csv);
  });
});

describe('process graph of the heat map', () => {
  const process = {
    nodes: [
      { id: 'start', type: 'start' as const },
      { id: 'work', type: 'userTask' as const, name: { en: 'Work', 'zh-Hant': '處理' } },
      { id: 'end', type: 'end' as const },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'work' },
      { id: 'f2', from: 'work', to: 'end' },
    ],
  } as unknown as Parameters<typeof graphLayout>[0];

  it('places nodes left to right and routes each flow', () => {
    const g = graphLayout(process);
    const x = Object.fromEntries(g.nodes.map((n) => [n.id, n.x]));
    expect(x.start!).toBeLessThan(x.work!);
    expect(x.work!).toBeLessThan(x.end!);
    expect(g.edges.map((e) => e.id)).toEqual(['f1', 'f2']);
    expect(g.edges.every((e) => e.points.length >= 2)).toBe(true);
    expect(g.width).toBeGreaterThan(0);
  });

  it('gives each node its share of the total time', () => {
    expect(shares({ a: 3, b: 1 })).toEqual({ a: 0.75, b: 0.25 });
    expect(shares({ a: 0 })).toEqual({});
  });
});
