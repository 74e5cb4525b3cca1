/**
 * The response schemas of the case read (`GET /api/cases/{id}`, case-read.ts) and of the parts
 * other answers share with it: notes, the process graph, SLA clocks explained, case files.
 * Each object lists in `required` what the engine always sends (the studio's generated types
 * follow it; Fastify's serializer fails an answer that leaves one out), so what may be absent
 * is exactly what is optional.
 */
import { RELATIONS, caseSummariesSchema } from '../search/index.ts';
import { CLOCK_EVENT_TYPES } from '../sla/index.ts';
import { calendarTasksAnswer, calendarTimersAnswer, clockSchema } from './clock-schemas.ts';
import {
  answer,
  localizedOrNull,
  nullableString,
  ref,
  replayReasons,
  waitKind,
} from './schemas.ts';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const instantOrNull = { type: ['string', 'null'], format: 'date-time' } as const;

/** A case note (`notesOf`): a staff comment kept in the case's history. */
export const noteSchema = answer({
  seq: { type: 'integer', description: 'The history entry that keeps the note.' },
  at: instant,
  author: str,
  authorName: nullableString,
  text: str,
});

/** The process graph to draw (`graphOf`): names, types and links only. */
export const graphSchema = {
  type: ['object', 'null'],
  description: 'The process graph (null when its definition is not loaded).',
  required: ['nodes', 'flows'],
  properties: {
    nodes: {
      type: 'array',
      items: answer({ id: str, type: str, name: localizedOrNull, attachedTo: str }, ['attachedTo']),
    },
    flows: { type: 'array', items: answer({ id: str, from: str, to: str }) },
  },
} as const;

/** An event of a clock's timeline (sla/explain.ts `ExplainedEvent`). */
const explainedEvent = answer(
  {
    at: instant,
    type: { type: 'string', enum: CLOCK_EVENT_TYPES },
    elapsedMs: { ...int, description: 'Working time counted when it happened.' },
    cause: answer(
      {
        event: { ...str, description: 'The engine event (`nodeEntered`, `taskCompleted`…).' },
        node: str,
        message: str,
      },
      ['node', 'message'],
      'The engine event behind a start, pause, resume, stop, cancel or reset (absent on older clocks).',
    ),
    percent: {
      type: 'number',
      description: "A warning's or the breach's percentage of the target.",
    },
    dueAt: {
      ...instant,
      description: 'The due instant from here on (start, resume, reset, move, replay).',
    },
    pausedMs: { ...int, description: 'A resume: how long the clock stood paused.' },
    movedByMs: {
      ...int,
      description: 'A resume, a move or a replay: how far the due instant moved.',
    },
    by: { ...str, description: 'A move or a replay: who did it.' },
    reason: { ...str, description: 'A move: why.' },
    reasons: { ...replayReasons, description: 'A replay against newer versions: what differed.' },
  },
  ['cause', 'percent', 'dueAt', 'pausedMs', 'movedByMs', 'by', 'reason', 'reasons'],
);

/** A clock's timeline explained (sla/explain.ts `explainClock`). */
const explanation = answer({
  events: { type: 'array', items: explainedEvent },
  targetMs: int,
  usedMs: int,
  leftMs: int,
  overdueMs: int,
  firstDueAt: {
    ...instantOrNull,
    description: 'The due instant the clock had when it started, before any pause moved it.',
  },
  dueAt: instantOrNull,
  pausedMs: { ...int, description: 'Wall-clock time spent paused.' },
  thresholds: {
    type: 'array',
    description: 'Each threshold: when it fired, or when it will while the clock runs.',
    items: answer({ percent: { type: 'number' }, at: instantOrNull, fired: { type: 'boolean' } }),
  },
  breachedAt: instantOrNull,
  calendar: answer({
    id: str,
    version: int,
    name: localizedOrNull,
    timeZone: str,
    alwaysOpen: { type: 'boolean' },
    nonWorkingDays: {
      type: 'array',
      description:
        'Days without working time from the start to the due instant (or the end): each moved it.',
      items: answer({
        date: { ...str, description: "The local date (YYYY-MM-DD) in the calendar's time zone." },
        holiday: {
          ...localizedOrNull,
          description: "The holiday's name when the calendar names it (a weekend day has none).",
        },
      }),
    },
  }),
});

/** An SLA clock with its timeline explained (`clocksOf`: the case read's, an incident's). */
export const explainedClockSchema = {
  ...clockSchema,
  required: [...clockSchema.required, 'explanation'],
  properties: { ...clockSchema.properties, explanation },
} as const;

/** A case file without its content (`GET /api/instances/{id}/attachments`, the case read). */
export const caseDocumentSchema = answer({
  id: str,
  name: str,
  contentType: str,
  size: int,
  uploadedBy: { ...str, description: '`public` for the customer.' },
  uploadedByName: {
    ...nullableString,
    description: "The staff member's display name (null for the customer).",
  },
  taskId: nullableString,
  field: nullableString,
  item: {
    ...nullableString,
    description: 'The line of the documents asked for that a customer sent it against, if any.',
  },
  createdAt: instant,
});

/** Cases related to one (`relatedCases`): those the caller may see, and how many others. */
export const relatedCasesSchema = answer({
  items: caseSummariesSchema({
    relations: { type: 'array', items: { type: 'string', enum: Object.values(RELATIONS) } },
  }),
  hidden: { ...int, description: 'Related cases the caller may not see.' },
});

/** The case read (`readCase`). */
export const caseAnswer = answer({
  id: str,
  processId: str,
  processVersion: int,
  processName: localizedOrNull,
  businessKey: nullableString,
  reference: {
    ...nullableString,
    description: 'What the customer sees and quotes (null only for older cases).',
  },
  status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
  outcome: nullableString,
  startedAt: instant,
  endedAt: instantOrNull,
  startedBy: nullableString,
  startedByName: nullableString,
  customerName: nullableString,
  waitingAt: {
    type: 'array',
    items: answer({ nodeId: str, name: localizedOrNull, waitingFor: waitKind }),
  },
  graph: graphSchema,
  visited: { type: 'array', description: 'The nodes the case has entered.', items: str },
  submissions: { type: 'array', items: ref('Submission') },
  tasks: {
    type: 'array',
    items: {
      allOf: [
        ref('Task'),
        answer({
          name: localizedOrNull,
          mayOpen: { type: 'boolean', description: 'Whether the caller may open the task.' },
        }),
      ],
    },
  },
  clocks: { type: 'array', items: explainedClockSchema },
  calendarTimers: calendarTimersAnswer,
  calendarTasks: calendarTasksAnswer,
  documents: { type: 'array', items: caseDocumentSchema },
  history: { type: 'array', items: ref('HistoryEntry') },
  people: {
    type: 'object',
    description: 'The display names of the users the history names, by id.',
    additionalProperties: str,
  },
  notes: { type: 'array', items: noteSchema },
  related: relatedCasesSchema,
  incidents: {
    type: 'array',
    description: 'Open incidents (to administrators and supervisors; empty for others).',
    items: answer({
      id: str,
      nodeId: nullableString,
      name: localizedOrNull,
      error: str,
      createdAt: instant,
    }),
  },
  actions: answer({
    cancel: { type: 'boolean' },
    reassign: { type: 'boolean' },
    migrate: { type: 'boolean' },
    retryIncident: { type: 'boolean' },
    note: { type: 'boolean' },
    downloadDocuments: {
      type: 'boolean',
      description:
        'The personal-data role, or an open task of the case the caller may work (the same rule as a download).',
    },
  }),
});
