/** Play mode in the studio: the panel beside the process diagram and what it marks on it. */
export { default as PlayPanel } from './PlayPanel.svelte';
export { traceOf, type PlayTrace } from './trace';
export type { PlayView, PlayAction } from './api';
