/**
 * Calendars in use and the years they know (`GET /api/calendars/coverage`): for every calendar
 * that live clocks, pending process timers or open tasks' due dates count in or that an SLA's
 * latest version names, the years its latest version holds holidays for, how many of them depend
 * on later years (each in the version it counts in), how many count in an older version than the
 * latest (a replay moves them), and a warning from 60 days before the latest version runs out.
 * Operations read it as one line per calendar: "cn-mainland covers 2026; 37 running clocks
 * depend on 2027".
 *
 * @example
 *   const { items } = await calendarCoverage({ db, registry }, now);
 *   items[0].message.en; // 'cn-mainland covers 2026; 37 running clocks depend on 2027'
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { LocalizedText } from '../generated/index.ts';
import { toSimplified } from '../locale/index.ts';
import {
  calendarGap,
  knownUntil,
  RUNS_OUT_WARNING_MS,
  thresholdsOf,
  timerGap,
  type CalendarGap,
} from '../sla/index.ts';
import { jobs, slaClocks, tasks, type CalendarTimerRow, type Queryable } from '../store/index.ts';
import { DAY, type BusinessCalendar } from '../time/index.ts';

export type CoverageState = 'ok' | 'runsOutSoon' | 'ranOut';

export interface CalendarCoverage {
  calendar: { id: string; version: number };
  name: LocalizedText | null;
  knownYears: { from: number | null; to: number | null };
  /** When the latest version's known years end (null: never). */
  knownUntil: string | null;
  daysLeft: number | null;
  state: CoverageState;
  liveClocks: number;
  /**
   * Live clocks with a due or warning instant beyond the years their version knows, and pending
   * calendar timers and open tasks due beyond them.
   */
  beyond: number;
  /** Those clocks and timers by year they depend on. */
  byYear: { year: number; clocks: number }[];
  /** Live clocks, pending timers and open tasks counting in an older version than the latest (a replay moves them). */
  olderVersion: number;
  /** The pending process timers on the calendar: how many, beyond, on an older version. */
  timers: { pending: number; beyond: number; olderVersion: number };
  /** Open user tasks whose due date counts on the calendar: how many, beyond, on an older version. */
  tasks: { open: number; beyond: number; olderVersion: number };
  /** The operations line, or null when there is nothing to say. */
  message: LocalizedText | null;
}

export interface SlaVersionLag {
  sla: { id: string; version: number };
  /** Live clocks of an older version of this SLA. */
  olderVersion: number;
}

export async function calendarCoverage(
  deps: { db: Queryable; registry: DefinitionRegistry },
  now: number,
): Promise<{ items: CalendarCoverage[]; slas: SlaVersionLag[] }> {
  const { registry } = deps;
  const [live, timers, dues] = await Promise.all([
    slaClocks.liveClocksOf(deps.db),
    jobs.pendingCalendarTimers(deps.db),
    tasks.openCalendarTasks(deps.db),
  ]);
  const inUse = new Set([
    ...live.map((l) => l.clock.calendarId),
    ...timers.map((t) => t.basis.id),
    ...dues.map((t) => t.basis.id),
  ]);
  const slaIds = registry.list('sla').map((s) => s.id);
  for (const id of slaIds) {
    try {
      inUse.add(registry.sla(id).calendar.id);
    } catch {
      // an SLA whose latest version is broken names no calendar
    }
  }
  const items: CalendarCoverage[] = [];
  for (const id of [...inUse].sort()) {
    let latest: BusinessCalendar;
    try {
      latest = registry.calendar(id);
    } catch {
      continue;
    }
    const mine = live.filter((l) => l.clock.calendarId === id);
    const gaps: CalendarGap[] = [];
    for (const { clock } of mine) {
      try {
        const cal = registry.calendar(id, clock.calendarVersion);
        const gap = calendarGap(
          clock,
          thresholdsOf(registry.sla(clock.slaId, clock.slaVersion)),
          cal,
          now,
        );
        if (gap) gaps.push(gap);
      } catch {
        // a version no longer held: nothing to count it in
      }
    }
    // timers and task due dates: one instant each, counted in the version their basis names
    const dueGaps = (list: { dueAt: number; basis: CalendarTimerRow['basis'] }[]) =>
      list.flatMap((t) => {
        try {
          const gap = timerGap(t, registry.calendar(id, t.basis.version));
          return gap ? [gap] : [];
        } catch {
          return []; // a version no longer held
        }
      });
    const myTimers = timers.filter((t) => t.basis.id === id);
    const myTasks = dues.filter((t) => t.basis.id === id);
    const timerGaps = dueGaps(myTimers);
    const taskGaps = dueGaps(myTasks);
    gaps.push(...timerGaps, ...taskGaps);
    const years = new Map<number, number>();
    for (const g of gaps) for (const y of g.years) years.set(y, (years.get(y) ?? 0) + 1);
    // those the latest version does not cure either, and those a replay would
    const known = (y: number) =>
      y >= (latest.knownYears.from ?? -Infinity) && y <= (latest.knownYears.to ?? Infinity);
    const still = gaps.filter((g) => g.years.some((y) => !known(y)));
    const cured = gaps.filter((g) => g.years.every(known));
    const stillOf = (list: CalendarGap[]) => list.filter((g) => g.years.some((y) => !known(y)));
    const stillTimers = stillOf(timerGaps).length;
    const curedTimers = timerGaps.length - stillTimers;
    const stillTasks = stillOf(taskGaps).length;
    const curedTasks = taskGaps.length - stillTasks;
    const until = knownUntil(latest);
    const daysLeft = until === null ? null : Math.floor((until - now) / DAY);
    const state: CoverageState =
      until === null
        ? 'ok'
        : now >= until
          ? 'ranOut'
          : until - now <= RUNS_OUT_WARNING_MS
            ? 'runsOutSoon'
            : 'ok';
    const byYear = [...years].sort(([a], [b]) => a - b).map(([year, clocks]) => ({ year, clocks }));
    const timersOlder = myTimers.filter((t) => t.basis.version < latest.version).length;
    const tasksOlder = myTasks.filter((t) => t.basis.version < latest.version).length;
    const olderVersion =
      mine.filter((l) => l.clock.calendarVersion < latest.version).length +
      timersOlder +
      tasksOlder;
    const item = {
      calendar: { id, version: latest.version },
      name: (registry.get('calendar', id).body as { name?: LocalizedText }).name ?? null,
      knownYears: latest.knownYears,
      knownUntil: until === null ? null : new Date(until).toISOString(),
      daysLeft,
      state,
      liveClocks: mine.length,
      beyond: gaps.length,
      byYear,
      olderVersion,
      timers: { pending: myTimers.length, beyond: timerGaps.length, olderVersion: timersOlder },
      tasks: { open: myTasks.length, beyond: taskGaps.length, olderVersion: tasksOlder },
    };
    const yearsOf = (list: CalendarGap[]) =>
      [...new Set(list.flatMap((g) => g.years))].sort((a, b) => a - b);
    items.push({
      ...item,
      message: messageOf(item, {
        still: [still.length - stillTimers - stillTasks, stillTimers, stillTasks],
        stillYears: yearsOf(still).filter((y) => !known(y)),
        cured: [cured.length - curedTimers - curedTasks, curedTimers, curedTasks],
        curedYears: yearsOf(cured),
      }),
    });
  }
  const slas: SlaVersionLag[] = [];
  for (const id of slaIds) {
    let version: number;
    try {
      version = registry.sla(id).version;
    } catch {
      continue;
    }
    const older = live.filter((l) => l.clock.slaId === id && l.clock.slaVersion < version).length;
    if (older) slas.push({ sla: { id, version }, olderVersion: older });
  }
  return { items, slas };
}

const yearsText = (y: { from: number | null; to: number | null }) =>
  y.from === y.to ? `${y.to}` : `${y.from ?? '…'}–${y.to ?? '…'}`;

/** How many clocks, timers and tasks: [running clocks, pending timers, open tasks]. */
type Counts = [clocks: number, timers: number, tasks: number];

interface Split {
  /** Those depending on years even the latest version does not know, and those years. */
  still: Counts;
  stillYears: number[];
  /** Those on an older version whose later years the latest knows (a replay cures them). */
  cured: Counts;
  curedYears: number[];
}

const total = (c: Counts) => c[0] + c[1] + c[2];

/** "2 running clocks", "1 pending timer and 3 open tasks", …, and a verb. */
function countedEn([clocks, timers, tasks]: Counts, verb: string): string {
  const parts = [
    clocks ? `${clocks} running clock${clocks === 1 ? '' : 's'}` : '',
    timers ? `${timers} pending timer${timers === 1 ? '' : 's'}` : '',
    tasks ? `${tasks} open task${tasks === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const list =
    parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join(' and ');
  return `${list} ${clocks + timers + tasks === 1 ? `${verb}s` : verb}`;
}

function countedZh([clocks, timers, tasks]: Counts): string {
  const parts = [
    clocks ? `${clocks} 個進行中的時鐘` : '',
    timers ? `${timers} 個待觸發的計時器` : '',
    tasks ? `${tasks} 個未完成任務的期限` : '',
  ].filter(Boolean);
  return parts.length > 2
    ? `${parts.slice(0, -1).join('、')}和 ${parts.at(-1)}`
    : parts.join('和 ');
}

function messageOf(c: Omit<CalendarCoverage, 'message'>, s: Split): LocalizedText | null {
  if (!c.beyond && !c.olderVersion && c.state === 'ok') return null;
  const known = yearsText(c.knownYears);
  const trouble = total(s.still) > 0 || c.state !== 'ok';
  const en: string[] = [`${c.calendar.id} covers ${known}`];
  const zh: string[] = [`${c.calendar.id} ${trouble ? '只涵蓋' : '涵蓋'} ${known} 年`];
  if (total(s.still)) {
    const years = s.stillYears.join(', ');
    en.push(`${countedEn(s.still, 'depend')} on ${years}`);
    zh.push(`${countedZh(s.still)}依賴 ${years} 年`);
  }
  if (c.state === 'runsOutSoon') {
    en.push(
      `it runs out in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'}: publish the next year's holidays`,
    );
    zh.push(`${c.daysLeft} 天後用盡：請發佈下一年的假期`);
  }
  if (c.state === 'ranOut') {
    en.push('it has run out: deadlines count through holidays nobody has entered');
    zh.push('已用盡：期限會算進尚未輸入的假期');
  }
  if (total(s.cured)) {
    const years = s.curedYears.join(', ');
    en.push(
      `${countedEn(s.cured, 'still count')} in an older version that does not know ${years}: replay them`,
    );
    zh.push(`${countedZh(s.cured)}仍按不知道 ${years} 年假期的舊版本計算：請重新計算`);
  } else if (c.olderVersion) {
    en.push(`${c.olderVersion} count in an older version: replay them`);
    zh.push(`${c.olderVersion} 個仍按舊版本計算：可重新計算`);
  }
  const hant = zh.join('；');
  return { en: en.join('; '), 'zh-Hant': hant, 'zh-Hans': toSimplified(hant) };
}
