/**
 * Which versions of a process an SLA measures. A designer writes them as a small range, read
 * like npm's: `"4"` (version 4 only), `">=4"` (4 and every later one), `">=4 <7"` (all of the
 * space-separated conditions), `"2 || >=4"` (any of the alternatives). Pure and browser-safe:
 * the registry, the lint, the catalogue and the studio's SLA editor read ranges with it.
 *
 * @example
 *   coversVersion({ id: 'claim', versions: '>=4' }, 5); // true
 *   coversVersion({ id: 'claim', version: 4 }, 5);      // false
 *   coversVersion({ id: 'claim' }, 5);                  // true: no version, every version
 */

type Comparator = { op: '>=' | '<=' | '>' | '<' | '='; n: number };

/** What the schema allows (linear: no part can be matched two ways). */
export const VERSION_RANGE_PATTERN =
  '^ *(?:[<>]=?|=)?[1-9][0-9]{0,8}(?:(?: +| *\\|\\| *)(?:[<>]=?|=)?[1-9][0-9]{0,8})* *$';
const RANGE = new RegExp(VERSION_RANGE_PATTERN);

/** The alternatives of a range, each a list of comparators that must all hold; null if malformed. */
export function parseVersionRange(text: string): Comparator[][] | null {
  if (text.length > 64 || !RANGE.test(text)) return null;
  return text.split('||').map((alt) =>
    alt
      .trim()
      .split(/ +/)
      .map((part) => {
        const m = /^([<>]=?|=)?(\d+)$/.exec(part)!;
        return { op: (m[1] ?? '=') as Comparator['op'], n: Number(m[2]) };
      }),
  );
}

function holds(c: Comparator, v: number): boolean {
  switch (c.op) {
    case '>=':
      return v >= c.n;
    case '<=':
      return v <= c.n;
    case '>':
      return v > c.n;
    case '<':
      return v < c.n;
    default:
      return v === c.n;
  }
}

/** Whether a range (as text) admits a version; a malformed range admits none. */
export function rangeCovers(range: string, version: number): boolean {
  return parseVersionRange(range)?.some((alt) => alt.every((c) => holds(c, version))) ?? false;
}

/** The process reference of an SLA: one version, a range of versions, or every version. */
export interface MeasuredProcessRef {
  id: string;
  version?: number;
  versions?: string;
}

/** Whether an SLA's process reference measures this version of its process. */
export function coversVersion(ref: MeasuredProcessRef, version: number): boolean {
  if (ref.versions !== undefined) return rangeCovers(ref.versions, version);
  return ref.version === undefined || ref.version === version;
}

/** The versions among `known` that a reference measures, in ascending order. */
export function coveredVersions(ref: MeasuredProcessRef, known: Iterable<number>): number[] {
  return [...known].filter((v) => coversVersion(ref, v)).sort((a, b) => a - b);
}

/** The reference as people read it: "claim v4", "claim >=4", "claim (every version)". */
export function describeProcessRef(ref: MeasuredProcessRef): string {
  if (ref.versions !== undefined) return `${ref.id} ${ref.versions.trim()}`;
  return ref.version !== undefined ? `${ref.id} v${ref.version}` : ref.id;
}
