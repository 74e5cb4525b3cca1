/**
 * Personal data in case data. A form field marked `sensitive`, and a variable a process
 * declares as its customer's name, ID or phone number (`search`), makes its key personal data
 * wherever it appears in case data (instance variables, task prefill, drafts and submissions,
 * history entries, message payloads, job inputs), at any depth: recognising it by key keeps
 * one rule for the store, the API and the logs. Values under those keys are sealed before
 * they reach PostgreSQL, masked in API responses for those without the right, erased at the
 * end of the retention period, and censored in logs.
 *
 * @example
 *   const pd = new PersonalData(ring);
 *   pd.setKeys(['idNumber']);
 *   pd.mask({ idNumber: 'A123456789', city: 'Taipei' }); // { idNumber: 'A********9', city: 'Taipei' }
 */
import type { FormDefinition, FormField } from '../generated/index.ts';
import { isEnvelope, openValue, sealValue, type KeyRing } from './cipher.ts';
import { maskIdentifiersIn, maskValue, maskValuesIn } from './text-mask.ts';

export { maskValue };

/** Masks personal data out of free text and out of JSON details (error messages and their data). */
export interface TextMasker {
  text(s: string): string;
  tree<T>(t: T): T;
}

type Json = unknown;

export class PersonalData {
  #keys: ReadonlySet<string> = new Set();
  #marked: ReadonlySet<string> = new Set();

  constructor(readonly ring: KeyRing) {}

  /** Every key whose values are personal data: sealed, masked, censored, erased. */
  get keys(): ReadonlySet<string> {
    return this.#keys;
  }

  /** Those a form (or a plugin) marks `sensitive`: never held anywhere in clear, not even in the search index. */
  get marked(): ReadonlySet<string> {
    return this.#marked;
  }

  /**
   * `marked`: keys of fields marked sensitive; `identity`: the variables that identify the
   * customer (a process's `search` customer name, ID and phone number), personal data too.
   */
  setKeys(marked: Iterable<string>, identity: Iterable<string> = []): void {
    this.#marked = new Set(marked);
    this.#keys = new Set([...this.#marked, ...identity]);
  }

  /** A copy with every value under a sensitive key sealed (envelopes are kept as they are). */
  seal<T extends Json>(tree: T): T {
    return this.#mapSensitive(tree, (v) => (isEnvelope(v) ? v : sealValue(this.ring, v))) as T;
  }

  /** A copy with every envelope, wherever it is, opened. */
  open<T extends Json>(tree: T): T {
    return openTree(this.ring, tree) as T;
  }

  /** A copy with every value under a sensitive key masked (first and last characters kept). */
  mask<T extends Json>(tree: T): T {
    return this.#mapSensitive(tree, maskValue) as T;
  }

  /** A copy with every value under a sensitive key replaced by null (retention). */
  erase<T extends Json>(tree: T): T {
    return this.#mapSensitive(tree, () => null) as T;
  }

  /** A copy for the logs: every value under a sensitive key replaced by `[redacted]`. */
  censor<T extends Json>(tree: T): T {
    return this.#mapSensitive(tree, () => '[redacted]') as T;
  }

  /**
   * What masks an error about `data` (a call's input): the values under its sensitive keys and
   * common identifiers, in text and in every string of a tree (whose sensitive keys are masked
   * too).
   */
  masker(data: Json): TextMasker {
    const values: string[] = [];
    this.#mapSensitive(data, (v) => {
      collectStrings(v, values);
      return v;
    });
    const text = (s: string) => maskIdentifiersIn(maskValuesIn(s, values));
    const strings = (t: Json): Json =>
      typeof t === 'string'
        ? text(t)
        : Array.isArray(t)
          ? t.map(strings)
          : t && typeof t === 'object'
            ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, strings(v)]))
            : t;
    return { text, tree: <T>(t: T) => strings(this.mask(t)) as T };
  }

  /** The sensitive keys that hold a value in the tree (what a reader would see unmasked). */
  found(tree: Json): string[] {
    const seen = new Set<string>();
    this.#mapSensitive(tree, (v, key) => {
      seen.add(key);
      return v;
    });
    return [...seen].sort();
  }

  /** Applies fn under sensitive keys; copies only the objects on the way to a change. */
  #mapSensitive(tree: Json, fn: (value: Json, key: string) => Json): Json {
    if (this.#keys.size === 0 || tree === null || typeof tree !== 'object') return tree;
    if (Array.isArray(tree)) {
      let out: Json[] | undefined;
      tree.forEach((v, i) => {
        const m = this.#mapSensitive(v, fn);
        if (m !== v) (out ??= [...tree])[i] = m;
      });
      return out ?? tree;
    }
    // Only JSON-like data: requests, errors and other class instances are left to serializers.
    const proto: unknown = Object.getPrototypeOf(tree);
    if (proto !== Object.prototype && proto !== null) return tree;
    let out: Record<string, Json> | undefined;
    for (const [k, v] of Object.entries(tree)) {
      const m =
        this.#keys.has(k) && v !== null && v !== undefined ? fn(v, k) : this.#mapSensitive(v, fn);
      if (m !== v) (out ??= { ...tree })[k] = m;
    }
    return out ?? tree;
  }
}

function collectStrings(v: Json, into: string[]): void {
  if (typeof v === 'string' || typeof v === 'number') into.push(String(v));
  else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, into));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => collectStrings(x, into));
}

function openTree(ring: KeyRing, tree: Json): Json {
  if (isEnvelope(tree)) return openValue(ring, tree);
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return tree.map((v) => openTree(ring, v));
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = openTree(ring, v);
  return out;
}

/** A copy with every sealed value, wherever it is, replaced by null (what retention erases). */
export function eraseSealed(tree: Json): Json {
  if (isEnvelope(tree)) return null;
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return tree.map(eraseSealed);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(tree)) out[k] = eraseSealed(v);
  return out;
}

/** The keys of a form's fields marked sensitive, group children included. */
export function sensitiveKeysOf(form: Pick<FormDefinition, 'fields'>): string[] {
  const out: string[] = [];
  const walk = (fields: FormField[] | undefined) => {
    for (const f of fields ?? []) {
      if (f.sensitive) out.push(f.key);
      walk(f.fields);
    }
  };
  walk(form.fields);
  return out;
}
