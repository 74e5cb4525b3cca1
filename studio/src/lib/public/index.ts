/**
 * The customers' pages' shared pieces (no staff session): documents read in the browser as
 * the base64 the public upload route takes, checked against its limits first.
 *
 * ```ts
 * const { files, problems } = await readUploads(input.files);
 * if (!problems.length) await uploadDocuments(api, token, message, files);
 * ```
 */
export { readUploads, UPLOAD_LIMITS, type Upload, type UploadProblem } from './uploads';
export { default as StepList } from './StepList.svelte';
