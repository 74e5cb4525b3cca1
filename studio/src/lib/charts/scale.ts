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

/**
 * `text` cut with an ellipsis to about `width` pixels of 12 px type (CJK characters count
 * twice as wide as Latin ones).
 */
export function clipText(text: string, width: number): string {
  const units = Math.floor(width / 6.5);
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    used += /[\u2e80-\uffef]/.test(text[i]!) ? 2 : 1;
    if (used > units) return `${text.slice(0, Math.max(0, i - 1))}…`;
  }
  return text;
}

/** `count + 1` evenly spaced values from 0 to `max`. */
export function ticks(max: number, count = 5): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (max * i) / count);
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
