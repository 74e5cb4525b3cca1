/**
 * Pure helpers of the dashboards' charts: a round axis maximum, its ticks, durations in
 * words, the heat colour of a share, and a `data:` URL for CSV text (written by the engine's one
 * CSV writer, `@caseway/engine/csv`) of tables the engine cannot export.
 *
 * @example
 *   niceMax(73);                      // 100
 *   ticks(100);                       // [0, 20, 40, 60, 80, 100] (round for every niceMax)
 *   formatDuration(5_400_000, 'en');  // '1 h 30 min'
 *   heatColor(0.5);                   // '#f29e4c' (between pale yellow and dark red)
 */
import type { Lang } from '$lib/i18n';

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `n` (1 for nothing to show). */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Pixels of one character of 12 px type: CJK characters are about twice as wide as Latin ones. */
const charWidth = (c: string) => (/[\u2e80-\uffef]/.test(c) ? 12 : 6.5);

/** About how many pixels `text` takes in 12 px type. */
export function textWidth(text: string): number {
  let w = 0;
  for (const c of text) w += charWidth(c);
  return w;
}

/**
 * `text` cut with an ellipsis to about `width` pixels of 12 px type (CJK characters count
 * twice as wide as Latin ones).
 */
export function clipText(text: string, width: number): string {
  return wrapText(text, width, 1)[0] ?? '';
}

/**
 * `text` in at most `lines` lines of about `width` pixels of 12 px type, broken at spaces where
 * a line has one (anywhere in Chinese), the last line ending in an ellipsis when the rest does
 * not fit.
 *
 * @example wrapText('Complaint decided and the complainant told', 120, 2)
 *   // ['Complaint decided and', 'the complainant told'] (about 6.5 px a Latin letter)
 */
export function wrapText(text: string, width: number, lines = 2): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest && out.length < lines) {
    if (textWidth(rest) <= width) {
      out.push(rest);
      rest = '';
      break;
    }
    // the longest prefix that fits, then back to its last space if it has one
    let w = 0;
    let end = 0;
    for (const c of rest) {
      if (w + charWidth(c) > width) break;
      w += charWidth(c);
      end += c.length;
    }
    const space = rest.lastIndexOf(' ', end);
    const cut = space > end / 3 ? space : Math.max(1, end);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest && out.length) {
    // the last line takes an ellipsis, shortened until both fit
    let last = `${out[out.length - 1]!} ${rest}`;
    while (last.length > 1 && textWidth(`${last}…`) > width) last = last.slice(0, -1);
    out[out.length - 1] = `${last.trimEnd()}…`;
  }
  return out;
}

/** `count + 1` evenly spaced values from 0 to `max`. */
export function ticks(max: number, count = 5): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Round steps of a time axis, in milliseconds. */
const TIME_STEPS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  90 * DAY,
  365 * DAY,
];

/**
 * An axis of at most `count` steps reaching `max`: whole numbers (`count`), round numbers with
 * fractions (`number`: 0.5, 1, 2, 2.5, 5 × 10ⁿ) or, for durations in milliseconds, whole
 * seconds, minutes, hours or days (`duration`), so tick labels read `30 min`, `1 h`, `1 h 30 min`.
 *
 * @example
 *   axis(100 * 60_000, 4, 'duration');   // { max: 7_200_000, steps: 4 } (0, 30 min … 2 h)
 *   axis(3, 5);                          // { max: 3, steps: 3 } (0, 1, 2, 3)
 */
export function axis(
  max: number,
  count: number,
  kind: 'count' | 'number' | 'duration' = 'count',
): { max: number; steps: number } {
  const n = Math.max(1, Math.floor(count));
  if (!(max > 0)) return { max: 1, steps: 1 };
  if (kind === 'duration') {
    const step = TIME_STEPS.find((s) => Math.ceil(max / s) <= n) ?? Math.ceil(max / n / DAY) * DAY;
    const steps = Math.max(1, Math.ceil(max / step));
    return { max: steps * step, steps };
  }
  const nice = niceMax(max / n);
  // whole numbers step by 1, 2, 5, 10, 20, 25…, never 2.5
  const step = kind === 'count' ? (nice < 1 ? 1 : nice === 2.5 ? 5 : nice) : nice;
  const steps = Math.max(1, Math.ceil(max / step - 1e-9));
  return { max: steps * step, steps };
}

const UNITS: Record<Lang, [number, string][]> = {
  en: [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ],
  'zh-Hant': [
    [86_400_000, '天'],
    [3_600_000, '小時'],
    [60_000, '分'],
    [1000, '秒'],
  ],
  'zh-Hans': [
    [86_400_000, '天'],
    [3_600_000, '小时'],
    [60_000, '分'],
    [1000, '秒'],
  ],
};

/** A duration in its two largest units, e.g. `1 h 30 min` / `1 小時 30 分` (under 1 s: `0 s`). */
export function formatDuration(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const units = UNITS[lang];
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms));
  for (const [size, name] of units) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n} ${name}`);
  }
  if (parts.length === 2 && parts[1]!.startsWith('0 ')) parts.pop();
  return parts.length ? parts.join(' ') : `0 ${units[units.length - 1]![1]}`;
}

const PALE = [255, 243, 191];
const HOT = [165, 15, 21];

/** The fill of a share from 0 (pale yellow) to 1 (dark red), as `#rrggbb`. */
export function heatColor(share: number): string {
  const s = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  return `#${PALE.map((c, i) =>
    Math.round(c + (HOT[i]! - c) * s)
      .toString(16)
      .padStart(2, '0'),
  ).join('')}`;
}

/** Dark text on light fills, white on dark ones (WCAG relative luminance). */
export function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.179 ? '#1f2328' : '#ffffff';
}

/** A `data:` URL of CSV text, for a download link. */
export function csvDataUrl(csv: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
}
