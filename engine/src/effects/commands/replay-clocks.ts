/**
 * Replays live SLA clocks against the latest version of a calendar or of an SLA (a designer
 * published the 2027 holidays, or a shorter target). Published versions never change, so
 * running clocks keep the versions they started with until this is done. A dry run reports
 * every clock whose due or warning instants would move (before, after, the difference, why);
 * applying replays each clock in its own transaction under its case's lock, from the clock as
 * it is then, with a `replay` entry in the clock's log and an `sla.replayed` entry in the
 * case's history. The arithmetic is the pure `replayClock` (sla/replay.ts).
 *
 * A calendar's replay also counts again the pending process timers on that calendar (a `timer`
 * node or boundary timer with `calendar`, sla/calendar-timers.ts): the same duration from the
 * instant each was armed, in the new version. Each moved timer's row takes its new instant in its
 * own transaction under its case's lock, with a `timer.replayed` history entry, and its queue
 * entry is armed again after the commit (store/calendar-timers.ts).
 *
 * It recounts the due dates of open user tasks on that calendar too (`dueDate` with `calendar`,
 * store/calendar-tasks.ts): the same duration from when each task opened, in the new version,
 * also when the old due date has passed (nothing fires on a due date; the inbox's order and the
 * task's view read it). Each moved task takes its new due date in its own transaction under its
 * case's lock, with a `task.dueReplayed` history entry. Its SLA clocks are clocks of their own,
 * replayed above. Timers and tasks are reported with their node's name in each language.
 *
 * @example
 *   const preview = await executor.replayClocks({ calendarId: 'cn-mainland', apply: false }, actor);
 *   const done = await executor.replayClocks({ calendarId: 'cn-mainland', apply: true }, actor);
 */
import type { Actor } from '../../access/index.ts';
import type { DefinitionRegistry } from '../../definitions/index.ts';
import type { LocalizedText } from '../../generated/index.ts';
import {
  replayClock,
  replayDueDate,
  replayTimer,
  targetOf,
  thresholdsOf,
  type ClockInstant,
  type ClockReplay,
  type ClockState,
  type ClockVersions,
  type ReplayReason,
  type TimerReplay,
} from '../../sla/index.ts';
import {
  AUDIT,
  audit,
  history,
  instances,
  jobs,
  slaClocks,
  tasks,
  type CalendarRow,
  type LiveClockOfCase,
  type Queryable,
  type Tx,
} from '../../store/index.ts';
import type { PostCommit } from '../apply.ts';
import type { CommandContext } from '../context.ts';
import { writeReplayedClock } from '../sla.ts';

/** Replay the clocks on a calendar (to its latest version) or of an SLA (to its latest). */
export type ReplayRequest = ({ calendarId: string } | { slaId: string }) & { apply: boolean };

export interface ReplayItem {
  clockId: string;
  instanceId: string;
  processId: string;
  businessKey: string | null;
  reference: string | null;
  slaId: string;
  taskId: string | null;
  status: 'running' | 'paused';
  from: ReplaySide;
  to: ReplaySide;
  /** The due instant's move in ms (null when the clock is paused: it has no due instant). */
  differenceMs: number | null;
  /** Each coming warning (and the due instant, percent 100): its instant before and after. */
  instants: { percent: number; from: string | null; to: string | null }[];
  reasons: ReplayReason[];
  /** Whether any due or warning instant moves (else only the versions it counts in change). */
  moves: boolean;
}

interface ReplaySide {
  slaVersion: number;
  calendar: { id: string; version: number };
  target: string;
  dueAt: string | null;
}

/** What the report says of a recounted timer or task due date: its case, its node, its move. */
export interface MovedItem {
  instanceId: string;
  processId: string;
  businessKey: string | null;
  reference: string | null;
  nodeId: string | null;
  /** The node's name in each language (null: the definition version is no longer held). */
  nodeName: LocalizedText | null;
  /** The duration counted (from `armedAt` or `countedFrom`). */
  duration: string;
  from: { calendar: { id: string; version: number }; dueAt: string };
  to: { calendar: { id: string; version: number }; dueAt: string };
  differenceMs: number;
  reasons: ReplayReason[];
  moves: boolean;
}

/** A pending process timer on the calendar, counted again in its latest version. */
export interface TimerReplayItem extends MovedItem {
  timerId: string;
  /** When the timer was armed: its duration counts from here. */
  armedAt: string;
}

/** An open user task whose due date counts on the calendar, recounted in its latest version. */
export interface TaskReplayItem extends MovedItem {
  taskId: string;
  nodeId: string;
  /** When the task opened: its due date counts from here. */
  countedFrom: string;
}

export interface ReplayReport {
  applied: boolean;
  /** What the clocks are replayed against. */
  to: { calendar: { id: string; version: number } } | { sla: { id: string; version: number } };
  items: ReplayItem[];
  /** Pending process timers on the calendar (a calendar's replay only; none for an SLA's). */
  timers: TimerReplayItem[];
  /** Open tasks' due dates on the calendar (a calendar's replay only). */
  tasks: TaskReplayItem[];
  /** Live clocks, pending timers and open tasks looked at that are left as they are, and why. */
  skipped: (
    | { clockId: string; reason: string }
    | { timerId: string; reason: string }
    | { taskId: string; reason: string }
  )[];
}

const iso = (n: number | null) => (n === null ? null : new Date(n).toISOString());

/** The dry run or the replay itself. */
export async function replayClocks(
  ctx: CommandContext,
  req: ReplayRequest,
  actor: Actor,
): Promise<ReplayReport> {
  const { deps } = ctx;
  const { registry, db } = deps;
  const target = latestOf(registry, req);
  const live = await slaClocks.liveClocksOf(
    db,
    'calendarId' in req ? { calendarId: req.calendarId } : { slaId: req.slaId },
  );
  const report: ReplayReport = {
    applied: req.apply,
    to: target,
    items: [],
    timers: [],
    tasks: [],
    skipped: [],
  };
  for (const l of live) {
    if (!req.apply) {
      const r = await replayOf(registry, db, l.clock, req, deps.clock.now());
      if ('skipped' in r) report.skipped.push({ clockId: l.clock.id, reason: r.skipped });
      else report.items.push(itemOf(l, r.replay, l.clock));
      continue;
    }
    const done = await ctx.run(async (tx, post) => {
      await instances.lockInstance(tx, l.clock.instanceId);
      // the clock as it is now, under its case's lock: a step may have moved it since
      const [clock] = await slaClocks.loadClocks(tx, { clockId: l.clock.id });
      const now = deps.clock.now();
      if (!clock) return { skipped: 'ended' };
      const r = await replayOf(registry, tx, clock, req, now);
      if ('skipped' in r) return r;
      await writeReplayedClock(deps, tx, clock, r.replay, actor.id, now, post);
      const item = itemOf(l, r.replay, clock);
      await history.appendHistory(
        tx,
        clock.instanceId,
        {
          type: 'sla.replayed',
          actor: actor.id,
          data: {
            slaId: clock.slaId,
            clockId: clock.id,
            ...(clock.taskId ? { taskId: clock.taskId } : {}),
            from: item.from,
            to: item.to,
            differenceMs: item.differenceMs,
            reasons: item.reasons,
          },
        },
        now,
      );
      return { item };
    });
    if ('skipped' in done) report.skipped.push({ clockId: l.clock.id, reason: done.skipped });
    else report.items.push(done.item);
  }
  if ('calendarId' in req) {
    await replayTimers(ctx, req.calendarId, req.apply, actor, report);
    await replayTasks(ctx, req.calendarId, req.apply, actor, report);
  }
  // an applied replay that changed anything is an administrative act: the audit log has it
  if (req.apply && (report.items.length || report.timers.length || report.tasks.length)) {
    const [kind, ref] = 'calendar' in target ? ['calendar', target.calendar] : ['sla', target.sla];
    await ctx.run((tx) =>
      audit.recordAudit(
        tx,
        {
          actor: actor.id,
          action: AUDIT.clocksReplayed,
          subject: `${kind}/${ref.id}@${ref.version}`,
          data: {
            clocks: report.items.length,
            timers: report.timers.length,
            tasks: report.tasks.length,
          },
        },
        deps.clock.now(),
      ),
    );
  }
  return report;
}

/** A calendar-counted row with its node (a timer row's may be null). */
type NodeRow = CalendarRow & { nodeId: string | null };
/** What a report item says of a row's move, which its history entry repeats. */
type Moved = Pick<MovedItem, 'from' | 'to' | 'differenceMs' | 'reasons'>;

/**
 * How a calendar's replay recounts one kind of row counted on the calendar (its pending timers,
 * its open tasks' due dates): the same loop for both, a dry run or each row in its own
 * transaction under its case's lock, read again there (it may have fired, been completed or
 * cancelled since), with a history entry in its case.
 */
interface RowReplay<R extends NodeRow, I extends Moved> {
  /** The rows on the calendar, or one row of one case. */
  list(
    q: Queryable,
    where: { calendarId: string } | { instanceId: string; id: string },
  ): Promise<R[]>;
  /** The row counted again in its calendar's latest version (nothing written). */
  recount(row: R, now: number): TimerReplay | { skipped: string };
  /** Writes the recount; false when the row ended meanwhile. */
  write(tx: Tx, row: R, r: TimerReplay, now: number, post: PostCommit): Promise<boolean>;
  item(row: R, r: TimerReplay): I;
  /** The case history's entry type and the row's id key in it. */
  history: { type: 'timer.replayed' | 'task.dueReplayed'; idKey: 'timerId' | 'taskId' };
}

/** The rows of one kind on a calendar recounted (or, dry, what would be) and those left, why. */
async function replayRows<R extends NodeRow, I extends Moved>(
  ctx: CommandContext,
  calendarId: string,
  apply: boolean,
  actor: Actor,
  kind: RowReplay<R, I>,
): Promise<{ items: I[]; skipped: { id: string; reason: string }[] }> {
  const { db, clock } = ctx.deps;
  const items: I[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const t of await kind.list(db, { calendarId })) {
    if (!apply) {
      const r = kind.recount(t, clock.now());
      if ('skipped' in r) skipped.push({ id: t.id, reason: r.skipped });
      else items.push(kind.item(t, r));
      continue;
    }
    const done = await ctx.run(async (tx, post) => {
      await instances.lockInstance(tx, t.instanceId);
      // the row as it is now, under its case's lock
      const now = clock.now();
      const [row] = await kind.list(tx, { instanceId: t.instanceId, id: t.id });
      if (!row) return { skipped: 'ended' };
      const r = kind.recount(row, now);
      if ('skipped' in r) return r;
      if (!(await kind.write(tx, row, r, now, post))) return { skipped: 'ended' };
      const item = kind.item(row, r);
      await history.appendHistory(
        tx,
        row.instanceId,
        {
          type: kind.history.type,
          actor: actor.id,
          ...(row.nodeId ? { nodeId: row.nodeId } : {}),
          data: {
            [kind.history.idKey]: row.id,
            from: item.from,
            to: item.to,
            differenceMs: item.differenceMs,
            reasons: item.reasons,
          },
        },
        now,
      );
      return { item };
    });
    if ('skipped' in done) skipped.push({ id: t.id, reason: done.skipped });
    else items.push(done.item);
  }
  return { items, skipped };
}

/** The pending process timers on a calendar, counted again in its latest version. */
async function replayTimers(
  ctx: CommandContext,
  calendarId: string,
  apply: boolean,
  actor: Actor,
  report: ReplayReport,
): Promise<void> {
  const { registry } = ctx.deps;
  const { items, skipped } = await replayRows(ctx, calendarId, apply, actor, {
    list: async (q, where) =>
      'id' in where
        ? (await jobs.pendingCalendarTimers(q, { instanceId: where.instanceId })).filter(
            (x) => x.id === where.id,
          )
        : jobs.pendingCalendarTimers(q, where),
    recount: (t, now) =>
      recounted(() =>
        replayTimer(
          t,
          registry.calendar(t.basis.id, t.basis.version),
          registry.calendar(t.basis.id),
          now,
        ),
      ),
    async write(tx, row, r, now, post) {
      const attempt = await jobs.replayCalendarTimer(tx, {
        id: row.id,
        dueAt: r.dueAt,
        basis: r.basis,
        now,
      });
      if (attempt === undefined) return false;
      post.dispatch.push({ id: row.id, attempt, dueAt: r.dueAt });
      return true;
    },
    item: (t, r): TimerReplayItem => ({
      timerId: t.id,
      ...movedItem(registry, t, r),
      armedAt: new Date(t.basis.from).toISOString(),
    }),
    history: { type: 'timer.replayed', idKey: 'timerId' },
  });
  report.timers.push(...items);
  report.skipped.push(...skipped.map((x) => ({ timerId: x.id, reason: x.reason })));
}

/** The open tasks' due dates on a calendar, recounted in its latest version. */
async function replayTasks(
  ctx: CommandContext,
  calendarId: string,
  apply: boolean,
  actor: Actor,
  report: ReplayReport,
): Promise<void> {
  const { registry } = ctx.deps;
  const { items, skipped } = await replayRows(ctx, calendarId, apply, actor, {
    list: (q, where) => tasks.openCalendarTasks(q, 'id' in where ? { taskId: where.id } : where),
    // a due date is recounted also when it has passed: nothing fires on it
    recount: (t) =>
      recounted(() =>
        replayDueDate(
          t,
          registry.calendar(t.basis.id, t.basis.version),
          registry.calendar(t.basis.id),
        ),
      ),
    write: (tx, row, r) => tasks.replayTaskDue(tx, { id: row.id, dueAt: r.dueAt, basis: r.basis }),
    item: (t, r): TaskReplayItem => ({
      taskId: t.id,
      ...movedItem(registry, t, r),
      nodeId: t.nodeId,
      countedFrom: new Date(t.basis.from).toISOString(),
    }),
    history: { type: 'task.dueReplayed', idKey: 'taskId' },
  });
  report.tasks.push(...items);
  report.skipped.push(...skipped.map((x) => ({ taskId: x.id, reason: x.reason })));
}

/** A recount (or its own skip), or `not-computable` when a calendar version it needs is gone. */
function recounted(
  recount: () => TimerReplay | { skipped: string },
): TimerReplay | { skipped: string } {
  try {
    return recount();
  } catch {
    return { skipped: 'not-computable' };
  }
}

/** A recounted row's case, node and move, as its report item says them. */
function movedItem(registry: DefinitionRegistry, t: NodeRow, r: TimerReplay): MovedItem {
  return {
    instanceId: t.instanceId,
    processId: t.processId,
    businessKey: t.businessKey,
    reference: t.reference,
    nodeId: t.nodeId,
    nodeName: t.nodeId ? nodeNameOf(registry, t, t.nodeId) : null,
    duration: t.basis.duration,
    from: {
      calendar: { id: t.basis.id, version: t.basis.version },
      dueAt: new Date(t.dueAt).toISOString(),
    },
    to: {
      calendar: { id: r.basis.id, version: r.basis.version },
      dueAt: new Date(r.dueAt).toISOString(),
    },
    differenceMs: r.dueAt - t.dueAt,
    reasons: r.reasons,
    moves: r.moves,
  };
}

/** A node's name in its case's process version (null when that version is no longer held). */
function nodeNameOf(
  registry: DefinitionRegistry,
  c: { processId: string; processVersion: number },
  nodeId: string,
): LocalizedText | null {
  try {
    return registry.process(c.processId, c.processVersion).graph.nodes.get(nodeId)?.name ?? null;
  } catch {
    return null;
  }
}

function latestOf(registry: DefinitionRegistry, req: ReplayRequest): ReplayReport['to'] {
  if ('calendarId' in req) {
    const cal = registry.calendar(req.calendarId);
    return { calendar: { id: cal.id, version: cal.version } };
  }
  const sla = registry.sla(req.slaId);
  return { sla: { id: sla.id, version: sla.version } };
}

/** A clock replayed in memory against the request's latest version (nothing written). */
async function replayOf(
  registry: DefinitionRegistry,
  q: Queryable,
  c: ClockState,
  req: ReplayRequest,
  now: number,
): Promise<{ replay: ClockReplay } | { skipped: string }> {
  let from: ClockVersions;
  let to: ClockVersions;
  try {
    const sla = registry.sla(c.slaId, c.slaVersion);
    from = {
      slaVersion: c.slaVersion,
      target: c.target,
      thresholds: thresholdsOf(sla),
      calendar: registry.calendar(c.calendarId, c.calendarVersion),
    };
    if ('calendarId' in req) to = { ...from, calendar: registry.calendar(req.calendarId) };
    else {
      // the latest version that measures the case's process version (a later one may not)
      const row = await instances.readInstance(q, c.instanceId);
      const latest = row
        ? registry.slaFor(req.slaId, row.process_id, row.process_version)
        : registry.sla(req.slaId);
      if (!latest) return { skipped: 'not-computable' };
      const zone = row
        ? registry.process(row.process_id, row.process_version).definition.timeZone
        : undefined;
      to = {
        slaVersion: latest.version,
        target: targetOf(latest, row?.state.variables ?? {}, { now, ...(zone ? { zone } : {}) }),
        thresholds: thresholdsOf(latest),
        calendar: registry.calendar(latest.calendar.id, latest.calendar.version),
      };
    }
  } catch {
    // a version no longer held, or a target expression that fails on this case's data
    return { skipped: 'not-computable' };
  }
  const r = replayClock(c, from, to, now);
  return 'skipped' in r ? r : { replay: r };
}

function itemOf(l: LiveClockOfCase, r: ClockReplay, before: ClockState): ReplayItem {
  const side = (c: ClockState): ReplaySide => ({
    slaVersion: c.slaVersion,
    calendar: { id: c.calendarId, version: c.calendarVersion },
    target: c.target,
    dueAt: iso(c.dueAt),
  });
  const percents = [...new Set([...r.before, ...r.after].map((i) => i.percent))].sort(
    (a, b) => a - b,
  );
  const at = (list: ClockInstant[], p: number) =>
    iso(list.find((i) => i.percent === p)?.at ?? null);
  return {
    clockId: before.id,
    instanceId: before.instanceId,
    processId: l.processId,
    businessKey: l.businessKey,
    reference: l.reference,
    slaId: before.slaId,
    taskId: before.taskId,
    status: before.status as 'running' | 'paused',
    from: side(before),
    to: side(r.clock),
    differenceMs:
      before.dueAt !== null && r.clock.dueAt !== null ? r.clock.dueAt - before.dueAt : null,
    instants: percents.map((percent) => ({
      percent,
      from: at(r.before, percent),
      to: at(r.after, percent),
    })),
    reasons: r.reasons,
    moves: r.moves,
  };
}
