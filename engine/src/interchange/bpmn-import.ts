/**
 * BPMN 2.0 XML to a Caseway process draft: what maps is carried (events, tasks, gateways,
 * timers, messages, errors, call activities, conditions and default flows, the Zeebe and
 * Camunda 7 extensions for assignment, forms, job types and mappings, the diagram's positions)
 * and every element that does not is listed as a problem with its id, line and reason; nothing
 * is dropped silently. The draft always matches the process meta-schema, so the studio can
 * open it; what it still lacks (a form to create, an unreachable node) the draft's own
 * validation says.
 *
 * @example
 *   const { process, problems, layout } = await importBpmn(xml, 'en');
 */
import type { Definitions, ModdleElement } from 'bpmn-moddle';
import { createError, defaultMessage, type Lang } from '../errors.ts';
import type { ProcessDefinition, ProcessNode, Flow } from '../generated/index.ts';
import { readBpmn } from './bpmn-read.ts';
import {
  actionFrom,
  feelFrom,
  feelOrStatic,
  identifierFrom,
  isIsoDuration,
  isVariableName,
  messageNameFrom,
  nodeIdFrom,
  type Feel,
} from './bpmn-names.ts';
import { sayReason, type ImportProblem, type ImportReason } from './bpmn-problems.ts';

/** A node's centre on the diagram, in the diagram's units (pixels in bpmn.io). */
export type Positions = Record<string, { x: number; y: number }>;

export interface BpmnImport {
  process: ProcessDefinition;
  problems: ImportProblem[];
  /** where each imported node's centre stands on the source diagram */
  layout: Positions;
}

type El = ModdleElement;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type AnyNode = Mutable<ProcessNode> & Record<string, unknown>;

const list = (v: unknown): El[] => (Array.isArray(v) ? (v as El[]) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const localized = (s: string) => ({ 'zh-Hant': s, en: s });
const extensions = (el: El): El[] =>
  list((el.extensionElements as El | undefined)?.values as unknown);
const extension = (el: El, type: string): El | undefined =>
  extensions(el).find((v) => v.$type === type);
const attr = (el: El, name: string): string => {
  const v = el.get(name);
  return typeof v === 'string' ? v : '';
};
const eventKind = (el: El): string => {
  const defs = list(el.eventDefinitions);
  if (!defs.length) return 'none';
  if (defs.length > 1) return 'multiple';
  return defs[0]!.$type
    .replace(/^bpmn:/, '')
    .replace(/EventDefinition$/, '')
    .toLowerCase();
};
const shortType = (el: El) => el.$type.replace(/^bpmn:/, '');

/** The node types that end a process (a process without one gets an end added). */
const END_TYPES = new Set(['end', 'terminateEnd', 'errorEnd', 'compensateEnd']);

const ERROR_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;

/** Keys the Caseway properties extension may set (never a prototype's). */
const SAFE_KEY = /^[a-zA-Z][a-zA-Z0-9]*$/;
const UNSAFE = new Set(['constructor', 'prototype']);

class Importer {
  readonly problems: ImportProblem[] = [];
  readonly nodes: AnyNode[] = [];
  /** The embedded subprocess whose elements are being read (none: the process itself). */
  parent: string | undefined = undefined;
  readonly flows: Flow[] = [];
  readonly layout: Positions = {};
  /** BPMN id -> Caseway node id, for imported nodes */
  readonly nodeOf = new Map<string, string>();
  readonly taken = new Set<string>();
  constructor(
    readonly lang: Lang,
    readonly lines: Map<string, number>,
  ) {}

  problem(
    el: El | null,
    reason: ImportReason,
    params: Record<string, string | number> = {},
    node?: string,
  ) {
    const id = el?.id ?? '';
    this.problems.push({
      element: id,
      type: el?.$type ?? '',
      line: this.lines.get(id) ?? null,
      reason,
      params,
      message: sayReason(reason, params, this.lang),
      ...(node ? { node } : {}),
    });
  }

  /** A fresh Caseway id for a BPMN element (renames are listed). */
  idFor(el: El): string {
    const raw = el.id ?? '';
    let id = raw ? nodeIdFrom(raw) : `${shortType(el).replace(/[^A-Za-z]/g, '')}`;
    const base = id.slice(0, 60);
    for (let k = 2; this.taken.has(id); k++) id = `${base}_${k}`;
    this.taken.add(id);
    if (raw && id !== raw) this.problem(el, 'id.renamed', { id: raw, node: id }, id);
    return id;
  }

  feel(el: El, source: string, where: (f: Feel) => void = () => {}): string | null {
    const f = feelFrom(source);
    if (f.feel === null)
      this.problem(el, 'expression.invalid', { expression: source.slice(0, 200) });
    else if (f.translated) this.problem(el, 'expression.juel', { feel: f.feel });
    where(f);
    return f.feel;
  }

  feelStatic(el: El, source: string, asList = false): string | null {
    const f = feelOrStatic(source, asList);
    if (f.feel === null)
      this.problem(el, 'expression.invalid', { expression: source.slice(0, 200) });
    else if (f.translated) this.problem(el, 'expression.juel', { feel: f.feel });
    return f.feel;
  }

  add(el: El, node: AnyNode): AnyNode {
    const name = oneLine(text(el.name));
    if (name && !node.name) node.name = localized(name.slice(0, 500));
    const doc = list(el.documentation)
      .map((d) => text(d.text).trim())
      .filter(Boolean)
      .join('\n');
    if (doc && !node.description) node.description = localized(doc.slice(0, 5000));
    this.carryCasewayProperties(el, node);
    // inside an embedded subprocess (a boundary event is where its host is)
    if (
      this.parent !== undefined &&
      node.type !== 'boundaryTimer' &&
      node.type !== 'boundaryError' &&
      node.type !== 'boundaryMessage'
    )
      node.parent = this.parent;
    this.nodes.push(node);
    this.nodeOf.set(el.id ?? node.id, node.id);
    this.activityMarkers(el, node);
    this.listeners(el);
    return node;
  }

  /** The Caseway properties an export kept in `caseway:properties` (names, outcomes, retry…). */
  carryCasewayProperties(el: El, target: Record<string, unknown>) {
    const props = extension(el, 'caseway:Properties');
    if (!props) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text(props.json));
    } catch {
      this.problem(el, 'caseway.properties');
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      this.problem(el, 'caseway.properties');
      return;
    }
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
      if (SAFE_KEY.test(k) && !UNSAFE.has(k) && !['id', 'type'].includes(k))
        Object.defineProperty(target, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
  }

  /**
   * A multi-instance marker becomes the node's `multiInstance` (Zeebe's `zeebe:loopCharacteristics`
   * or Camunda 7's `camunda:collection` and `camunda:elementVariable`, `isSequential`, the
   * completion condition); a standard loop, a cardinality without a collection, or a marker on a
   * node that cannot run per item is a problem.
   */
  activityMarkers(el: El, node: AnyNode) {
    const loop = el.loopCharacteristics as El | undefined;
    if (!loop) return;
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.problem(el, 'activity.loop');
      return;
    }
    if (!['userTask', 'serviceTask', 'callActivity', 'subProcess'].includes(node.type)) {
      this.problem(el, 'activity.multiInstance');
      return;
    }
    const zeebe = extension(loop, 'zeebe:LoopCharacteristics');
    const source = text(zeebe?.inputCollection) || attr(loop, 'camunda:collection');
    if (!source) {
      this.problem(el, 'multiInstance.noCollection');
      return;
    }
    const collection = isVariableName(source.trim()) ? source.trim() : this.feel(el, source);
    if (!collection) return;
    let element = text(zeebe?.inputElement) || attr(loop, 'camunda:elementVariable');
    if (!isVariableName(element)) {
      this.problem(el, 'multiInstance.element', { element: element.slice(0, 100) });
      element = 'item';
    }
    const mi: Record<string, string> = { collection, elementVariable: element };
    if (loop.isSequential === true) mi.mode = 'sequential';
    const condition = text((loop.completionCondition as El | undefined)?.body).trim();
    if (condition) {
      const f = this.feel(el, condition);
      if (f) mi.completionCondition = f;
    }
    const output = text(zeebe?.outputCollection);
    if (output && isVariableName(output)) {
      mi.outputCollection = output;
      const oe = text(zeebe?.outputElement);
      const f = oe ? this.feel(el, oe) : null;
      if (f) mi.outputElement = f;
    } else if (output) this.problem(el, 'mapping.target', { target: output.slice(0, 100) });
    node.multiInstance = mi;
  }

  listeners(el: El) {
    const found = extensions(el).some((v) =>
      [
        'zeebe:ExecutionListeners',
        'zeebe:TaskListeners',
        'camunda:ExecutionListener',
        'camunda:TaskListener',
      ].includes(v.$type),
    );
    if (found) this.problem(el, 'listener.notCarried');
  }

  placeholder(el: El, reason: ImportReason, params: Record<string, string | number> = {}): AnyNode {
    const id = this.idFor(el);
    this.problem(el, reason, { type: shortType(el), ...params }, id);
    return this.add(el, { id, type: 'serviceTask', action: 'noop' });
  }

  // --- mappings (Zeebe ioMapping, Camunda 7 inputOutput)

  mappings(el: El, kind: 'input' | 'output'): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    const zeebe = extension(el, 'zeebe:IoMapping');
    for (const p of list(zeebe?.[kind === 'input' ? 'inputParameters' : 'outputParameters'])) {
      const target = text(p.target);
      if (!isVariableName(target)) {
        this.problem(el, 'mapping.target', { target: target.slice(0, 100) });
        continue;
      }
      const f = this.feelStatic(el, text(p.source) || 'null');
      if (f !== null)
        Object.defineProperty(out, target, {
          value: f,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    const camunda = extension(el, 'camunda:InputOutput');
    for (const p of list(camunda?.[kind === 'input' ? 'inputParameters' : 'outputParameters'])) {
      const target = text(p.name);
      if (!isVariableName(target)) {
        this.problem(el, 'mapping.target', { target: target.slice(0, 100) });
        continue;
      }
      const value = text(p.value);
      const f = p.definition ? null : this.feelStatic(el, value || 'null');
      if (p.definition) this.problem(el, 'expression.invalid', { expression: target });
      if (f !== null)
        Object.defineProperty(out, target, {
          value: f,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return Object.keys(out).length ? out : undefined;
  }

  // --- timers

  timerOf(el: El): AnyNode['timer'] | null {
    const def = list(el.eventDefinitions)[0];
    const body = (k: string) => text((def?.[k] as El | undefined)?.body).trim();
    const duration = body('timeDuration');
    const date = body('timeDate');
    if (duration) {
      if (isIsoDuration(duration)) return { duration };
      const feel = this.feel(el, duration);
      if (feel) return { durationExpression: feel };
    } else if (date) {
      if (/^\d{4}-\d{2}-\d{2}/.test(date) && !date.startsWith('='))
        return { dateExpression: `date and time(${JSON.stringify(date)})` };
      const feel = this.feel(el, date);
      if (feel) return { dateExpression: feel };
    }
    return null;
  }

  timerOrDefault(el: El, id: string): NonNullable<AnyNode['timer']> {
    const t = this.timerOf(el);
    if (t) return t;
    this.problem(el, 'timer.missing', {}, id);
    return { duration: 'P1D' };
  }

  // --- messages

  messageOf(el: El, id: string): { message: string; correlationKey: string } {
    const def = list(el.eventDefinitions)[0];
    const ref = ((def?.messageRef ?? el.messageRef) as El | undefined) ?? undefined;
    const name = text(ref?.name) || text(ref?.id) || id;
    const message = messageNameFrom(name);
    if (message !== name)
      this.problem(el, 'message.renamed', { name: name.slice(0, 100), message }, id);
    const sub = ref ? extension(ref, 'zeebe:Subscription') : undefined;
    const key = text(sub?.correlationKey);
    const correlationKey = key ? this.feel(el, key.startsWith('=') ? key : `=${key}`) : null;
    if (!correlationKey) this.problem(el, 'message.noCorrelation', {}, id);
    return { message, correlationKey: correlationKey ?? 'null' };
  }

  // --- flow nodes

  flowNode(el: El) {
    switch (el.$type) {
      case 'bpmn:StartEvent': {
        if (this.nodes.some((n) => n.type === 'start' && n.parent === this.parent)) {
          this.problem(el, 'start.extra');
          return;
        }
        const id = this.idFor(el);
        const kind = eventKind(el);
        if (kind !== 'none') this.problem(el, 'start.trigger', { trigger: kind }, id);
        const node: AnyNode = { id, type: 'start' };
        const form = this.formOf(el, id, false);
        if (form) node.form = form;
        this.add(el, node);
        return;
      }
      case 'bpmn:EndEvent': {
        const id = this.idFor(el);
        const kind = eventKind(el);
        const error = list(el.eventDefinitions)[0]?.errorRef as El | undefined;
        const code = text(error?.errorCode);
        if (kind === 'terminate') this.add(el, { id, type: 'terminateEnd' });
        else if (kind === 'compensate') this.add(el, { id, type: 'compensateEnd' });
        else if (kind === 'error' && ERROR_CODE.test(code)) {
          const node: AnyNode = { id, type: 'errorEnd', errorCode: code };
          const name = oneLine(text(error?.name));
          if (name && name !== code) node.message = name.slice(0, 500);
          this.add(el, node);
        } else {
          if (kind !== 'none') this.problem(el, 'end.kind', { trigger: kind }, id);
          this.add(el, { id, type: 'end' });
        }
        return;
      }
      case 'bpmn:UserTask':
        return this.userTask(el);
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
        return this.serviceTask(el);
      case 'bpmn:ReceiveTask': {
        const id = this.idFor(el);
        const m = this.messageOf(el, id);
        const node: AnyNode = { id, type: 'messageCatch', ...m };
        const output = this.mappings(el, 'output');
        if (output) node.output = output;
        this.add(el, node);
        return;
      }
      case 'bpmn:CallActivity':
        return this.callActivity(el);
      case 'bpmn:ExclusiveGateway':
        this.add(el, { id: this.idFor(el), type: 'exclusiveGateway' });
        return;
      case 'bpmn:ParallelGateway':
        this.add(el, { id: this.idFor(el), type: 'parallelGateway' });
        return;
      case 'bpmn:InclusiveGateway':
        this.add(el, { id: this.idFor(el), type: 'inclusiveGateway' });
        return;
      case 'bpmn:EventBasedGateway':
        this.add(el, { id: this.idFor(el), type: 'eventBasedGateway' });
        return;
      case 'bpmn:ComplexGateway': {
        const id = this.idFor(el);
        this.problem(el, 'gateway.approximated', { type: shortType(el) }, id);
        this.add(el, { id, type: 'exclusiveGateway' });
        return;
      }
      case 'bpmn:IntermediateCatchEvent': {
        const kind = eventKind(el);
        if (kind === 'timer') {
          const id = this.idFor(el);
          this.add(el, { id, type: 'timer', timer: this.timerOrDefault(el, id) });
        } else if (kind === 'message') {
          const id = this.idFor(el);
          const node: AnyNode = { id, type: 'messageCatch', ...this.messageOf(el, id) };
          const output = this.mappings(el, 'output');
          if (output) node.output = output;
          this.add(el, node);
        } else this.placeholder(el, 'event.trigger', { trigger: kind });
        return;
      }
      case 'bpmn:IntermediateThrowEvent': {
        const kind = eventKind(el);
        if (kind === 'compensate') {
          this.add(el, { id: this.idFor(el), type: 'compensateThrow' });
          return;
        }
        this.placeholder(el, 'event.trigger', {
          trigger: kind === 'none' ? 'none (milestone)' : kind,
        });
        return;
      }
      case 'bpmn:SubProcess':
        if (!el.triggeredByEvent) return this.subProcess(el);
      // falls through: an event subprocess is left out below
      case 'bpmn:Transaction':
      case 'bpmn:AdHocSubProcess': {
        if (el.triggeredByEvent) {
          this.problem(el, 'subProcess.event');
          this.childrenLeftOut(el);
          return;
        }
        const id = this.idFor(el);
        this.problem(el, 'subProcess.placeholder', {}, id);
        this.add(el, { id, type: 'serviceTask', action: 'noop' });
        this.childrenLeftOut(el);
        return;
      }
      case 'bpmn:BusinessRuleTask':
        this.businessRuleTask(el);
        return;
      case 'bpmn:Task':
      case 'bpmn:ScriptTask':
      case 'bpmn:ManualTask':
        this.placeholder(el, 'element.placeholder');
        return;
      case 'bpmn:BoundaryEvent':
      case 'bpmn:SequenceFlow':
        return; // after every node
      case 'bpmn:DataObject':
      case 'bpmn:DataObjectReference':
      case 'bpmn:DataStoreReference':
        this.problem(el, 'data.notCarried', { type: shortType(el) });
        return;
      default:
        this.problem(el, 'element.unsupported', { type: shortType(el) });
    }
  }

  /**
   * An embedded subprocess: a `subProcess` node, and its elements read as the process's are,
   * each naming it as `parent` (nested ones in turn).
   */
  subProcess(el: El) {
    const id = this.idFor(el);
    this.add(el, { id, type: 'subProcess' });
    const outer = this.parent;
    this.parent = id;
    const inner = list(el.flowElements);
    for (const c of inner) this.flowNode(c);
    for (const c of inner) if (c.$type === 'bpmn:BoundaryEvent') this.boundary(c);
    for (const c of inner) if (c.$type === 'bpmn:SequenceFlow') this.sequenceFlow(c);
    this.defaults(el);
    this.parent = outer;
  }

  childrenLeftOut(parent: El) {
    for (const child of list(parent.flowElements)) {
      if (child.$type === 'bpmn:SequenceFlow') continue;
      this.problem(child, 'subProcess.child', { parent: parent.id ?? '' });
      this.childrenLeftOut(child);
    }
  }

  formOf(el: El, id: string, required: boolean): { id: string } | undefined {
    const zeebe = extension(el, 'zeebe:FormDefinition');
    const key = text(zeebe?.formId) || text(zeebe?.formKey) || attr(el, 'camunda:formKey');
    if (key) {
      const clean = key
        .replace(/^(camunda-forms:|embedded:|app:|deployment:)+/g, '')
        .replace(/\.(form|html)$/, '');
      const form = identifierFrom(
        clean.split(/[/:]/).at(-1) ?? clean,
        `${identifierFrom(id, 'task')}-form`,
      );
      if (form !== key)
        this.problem(el, 'userTask.formKey', { formKey: key.slice(0, 200), form }, id);
      return { id: form };
    }
    if (!required) return undefined;
    const form = `${identifierFrom(id, 'task')}-form`.slice(0, 64);
    this.problem(el, 'userTask.noForm', { form }, id);
    return { id: form };
  }

  userTask(el: El) {
    const id = this.idFor(el);
    const node: AnyNode = { id, type: 'userTask', form: this.formOf(el, id, true)! };
    const assignment = extension(el, 'zeebe:AssignmentDefinition');
    const pick = (zeebeName: string, camundaName: string) =>
      text(assignment?.[zeebeName]) || attr(el, camundaName);
    const assignee = pick('assignee', 'camunda:assignee');
    if (assignee) {
      const f = this.feelStatic(el, assignee);
      if (f) node.assignee = f;
    }
    const groups = pick('candidateGroups', 'camunda:candidateGroups');
    if (groups) {
      const f = this.feelStatic(el, groups, true);
      if (f) node.candidateGroups = f;
    }
    const users = pick('candidateUsers', 'camunda:candidateUsers');
    if (users) {
      const f = this.feelStatic(el, users, true);
      if (f) node.candidateUsers = f;
    }
    const priority =
      text(extension(el, 'zeebe:PriorityDefinition')?.priority) || attr(el, 'camunda:priority');
    if (priority) {
      const f = this.feelStatic(el, priority);
      if (f) node.priority = /^\d+$/.test(priority.trim()) ? priority.trim() : f;
    }
    const due = text(extension(el, 'zeebe:TaskSchedule')?.dueDate) || attr(el, 'camunda:dueDate');
    if (due) {
      const f = /^\d{4}-\d{2}-\d{2}/.test(due)
        ? `date and time(${JSON.stringify(due)})`
        : isIsoDuration(due)
          ? null
          : this.feel(el, due);
      if (isIsoDuration(due)) node.dueDate = { duration: due };
      else if (f) node.dueDate = { dateExpression: f };
    }
    const output = this.mappings(el, 'output');
    if (output) node.output = output;
    const input = this.mappings(el, 'input');
    if (input) node.prefill = input;
    this.add(el, node);
  }

  serviceTask(el: El) {
    const id = this.idFor(el);
    const def = extension(el, 'zeebe:TaskDefinition');
    const jobType = text(def?.type) || attr(el, 'camunda:topic');
    let action = 'noop';
    const implementation =
      attr(el, 'camunda:class') ||
      attr(el, 'camunda:expression') ||
      attr(el, 'camunda:delegateExpression') ||
      (extension(el, 'camunda:Connector') ? 'connector' : '');
    if (jobType && !jobType.startsWith('=')) {
      action = actionFrom(jobType);
      if (action !== jobType)
        this.problem(el, 'serviceTask.renamed', { jobType: jobType.slice(0, 100), action }, id);
    } else if (implementation)
      this.problem(
        el,
        'serviceTask.implementation',
        { implementation: implementation.slice(0, 200) },
        id,
      );
    else {
      if (jobType) this.problem(el, 'expression.invalid', { expression: jobType.slice(0, 200) });
      if (el.$type === 'bpmn:SendTask')
        this.problem(el, 'element.placeholder', { type: 'SendTask' }, id);
      else this.problem(el, 'serviceTask.noAction', {}, id);
    }
    const node: AnyNode = { id, type: 'serviceTask', action };
    const input = this.mappings(el, 'input');
    if (input) node.input = input;
    const output = this.mappings(el, 'output');
    if (output) node.output = output;
    const retries = Number(text(def?.retries));
    if (Number.isInteger(retries) && retries >= 1 && retries <= 100)
      node.retry = { attempts: retries };
    this.add(el, node);
  }

  callActivity(el: El) {
    const id = this.idFor(el);
    const called = text(extension(el, 'zeebe:CalledElement')?.processId) || text(el.calledElement);
    let processId =
      called && !called.startsWith('=') && !called.startsWith('${')
        ? identifierFrom(called, '')
        : '';
    if (!processId) {
      processId = 'process-to-call';
      this.problem(el, 'callActivity.noProcess', { process: processId }, id);
    } else if (processId !== called)
      this.problem(el, 'id.renamed', { id: called.slice(0, 100), node: processId }, id);
    const node: AnyNode = { id, type: 'callActivity', process: { id: processId } };
    const input = this.mappings(el, 'input');
    if (input) node.input = input;
    const output = this.mappings(el, 'output');
    if (output) node.output = output;
    this.add(el, node);
  }

  /**
   * A business rule task calling a DMN decision (Zeebe's calledDecision, Camunda 7's
   * decisionRef): the decision by id (a Caseway decision table of that id), its result variable
   * and output mappings. One implemented otherwise (a job type, a Java class) is a placeholder.
   */
  businessRuleTask(el: El) {
    const called = extension(el, 'zeebe:CalledDecision');
    const ref = text(called?.decisionId) || text(el.decisionRef);
    if (!ref && (extension(el, 'zeebe:TaskDefinition') || el.class || el.expression)) {
      this.placeholder(el, 'element.placeholder');
      return;
    }
    const id = this.idFor(el);
    let decisionId =
      ref && !ref.startsWith('=') && !ref.startsWith('${') ? identifierFrom(ref, '') : '';
    if (!decisionId) {
      decisionId = 'decision-to-pick';
      this.problem(el, 'businessRuleTask.noDecision', { decision: decisionId }, id);
    } else if (decisionId !== ref)
      this.problem(el, 'id.renamed', { id: ref.slice(0, 100), node: decisionId }, id);
    const node: AnyNode = { id, type: 'businessRuleTask', decision: { id: decisionId } };
    const version = Number(text(el.decisionRefVersion));
    if (text(el.decisionRefBinding) === 'version' && Number.isInteger(version) && version >= 1)
      node.decision = { id: decisionId, version };
    const result = text(called?.resultVariable) || text(el.resultVariable);
    if (result && isVariableName(result)) node.resultVariable = result;
    else if (result) this.problem(el, 'mapping.target', { target: result.slice(0, 100) });
    const output = this.mappings(el, 'output');
    if (output) node.output = output;
    this.add(el, node);
  }

  boundary(el: El) {
    const host = el.attachedToRef as El | undefined;
    const hostId = host?.id ? this.nodeOf.get(host.id) : undefined;
    const hostNode = hostId ? this.nodes.find((n) => n.id === hostId) : undefined;
    const kind = eventKind(el);
    if (kind !== 'timer' && kind !== 'error' && kind !== 'message') {
      this.problem(el, 'boundary.unsupported', { trigger: kind });
      return;
    }
    if (!hostNode) {
      this.problem(el, 'boundary.noHost');
      return;
    }
    const id = this.idFor(el);
    if (kind === 'message') {
      // interrupting only: a non-interrupting one would leave the host running
      if (el.cancelActivity === false) {
        this.problem(el, 'boundary.unsupported', { trigger: 'non-interrupting message' });
        return;
      }
      const node: AnyNode = {
        id,
        type: 'boundaryMessage',
        attachedTo: hostNode.id,
        ...this.messageOf(el, id),
      };
      const output = this.mappings(el, 'output');
      if (output) node.output = output;
      this.add(el, node);
      return;
    }
    if (kind === 'timer') {
      const node: AnyNode = {
        id,
        type: 'boundaryTimer',
        attachedTo: hostNode.id,
        timer: this.timerOrDefault(el, id),
      };
      if (el.cancelActivity === false) node.interrupting = false;
      this.add(el, node);
      return;
    }
    const node: AnyNode = { id, type: 'boundaryError', attachedTo: hostNode.id };
    const error = list(el.eventDefinitions)[0]?.errorRef as El | undefined;
    const code = text(error?.errorCode);
    if (ERROR_CODE.test(code)) node.errorCode = code;
    else if (code) this.problem(el, 'expression.invalid', { expression: code.slice(0, 200) });
    const output = this.mappings(el, 'output');
    if (output) node.output = output;
    this.add(el, node);
  }

  sequenceFlow(el: El) {
    const from = (el.sourceRef as El | undefined)?.id;
    const to = (el.targetRef as El | undefined)?.id;
    const source = from ? this.nodeOf.get(from) : undefined;
    const target = to ? this.nodeOf.get(to) : undefined;
    if (!source || !target) {
      this.problem(el, 'flow.dropped');
      return;
    }
    const id = this.idFor(el);
    const flow: Flow & Record<string, unknown> = { id, from: source, to: target };
    const name = oneLine(text(el.name));
    if (name) flow.name = localized(name.slice(0, 500));
    const cond = text((el.conditionExpression as El | undefined)?.body);
    if (cond.trim()) {
      const sourceNode = this.nodes.find((n) => n.id === source);
      if (sourceNode?.type !== 'exclusiveGateway' && sourceNode?.type !== 'inclusiveGateway')
        this.problem(el, 'flow.conditionDropped', {}, id);
      else {
        const f = this.feel(el, cond);
        if (f) flow.condition = f;
      }
    }
    this.carryCasewayProperties(el, flow);
    this.flows.push(flow);
    this.nodeOf.set(el.id ?? id, id);
  }

  defaults(process: El) {
    for (const el of list(process.flowElements)) {
      const def = el.default as El | undefined;
      const gw = el.id ? this.nodeOf.get(el.id) : undefined;
      const node = gw ? this.nodes.find((n) => n.id === gw) : undefined;
      if (!def?.id || (node?.type !== 'exclusiveGateway' && node?.type !== 'inclusiveGateway'))
        continue;
      const flow = this.nodeOf.get(def.id);
      if (flow && this.flows.some((f) => f.id === flow)) node.default = flow;
    }
  }

  /** Text annotations joined to a node by an association become its description. */
  artifacts(process: El) {
    for (const a of list(process.artifacts)) {
      if (a.$type === 'bpmn:TextAnnotation') {
        const joined = list(process.artifacts).find(
          (x) =>
            x.$type === 'bpmn:Association' &&
            ((x.targetRef as El | undefined)?.id === a.id ||
              (x.sourceRef as El | undefined)?.id === a.id),
        );
        const other =
          joined && ((joined.targetRef as El).id === a.id ? joined.sourceRef : joined.targetRef);
        const nodeId = (other as El | undefined)?.id
          ? this.nodeOf.get((other as El).id!)
          : undefined;
        const node = nodeId ? this.nodes.find((n) => n.id === nodeId) : undefined;
        const note = oneLine(text(a.text));
        if (node && note && !node.description) node.description = localized(note.slice(0, 5000));
        else this.problem(a, 'data.notCarried', { type: shortType(a) });
      } else if (a.$type !== 'bpmn:Association')
        this.problem(a, 'data.notCarried', { type: shortType(a) });
    }
    for (const ls of list(process.laneSets))
      for (const lane of list(ls.lanes)) this.problem(lane, 'lane.notCarried');
  }

  positions(definitions: Definitions) {
    const byBpmn = new Map<string, string>(this.nodeOf);
    for (const d of list(definitions.diagrams)) {
      for (const shape of list((d.plane as El | undefined)?.planeElement)) {
        if (shape.$type !== 'bpmndi:BPMNShape') continue;
        const ref = (shape.bpmnElement as El | undefined)?.id;
        const node = ref ? byBpmn.get(ref) : undefined;
        const b = shape.bounds as El | undefined;
        if (!node || !b || !this.nodes.some((n) => n.id === node)) continue;
        const [x, y, w, h] = [b.x, b.y, b.width, b.height].map(Number) as [
          number,
          number,
          number,
          number,
        ];
        if ([x, y, w, h].every(Number.isFinite) && !this.layout[node])
          this.layout[node] = { x: Math.round(x + w / 2), y: Math.round(y + h / 2) };
      }
    }
  }
}

/** The process to import: the executable one, else the one with the most flow elements. */
function pickProcess(definitions: Definitions): { chosen: El | undefined; others: El[] } {
  const processes = list(definitions.rootElements).filter((e) => e.$type === 'bpmn:Process');
  const size = (p: El) => list(p.flowElements).length;
  const chosen =
    processes
      .filter((p) => p.isExecutable === true && size(p) > 0)
      .sort((a, b) => size(b) - size(a))[0] ?? [...processes].sort((a, b) => size(b) - size(a))[0];
  return { chosen, others: processes.filter((p) => p !== chosen) };
}

/**
 * Imports BPMN 2.0 XML as a Caseway process draft. Throws a 4xx registry error for input that is
 * not BPMN (see readBpmn) and 422 `CW_ERR_BPMN_NO_PROCESS` when it holds no process with flow
 * elements; otherwise answers the draft, the problems and the diagram's node centres.
 */
export async function importBpmn(xml: string, lang: Lang): Promise<BpmnImport> {
  const { definitions, lines, warnings } = await readBpmn(xml, lang);
  const { chosen, others } = pickProcess(definitions);
  if (!chosen || !list(chosen.flowElements).length)
    throw createError('CW_ERR_BPMN_NO_PROCESS', undefined, {
      details: [
        {
          code: 'CW_ERR_BPMN_NO_PROCESS',
          pointer: '/',
          message: defaultMessage('CW_ERR_BPMN_NO_PROCESS', lang),
        },
      ],
    });
  const im = new Importer(lang, lines);
  for (const w of warnings)
    im.problems.push({
      element: w.element ?? '',
      type: '',
      line: w.line ?? null,
      reason: 'xml.warning',
      params: { detail: w.message },
      message: sayReason('xml.warning', { detail: w.message }, lang),
    });
  for (const p of others) im.problem(p, 'process.extra', { process: text(p.name) || p.id || '' });
  for (const c of list(definitions.rootElements).filter((e) => e.$type === 'bpmn:Collaboration'))
    for (const mf of list(c.messageFlows)) im.problem(mf, 'messageFlow.notCarried');

  const elements = list(chosen.flowElements);
  for (const el of elements) im.flowNode(el);
  for (const el of elements) if (el.$type === 'bpmn:BoundaryEvent') im.boundary(el);
  for (const el of elements) if (el.$type === 'bpmn:SequenceFlow') im.sequenceFlow(el);
  im.defaults(chosen);
  im.artifacts(chosen);
  // nodes in the document's order (boundary events were placed after their hosts were known)
  const all: El[] = [];
  const flatten = (els: El[]) => {
    for (const e of els) {
      all.push(e);
      if (e.$type === 'bpmn:SubProcess') flatten(list(e.flowElements));
    }
  };
  flatten(elements);
  const order = new Map(all.map((e, i) => [e.id ? im.nodeOf.get(e.id) : undefined, i]));
  im.nodes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  if (!im.nodes.some((n) => n.type === 'start' && n.parent === undefined)) {
    const id = im.taken.has('start') ? 'start_added' : 'start';
    im.taken.add(id);
    im.nodes.unshift({ id, type: 'start' });
    im.problem(null, 'start.missing', {}, id);
  }
  if (!im.nodes.some((n) => END_TYPES.has(n.type) && n.parent === undefined)) {
    const id = im.taken.has('end') ? 'end_added' : 'end';
    im.taken.add(id);
    im.nodes.push({ id, type: 'end' });
    im.problem(null, 'end.missing', {}, id);
  }
  im.positions(definitions);

  const pid = identifierFrom(chosen.id ?? '', 'imported-process');
  const name = oneLine(text(chosen.name)) || oneLine(text(definitions.name)) || chosen.id || pid;
  const process: ProcessDefinition & Record<string, unknown> = {
    id: pid,
    version: 1,
    name: localized(name.slice(0, 500)),
    nodes: im.nodes as ProcessNode[],
    flows: im.flows,
  };
  im.carryCasewayProperties(chosen, process);
  // the carried properties may not re-key the draft
  process.id = pid;
  process.version = 1;
  process.nodes = im.nodes as ProcessNode[];
  process.flows = im.flows;
  return { process, problems: im.problems, layout: im.layout };
}
