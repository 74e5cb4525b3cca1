/** How rows look over the API (camelCase, ISO dates, no internal columns). */
import type { Engine } from '../engine-types.ts';
import type { ProcessDefinition } from '../generated/index.ts';
import type { TimerCalendarBasis } from '../runtime/index.ts';
import { timerGap, type CalendarGap } from '../sla/index.ts';
import type { InboxRow, InstanceRow } from '../store/index.ts';
import { UTC } from '../time/index.ts';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function instanceView(r: InstanceRow) {
  return {
    id: r.id,
    processId: r.process_id,
    processVersion: r.process_version,
    businessKey: r.business_key,
    reference: r.reference,
    status: r.status,
    outcome: r.outcome,
    variables: r.state.variables,
    tokens: r.state.tokens.map((t) => ({ id: t.id, nodeId: t.nodeId, waitingFor: t.wait.kind })),
    parentId: r.parent_id,
    revision: r.revision,
    startedBy: r.started_by,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
  };
}

export function taskView(r: InboxRow) {
  return {
    id: r.id,
    instanceId: r.instance_id,
    processId: r.process_id,
    nodeId: r.node_id,
    businessKey: r.business_key ?? null,
    form: { id: r.form_id, version: r.form_version },
    status: r.status,
    assignee: r.assignee,
    candidateGroups: r.candidate_groups,
    candidateUsers: r.candidate_users,
    priority: r.priority,
    dueAt: iso(r.due_at),
    dueCalendar: dueCalendarOf(r),
    createdAt: iso(r.created_at),
    completedAt: iso(r.completed_at),
    completedBy: r.completed_by,
    assigneeName: r.assignee_name ?? null,
    completedByName: r.completed_by_name ?? null,
    ...(r.sla_state !== undefined ? { sla: { state: r.sla_state, dueAt: iso(r.sla_due) } } : {}),
  };
}

/** How a task's due date was counted when it counts on a business calendar, else null. */
function dueCalendarOf(r: InboxRow) {
  const b = r.due_basis;
  if (!b || !('id' in b) || !r.due_at) return null;
  return { id: b.id, version: b.version, countedFrom: iso(new Date(b.from)), duration: b.duration };
}

/**
 * The clock a form's rules read in the browser (issue 19, item 4): the engine's instant and the
 * process's time zone (UTC when it declares none), as the engine reads them when it checks the
 * submitted data.
 */
export function formClockOf(
  engine: Engine,
  definition: ProcessDefinition,
): { now: string; zone: string } {
  return { now: new Date(engine.clock.now()).toISOString(), zone: definition.timeZone ?? UTC };
}

/**
 * A calendar gap as `gapView` shows it (without its description, which says whose instants
 * fall beyond: a clock's, a timer's, a task's due date).
 */
export const calendarGapShape = {
  type: ['object', 'null'],
  required: ['calendar', 'knownYears', 'years', 'beyond', 'newerVersion'],
  properties: {
    calendar: {
      type: 'object',
      required: ['id', 'version'],
      properties: { id: { type: 'string' }, version: { type: 'integer' } },
    },
    knownYears: {
      type: 'object',
      required: ['from', 'to'],
      properties: { from: { type: ['integer', 'null'] }, to: { type: ['integer', 'null'] } },
    },
    years: { type: 'array', items: { type: 'integer' } },
    beyond: {
      type: 'array',
      items: {
        type: 'object',
        required: ['percent', 'at', 'year'],
        properties: {
          percent: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          year: { type: 'integer' },
        },
      },
    },
    newerVersion: { type: ['integer', 'null'] },
  },
} as const;

/** The schema of `dueGapView`'s flag, `due` saying what falls beyond: "its due date". */
export const dueGapSchemaOf = (due: string) =>
  ({
    description: `Null, or the years beyond its calendar version's known ones that ${due} falls in (\`beyond\`: one instant, percent 100) and whether a newer version exists (\`POST /api/sla-clocks/replay\` with the calendar counts it again).`,
    ...calendarGapShape,
  }) as const;

/** The flag of a due instant counted on a calendar (a timer's, a task's due date), as the API shows it. */
export const dueGapSchema = dueGapSchemaOf('its due instant');

/** A calendar gap as the API shows it, with the calendar's newer version if there is one. */
export function gapView(engine: Engine, gap: CalendarGap | null) {
  if (!gap) return null;
  let latest: number | null = null;
  try {
    latest = engine.registry.calendar(gap.calendar.id).version;
  } catch {
    // no loadable latest version
  }
  return {
    ...gap,
    beyond: gap.beyond.map((b) => ({ ...b, at: new Date(b.at).toISOString() })),
    newerVersion: latest !== null && latest > gap.calendar.version ? latest : null,
  };
}

/**
 * A due instant counted on a business calendar (a timer's, a task's due date) flagged when it
 * falls beyond the years its calendar version knows; null when it does not (or the version is
 * no longer held: nothing to count it in).
 */
export function dueGapView(engine: Engine, basis: TimerCalendarBasis, dueAt: number) {
  let gap: CalendarGap | null = null;
  try {
    gap = timerGap({ dueAt, basis }, engine.registry.calendar(basis.id, basis.version));
  } catch {
    // a version no longer held
  }
  return gapView(engine, gap);
}
