export { sha256, RECOGNISED_TYPES } from './content.ts';
export { combineScanners, noopScanner, type AttachmentScanner } from './scanner.ts';
export {
  checkFileReferences,
  listAttachments,
  readAttachment,
  screenUploads,
  storeAttachment,
  waitUploads,
  type Upload,
} from './store.ts';
