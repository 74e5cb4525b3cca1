/**
 * The case as staff see it: its history with people's names, the earlier submissions a task's
 * worker sees beside the form, the explained SLA clocks, case notes, and the one read behind
 * the studio's case page (`GET /api/cases/{id}`).
 */
export { readHistory, type HistoryItem } from './history.ts';
export { caseSubmissions, taskContext } from './submissions.ts';
export { askedItems, customerAsks, missingItems } from './customer-asks.ts';
