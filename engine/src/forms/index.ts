export { validateForm } from './validate.ts';
export { checkSubmission } from './submission.ts';
export { computeValues } from './compute.ts';
export { dataFields, fieldAtPointer, isLayout, keysIn, pagesOf } from './layout.ts';
export { lintForm } from './lint.ts';
export { accepts, RECOGNISED_TYPES, type RecognisedType } from './file-types.ts';
export { formatFen, isSafeFen, parseYuan } from './money.ts';
