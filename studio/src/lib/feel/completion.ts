/**
 * Completion in a FEEL input, as pure functions: the word being typed at the caret, the
 * suggestions that match it, and the text after one is accepted. FeelInput draws the list; the
 * editor that owns the field decides what is offered (the process editor: its variables).
 *
 * @example
 *   const at = wordAt('amount > 10 and sev', 19); // { start: 16, prefix: 'sev' }
 *   const shown = matching(list, at.prefix); // severity first
 *   accept('amount > 10 and sev', at, 19, shown[0]); // { text: 'amount > 10 and severity', caret: 24 }
 */

/** One suggestion, its texts already in the user's language. */
export interface FeelCompletion {
  /** What is shown and matched (`amount`, `form.approved`, `count(list)`). */
  label: string;
  /** What is inserted; `label` by default. A trailing `()` puts the caret between them. */
  insert?: string;
  /** Its type (`number`, `date`). */
  detail?: string;
  /** Where it comes from (`from form claim-intake v2`). */
  info?: string;
}

export interface WordAt {
  /** Where the word starts in the text. */
  start: number;
  prefix: string;
}

const WORD = /[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * The name being typed just before `caret` (letters, digits, `_` and `.` for paths), or null
 * inside a string literal or right after a digit (a number, not a name).
 */
export function wordAt(text: string, caret: number): WordAt | null {
  const before = text.slice(0, caret);
  let inString = false;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === '\\' && inString) i++;
    else if (before[i] === '"') inString = !inString;
  }
  if (inString) return null;
  const m = WORD.exec(before);
  if (!m) return /[0-9]$/.test(before) ? null : { start: caret, prefix: '' };
  const start = caret - m[0].length;
  if (start > 0 && /[0-9]/.test(before[start - 1]!)) return null;
  return { start, prefix: m[0] };
}

/**
 * The suggestions for `prefix`: those starting with it (case-insensitive), then those containing
 * it, each group in the order given; at most `limit`. An empty prefix matches everything.
 */
export function matching(
  list: readonly FeelCompletion[],
  prefix: string,
  limit = 50,
): FeelCompletion[] {
  const p = prefix.toLowerCase();
  const starts: FeelCompletion[] = [];
  const contains: FeelCompletion[] = [];
  for (const c of list) {
    const label = c.label.toLowerCase();
    if (label.startsWith(p)) starts.push(c);
    else if (p && label.includes(p)) contains.push(c);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** The active option after ArrowDown (wraps to the first) or ArrowUp (from none or the first: the last). */
export function nextActive(key: 'ArrowDown' | 'ArrowUp', active: number, count: number): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return (active + 1) % count;
  return active <= 0 ? count - 1 : active - 1;
}

/** The text with the word at `at` (up to `caret`) replaced by the suggestion, and the new caret. */
export function accept(
  text: string,
  at: WordAt,
  caret: number,
  c: FeelCompletion,
): { text: string; caret: number } {
  const insert = c.insert ?? c.label;
  const next = text.slice(0, at.start) + insert + text.slice(caret);
  const end = at.start + insert.length;
  return { text: next, caret: insert.endsWith('()') ? end - 1 : end };
}
