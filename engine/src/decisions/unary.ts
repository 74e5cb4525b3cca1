/**
 * The shape of a decision table's input entries, as far as the lint can know it without running
 * anything: a FEEL unary test made of literals (`"glass"`, `12`, `true`, `date("2026-01-01")`),
 * comparisons (`< 1000`), intervals (`[1..10)`), lists of those and `not(...)`, or `-` for any
 * value. Anything else (a test reading a variable, `?`, a function) is opaque: the lint then
 * claims nothing about it. Pure.
 *
 * @example
 *   analyseTests('"theft", "fire"'); // { negated: false, atoms: [{ eq: 'theft' }, { eq: 'fire' }] }
 *   overlaps(analyseTests('< 10'), analyseTests('[5..20]')); // true
 */

export type Scalar = string | number | boolean | null;
export type ValueType = 'string' | 'number' | 'boolean' | 'date' | 'null';

interface Bound {
  value: string | number;
  closed: boolean;
}

/** A value equal to a literal, or within bounds (numbers, or dates as YYYY-MM-DD strings). */
export type Atom =
  | { eq: Scalar; type: ValueType }
  | { type: 'number' | 'date' | 'string'; low?: Bound; high?: Bound };

/** Analysed tests: `-` (any value), or atoms of which one must hold (none may, negated). */
export type Tests = { any: true } | { any?: false; negated: boolean; atoms: Atom[] };

const NUMBER = /^-?\d+(\.\d+)?$/;
const DATE = /^date\(\s*"(\d{4}-\d{2}-\d{2})"\s*\)$/;
const STRING = /^"((?:[^"\\]|\\.)*)"$/;

/** Splits at top-level commas (outside strings, brackets and parentheses). */
function splitTop(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(source.slice(start).trim());
  return parts;
}

/** A literal's value and type, or undefined when it is not a literal. */
export function literal(text: string): { value: Scalar; type: ValueType } | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return { value: Number(t), type: 'number' };
  if (t === 'true' || t === 'false') return { value: t === 'true', type: 'boolean' };
  if (t === 'null') return { value: null, type: 'null' };
  const d = DATE.exec(t);
  if (d) return { value: d[1]!, type: 'date' };
  const s = STRING.exec(t);
  if (s) return { value: s[1]!.replace(/\\(.)/g, '$1'), type: 'string' };
  return undefined;
}

function atom(text: string): Atom | undefined {
  const lit = literal(text);
  if (lit) return { eq: lit.value, type: lit.type };
  const cmp = /^(<=|>=|<|>)\s*(.+)$/.exec(text);
  if (cmp) {
    const v = literal(cmp[2]!);
    if (!v || (v.type !== 'number' && v.type !== 'date' && v.type !== 'string')) return undefined;
    const bound = { value: v.value as string | number, closed: cmp[1]!.includes('=') };
    return cmp[1]!.startsWith('<') ? { type: v.type, high: bound } : { type: v.type, low: bound };
  }
  const iv = /^([[\](])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\])])$/.exec(text);
  if (iv) {
    const lo = literal(iv[2]!);
    const hi = literal(iv[3]!);
    if (!lo || !hi || lo.type !== hi.type) return undefined;
    if (lo.type !== 'number' && lo.type !== 'date' && lo.type !== 'string') return undefined;
    return {
      type: lo.type,
      low: { value: lo.value as string | number, closed: iv[1] === '[' },
      high: { value: hi.value as string | number, closed: iv[4] === ']' },
    };
  }
  return undefined;
}

/** The analysed shape of unary tests, or undefined when they are opaque to the lint. */
export function analyseTests(source: string): Tests | undefined {
  const text = source.trim();
  if (text === '-' || text === '') return { any: true };
  const not = /^not\s*\(([\s\S]*)\)$/.exec(text);
  const inner = not ? not[1]! : text;
  const atoms: Atom[] = [];
  for (const part of splitTop(inner)) {
    const a = atom(part);
    if (!a) return undefined;
    atoms.push(a);
  }
  return { negated: Boolean(not), atoms };
}

/** The types of the values a test's literals are (an opaque or `-` test: none). */
export function literalTypes(tests: Tests | undefined): ValueType[] {
  if (!tests || tests.any) return [];
  return tests.atoms.map((a) => a.type);
}

const below = (v: string | number, b: Bound | undefined) =>
  !b || v < b.value || (b.closed && v === b.value);
const above = (v: string | number, b: Bound | undefined) =>
  !b || v > b.value || (b.closed && v === b.value);

function atomHolds(a: Atom, v: Scalar): boolean {
  if ('eq' in a) return a.eq === v;
  if (typeof v !== (a.type === 'number' ? 'number' : 'string') || v === null) return false;
  return above(v as string | number, a.low) && below(v as string | number, a.high);
}

/** Whether analysed tests pass a value (for enumerated inputs' allowed values). */
export function holds(tests: Tests, v: Scalar): boolean {
  if (tests.any) return true;
  const some = tests.atoms.some((a) => atomHolds(a, v));
  return tests.negated ? !some : some;
}

/** Whether two atoms' sets of values meet. */
function atomsMeet(a: Atom, b: Atom): boolean {
  if ('eq' in a) return atomHolds(b, a.eq);
  if ('eq' in b) return atomHolds(a, b.eq);
  if (a.type !== b.type) return false;
  // the later of the lows below the earlier of the highs
  const low = [a.low, b.low]
    .filter(Boolean)
    .sort((x, y) =>
      x!.value === y!.value ? (x!.closed ? 1 : -1) : x!.value < y!.value ? 1 : -1,
    )[0];
  const high = [a.high, b.high]
    .filter(Boolean)
    .sort((x, y) =>
      x!.value === y!.value ? (x!.closed ? 1 : -1) : x!.value < y!.value ? -1 : 1,
    )[0];
  if (!low || !high) return true;
  if (low.value < high.value) return true;
  return low.value === high.value && low.closed && high.closed;
}

/**
 * Whether some value passes both tests, proved from their shapes; with `domain` (an enumerated
 * input's allowed values) only those values count. Opaque tests: undefined (unknown). A negated
 * test against another is decided only over a domain or against `-`.
 */
export function overlaps(
  a: Tests | undefined,
  b: Tests | undefined,
  domain?: readonly Scalar[],
): boolean | undefined {
  if (!a || !b) return undefined;
  if (domain) return domain.some((v) => holds(a, v) && holds(b, v));
  if (a.any || b.any) return true;
  if (a.negated && b.negated) return undefined;
  if (a.negated || b.negated) {
    const [neg, pos] = a.negated ? [a, b] : [b, a];
    return pos.atoms.some((x) => 'eq' in x && holds(neg, x.eq)) || undefined;
  }
  return a.atoms.some((x) => b.atoms.some((y) => atomsMeet(x, y)));
}
