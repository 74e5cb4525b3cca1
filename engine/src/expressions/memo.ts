/**
 * A memo whose size is bounded however its keys come: at most `entries` keys, together at most
 * `chars` characters; the least recently used go first. Expressions, patterns and form schemas
 * are memoised by their text, and that text can come from anyone who may validate or play a
 * definition, so an unbounded map would grow with every request (issue 14, item 12).
 *
 * @example
 *   const names = new BoundedMemo<string[]>({ entries: 1000, chars: 1_000_000 });
 *   names.get(expression) ?? names.set(expression, readNames(expression));
 */
export class BoundedMemo<V> {
  readonly #map = new Map<string, V>();
  readonly #entries: number;
  readonly #chars: number;
  #size = 0;

  constructor(
    limits: { entries: number; chars: number },
    /** Called with each value that leaves (to release what it holds elsewhere). */
    readonly onEvict?: (value: V) => void,
  ) {
    this.#entries = limits.entries;
    this.#chars = limits.chars;
  }

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      // most recently used last
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }

  /** Keeps the value (unless its key alone is over the character bound) and returns it. */
  set(key: string, value: V): V {
    if (key.length > this.#chars) return value;
    const old = this.#map.get(key);
    if (old !== undefined) {
      this.#map.delete(key);
      this.#size -= key.length;
    }
    this.#map.set(key, value);
    this.#size += key.length;
    while (this.#map.size > this.#entries || this.#size > this.#chars) {
      const [k, v] = this.#map.entries().next().value!;
      this.#map.delete(k);
      this.#size -= k.length;
      if (v !== value) this.onEvict?.(v);
    }
    return value;
  }
}
