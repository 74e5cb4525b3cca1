/**
 * The customers' pages' shared pieces (no staff session): documents read in the browser as
 * the base64 the public upload route takes, checked against its limits first.
 *
 * ```ts
 * const { files, problems } = await readUploads(input.files);
 * if (!problems.length) await uploadDocuments(api, token, message, files);
 * ```
 *
 * `UploadForm` (one wait, or one of its lines) and `AmountAnswer` (accept or dispute an amount)
 * are the tracking page's forms; public.css sizes every control on these pages for a finger.
 */
export { readUploads, UPLOAD_LIMITS, type Upload, type UploadProblem } from './uploads';
export { default as StepList } from './StepList.svelte';
export { default as UploadForm } from './UploadForm.svelte';
export { default as AmountAnswer } from './AmountAnswer.svelte';
