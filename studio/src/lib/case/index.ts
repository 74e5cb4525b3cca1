/**
 * The case as staff see it: earlier submissions read-only with their forms (beside a task's
 * form and on the case page), case files to preview, SLA clock timelines and case notes.
 */
export { default as FormView } from './FormView.svelte';
export { default as FilePreview } from './FilePreview.svelte';
export { default as Submissions } from './Submissions.svelte';
export { caseText, type CaseTextKey } from './messages';
export type { ShownVariable, Submission, TaskCaseContext } from './types';
