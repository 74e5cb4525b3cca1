/**
 * The columns a row counted on a business calendar reads with its case (an open task's due
 * date, calendar-tasks.ts; a pending timer, calendar-timers.ts), and those of a row opened
 * before its basis was recorded (migration 030), each mapped one way for both.
 */
import type { TimerCalendarBasis } from '../runtime/index.ts';

/** A calendar-counted row's own columns and its case's, as the queries select them. */
export interface CalendarColumns {
  id: string;
  instance_id: string;
  process_id: string;
  process_version: number;
  business_key: string | null;
  reference: string | null;
  due_at: Date;
  basis: TimerCalendarBasis;
}

/** What a calendar-counted task or timer row of an active case shares. */
export interface CalendarRow {
  id: string;
  instanceId: string;
  processId: string;
  processVersion: number;
  businessKey: string | null;
  reference: string | null;
  dueAt: number;
  basis: TimerCalendarBasis;
}

export function calendarRowOf(x: CalendarColumns): CalendarRow {
  return {
    id: x.id,
    instanceId: x.instance_id,
    processId: x.process_id,
    processVersion: x.process_version,
    businessKey: x.business_key,
    reference: x.reference,
    dueAt: x.due_at.getTime(),
    basis: x.basis,
  };
}

/** A task or timer row opened before its calendar basis was recorded (migration 030). */
export interface UnrecordedRow {
  id: string;
  processId: string;
  processVersion: number;
  nodeId: string;
  /** When it was opened or armed: its duration counted from here. */
  createdAt: number;
  dueAt: number;
}

/** The columns the unrecorded rows' queries select. */
export interface UnrecordedColumns {
  id: string;
  process_id: string;
  process_version: number;
  node_id: string;
  created_at: Date;
  due_at: Date;
}

export function unrecordedRowOf(x: UnrecordedColumns): UnrecordedRow {
  return {
    id: x.id,
    processId: x.process_id,
    processVersion: x.process_version,
    nodeId: x.node_id,
    createdAt: x.created_at.getTime(),
    dueAt: x.due_at.getTime(),
  };
}
