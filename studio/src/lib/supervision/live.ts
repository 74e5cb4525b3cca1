/**
 * The worklist's live figures, pure: the engine's instant now (the page's answer carried
 * forward by the browser's clock, so a simulated engine clock reads right), the time left
 * until a clock's due instant or past it, and a span as a ticking text.
 *
 * @example
 *   const now = engineNow('2026-03-02T09:00:00Z', loadedAt)(Date.now());
 *   timeLeft({ state: 'running', dueAt: '2026-03-02T15:00:00Z', remainingMs: 0 }, now);
 *   // { kind: 'left', ms: 21600000 }
 *   spanText(93_784_000, 'en'); // '1 d 02:03:04'
 */
import type { Lang } from '$lib/i18n';
import type { WorklistRow } from './api';

/** A function from the browser's clock to the engine's, anchored at one answer. */
export function engineNow(serverNow: string, clientAt: number): (clientNow: number) => number {
  const offset = Date.parse(serverNow) - clientAt;
  return (clientNow) => clientNow + offset;
}

export type Left =
  { kind: 'left'; ms: number } | { kind: 'overdue'; ms: number } | { kind: 'paused'; ms: number };

/**
 * How long until the clock falls due (wall time to its due instant), or how long past it; a
 * paused clock has no due instant and keeps its working time left.
 */
export function timeLeft(
  row: Pick<WorklistRow, 'state' | 'dueAt' | 'remainingMs' | 'overdueMs' | 'breachedAt'>,
  now: number,
): Left {
  if (row.state === 'paused' || !row.dueAt) {
    return row.overdueMs > 0
      ? { kind: 'overdue', ms: row.overdueMs }
      : { kind: 'paused', ms: row.remainingMs };
  }
  const diff = Date.parse(row.dueAt) - now;
  return diff > 0 ? { kind: 'left', ms: diff } : { kind: 'overdue', ms: -diff };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `h:mm:ss` under a day, else days and `hh:mm:ss`. */
export function spanText(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [d, h, m, sec] = [
    Math.floor(s / 86400),
    Math.floor((s % 86400) / 3600),
    Math.floor((s % 3600) / 60),
    s % 60,
  ];
  if (!d) return `${h}:${pad(m)}:${pad(sec)}`;
  return `${d} ${lang === 'en' ? 'd' : '天'} ${pad(h)}:${pad(m)}:${pad(sec)}`;
}
