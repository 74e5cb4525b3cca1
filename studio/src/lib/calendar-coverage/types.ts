/**
 * What the engine answers about calendar coverage and clock replays (docs/slas.md), as its
 * OpenAPI document says (`npm run gen` writes `../api-schema.d.ts`).
 */
import type { Answer } from '../api';

/** `GET /api/calendars/coverage`: the calendars in use and the SLAs with clocks of older versions. */
export type CoverageAnswer = Answer<'/api/calendars/coverage', 'get'>;
export type CalendarCoverageItem = CoverageAnswer['items'][number];

/** `POST /api/sla-clocks/replay`: a dry run's report, or the replay's. */
export type ReplayReport = Answer<'/api/sla-clocks/replay', 'post'>;
export type ReplayItem = ReplayReport['items'][number];
/** A pending process timer on the calendar, counted again in its latest version. */
export type TimerReplayItem = ReplayReport['timers'][number];
/** An open task whose due date counts on the calendar, recounted in its latest version. */
export type TaskReplayItem = ReplayReport['tasks'][number];
/** Why an item moves: a newer calendar or SLA version, another target, other thresholds. */
export type ReplayReason = ReplayItem['reasons'][number];

/** A pending process timer on a business calendar (`timers` of `GET /api/instances/{id}/slas`). */
export type CalendarTimer = Answer<'/api/instances/{id}/slas', 'get'>['timers'][number];

/** An open task whose due date counts on a business calendar (`calendarTasks` of `GET /api/cases/{id}`). */
export type CalendarTask = Answer<'/api/cases/{id}', 'get'>['calendarTasks'][number];

/** A clock's, timer's or task's `calendarGap` (null: nothing beyond its calendar's known years). */
export type CalendarGap = NonNullable<CalendarTimer['calendarGap']>;

/** Known years as people write them: `2026`, `2026–2027`. */
export const yearsText = (y: { from: number | null; to: number | null }) =>
  y.from === y.to ? `${y.to}` : `${y.from ?? '…'}–${y.to ?? '…'}`;
