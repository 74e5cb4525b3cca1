export {
  ENVELOPE_PREFIX,
  newDataKey,
  openBytes,
  openValue,
  sealBytes,
  parseDataKeys,
  sealValue,
  type KeyRing,
} from './cipher.ts';
export { PersonalData, eraseSealed, sensitiveKeysOf, type TextMasker } from './personal-data.ts';
