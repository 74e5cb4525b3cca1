export { accepts, contentMatches, isPlainName, sha256, RECOGNISED_TYPES } from './content.ts';
export {
  combineScanners,
  noopScanner,
  type AttachmentScanner,
  type ScanMeta,
  type ScanVerdict,
} from './scanner.ts';
export {
  checkFileReferences,
  listAttachments,
  readAttachment,
  screenUploads,
  storeAttachment,
  type AttachmentRef,
  type Limits,
  type Upload,
} from './store.ts';
