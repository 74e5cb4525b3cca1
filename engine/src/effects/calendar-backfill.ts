/**
 * Records how timers and task due dates armed before bases were recorded were counted
 * (issue 21, item 8). Timers armed before f470291 and tasks opened before migration 030 carry no
 * calendar basis, so a due instant beyond the calendar's known years would go unflagged and a
 * replay would pass them by. Migration 030 marked those rows; this reads each once against its
 * definition node (the `timer` of its timer or boundary node, the `dueDate` of its user task) and
 * records the basis where that is unambiguous (sla/calendar-timers.ts `inferBasis`: a literal
 * duration or cycle on a calendar, and a version of it that gives the row's own due instant from
 * when it was armed), else only removes the mark: a due date from a duration expression, a
 * date expression or natural time stays as it is, neither flagged nor replayed.
 * Runs at start-up in the background; safe on several engines at once (each write is idempotent).
 *
 * @example
 *   const { timers, tasks } = await backfillCalendarBases({ db, registry: () => registry });
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { TimerSpec } from '../generated/index.ts';
import { inferBasis } from '../sla/index.ts';
import { jobs, tasks, type Db, type UnrecordedRow } from '../store/index.ts';
import type { BusinessCalendar } from '../time/index.ts';

const BATCH = 500;

/** Returns how many timers and tasks got a basis. */
export async function backfillCalendarBases(
  deps: { db: Db; registry: () => DefinitionRegistry },
  opts: { stopped?: () => boolean } = {},
): Promise<{ timers: number; tasks: number }> {
  const stopped = opts.stopped ?? (() => false);
  const versions = new Map<string, BusinessCalendar[]>();
  const versionsOf = (registry: DefinitionRegistry, id: string): BusinessCalendar[] => {
    let list = versions.get(id);
    if (!list) {
      list = registry.versionsOf('calendar', id).flatMap((v) => {
        try {
          return [registry.calendar(id, v.version)];
        } catch {
          return []; // a version that does not compile counts nothing
        }
      });
      versions.set(id, list);
    }
    return list;
  };
  const basisOf = (row: UnrecordedRow, specOf: (node: unknown) => TimerSpec | undefined) => {
    const registry = deps.registry();
    let spec: TimerSpec | undefined;
    try {
      spec = specOf(
        registry.process(row.processId, row.processVersion).graph.nodes.get(row.nodeId),
      );
    } catch {
      return null; // a process version no longer held
    }
    if (!spec?.calendar) return null;
    return inferBasis(
      spec,
      { armedAt: row.createdAt, dueAt: row.dueAt },
      versionsOf(registry, spec.calendar),
    );
  };
  const run = async (
    read: (after: string) => Promise<UnrecordedRow[]>,
    specOf: (node: unknown) => TimerSpec | undefined,
    record: (id: string, basis: ReturnType<typeof basisOf>) => Promise<void>,
  ) => {
    let after = '';
    let recorded = 0;
    for (;;) {
      const rows = await read(after);
      for (const row of rows) {
        if (stopped()) return recorded;
        after = row.id;
        const basis = basisOf(row, specOf);
        await record(row.id, basis);
        if (basis) recorded++;
      }
      if (rows.length < BATCH) return recorded;
    }
  };
  const timers = await run(
    (after) => jobs.unrecordedTimers(deps.db, after, BATCH),
    (node) => (node as { timer?: TimerSpec } | undefined)?.timer,
    (id, basis) => jobs.recordTimerBasis(deps.db, id, basis),
  );
  const dues = await run(
    (after) => tasks.unrecordedTaskDues(deps.db, after, BATCH),
    (node) => (node as { dueDate?: TimerSpec } | undefined)?.dueDate,
    (id, basis) => tasks.recordTaskDueBasis(deps.db, id, basis),
  );
  return { timers, tasks: dues };
}
