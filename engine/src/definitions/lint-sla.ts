/**
 * Semantic checks of an SLA definition: the process, its nodes and messages, the calendar and
 * the processes and actions its escalations use exist; FEEL parses. Every problem has a stable
 * code and the JSON pointer of the offending field.
 */
import type { ErrorCode, ErrorDetail } from '../errors.ts';
import { syntaxError } from '../expressions/index.ts';
import type { ProcessDefinition, SlaAction, SlaDefinition } from '../generated/index.ts';

export interface SlaLintScope {
  /** Process bodies by id and version. */
  processBodies: ReadonlyMap<string, ReadonlyMap<number, ProcessDefinition>>;
  /** Calendar versions by id. */
  calendars: ReadonlyMap<string, ReadonlySet<number>>;
  /** The actions escalations may call (by name). */
  actions: { has(name: string): boolean };
}

const CONDITION_LISTS = ['start', 'pause', 'resume', 'stop', 'cancel', 'reset'] as const;

export function lintSla(def: SlaDefinition, scope: SlaLintScope): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (code: ErrorCode, pointer: string, message: string) =>
    problems.push({ code, pointer, message });
  const expression = (source: string, pointer: string) => {
    const error = syntaxError(source);
    if (error) add('CW_ERR_DEF_BAD_EXPRESSION', pointer, `${error}: ${source}`);
  };

  const versions = scope.processBodies.get(def.process.id);
  const measured =
    def.process.version !== undefined
      ? versions?.get(def.process.version)
      : versions && [...versions.entries()].sort((a, b) => a[0] - b[0]).at(-1)?.[1];
  if (!measured)
    add(
      'CW_ERR_DEF_UNKNOWN_REFERENCE',
      '/process',
      `process ${def.process.id}${def.process.version ? ` v${def.process.version}` : ''} is not loaded`,
    );
  const nodes = new Map((measured?.nodes ?? []).map((n) => [n.id, n]));
  const messages = new Set(
    (measured?.nodes ?? []).flatMap((n) => (n.type === 'messageCatch' ? [n.message] : [])),
  );

  const calendarVersions = scope.calendars.get(def.calendar.id);
  if (
    !calendarVersions ||
    (def.calendar.version !== undefined && !calendarVersions.has(def.calendar.version))
  )
    add('CW_ERR_DEF_UNKNOWN_REFERENCE', '/calendar', `calendar ${def.calendar.id} is not loaded`);

  const scopeKind = def.scope ?? 'instance';
  if (scopeKind === 'task' && !def.nodes?.length)
    add('CW_ERR_DEF_SCHEMA', '/nodes', 'a task-scope SLA names the user-task nodes it measures');
  if (scopeKind === 'instance' && !def.start?.length)
    add('CW_ERR_DEF_SCHEMA', '/start', 'an instance-scope SLA needs at least one start condition');
  def.nodes?.forEach((id, i) => {
    const n = nodes.get(id);
    if (measured && n?.type !== 'userTask')
      add('CW_ERR_DEF_UNKNOWN_NODE', `/nodes/${i}`, `${id} is not a user task of the process`);
  });

  for (const list of CONDITION_LISTS) {
    def[list]?.forEach((c, i) => {
      const at = `/${list}/${i}`;
      if (c.node !== undefined && measured && !nodes.has(c.node))
        add('CW_ERR_DEF_UNKNOWN_NODE', `${at}/node`, `the process has no node ${c.node}`);
      if (c.message !== undefined && measured && !messages.has(c.message))
        add(
          'CW_ERR_DEF_UNKNOWN_REFERENCE',
          `${at}/message`,
          `no message catch of the process waits for "${c.message}"`,
        );
      if (c.when !== undefined) expression(c.when, `${at}/when`);
    });
  }
  if (def.target.expression) expression(def.target.expression, '/target/expression');
  if (def.startAt) expression(def.startAt, '/startAt');

  const seen = new Set<number>();
  def.thresholds?.forEach((t, i) => {
    if (seen.has(t.percent))
      add('CW_ERR_DEF_DUPLICATE_ID', `/thresholds/${i}/percent`, `${t.percent}% is listed twice`);
    seen.add(t.percent);
    actions(t.actions, `/thresholds/${i}/actions`);
  });
  actions(def.breach?.actions, '/breach/actions');
  return problems;

  function actions(list: SlaAction[] | undefined, base: string): void {
    list?.forEach((a, i) => {
      const at = `${base}/${i}`;
      if (a.type === 'startProcess') {
        if (!scope.processBodies.has(a.process.id))
          add(
            'CW_ERR_DEF_UNKNOWN_REFERENCE',
            `${at}/process`,
            `process ${a.process.id} is not loaded`,
          );
        for (const [k, v] of Object.entries(a.variables ?? {}))
          if (v !== undefined) expression(v, `${at}/variables/${k}`);
      }
      if (a.type === 'callAction') {
        if (!scope.actions.has(a.action))
          add(
            'CW_ERR_DEF_UNKNOWN_REFERENCE',
            `${at}/action`,
            `action "${a.action}" is not provided by any loaded plugin`,
          );
        for (const [k, v] of Object.entries(a.input ?? {}))
          if (v !== undefined) expression(v, `${at}/input/${k}`);
      }
    });
  }
}
