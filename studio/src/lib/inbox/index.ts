/**
 * The staff inbox and task view's shared logic: SLA countdowns, the case history in words,
 * process node names, and the live task events from the engine.
 *
 * ```ts
 * const stop = onTaskEvents(() => invalidate('app:inbox'));   // EventSource('/api/events')
 * remaining(clock.dueAt, Date.now());                          // { ms: 5400000, overdue: false }
 * taskCount({ total: 1000, totalCapped: true });               // '1,000+'
 * ```
 */
export { remaining, durationParts, type Remaining } from './sla';
export { historyLine, type HistoryLine } from './history';
export { personName, personWithin } from './people';
export { nodeNames, type NodeNames } from './names';
export { taskCount } from './count';
export { onTaskEvents, type TaskEvent } from './events';
export { default as SlaBadge } from './SlaBadge.svelte';
export { default as SlaCountdown } from './SlaCountdown.svelte';
export { default as HistoryTimeline } from './HistoryTimeline.svelte';
export * from './staff-api';
export { staffText, type StaffTextKey } from './staff-messages';
