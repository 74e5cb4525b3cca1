/**
 * Regular expressions on RE2 (re2js, pure JavaScript, so the studio's browser bundle shares it):
 * matching takes time linear in the input whatever the pattern, where JavaScript's backtracking
 * RegExp takes exponential time on patterns like `(a+)+$`. Used for FEEL's `matches`, `replace`
 * and `split` and for form fields' `pattern` (ajv's `code.regExp`).
 *
 * The dialect is RE2's (docs/definitions.md): no backreferences (`\1`) and no lookaround
 * (`(?=`, `(?!`, `(?<=`, `(?<!`); such a pattern is invalid (FEEL: null; definitions: refused
 * when the pattern is a literal).
 *
 * @example
 *   compileRegex('^[A-Z]{3}-\\d+$')?.test('CLM-42') // true
 */
import { FeelFunction } from 'feelin';
import { RE2JS } from 're2js';
import { BoundedMemo } from './memo.ts';

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  s: RE2JS.DOTALL,
  m: RE2JS.MULTILINE,
};

const cache = new BoundedMemo<RE2JS | null>({ entries: 500, chars: 500_000 });

/** The compiled pattern, or null when it is not valid RE2 or a flag is not one of `i`, `s`, `m`. */
export function compileRegex(pattern: string, flags = ''): RE2JS | null {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let compiled: RE2JS | null = null;
  let bits = 0;
  let valid = true;
  for (const f of flags) {
    if (FLAGS[f] === undefined) valid = false;
    else bits |= FLAGS[f];
  }
  if (valid) {
    try {
      compiled = RE2JS.compile(pattern, bits);
    } catch {
      compiled = null;
    }
  }
  return cache.set(key, compiled);
}

/** Why a pattern is not valid RE2, or null when it is. */
export function regexError(pattern: string): string | null {
  try {
    RE2JS.compile(pattern);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Splits like JavaScript's `String.prototype.split(regexp)` (without capture groups). */
export function splitRegex(input: string, re: RE2JS): string[] {
  const n = input.length;
  if (n === 0) return re.test('') ? [] : [''];
  const m = re.matcher(input);
  const out: string[] = [];
  let p = 0; // end of the last split
  let q = 0; // where the next match may start
  while (q < n && m.find(q)) {
    const s = m.start();
    const e = m.end();
    if (s >= n) break;
    if (e === p) {
      q = s + codePointLength(input, s); // an empty match where the last one ended does not split
      continue;
    }
    out.push(input.slice(p, s));
    p = e;
    q = p;
  }
  out.push(input.slice(p));
  return out;
}

function codePointLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
}

/**
 * ajv's `code.regExp`: form fields' `pattern` checked by RE2. ajv calls it with flags `u`,
 * which RE2 always is (it matches code points).
 */
export function ajvRegExp(pattern: string): { test: (s: string) => boolean; toString(): string } {
  const re = RE2JS.compile(pattern);
  // ajv keys its cache of patterns by toString(): one key per pattern
  return { test: (s: string) => re.test(s), toString: () => `re2:${pattern}` };
}
ajvRegExp.code = 'ajvRegExp';

const str = (v: unknown): v is string => typeof v === 'string';

/**
 * FEEL's `matches`, `replace` and `split` on RE2, which ./budget.ts runs wherever feelin would
 * run its own. Wrong types or an invalid pattern give null, as in feelin.
 */
export const REGEX_FUNCTIONS: Record<string, FeelFunction> = {
  matches: new FeelFunction(
    (input: unknown, pattern: unknown, flags: unknown) => {
      if (!str(input) || !str(pattern) || !(flags == null || str(flags))) return null;
      return compileRegex(pattern, flags ?? '')?.test(input) ?? null;
    },
    ['input', 'pattern', 'flags'],
  ),
  replace: new FeelFunction(
    (input: unknown, pattern: unknown, replacement: unknown, flags: unknown) => {
      if (!str(input) || !str(pattern) || !str(replacement) || !(flags == null || str(flags)))
        return null;
      const re = compileRegex(pattern, flags ?? '');
      if (!re) return null;
      // FEEL's $0 is the whole match, JavaScript's (and re2js's) $&
      return re.matcher(input).replaceAll(replacement.replace(/\$0/g, '$$&'));
    },
    ['input', 'pattern', 'replacement', 'flags'],
  ),
  split: new FeelFunction(
    (input: unknown, delimiter: unknown) => {
      if (!str(input) || !str(delimiter)) return null;
      const re = compileRegex(delimiter);
      return re ? splitRegex(input, re) : null;
    },
    ['string', 'delimiter'],
  ),
};
