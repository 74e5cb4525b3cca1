/**
 * Encryption of personal data at rest: AES-256-GCM (node:crypto) under a key ring read from
 * `CASEWAY_DATA_KEYS`. Each value becomes a self-describing envelope string
 * `enc:v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url), so a key can be rotated by putting a
 * new key first: new writes use it, older envelopes still open with the key they name.
 *
 * @example
 *   const ring = parseDataKeys('k1:' + randomBytes(32).toString('base64'));
 *   const sealed = sealValue(ring, '0912-345-678'); // 'enc:v1:k1:…'
 *   openValue(ring, sealed); // '0912-345-678'
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const ENVELOPE_PREFIX = 'enc:v1:';

export interface KeyRing {
  /** The key new envelopes are written with. */
  readonly current: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/**
 * Parses `id:base64key[,id:base64key…]`, the first being current. Keys are 32 bytes
 * (`openssl rand -base64 32`); ids are short names (`k2026`, `k2`).
 */
export function parseDataKeys(spec: string): KeyRing {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(part);
    if (!m) throw new Error('CASEWAY_DATA_KEYS: each entry is <id>:<base64 of 32 bytes>');
    const key = Buffer.from(m[2]!, 'base64');
    if (key.length !== 32)
      throw new Error(`CASEWAY_DATA_KEYS: key ${m[1]} is ${key.length} bytes, not 32`);
    if (keys.has(m[1]!)) throw new Error(`CASEWAY_DATA_KEYS: key id ${m[1]} appears twice`);
    keys.set(m[1]!, key);
  }
  const current = [...keys.keys()][0];
  if (!current) throw new Error('CASEWAY_DATA_KEYS is empty');
  return { current, keys };
}

/** A fresh key ring entry, as `npm start` writes for a development machine. */
export const newDataKey = (id = 'k1') => `${id}:${randomBytes(32).toString('base64')}`;

export const isEnvelope = (v: unknown): v is string =>
  typeof v === 'string' && v.startsWith(ENVELOPE_PREFIX);

export function sealValue(ring: KeyRing, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.current)!, iv);
  const ct = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const parts = [ring.current, iv, ct, cipher.getAuthTag()].map((p) =>
    typeof p === 'string' ? p : p.toString('base64url'),
  );
  return ENVELOPE_PREFIX + parts.join(':');
}

export function openValue(ring: KeyRing, envelope: string): unknown {
  const [keyId, iv, ct, tag] = envelope.slice(ENVELOPE_PREFIX.length).split(':');
  const key = keyId ? ring.keys.get(keyId) : undefined;
  if (!key || !iv || ct === undefined || !tag)
    throw new Error(`personal data sealed with unknown key ${keyId}: add it to CASEWAY_DATA_KEYS`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([
    decipher.update(Buffer.from(ct, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
  return JSON.parse(text);
}

/** Seals bytes (an uploaded document): `iv | tag | ciphertext` under the current key. */
export function sealBytes(ring: KeyRing, plain: Buffer): { keyId: string; data: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.current)!, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { keyId: ring.current, data: Buffer.concat([iv, cipher.getAuthTag(), ct]) };
}

export function openBytes(ring: KeyRing, keyId: string, sealed: Buffer): Buffer {
  const key = ring.keys.get(keyId);
  if (!key)
    throw new Error(`document sealed with unknown key ${keyId}: add it to CASEWAY_DATA_KEYS`);
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}
