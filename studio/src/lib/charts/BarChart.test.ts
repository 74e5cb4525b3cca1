import { cleanup, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import BarChart from './BarChart.svelte';
import HeatGraph from './HeatGraph.svelte';

afterEach(cleanup);

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
    // grouped: the largest value (3) fills the axis (niceMax(3) = 5 → 3/5 of the plot)
    const widths = [...rects].map((r) => Number(r.getAttribute('width')));
    expect(widths[0]).toBeCloseTo((3 / 5) * 360);
    expect(widths[2]).toBe(0);
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
