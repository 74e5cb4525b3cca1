/**
 * The case as staff see it: earlier submissions read-only with their forms (beside a task's
 * form and on the case page), case files to preview, SLA clock timelines and case notes.
 */
export { default as FormView } from './FormView.svelte';
export { default as FilePreview } from './FilePreview.svelte';
export { default as Submissions } from './Submissions.svelte';
export { caseText, type CaseTextKey } from './messages';
export type { ShownVariable, Submission, TaskCaseContext } from './types';
export { default as ClockTimeline } from './ClockTimeline.svelte';
export { default as WhereGraph } from './WhereGraph.svelte';
export type { CaseNote, CaseView, ExplainedClock } from './types';

import { answerAs, type Api } from '$lib/api';
import type { CaseView as View } from './types';

/**
 * The case page's one read; `reveal` asks for personal data unmasked (recorded). Read as
 * {@link View}: the document gives its submissions' forms as open objects, form definitions.
 */
export const getCase = (api: Api, id: string, reveal = false) =>
  answerAs<View>(
    api.get('/api/cases/{id}', { path: { id }, query: reveal ? { reveal: true } : {} }),
  );
/** Adds a note to the case (kept in its history). */
export const addCaseNote = (api: Api, id: string, text: string) =>
  api.post('/api/cases/{id}/notes', { path: { id }, body: { text } });
