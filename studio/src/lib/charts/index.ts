/**
 * Hand-written, accessible SVG charts of the supervisors' dashboards (no chart library): each
 * an image with a title and description, its figures also as a table, with a CSV export link.
 *
 * ```svelte
 * <BarChart title="Workload per group" series={[{ key: 'open', label: 'Open', color: '#0b62d6' }]}
 *           data={[{ label: 'complaints', values: { open: 3 } }]} csvHref="/api/analytics/workload?format=csv" />
 * <HeatGraph title="Time spent per node" process={definition} steps={stepTimes} />
 * ```
 */
export { default as BarChart } from './BarChart.svelte';
export { default as HeatGraph, type StepTime } from './HeatGraph.svelte';
export { graphLayout, shares, type GraphLayout } from './graph';
export { niceMax, ticks, formatDuration, heatColor, textOn, csvDataUrl } from './scale';
export { csvText } from '@caseway/engine/csv';
export type { Datum, Series } from './types';
