/** Calendars that never run out silently: a clock's note, and operations' coverage and replay. */
export { default as CalendarGapNote } from './CalendarGapNote.svelte';
export { default as CalendarGapFlag } from './CalendarGapFlag.svelte';
export { default as CalendarCoverage } from './CalendarCoverage.svelte';
export type { CalendarGap, CalendarTask, CalendarTimer } from './types';
