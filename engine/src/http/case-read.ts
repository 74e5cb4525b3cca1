/**
 * The case page's one read (`GET /api/cases/{id}`): everything staff need about a case in one
 * answer, for whoever may see the case. Summary (process and version, state, customer, where
 * it waits, the process graph to draw it on), data by step, tasks open and done, SLA clocks
 * explained, pending timers and open tasks' due dates on business calendars (flagged like clocks), documents, history, related cases, case notes, open incidents, and which actions
 * the caller's roles allow. Personal data is masked by the response hook like every read.
 *
 * @example
 *   const body = await readCase(engine, req.actor, instanceId);
 */
import { type HistoryItem } from '../cases/index.ts';
import type { Engine } from '../engine-types.ts';
import type { InstanceRow } from '../store/index.ts';
import { caseActions, may, mayWork, type Actor } from '../access/index.ts';
import type { CalendarDefinition, ProcessDefinition } from '../generated/index.ts';
import { explainClock, type ClockEventRow } from '../sla/index.ts';
import { calendarTasksOf, calendarTimersOf, clockJson } from './routes/slas.route.ts';
import { taskView } from './views.ts';

/** The history type of a case note: a staff comment, kept in the history. */
export const NOTE_TYPE = 'case.noted';

export interface CaseNote {
  seq: number;
  at: string;
  author: string;
  authorName: string | null;
  text: string;
}

/** The notes among a case's history entries, oldest first. */
export function notesOf(history: readonly HistoryItem[]): CaseNote[] {
  return history
    .filter((h) => h.type === NOTE_TYPE)
    .map((h) => ({
      seq: h.seq,
      at: h.at,
      author: h.actor ?? '',
      authorName: h.actorName,
      text: String((h.data as { text?: unknown } | null)?.text ?? ''),
    }));
}

export function definitionOf(
  engine: Engine,
  r: Pick<InstanceRow, 'process_id' | 'process_version'>,
): ProcessDefinition | undefined {
  try {
    return engine.registry.process(r.process_id, r.process_version).definition;
  } catch {
    return undefined; // a version no longer held: ids instead of names, no graph
  }
}

/** The nodes and flows to draw, without the mappings and rules (names, types, links only). */
export function graphOf(def: ProcessDefinition | undefined) {
  if (!def) return null;
  return {
    nodes: def.nodes.map((n) => ({
      id: n.id,
      type: n.type,
      name: n.name ?? null,
      ...(n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage'
        ? { attachedTo: n.attachedTo }
        : {}),
    })),
    flows: def.flows.map((f) => ({ id: f.id, from: f.from, to: f.to })),
  };
}

/** The case's SLA clocks as the API shows them, each with its timeline explained. */
export async function clocksOf(engine: Engine, id: string, now: number) {
  const clocks = await engine.data.sla.loadClocks({ instanceId: id });
  if (!clocks.length) return [];
  const rows = await engine.data.sla.clockEventsOf(id);
  return clocks.map((c) => {
    const calendar = engine.registry.calendar(c.calendarId, c.calendarVersion);
    let calendarDef: CalendarDefinition | null = null;
    let thresholds: number[] = [];
    try {
      calendarDef = engine.registry.get('calendar', c.calendarId, c.calendarVersion)
        .body as unknown as CalendarDefinition;
      thresholds = (engine.registry.sla(c.slaId, c.slaVersion).thresholds ?? []).map(
        (t) => t.percent,
      );
    } catch {
      // a version no longer held: the timeline without holiday names and pending thresholds
    }
    const events = rows
      .filter((e) => e.clock_id === c.id)
      .map((e) => ({
        at: e.at.getTime(),
        type: e.type as ClockEventRow['type'],
        elapsedMs: e.elapsed_ms,
        data: e.data as ClockEventRow['data'],
      }));
    return {
      ...clockJson(engine, c, now),
      explanation: explainClock({ clock: c, events, calendar, calendarDef, thresholds, now }),
    };
  });
}

export async function readCase(engine: Engine, actor: Actor, row: InstanceRow) {
  const { data } = engine;
  const id = row.id;
  const now = engine.clock.now();
  const def = definitionOf(engine, row);
  const nameOf = (nodeId: string) => def?.nodes.find((n) => n.id === nodeId)?.name ?? null;
  const oversees = may(actor, 'oversee');

  const one = await data.search.summaryRow(id);
  const [summary] = await data.search.summarise(actor, one ? [one] : []);
  const [
    submissions,
    history,
    documents,
    related,
    clocks,
    tasks,
    entered,
    incidents,
    timers,
    dueTasks,
  ] = await Promise.all([
    data.history.caseSubmissions(row),
    data.history.readHistory(id),
    data.attachments.listAttachments(id),
    data.search.relatedCases(actor, id),
    clocksOf(engine, id, now),
    data.tasks.tasksOfCase(id),
    data.history.enteredNodes(id),
    oversees ? data.jobs.openIncidentsOf(id) : Promise.resolve([]),
    calendarTimersOf(engine, id),
    calendarTasksOf(engine, id),
  ]);
  const uploaders = await data.identity.displayNames(documents.map((d) => d.uploadedBy));
  const active = row.status === 'active';
  const openTasks = tasks.filter((t) => t.status === 'open');
  return {
    id,
    processId: row.process_id,
    processVersion: row.process_version,
    processName: def?.name ?? null,
    businessKey: row.business_key,
    reference: row.reference,
    status: row.status,
    outcome: row.outcome,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at?.toISOString() ?? null,
    startedBy: row.started_by,
    startedByName: history.people[row.started_by ?? ''] ?? null,
    customerName: summary?.customerName ?? null,
    waitingAt: row.state.tokens.map((t) => ({
      nodeId: t.nodeId,
      name: nameOf(t.nodeId),
      waitingFor: t.wait.kind,
    })),
    graph: graphOf(def),
    visited: entered,
    submissions,
    tasks: tasks.map((t) => ({
      ...taskView({ ...t, business_key: row.business_key }),
      name: nameOf(t.node_id),
      mayOpen: mayWork(actor, t),
    })),
    clocks,
    calendarTimers: timers,
    calendarTasks: dueTasks,
    documents: documents.map((d) => ({ ...d, uploadedByName: uploaders[d.uploadedBy] ?? null })),
    history: history.items,
    people: history.people,
    notes: notesOf(history.items),
    related,
    incidents: incidents.map((i) => ({
      id: i.id,
      nodeId: i.node_id,
      name: i.node_id ? nameOf(i.node_id) : null,
      error: i.error,
      createdAt: i.created_at.toISOString(),
    })),
    actions: caseActions(actor, { active, openTasks }),
  };
}
