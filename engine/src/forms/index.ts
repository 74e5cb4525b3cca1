export { validateForm, formJsonSchema } from './validate.ts';
export { checkSubmission } from './submission.ts';
export { computeValues, computeOrder, referencedNames } from './compute.ts';
export {
  dataFields,
  fieldAtPointer,
  isLayout,
  keysIn,
  pagesOf,
  LAYOUT_TYPES,
  type LayoutType,
} from './layout.ts';
export { lintForm } from './lint.ts';
export { accepts, RECOGNISED_TYPES, type RecognisedType } from './file-types.ts';
export {
  MONEY_MAX_FEN,
  MONEY_MIN_FEN,
  formatFen,
  isSafeFen,
  parseYuan,
  yuanWords,
} from './money.ts';
