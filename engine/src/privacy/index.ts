export {
  ENVELOPE_PREFIX,
  isEnvelope,
  newDataKey,
  openBytes,
  openValue,
  sealBytes,
  parseDataKeys,
  sealValue,
  type KeyRing,
} from './cipher.ts';
export { PersonalData, maskValue, sensitiveKeysOf } from './personal-data.ts';
export { eraseSealed } from './personal-data.ts';
export { scheduleRetention, sweepRetention, type RetentionDeps } from './retention.ts';
