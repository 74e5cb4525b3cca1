/** How long until a due instant (or how long past it), in whole parts for display. */
export interface Remaining {
  ms: number;
  overdue: boolean;
}

export function remaining(dueAt: string | null | undefined, now: number): Remaining | null {
  if (!dueAt) return null;
  const diff = new Date(dueAt).getTime() - now;
  return { ms: Math.abs(diff), overdue: diff < 0 };
}

/** `durationParts(90061000)` → `{ days: 1, hours: 1, minutes: 1, seconds: 1 }`. */
export function durationParts(ms: number) {
  const s = Math.floor(ms / 1000);
  return {
    days: Math.floor(s / 86400),
    hours: Math.floor((s % 86400) / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  };
}
