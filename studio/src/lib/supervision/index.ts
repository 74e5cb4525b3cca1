/**
 * Supervision in the studio: the deadline worklist a supervisor acts from (with its row
 * actions), the notification inbox and its badge, incidents an operator resolves, and the
 * complaints report; their engine calls and their UI text in both languages.
 *
 * ```svelte
 * <Worklist page={data.worklist} … />
 * <NoticeBadge count={data.unread?.total ?? 0} lang="en" />
 * ```
 */
export * from './api';
export { engineNow, spanText, timeLeft, type Left } from './live';
export { byDimension, totals, COUNTS, type Count, type Totals } from './report';
export { isSupTextKey, supText, type SupTextKey } from './messages';
export { default as Worklist, type WorklistFilter } from './Worklist.svelte';
export { default as RowActions } from './RowActions.svelte';
