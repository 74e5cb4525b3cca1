import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import BarChart from './BarChart.svelte';
import HeatGraph from './HeatGraph.svelte';

afterEach(cleanup);

// jsdom measures nothing: the chart keeps its first width (640 px), as on the server
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

const series = [
  { key: 'met', label: 'Met', color: '#1a7f37' },
  { key: 'breached', label: 'Breached', color: '#cf222e' },
];

describe('BarChart', () => {
  it('draws an image named by its title, one bar per value, and the same figures as a table', () => {
    render(BarChart, {
      title: 'SLA compliance',
      series,
      data: [
        { label: 'first answer', values: { met: 3, breached: 1 } },
        { label: 'resolution', values: { met: 0, breached: 2 } },
      ],
      firstColumn: 'SLA',
      csvHref: '/api/analytics/workload?format=csv',
    });
    const img = screen.getByRole('img', { name: /SLA compliance/ });
    const rects = img.querySelectorAll('rect');
    expect(rects).toHaveLength(4);
    // grouped: the largest value (3) ends the axis (0, 1, 2, 3), the others in proportion
    const widths = [...rects].map((r) => Number(r.getAttribute('width')));
    expect(widths[1]).toBeCloseTo(widths[0]! / 3);
    expect(widths[2]).toBe(0);
    expect(widths[3]).toBeCloseTo((widths[0]! * 2) / 3);
    expect([...img.querySelectorAll('text.tick')].map((x) => x.textContent)).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    const table = screen.getByRole('table', { name: 'SLA compliance' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => [...r.children].map((c) => c.textContent?.trim()).join(' '))).toEqual([
      'SLA Met Breached',
      'first answer 3 1',
      'resolution 0 2',
    ]);
    const link = screen.getByRole('link', { name: /SLA compliance/ });
    expect(link.getAttribute('href')).toBe('/api/analytics/workload?format=csv');
    expect(link.hasAttribute('download')).toBe(true);
  });

  it('shows further columns in the table and the description, without drawing them', () => {
    render(BarChart, {
      title: 'Surveys',
      series: [{ key: 'answered', label: 'Answered', color: '#0b62d6' }],
      columns: [{ key: 'rate', label: 'Rate', format: (n: number) => `${n}%` }],
      data: [{ label: 'claim', values: { answered: 2, rate: 66.7 } }],
    });
    const img = screen.getByRole('img', { name: /Surveys/ });
    expect(img.querySelectorAll('rect')).toHaveLength(1);
    expect(img.querySelector('desc')?.textContent).toBe('claim: Answered 2, Rate 66.7%');
    const table = screen.getByRole('table', { name: 'Surveys' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => [...r.children].map((c) => c.textContent?.trim()).join(' '))).toEqual([
      '項目 Answered Rate',
      'claim 2 66.7%',
    ]);
  });

  it('stacks series end to end and labels the total', () => {
    render(BarChart, {
      title: 'Stacked',
      series,
      stacked: true,
      data: [{ label: 'a', values: { met: 2, breached: 3 } }],
    });
    const img = screen.getByRole('img', { name: /Stacked/ });
    const [met, breached] = [...img.querySelectorAll('rect')];
    expect(Number(breached!.getAttribute('x'))).toBeCloseTo(Number(met!.getAttribute('width')));
    expect(img.querySelector('text.value')?.textContent).toBe('5');
  });

  it('writes what it is given at the end of a stacked bar, such as a percentage', () => {
    render(BarChart, {
      title: 'Compliance',
      series,
      stacked: true,
      annotate: (d: { values: Record<string, number | null | undefined> }) =>
        `${(100 * d.values.met!) / (d.values.met! + d.values.breached!)}% met`,
      data: [{ label: 'a', values: { met: 3, breached: 1 } }],
    });
    const img = screen.getByRole('img', { name: /Compliance/ });
    expect(img.querySelector('text.value')?.textContent).toBe('75% met');
  });

  it('wraps a long label on two lines, its whole text a tooltip, at 12 px whatever the width', () => {
    const long = 'Complaint decided and the complainant told (15 days) (week of 30 Nov 2026)';
    render(BarChart, {
      title: 'Long',
      series,
      data: [{ label: long, values: { met: 1, breached: 0 } }],
    });
    const img = screen.getByRole('img', { name: /Long/ });
    const label = img.querySelector('text.label')!;
    const lines = [...label.querySelectorAll('tspan')].map((x) => x.textContent ?? '');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBeGreaterThan(10);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(label.querySelector('title')?.textContent).toBe(long);
    // drawn in real pixels: the image is as wide as its box, not scaled down
    expect(img.getAttribute('width')).toBe(img.getAttribute('viewBox')!.split(' ')[2]);
  });

  it('marks a time axis in whole minutes and hours', () => {
    render(BarChart, {
      title: 'Times',
      series: [{ key: 'ms', label: 'Median', color: '#0b62d6' }],
      data: [{ label: 'complaint', values: { ms: 100 * 60_000 } }],
      format: (ms: number) => `${ms / 60_000} min`,
      scale: 'duration',
    });
    const ticks = [...screen.getByRole('img').querySelectorAll('text.tick')].map(
      (x) => x.textContent,
    );
    expect(ticks).toEqual(['0 min', '30 min', '60 min', '90 min', '120 min']);
  });

  it('says there is no data instead of an empty image', () => {
    render(BarChart, { title: 'Nothing', series, data: [] });
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText('沒有資料。')).toBeTruthy();
  });
});

describe('HeatGraph', () => {
  it('colours each node of the process by its share of the time spent', () => {
    render(HeatGraph, {
      title: 'Time per node',
      process: {
        nodes: [
          { id: 'start', type: 'start' },
          { id: 'classify', type: 'userTask', name: { 'zh-Hant': '投訴分類', en: 'Classify' } },
          {
            id: 'investigate',
            type: 'userTask',
            name: { 'zh-Hant': '調查核實', en: 'Investigate' },
          },
          { id: 'end', type: 'end' },
        ],
        flows: [
          { id: 'a', from: 'start', to: 'classify' },
          { id: 'b', from: 'classify', to: 'investigate' },
          { id: 'c', from: 'investigate', to: 'end' },
        ],
      } as never,
      steps: [
        { nodeId: 'classify', count: 2, medianMs: 60_000, p90Ms: 90_000, totalMs: 300_000 },
        { nodeId: 'investigate', count: 2, medianMs: 600_000, p90Ms: 900_000, totalMs: 900_000 },
      ],
    });
    const img = screen.getByRole('img', { name: /Time per node/ });
    const node = (id: string) => img.querySelector(`[data-node="${id}"]`)!;
    expect(node('investigate').getAttribute('data-share')).toBe('75%');
    expect(node('classify').getAttribute('data-share')).toBe('25%');
    expect(node('start').hasAttribute('data-share')).toBe(false);
    expect(node('investigate').querySelector('rect')!.getAttribute('fill')).not.toBe(
      node('classify').querySelector('rect')!.getAttribute('fill'),
    );
    expect(img.querySelectorAll('path.flow')).toHaveLength(3);
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('調查核實');
    expect(rows[1]!.textContent).toContain('75%');
    expect(rows[1]!.textContent).toContain('15 分');
  });
});
