/**
 * The response schemas of SLA clocks and of the instants counted on business calendars (pending
 * timers, open tasks' due dates) as `clockJson`, `calendarTimersOf` and `calendarTasksOf`
 * (routes/slas.route.ts) show them: an instance's SLA read, the case read and an incident's
 * clocks list them.
 */
import { localizedText } from './schemas.ts';
import { calendarGapShape, dueGapSchemaOf } from './views.ts';

/** An SLA clock as `clockJson` shows it. */
export const clockSchema = {
  type: 'object',
  required: [
    'id',
    'slaId',
    'slaVersion',
    'taskId',
    'state',
    'target',
    'calendar',
    'startedAt',
    'dueAt',
    'breachedAt',
    'stoppedAt',
    'targetMs',
    'elapsedMs',
    'remainingMs',
    'overdueMs',
    'percent',
    'thresholdsFired',
    'calendarGap',
  ],
  properties: {
    id: { type: 'string' },
    slaId: { type: 'string' },
    slaVersion: { type: 'integer' },
    slaName: {
      description: "The SLA's name in each language (absent when its version is no longer held).",
      ...localizedText,
    },
    taskId: { type: ['string', 'null'] },
    state: { type: 'string', enum: ['running', 'paused', 'met', 'breached', 'cancelled'] },
    target: { type: 'string' },
    calendar: {
      type: 'object',
      required: ['id', 'version'],
      properties: { id: { type: 'string' }, version: { type: 'integer' } },
    },
    startedAt: { type: 'string', format: 'date-time' },
    dueAt: { type: ['string', 'null'], format: 'date-time' },
    breachedAt: { type: ['string', 'null'], format: 'date-time' },
    stoppedAt: { type: ['string', 'null'], format: 'date-time' },
    targetMs: { type: 'integer' },
    elapsedMs: { type: 'integer' },
    remainingMs: { type: 'integer' },
    overdueMs: { type: 'integer' },
    percent: { type: 'number' },
    thresholdsFired: { type: 'array', items: { type: 'integer' } },
    calendarGap: {
      description:
        "Null, or the years beyond its calendar version's known ones that the clock's coming warnings and due instant fall in (holidays unknown there: counted with weekly hours only), each such instant (percent 100: the due instant; a paused clock's as if it resumed now) and whether a newer version of the calendar exists (`POST /api/sla-clocks/replay`).",
      ...calendarGapShape,
    },
  },
} as const;

/**
 * An instant counted on a business calendar (a pending timer's, an open task's due date) as a
 * case lists it: its node, the instant, the one its duration counts from (`from`), the
 * duration, the calendar version and its flag.
 */
function calendarDueSchema<From extends string>(o: {
  nodeId: { type: 'string' | readonly ['string', 'null'] };
  from: From;
  fromDescription: string;
  durationDescription: string;
  /** What falls beyond the known years: "its due instant", "its due date". */
  due: string;
}) {
  return {
    type: 'object',
    required: ['id', 'nodeId', 'dueAt', o.from, 'duration', 'calendar', 'calendarGap'],
    properties: {
      id: { type: 'string' },
      nodeId: o.nodeId,
      dueAt: { type: 'string', format: 'date-time' },
      [o.from]: { type: 'string', format: 'date-time', description: o.fromDescription },
      duration: { type: 'string', description: o.durationDescription },
      calendar: clockSchema.properties.calendar,
      calendarGap: dueGapSchemaOf(o.due),
    },
  } as const;
}

/** A pending process timer counted on a business calendar (`timer` with `calendar`). */
const calendarTimerSchema = calendarDueSchema({
  nodeId: { type: ['string', 'null'] },
  from: 'armedAt',
  fromDescription: 'When it was armed: the duration counts from here.',
  durationDescription: 'The working time it counts (ISO 8601).',
  due: 'its due instant',
});

export const calendarTimersAnswer = { type: 'array', items: calendarTimerSchema } as const;

/** An open user task whose due date counts on a business calendar (`dueDate` with `calendar`). */
const calendarTaskSchema = calendarDueSchema({
  nodeId: { type: 'string' },
  from: 'countedFrom',
  fromDescription: 'When the task opened: its due date counts the duration from here.',
  durationDescription: 'The working time counted (ISO 8601; a duration expression’s value then).',
  due: 'its due date',
});

export const calendarTasksAnswer = { type: 'array', items: calendarTaskSchema } as const;
