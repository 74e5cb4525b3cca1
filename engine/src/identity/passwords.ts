/**
 * Password hashing with scrypt (node:crypto, memory-hard). Each hash carries its own salt and
 * cost parameters, so the parameters can be raised later: a hash made with older ones is
 * re-made at the next successful sign-in (`needsRehash`).
 *
 * @example
 *   const stored = await hashPassword('correct horse battery staple');
 *   await verifyPassword('correct horse battery staple', stored); // true
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Current cost: N = 2^15, r = 8, p = 1 (32 MiB per hash). */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/** The accepted password lengths (a passphrase; no composition rules). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

function derive(password: string, salt: Buffer, p: { N: number; r: number; p: number }) {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 };
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parse(stored: string) {
  const [alg, N, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return undefined;
  return {
    params: { N: Number(N), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64url'),
    hash: Buffer.from(hash, 'base64url'),
  };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const key = await derive(password, h.salt, h.params);
  return key.length === h.hash.length && timingSafeEqual(key, h.hash);
}

export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return (
    !h ||
    h.params.N !== SCRYPT_PARAMS.N ||
    h.params.r !== SCRYPT_PARAMS.r ||
    h.params.p !== SCRYPT_PARAMS.p
  );
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real verification: used when the account does not exist or has
 * no password, so a failed sign-in takes about as long whatever the reason.
 */
export async function burnVerification(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
