/**
 * Supervision: what a supervisor runs the day from. The deadline worklist (every legal clock
 * still counting on the cases they supervise, grouped by when it falls due). Escalations
 * themselves are commands of effects/ (escalate.ts).
 */
export { readWorklist } from './worklist.ts';
export { DUE_BUCKETS, type DueBucket } from './buckets.ts';
export { optionLabels } from './labels.ts';
export { calendarCoverage } from './calendar-coverage.ts';
