/**
 * The blind index: personal data in case variables is sealed with a random IV (cipher.ts), so
 * two sealings of one ID number differ and SQL cannot compare them. To find a case by ID
 * number the store keeps, beside the sealed value, HMAC-SHA256 of the normalised value under a
 * search key. The search key is derived from each data key with HKDF-SHA256 under its own
 * info label, so it is never the encryption key, and a leaked digest table without the keys
 * tells nothing but which cases share a value.
 *
 * @example
 *   const index = new BlindIndex(ring);
 *   index.digest('idNumber', 'A123456789'); // { keyId: 'k1', digest: '5f1c…' }
 *   index.digests('idNumber', 'A123456789'); // one per key in the ring (a search after rotation)
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { KeyRing } from '../privacy/index.ts';
import type { SearchKind } from './terms.ts';

const SALT = 'caseway';
const INFO = 'caseway search index v1';

export class BlindIndex {
  readonly #keys = new Map<string, Buffer>();

  constructor(readonly ring: KeyRing) {
    for (const [id, key] of ring.keys)
      this.#keys.set(id, Buffer.from(hkdfSync('sha256', key, SALT, INFO, 32)));
  }

  /** The data key new digests are written under. */
  get current(): string {
    return this.ring.current;
  }

  /** The digest of an already normalised value under the current key. */
  digest(kind: SearchKind, normalised: string): { keyId: string; digest: string } {
    return { keyId: this.current, digest: this.#hmac(this.current, kind, normalised) };
  }

  /** The digests of a normalised value under every key (rows not yet re-indexed after a rotation). */
  digests(kind: SearchKind, normalised: string): string[] {
    return [...this.#keys.keys()].map((id) => this.#hmac(id, kind, normalised));
  }

  #hmac(keyId: string, kind: SearchKind, normalised: string): string {
    // the kind is part of the message: an ID number and a phone number never share a digest
    return createHmac('sha256', this.#keys.get(keyId)!)
      .update(`${kind}\u0000${normalised}`)
      .digest('hex');
  }
}
