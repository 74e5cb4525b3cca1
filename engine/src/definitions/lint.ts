/**
 * Semantic checks that a meta-schema cannot express: unique ids, flows that point at
 * nodes, one start, reachable ends, gateways that always have a way out, FEEL that
 * parses, and references to forms, processes and actions that exist.
 * Every problem carries a stable code and the JSON pointer of the offending field.
 */
import type { ErrorCode, ErrorDetail } from '../errors.ts';
import type {
  DecisionDefinition,
  FormDefinition,
  FormField,
  MultiInstance,
  ProcessDefinition,
  ProcessNode,
  TimerSpec,
} from '../generated/index.ts';
import { evaluate, expressionReads, peopleShape, syntaxError } from '../expressions/index.ts';
import { dataFields } from '../forms/index.ts';
import { INLINE_ACTIONS } from '../runtime/index.ts';
import { isValidTimeZone } from '../time/index.ts';
import { checkActionMappings, type ActionSchemasLike } from './lint-mappings.ts';
import { lintMessage, type LintKey, type LintParams } from './lint-messages.ts';
import { sourcesOf } from './lint-names.ts';
import {
  isBoundary,
  processVariables,
  variablesAt,
  type VariableSources,
  type VariableType,
} from './variables.ts';

/**
 * The actions a definition may call: their names, and their input and result schemas where
 * they declare them (the engine's ActionRegistry; a plain set of names checks names only).
 */
export interface ActionCatalog {
  /** Whether a name reaches an action (a pinned `<plugin>@<range>/<action>`: a version in range). */
  has(name: string): boolean;
  schemas?(name: string): ActionSchemasLike | undefined;
  /** The loaded versions of the plugin a `<plugin>[@<range>]/<action>` names. */
  versions?(name: string): readonly string[];
}

/** What the process may refer to, as known to the registry at lint time. */
export interface LintScope {
  /** Versions by form id. */
  forms: ReadonlyMap<string, ReadonlyMap<number, FormDefinition>>;
  /** Versions by process id (call activities). */
  processes: ReadonlyMap<string, ReadonlySet<number>>;
  /** Known actions: built-ins and `<plugin>/<action>` from loaded plugins, with their schemas. */
  actions: ActionCatalog;
  /** Versions by decision id (business rule tasks); absent: decisions are not checked. */
  decisions?: ReadonlyMap<string, ReadonlyMap<number, DecisionDefinition>>;
  /**
   * What starts each process passes in, by process id: the input names of the call activities
   * and SLA startProcess actions that start it (the callee's first variables besides its form).
   */
  starters?: ReadonlyMap<string, readonly { by: string; names: string[] }[]>;
  /** The engine's users and groups, when the caller has read them (drafts, validation). */
  people?: PeopleDirectory;
}

/** Who the engine knows, for checking assignments: users (enabled or not), groups' enabled members. */
export interface PeopleDirectory {
  users: ReadonlyMap<string, { enabled: boolean }>;
  groups: ReadonlyMap<string, { members: number }>;
}

const ptr = (...parts: (string | number)[]) =>
  parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** Flow-count rules per node type: [min in, max in, min out, max out]. */
const FLOW_RULES: Record<ProcessNode['type'], [number, number, number, number]> = {
  start: [0, 0, 1, 1],
  end: [1, Infinity, 0, 0],
  terminateEnd: [1, Infinity, 0, 0],
  errorEnd: [1, Infinity, 0, 0],
  compensateEnd: [1, Infinity, 0, 0],
  compensateThrow: [1, Infinity, 1, 1],
  userTask: [1, Infinity, 1, 1],
  serviceTask: [1, Infinity, 1, 1],
  timer: [1, Infinity, 1, 1],
  messageCatch: [1, Infinity, 1, 1],
  callActivity: [1, Infinity, 1, 1],
  subProcess: [1, Infinity, 1, 1],
  businessRuleTask: [1, Infinity, 1, 1],
  exclusiveGateway: [1, Infinity, 1, Infinity],
  parallelGateway: [1, Infinity, 1, Infinity],
  inclusiveGateway: [1, Infinity, 1, Infinity],
  eventBasedGateway: [1, Infinity, 2, Infinity],
  boundaryTimer: [0, 0, 1, 1],
  boundaryError: [0, 0, 1, 1],
  boundaryMessage: [0, 0, 1, 1],
};

export function lintProcess(def: ProcessDefinition, scope: LintScope): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  let names: Set<string> | undefined;
  /** A problem with its message key (rendered in English here, in the caller's language by the API). */
  const add = (code: ErrorCode, pointer: string, key: LintKey, params: LintParams = {}) =>
    problems.push({ code, pointer, message: lintMessage(key, params), key, params: { ...params } });

  // ids
  const nodeIndex = new Map<string, number>();
  def.nodes.forEach((n, i) => {
    if (nodeIndex.has(n.id))
      add('CW_ERR_DEF_DUPLICATE_ID', ptr('nodes', i, 'id'), 'lint.duplicateId', { id: n.id });
    else nodeIndex.set(n.id, i);
  });
  const flowIds = new Set<string>();
  def.flows.forEach((f, i) => {
    if (flowIds.has(f.id) || nodeIndex.has(f.id))
      add('CW_ERR_DEF_DUPLICATE_ID', ptr('flows', i, 'id'), 'lint.duplicateId', { id: f.id });
    flowIds.add(f.id);
  });
  const node = (id: string) => def.nodes[nodeIndex.get(id) ?? -1];

  // embedded subprocesses: what each node is inside (a boundary event: what its host is in)
  const scopeOf = (n: ProcessNode | undefined): string | undefined =>
    n === undefined
      ? undefined
      : isBoundary(n)
        ? node(n.attachedTo) === undefined || isBoundary(node(n.attachedTo)!)
          ? undefined
          : scopeOf(node(n.attachedTo))
        : n.parent;
  def.nodes.forEach((n, i) => {
    if (isBoundary(n) || n.parent === undefined) return;
    if (node(n.parent)?.type !== 'subProcess') {
      add('CW_ERR_DEF_BAD_SCOPE', ptr('nodes', i, 'parent'), 'lint.parentNotSubProcess', {
        node: n.id,
        parent: n.parent,
      });
      return;
    }
    const seen = new Set<string>([n.id]);
    for (let p = node(n.parent); p && !isBoundary(p) && p.parent; p = node(p.parent)) {
      if (seen.has(p.id)) {
        add('CW_ERR_DEF_BAD_SCOPE', ptr('nodes', i, 'parent'), 'lint.scopeCycle', { node: n.id });
        break;
      }
      seen.add(p.id);
    }
  });
  def.nodes.forEach((n, i) => {
    if (n.type !== 'subProcess') return;
    const inner = def.nodes.filter((m) => scopeOf(m) === n.id);
    const innerStarts = inner.filter((m) => m.type === 'start');
    if (innerStarts.length !== 1)
      add('CW_ERR_DEF_BAD_SCOPE', ptr('nodes', i), 'lint.subProcessStart', {
        node: n.id,
        count: innerStarts.length,
      });
    for (const m of innerStarts)
      if (m.type === 'start' && m.form)
        add(
          'CW_ERR_DEF_BAD_SCOPE',
          ptr('nodes', nodeIndex.get(m.id)!, 'form'),
          'lint.subProcessStartForm',
          {
            parent: n.id,
          },
        );
    if (!inner.some(isEnd))
      add('CW_ERR_DEF_BAD_SCOPE', ptr('nodes', i), 'lint.subProcessNoEnd', { node: n.id });
  });

  // start and end (the process's own: those inside subprocesses are theirs)
  const starts = def.nodes.filter((n) => n.type === 'start' && scopeOf(n) === undefined);
  if (starts.length !== 1)
    add('CW_ERR_DEF_START_COUNT', '/nodes', 'lint.startCount', { count: starts.length });
  if (!def.nodes.some((n) => isEnd(n) && scopeOf(n) === undefined))
    add('CW_ERR_DEF_NO_END', '/nodes', 'lint.noEnd');

  // flows
  const incoming = new Map<string, number>();
  const outgoing = new Map<string, string[]>();
  def.flows.forEach((f, i) => {
    const from = node(f.from);
    if (!from)
      add('CW_ERR_DEF_UNKNOWN_NODE', ptr('flows', i, 'from'), 'lint.flowFromUnknown', {
        flow: f.id,
        node: f.from,
      });
    if (!node(f.to))
      add('CW_ERR_DEF_UNKNOWN_NODE', ptr('flows', i, 'to'), 'lint.flowToUnknown', {
        flow: f.id,
        node: f.to,
      });
    if (
      f.condition !== undefined &&
      from &&
      from.type !== 'exclusiveGateway' &&
      from.type !== 'inclusiveGateway'
    ) {
      add(
        'CW_ERR_DEF_CONDITION_MISPLACED',
        ptr('flows', i, 'condition'),
        'lint.conditionMisplaced',
        {
          flow: f.id,
          type: from.type,
        },
      );
    }
    if (f.condition !== undefined) expression(f.condition, ptr('flows', i, 'condition'));
    const to = node(f.to);
    if (from && to && scopeOf(from) !== scopeOf(to))
      add('CW_ERR_DEF_BAD_SCOPE', ptr('flows', i), 'lint.flowCrossesScope', {
        flow: f.id,
        from: from.id,
        to: to.id,
        fromScope: scopeOf(from) ?? def.id,
        toScope: scopeOf(to) ?? def.id,
      });
    incoming.set(f.to, (incoming.get(f.to) ?? 0) + 1);
    outgoing.set(f.from, [...(outgoing.get(f.from) ?? []), f.id]);
  });
  def.nodes.forEach((n, i) => {
    const [minIn, maxIn, minOut, maxOut] = FLOW_RULES[n.type];
    const ins = incoming.get(n.id) ?? 0;
    const outs = outgoing.get(n.id)?.length ?? 0;
    if (ins < minIn || ins > maxIn) {
      add('CW_ERR_DEF_BAD_FLOW_COUNT', ptr('nodes', i), 'lint.incoming', {
        node: n.id,
        count: ins,
        min: minIn,
        max: String(maxIn),
      });
    }
    if (outs < minOut || outs > maxOut) {
      add('CW_ERR_DEF_BAD_FLOW_COUNT', ptr('nodes', i), 'lint.outgoing', {
        node: n.id,
        count: outs,
        min: minOut,
        max: String(maxOut),
      });
    }
  });

  // per node
  def.nodes.forEach((n, i) => {
    const at = (...p: (string | number)[]) => ptr('nodes', i, ...p);
    if ('multiInstance' in n && n.multiInstance)
      multiInstance(n, n.multiInstance, at('multiInstance'));
    switch (n.type) {
      case 'start':
        if (n.form) formRef(n.form, at('form'));
        break;
      case 'userTask':
        formRef(n.form, at('form'));
        for (const key of ['assignee', 'candidateGroups', 'candidateUsers', 'priority'] as const) {
          const e = n[key];
          if (e !== undefined && expression(e, at(key)) && key !== 'priority') people(e, at(key));
        }
        if (n.dueDate) timer(n.dueDate, at('dueDate'));
        if (n.dueDate?.cycle)
          add('CW_ERR_DEF_SCHEMA', `${at('dueDate')}/cycle`, 'lint.cycleNotRepeating', {});
        mappings(n.prefill, at('prefill'));
        mappings(n.output, at('output'));
        context(n, at('context'));
        break;
      case 'serviceTask':
        actionRef(n.action, at('action'));
        mappings(n.input, at('input'));
        mappings(n.output, at('output'));
        actionMappings(n.action, n, [], i);
        if (n.compensation) {
          // the undo: an action that exists, given the input its schema asks for
          actionRef(n.compensation.action, at('compensation', 'action'));
          mappings(n.compensation.input, at('compensation', 'input'));
          actionMappings(
            n.compensation.action,
            { input: n.compensation.input ?? {} },
            ['compensation'],
            i,
          );
        }
        break;
      case 'compensateThrow':
      case 'compensateEnd': {
        // something in its scope (a subprocess: inside it, at any depth) must name an undo
        const within = (m: ProcessNode): boolean => {
          const seen = new Set<string>();
          for (let s = scopeOf(m); s !== undefined && !seen.has(s); s = scopeOf(node(s))) {
            if (s === scopeOf(n)) return true;
            seen.add(s);
          }
          return scopeOf(n) === undefined || scopeOf(m) === scopeOf(n);
        };
        if (!def.nodes.some((m) => m.type === 'serviceTask' && m.compensation && within(m)))
          add('CW_ERR_DEF_NOTHING_TO_COMPENSATE', at(), 'lint.nothingToCompensate', {
            node: n.id,
            scope: scopeOf(n) ?? def.id,
          });
        break;
      }
      case 'timer':
        timer(n.timer, at('timer'));
        if (n.timer.cycle)
          add('CW_ERR_DEF_SCHEMA', `${at('timer')}/cycle`, 'lint.cycleNotRepeating', {});
        break;
      case 'messageCatch':
        expression(n.correlationKey, at('correlationKey'));
        mappings(n.output, at('output'));
        break;
      case 'boundaryTimer': {
        const host = node(n.attachedTo);
        if (
          !host ||
          (host.type !== 'userTask' &&
            host.type !== 'callActivity' &&
            host.type !== 'messageCatch' &&
            host.type !== 'subProcess')
        ) {
          add('CW_ERR_DEF_BAD_BOUNDARY', at('attachedTo'), 'lint.badBoundary', {
            host: n.attachedTo,
          });
        }
        timer(n.timer, at('timer'));
        if (n.timer.cycle && n.interrupting !== false)
          add('CW_ERR_DEF_SCHEMA', `${at('timer')}/cycle`, 'lint.cycleNotRepeating', {});
        break;
      }
      case 'boundaryError':
        errorBoundary(n, i);
        break;
      case 'boundaryMessage': {
        const host = node(n.attachedTo);
        if (
          !host ||
          (host.type !== 'userTask' && host.type !== 'callActivity' && host.type !== 'subProcess')
        )
          add('CW_ERR_DEF_BAD_BOUNDARY', at('attachedTo'), 'lint.badMessageBoundary', {
            host: n.attachedTo,
          });
        expression(n.correlationKey, at('correlationKey'));
        mappings(n.output, at('output'));
        break;
      }
      case 'errorEnd':
        mappings(n.details, at('details'));
        break;
      case 'businessRuleTask': {
        const versions = scope.decisions?.get(n.decision.id);
        if (
          scope.decisions &&
          (!versions || (n.decision.version !== undefined && !versions.has(n.decision.version)))
        )
          add('CW_ERR_DEF_UNKNOWN_REFERENCE', at('decision'), 'lint.unknownDecision', {
            decision: n.decision.id,
            ...(n.decision.version !== undefined ? { version: n.decision.version } : {}),
          });
        mappings(n.output, at('output'));
        break;
      }
      case 'callActivity': {
        const versions = scope.processes.get(n.process.id);
        if (!versions || (n.process.version !== undefined && !versions.has(n.process.version))) {
          add('CW_ERR_DEF_UNKNOWN_REFERENCE', at('process'), 'lint.unknownProcess', {
            process: n.process.id,
            ...(n.process.version !== undefined ? { version: n.process.version } : {}),
          });
        }
        mappings(n.input, at('input'));
        mappings(n.output, at('output'));
        break;
      }
      case 'exclusiveGateway':
      case 'inclusiveGateway':
        gateway(n, i);
        break;
      case 'eventBasedGateway':
        // what follows it is armed at once and raced: only events can be
        def.flows.forEach((f, j) => {
          const to = f.from === n.id ? node(f.to) : undefined;
          if (to && to.type !== 'messageCatch' && to.type !== 'timer')
            add('CW_ERR_DEF_BAD_EVENT_GATEWAY', ptr('flows', j, 'to'), 'lint.eventGatewayTarget', {
              gateway: n.id,
              node: to.id,
              type: to.type,
            });
        });
        break;
      default:
        break;
    }
  });

  // what customers see: steps name real nodes, uploads and answers answer a message some node waits for
  def.public?.steps?.forEach((step, i) =>
    step.nodes.forEach((id, j) => {
      if (!node(id))
        add('CW_ERR_DEF_UNKNOWN_NODE', `/public/steps/${i}/nodes/${j}`, 'lint.stepUnknownNode', {
          node: id,
        });
    }),
  );
  def.public?.uploads?.forEach((u, i) => {
    if (!def.nodes.some((n) => n.type === 'messageCatch' && n.message === u.message))
      add('CW_ERR_DEF_UNKNOWN_REFERENCE', `/public/uploads/${i}/message`, 'lint.uploadNoCatch', {
        message: u.message,
      });
  });
  def.public?.answers?.forEach((a, i) => {
    if (!def.nodes.some((n) => n.type === 'messageCatch' && n.message === a.message))
      add('CW_ERR_DEF_UNKNOWN_REFERENCE', `/public/answers/${i}/message`, 'lint.answerNoCatch', {
        message: a.message,
      });
  });

  // days and months of its timers are counted in a zone the runtime knows
  if (def.timeZone !== undefined && !isValidTimeZone(def.timeZone))
    add('CW_ERR_DEF_SCHEMA', '/timeZone', 'lint.badTimeZone', { zone: def.timeZone });

  // the business key's expression parses; the reference is the engine's, never asked for
  if (typeof def.businessKey === 'string') expression(def.businessKey, '/businessKey');
  else if (def.businessKey?.expression)
    expression(def.businessKey.expression, '/businessKey/expression');
  // the engine assigns the reference, the tracking link and the language: the form never asks
  const assigned = (['reference', 'trackingLink', 'language'] as const).flatMap((prop) => {
    const name = def.public?.[prop];
    return name ? [{ prop, name }] : [];
  });
  if (assigned.length) {
    const start = def.nodes.find((n) => n.type === 'start');
    const ref = start?.type === 'start' ? start.form : undefined;
    const versions = ref ? scope.forms.get(ref.id) : undefined;
    const form =
      ref?.version !== undefined
        ? versions?.get(ref.version)
        : versions && [...versions.values()].at(-1);
    const asked = new Set(dataFields(form?.fields ?? []).map((f) => f.key));
    for (const { prop, name } of assigned)
      if (asked.has(name))
        add('CW_ERR_DEF_REFERENCE_ASKED', `/public/${prop}`, 'lint.referenceAsked', { name });
  }

  if (
    problems.some(
      (p) => p.code === 'CW_ERR_DEF_UNKNOWN_NODE' || p.code === 'CW_ERR_DEF_START_COUNT',
    )
  )
    return problems;

  // reachability: forward from start (boundaries hang off their host), backward from ends
  const next = new Map<string, string[]>();
  const link = (a: string, b: string) => next.set(a, [...(next.get(a) ?? []), b]);
  for (const f of def.flows) link(f.from, f.to);
  for (const n of def.nodes) if (isBoundary(n)) link(n.attachedTo, n.id);
  // a subprocess goes on at its start, and on along its flows once an end inside it is reached
  for (const n of def.nodes) {
    const parent = n.type === 'start' || isEnd(n) ? scopeOf(n) : undefined;
    if (parent === undefined) continue;
    if (n.type === 'start') link(parent, n.id);
    else link(n.id, parent);
  }
  const forward = walk([starts[0]!.id], next);
  const prev = new Map<string, string[]>();
  for (const [a, bs] of next) for (const b of bs) prev.set(b, [...(prev.get(b) ?? []), a]);
  const backward = walk(
    def.nodes.filter((n) => isEnd(n) && scopeOf(n) === undefined).map((n) => n.id),
    prev,
  );
  def.nodes.forEach((n, i) => {
    if (!forward.has(n.id))
      add('CW_ERR_DEF_UNREACHABLE', ptr('nodes', i), 'lint.unreachable', { node: n.id });
    else if (!backward.has(n.id))
      add('CW_ERR_DEF_DEAD_END', ptr('nodes', i), 'lint.deadEnd', { node: n.id });
  });
  return problems;

  // ---- helpers over this definition ----
  /** Whether the expression parses (reported when it does not). */
  function expression(source: string, pointer: string): boolean {
    const error = syntaxError(source);
    if (error)
      add('CW_ERR_DEF_BAD_EXPRESSION', pointer, 'lint.badExpression', {
        error,
        expression: source,
      });
    return !error;
  }
  /**
   * An assignee or candidates expression that can never be a name or a list of names (bare
   * `windscreen-team` is windscreen minus team), or a bare name of a group or user the engine
   * knows that no step sets as a variable: either way nobody would get the task.
   */
  function people(source: string, pointer: string): void {
    const shape = peopleShape(source);
    if (shape?.kind === 'notNames') {
      const example = source.replace(/["[\]\s]/g, '').split(',')[0] || 'group';
      add('CW_ERR_DEF_NOT_NAMES', pointer, 'lint.notNames', {
        expression: source,
        reading: /[-*/]/.test(source) ? 'arithmetic: a number, or null' : 'not a name',
        example,
      });
    } else if (
      shape?.kind === 'variable' &&
      shape.path.length === 0 &&
      (scope.people?.groups.has(shape.name) || scope.people?.users.has(shape.name)) &&
      !variableNames().has(shape.name)
    ) {
      add('CW_ERR_DEF_NOT_NAMES', pointer, 'lint.bareName', {
        name: shape.name,
        what: scope.people?.groups.has(shape.name) ? 'group' : 'user',
      });
    }
  }
  function variableNames(): Set<string> {
    names ??= new Set(processVariables(def, sourcesOf(scope)).map((v) => v.name));
    return names;
  }
  /** An action a service task (or its undo) calls: one the engine has, in a version in range. */
  function actionRef(action: string, pointer: string): void {
    if (scope.actions.has(action)) return;
    // a plugin that is loaded, in no version the pinned range allows
    const pinned = /^([a-z][a-z0-9-]*)@([^/]+)\/([a-z][a-z0-9-]*)$/.exec(action);
    const versions = pinned ? (scope.actions.versions?.(action) ?? []) : [];
    if (pinned && versions.length)
      add('CW_ERR_DEF_UNKNOWN_REFERENCE', pointer, 'lint.actionVersion', {
        action: `${pinned[1]}/${pinned[3]}`,
        range: pinned[2]!,
        versions: versions.join(', '),
      });
    else add('CW_ERR_DEF_UNKNOWN_REFERENCE', pointer, 'lint.unknownAction', { action });
  }
  /**
   * A service task's mappings (or its undo's, under `compensation`) against the action's schemas
   * (the errors; lintNames warns).
   */
  function actionMappings(
    action: string,
    m: { input?: Record<string, string>; output?: Record<string, string> },
    under: string[],
    i: number,
  ): void {
    const schemas = scope.actions.schemas?.(action);
    if (!schemas) return;
    for (const c of checkActionMappings(m, schemas))
      if (c.severity === 'error')
        add('CW_ERR_DEF_MAPPING_MISMATCH', ptr('nodes', i, ...under, ...c.path), `lint.${c.kind}`, {
          action,
          name: c.name,
          ...(c.expected ? { expected: c.expected } : {}),
          ...(c.actual ? { actual: c.actual } : {}),
          ...(c.values ? { values: c.values.join(', ') } : {}),
        });
  }
  /**
   * An error boundary watches a service task that calls a plugin action (only those report
   * business errors) or a call activity (its child's error ends), and catches what no earlier
   * boundary on that host already catches.
   */
  function errorBoundary(n: Extract<ProcessNode, { type: 'boundaryError' }>, i: number): void {
    const host = node(n.attachedTo);
    if (host?.type === 'callActivity' || host?.type === 'subProcess') {
      // the called case's error ends throw to it; so do the errors thrown inside a subprocess
    } else if (!host || host.type !== 'serviceTask')
      add('CW_ERR_DEF_BAD_BOUNDARY', ptr('nodes', i, 'attachedTo'), 'lint.badErrorBoundary', {
        host: n.attachedTo,
      });
    // the built-in actions run inside the step: they never report a business error
    else if (INLINE_ACTIONS.has(host.action))
      add('CW_ERR_DEF_BAD_BOUNDARY', ptr('nodes', i, 'attachedTo'), 'lint.errorBoundaryInline', {
        host: n.attachedTo,
        action: host.action,
      });
    const other = def.nodes
      .slice(0, i)
      .find(
        (o) =>
          o.type === 'boundaryError' &&
          o.attachedTo === n.attachedTo &&
          o.errorCode === n.errorCode,
      );
    if (other)
      add(
        'CW_ERR_DEF_ERROR_CAUGHT_TWICE',
        ptr('nodes', i, ...(n.errorCode ? ['errorCode'] : [])),
        'lint.errorCaughtTwice',
        { host: n.attachedTo, other: other.id, ...(n.errorCode ? { code: n.errorCode } : {}) },
      );
    mappings(n.output, ptr('nodes', i, 'output'));
  }
  /**
   * A multi-instance activity's settings: its expressions parse, its collection can be a list
   * where that is known (a literal, or a variable of a known other type), its names do not hide
   * the ones the engine gives each instance, and an output element has a collection to go to.
   */
  function multiInstance(n: ProcessNode, mi: MultiInstance, pointer: string): void {
    if (expression(mi.collection, `${pointer}/collection`)) {
      const found = collectionType(def, n.id, mi.collection, sourcesOf(scope));
      if (found && found !== 'list' && found !== 'any')
        add('CW_ERR_DEF_BAD_MULTI_INSTANCE', `${pointer}/collection`, 'lint.collectionNotList', {
          node: n.id,
          expression: mi.collection,
          type: found,
        });
    }
    if (mi.completionCondition)
      expression(mi.completionCondition, `${pointer}/completionCondition`);
    if (mi.outputElement) {
      expression(mi.outputElement, `${pointer}/outputElement`);
      if (!mi.outputCollection)
        add(
          'CW_ERR_DEF_BAD_MULTI_INSTANCE',
          `${pointer}/outputElement`,
          'lint.outputElementAlone',
          {
            node: n.id,
          },
        );
    }
    if (INSTANCE_NAMES.has(mi.elementVariable))
      add(
        'CW_ERR_DEF_BAD_MULTI_INSTANCE',
        `${pointer}/elementVariable`,
        'lint.elementVariableReserved',
        {
          node: n.id,
          name: mi.elementVariable,
        },
      );
  }
  function mappings(m: Record<string, string> | undefined, pointer: string): void {
    for (const [k, v] of Object.entries(m ?? {})) expression(v, `${pointer}${ptr(k)}`);
  }
  function timer(t: TimerSpec, pointer: string): void {
    if (t.durationExpression) expression(t.durationExpression, `${pointer}/durationExpression`);
    if (t.dateExpression) expression(t.dateExpression, `${pointer}/dateExpression`);
    const kinds = [t.duration, t.durationExpression, t.dateExpression, t.cycle].filter(
      (k) => k !== undefined,
    );
    if (kinds.length !== 1 || (t.calendar !== undefined && t.dateExpression !== undefined))
      add('CW_ERR_DEF_SCHEMA', pointer, 'lint.timerKinds', {});
  }
  /** A user task's `context`: earlier steps that exist and carry a form, parts their form has. */
  function context(n: Extract<ProcessNode, { type: 'userTask' }>, pointer: string): void {
    n.context?.submissions?.forEach((s, j) => {
      const step = node(s.node);
      if (!step || (step.type !== 'start' && step.type !== 'userTask')) {
        add('CW_ERR_DEF_UNKNOWN_NODE', `${pointer}/submissions/${j}/node`, 'lint.contextNotStep', {
          node: s.node,
        });
        return;
      }
      const form = step.form ? formOf(step.form, scope) : undefined;
      if (!form) return; // an unknown form is reported at the step itself
      const keys = formKeys(form.fields);
      s.sections?.forEach((key, k) => {
        if (!keys.has(key))
          add(
            'CW_ERR_DEF_UNKNOWN_FIELD',
            `${pointer}/submissions/${j}/sections/${k}`,
            'lint.contextNoSection',
            { form: form.id, version: form.version, key },
          );
      });
    });
  }
  function formRef(ref: { id: string; version?: number }, pointer: string): void {
    const versions = scope.forms.get(ref.id);
    if (!versions || (ref.version !== undefined && !versions.has(ref.version))) {
      add('CW_ERR_DEF_UNKNOWN_REFERENCE', pointer, 'lint.unknownForm', {
        form: ref.id,
        ...(ref.version !== undefined ? { version: ref.version } : {}),
      });
    }
  }
  /**
   * A deciding gateway always has a way out: a default flow that leaves it, else conditions that
   * provably cover every case (an inclusive gateway's flow without a condition always holds).
   */
  function gateway(
    n: Extract<ProcessNode, { type: 'exclusiveGateway' | 'inclusiveGateway' }>,
    i: number,
  ): void {
    const outs = def.flows.filter((f) => f.from === n.id);
    if (n.default !== undefined) {
      if (!outs.some((f) => f.id === n.default)) {
        add(
          'CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE',
          ptr('nodes', i, 'default'),
          'lint.defaultNotOutgoing',
          {
            flow: n.default,
            node: n.id,
          },
        );
      }
      return;
    }
    if (outs.length === 1 && outs[0]!.condition === undefined) return;
    if (n.type === 'inclusiveGateway' && outs.some((f) => f.condition === undefined)) return;
    if (
      !provablyExhaustive(
        outs.map((f) => f.condition),
        formsOf(def, scope),
      )
    ) {
      add('CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE', ptr('nodes', i), 'lint.notExhaustive', {
        node: n.id,
      });
    }
  }
}

/** The form a reference names as the registry holds it (the latest when unpinned). */
/** Names the engine gives each instance of a multi-instance activity or its completion condition. */
const INSTANCE_NAMES = new Set([
  'loopCounter',
  'nrOfInstances',
  'nrOfCompletedInstances',
  'nrOfActiveInstances',
]);

/**
 * What a multi-instance collection gives, where that can be known without running the case: a
 * literal's type, or the type of the one variable it names; undefined otherwise.
 */
function collectionType(
  def: ProcessDefinition,
  nodeId: string,
  expression: string,
  sources: VariableSources,
): VariableType | undefined {
  const reads = expressionReads(expression);
  if (reads && !reads.names.length) {
    try {
      const v = evaluate(expression, {}, { now: 0, zone: 'UTC' });
      if (v === null || v === undefined) return undefined;
      return Array.isArray(v)
        ? 'list'
        : typeof v === 'object'
          ? 'context'
          : (typeof v as VariableType);
    } catch {
      return undefined;
    }
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(expression.trim())) return undefined;
  return variablesAt(def, nodeId, sources).variables.find((v) => v.name === expression.trim())
    ?.type;
}

function formOf(
  ref: { id: string; version?: number },
  scope: LintScope,
): FormDefinition | undefined {
  const versions = scope.forms.get(ref.id);
  if (!versions) return undefined;
  return ref.version !== undefined
    ? versions.get(ref.version)
    : versions.get(Math.max(...versions.keys()));
}

/**
 * The keys a task's context may choose from a form: its sections, pages, groups and fields,
 * layout looked through, not the fields inside groups (a group is shown whole).
 */
function formKeys(fields: FormField[], into = new Set<string>()): Set<string> {
  for (const f of fields) {
    into.add(f.key);
    if (f.type === 'section' || f.type === 'page') formKeys(f.fields ?? [], into);
  }
  return into;
}

/** The form fields this process collects (start form and user task forms), by key. */
function formsOf(def: ProcessDefinition, scope: LintScope): Map<string, FormField> {
  const fields = new Map<string, FormField>();
  for (const n of def.nodes) {
    const ref = n.type === 'userTask' || n.type === 'start' ? n.form : undefined;
    if (!ref) continue;
    const versions = scope.forms.get(ref.id);
    const form =
      ref.version !== undefined
        ? versions?.get(ref.version)
        : versions && [...versions.values()].at(-1);
    if (n.type === 'userTask' && n.output) continue; // renamed by an output mapping: cannot be traced
    // Sections and pages are layout: their fields are the form's keys too.
    for (const f of dataFields(form?.fields ?? [])) fields.set(f.key, f);
  }
  return fields;
}

const EQUALS = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*("(?:[^"\\]|\\.)*"|true|false)\s*$/;

/**
 * Conditions are exhaustive when each is `field = literal` on one required field, and the
 * literals cover every option of a select field or both values of a boolean field.
 */
function provablyExhaustive(
  conditions: (string | undefined)[],
  fields: Map<string, FormField>,
): boolean {
  let variable: string | undefined;
  const values = new Set<string>();
  for (const c of conditions) {
    const m = c === undefined ? null : EQUALS.exec(c);
    if (!m) return false;
    if (variable !== undefined && variable !== m[1]) return false;
    variable = m[1];
    values.add(m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!);
  }
  const field = variable === undefined ? undefined : fields.get(variable);
  if (!field?.required) return false;
  if (field.type === 'boolean') return values.has('true') && values.has('false');
  if (field.type === 'select') return (field.options ?? []).every((o) => values.has(o.value));
  return false;
}

/** Forms are linted by their own module (keys per data level, computed fields, layout). */
export { lintForm } from '../forms/index.ts';

/**
 * An end event: the plain end, the terminate end that ends the whole case, an error end, or a
 * compensation end.
 */
function isEnd(n: ProcessNode): boolean {
  return (
    n.type === 'end' ||
    n.type === 'terminateEnd' ||
    n.type === 'errorEnd' ||
    n.type === 'compensateEnd'
  );
}

function walk(from: string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(from);
  const stack = [...from];
  while (stack.length) {
    for (const n of edges.get(stack.pop()!) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(n);
    }
  }
  return seen;
}
