/**
 * A Caseway process as BPMN 2.0 XML with diagram interchange, for bpmn.io and Camunda Modeler:
 * every node as its BPMN element with the Zeebe extensions a Camunda 8 modeler shows (form ids,
 * assignment, job types, io mappings, called processes, message subscriptions), conditions as
 * `=` FEEL, and what BPMN has no place for (names in both languages, outcomes, retry policies,
 * task context…) kept as JSON in `caseway:properties`, so importing the file gives the process
 * back. Nodes stand where the studio placed them, or where a layered layout puts them.
 *
 * @example
 *   const xml = await exportBpmn(definition, { assess: { x: 400, y: 120 } });
 */
import type { ModdleElement } from 'bpmn-moddle';
import type { MultiInstance, ProcessDefinition } from '../generated/index.ts';
import { bpmnModdle } from './bpmn-read.ts';
import { layoutFor, shapeOf, type Box } from './bpmn-layout.ts';
import type { Positions } from './bpmn-import.ts';

type El = ModdleElement;
type Node = ProcessDefinition['nodes'][number] & Record<string, unknown>;

const TYPES: Record<string, string> = {
  start: 'bpmn:StartEvent',
  end: 'bpmn:EndEvent',
  terminateEnd: 'bpmn:EndEvent',
  errorEnd: 'bpmn:EndEvent',
  compensateEnd: 'bpmn:EndEvent',
  compensateThrow: 'bpmn:IntermediateThrowEvent',
  userTask: 'bpmn:UserTask',
  serviceTask: 'bpmn:ServiceTask',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  parallelGateway: 'bpmn:ParallelGateway',
  inclusiveGateway: 'bpmn:InclusiveGateway',
  eventBasedGateway: 'bpmn:EventBasedGateway',
  timer: 'bpmn:IntermediateCatchEvent',
  messageCatch: 'bpmn:IntermediateCatchEvent',
  boundaryTimer: 'bpmn:BoundaryEvent',
  boundaryError: 'bpmn:BoundaryEvent',
  boundaryMessage: 'bpmn:BoundaryEvent',
  callActivity: 'bpmn:CallActivity',
  subProcess: 'bpmn:SubProcess',
  businessRuleTask: 'bpmn:BusinessRuleTask',
};

/** Everything but these keys goes into `caseway:properties` (they are the element itself). */
const OWN_KEYS = new Set(['id', 'type', 'parent', 'multiInstance']);
const FLOW_KEYS = new Set(['id', 'from', 'to', 'condition']);
const PROCESS_KEYS = new Set(['$schema', 'id', 'version', 'nodes', 'flows']);

export async function exportBpmn(def: ProcessDefinition, positions?: Positions): Promise<string> {
  const moddle = await bpmnModdle('zeebe');
  const create = (type: string, attrs: Record<string, unknown> = {}) => moddle.create(type, attrs);
  const ids = new Set<string>([
    ...def.nodes.map((n) => n.id),
    ...def.flows.map((f) => f.id),
    def.id,
  ]);
  const fresh = (base: string) => {
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}_${k}`;
    ids.add(id);
    return id;
  };
  const rootElements: El[] = [];
  const formal = (body: string) => create('bpmn:FormalExpression', { body });
  const feel = (expr: string) => `=${expr}`;
  const extensions = (el: El, values: El[]) => {
    if (values.length) el.set('extensionElements', create('bpmn:ExtensionElements', { values }));
  };
  const properties = (source: Record<string, unknown>, own: Set<string>): El[] => {
    const rest = Object.fromEntries(Object.entries(source).filter(([k]) => !own.has(k)));
    return Object.keys(rest).length
      ? [create('caseway:Properties', { json: JSON.stringify(rest) })]
      : [];
  };
  const ioMapping = (input?: Record<string, string>, output?: Record<string, string>): El[] => {
    const inputs = Object.entries(input ?? {}).map(([target, source]) =>
      create('zeebe:Input', { source: feel(source), target }),
    );
    const outputs = Object.entries(output ?? {}).map(([target, source]) =>
      create('zeebe:Output', { source: feel(source), target }),
    );
    return inputs.length || outputs.length
      ? [create('zeebe:IoMapping', { inputParameters: inputs, outputParameters: outputs })]
      : [];
  };
  const errors = new Map<string, El>();
  const errorFor = (code: string, name?: string) => {
    let e = errors.get(code);
    if (!e) {
      e = create('bpmn:Error', {
        id: fresh(`Error_${code.replace(/[^A-Za-z0-9_-]/g, '_')}`),
        name: name ?? code,
        errorCode: code,
      });
      errors.set(code, e);
      rootElements.push(e);
    }
    return e;
  };
  const messages = new Map<string, El>();
  const messageFor = (name: string, correlationKey: string) => {
    const key = `${name}\u0000${correlationKey}`;
    let m = messages.get(key);
    if (!m) {
      m = create('bpmn:Message', {
        id: fresh(`Message_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`),
        name,
      });
      extensions(m, [create('zeebe:Subscription', { correlationKey: feel(correlationKey) })]);
      messages.set(key, m);
      rootElements.push(m);
    }
    return m;
  };
  const timerDefinition = (t: Record<string, string>) => {
    if (t.duration)
      return create('bpmn:TimerEventDefinition', { timeDuration: formal(t.duration) });
    if (t.durationExpression)
      return create('bpmn:TimerEventDefinition', {
        timeDuration: formal(feel(t.durationExpression)),
      });
    return create('bpmn:TimerEventDefinition', {
      timeDate: formal(feel(t.dateExpression ?? 'null')),
    });
  };

  const elements = new Map<string, El>();
  const flowElements: El[] = [];
  // an embedded subprocess holds its nodes and flows (a boundary event is where its host is)
  const byId = new Map((def.nodes as Node[]).map((n) => [n.id, n]));
  const scopeOf = (id: string): string | undefined => {
    const n = byId.get(id);
    if (!n) return undefined;
    if (n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage')
      return byId.get(n.attachedTo as string)?.parent as string | undefined;
    return n.parent as string | undefined;
  };
  const inside = new Map<string, El[]>();
  const container = (id: string): El[] => {
    const scope = scopeOf(id);
    if (scope === undefined || byId.get(scope)?.type !== 'subProcess') return flowElements;
    let list = inside.get(scope);
    if (!list) inside.set(scope, (list = []));
    return list;
  };
  for (const n of def.nodes as Node[]) {
    const el = create(TYPES[n.type] ?? 'bpmn:Task', { id: n.id });
    if (n.name) el.set('name', n.name.en);
    if (n.description)
      el.set('documentation', [create('bpmn:Documentation', { text: n.description.en })]);
    const ext: El[] = [];
    switch (n.type) {
      case 'start':
        if (n.form) ext.push(create('zeebe:FormDefinition', { formId: n.form.id }));
        break;
      case 'terminateEnd':
        el.set('eventDefinitions', [create('bpmn:TerminateEventDefinition')]);
        break;
      case 'compensateEnd':
      case 'compensateThrow':
        // (a service task's undo stays in its caseway:properties, as `compensation`)
        el.set('eventDefinitions', [create('bpmn:CompensateEventDefinition')]);
        break;
      case 'errorEnd':
        el.set('eventDefinitions', [
          create('bpmn:ErrorEventDefinition', { errorRef: errorFor(n.errorCode, n.message) }),
        ]);
        break;
      case 'userTask': {
        ext.push(create('zeebe:FormDefinition', { formId: n.form.id }));
        const assignment: Record<string, string> = {};
        if (n.assignee) assignment.assignee = feel(n.assignee);
        if (n.candidateGroups) assignment.candidateGroups = feel(n.candidateGroups);
        if (n.candidateUsers) assignment.candidateUsers = feel(n.candidateUsers);
        if (Object.keys(assignment).length)
          ext.push(create('zeebe:AssignmentDefinition', assignment));
        if (n.priority)
          ext.push(create('zeebe:PriorityDefinition', { priority: feel(n.priority) }));
        ext.push(...ioMapping(n.prefill, n.output));
        break;
      }
      case 'serviceTask':
        ext.push(
          create('zeebe:TaskDefinition', {
            type: n.action,
            ...(n.retry?.attempts ? { retries: String(n.retry.attempts) } : {}),
          }),
          ...ioMapping(n.input, n.output),
        );
        break;
      case 'timer':
        el.set('eventDefinitions', [timerDefinition(n.timer as Record<string, string>)]);
        break;
      case 'messageCatch':
      case 'boundaryMessage':
        el.set('eventDefinitions', [
          create('bpmn:MessageEventDefinition', {
            messageRef: messageFor(n.message, n.correlationKey),
          }),
        ]);
        ext.push(...ioMapping(undefined, n.output));
        break;
      case 'boundaryTimer':
        el.set('eventDefinitions', [timerDefinition(n.timer as Record<string, string>)]);
        if (n.interrupting === false) el.set('cancelActivity', false);
        break;
      case 'boundaryError':
        el.set('eventDefinitions', [
          create(
            'bpmn:ErrorEventDefinition',
            n.errorCode ? { errorRef: errorFor(n.errorCode) } : {},
          ),
        ]);
        ext.push(...ioMapping(undefined, n.output));
        break;
      case 'callActivity':
        ext.push(
          create('zeebe:CalledElement', {
            processId: n.process.id,
            propagateAllChildVariables: false,
          }),
        );
        ext.push(...ioMapping(n.input, n.output));
        break;
      case 'businessRuleTask':
        ext.push(
          create('zeebe:CalledDecision', {
            decisionId: n.decision.id,
            ...(n.resultVariable ? { resultVariable: n.resultVariable } : {}),
          }),
          ...ioMapping(undefined, n.output),
        );
        break;
      default:
        break;
    }
    ext.push(...properties(n, OWN_KEYS));
    extensions(el, ext);
    const mi = n.multiInstance as MultiInstance | undefined;
    if (mi) {
      // BPMN's marker with Zeebe's collection, element and output, as Camunda Modeler writes them
      const loop = create('bpmn:MultiInstanceLoopCharacteristics', {
        ...(mi.mode === 'sequential' ? { isSequential: true } : {}),
        ...(mi.completionCondition
          ? { completionCondition: formal(feel(mi.completionCondition)) }
          : {}),
      });
      extensions(loop, [
        create('zeebe:LoopCharacteristics', {
          inputCollection: feel(mi.collection),
          inputElement: mi.elementVariable,
          ...(mi.outputCollection ? { outputCollection: mi.outputCollection } : {}),
          ...(mi.outputElement ? { outputElement: feel(mi.outputElement) } : {}),
        }),
      ]);
      el.set('loopCharacteristics', loop);
    }
    elements.set(n.id, el);
    container(n.id).push(el);
  }
  for (const [id, list] of inside) elements.get(id)?.set('flowElements', list);
  for (const n of def.nodes as Node[])
    if (n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage') {
      const host = elements.get(n.attachedTo as string);
      if (host) elements.get(n.id)!.set('attachedToRef', host);
    }
  const flowEls = new Map<string, El>();
  for (const f of def.flows) {
    const source = elements.get(f.from);
    const target = elements.get(f.to);
    if (!source || !target) continue;
    const el = create('bpmn:SequenceFlow', { id: f.id, sourceRef: source, targetRef: target });
    if (f.name) el.set('name', f.name.en);
    if (f.condition)
      el.set('conditionExpression', create('bpmn:FormalExpression', { body: feel(f.condition) }));
    extensions(el, properties(f as unknown as Record<string, unknown>, FLOW_KEYS));
    (source.get('outgoing') as El[]).push(el);
    (target.get('incoming') as El[]).push(el);
    flowEls.set(f.id, el);
    container(f.from).push(el);
  }
  for (const n of def.nodes as Node[])
    if (
      (n.type === 'exclusiveGateway' || n.type === 'inclusiveGateway') &&
      n.default &&
      flowEls.has(n.default)
    )
      elements.get(n.id)!.set('default', flowEls.get(n.default));

  const process = create('bpmn:Process', {
    id: def.id,
    name: def.name.en,
    isExecutable: true,
    flowElements,
  });
  extensions(process, properties(def as unknown as Record<string, unknown>, PROCESS_KEYS));
  rootElements.push(process);

  // diagram interchange: shapes where the layout puts them, flows as orthogonal paths
  const boxes = layoutFor(def, positions);
  // the process on one plane, each subprocess's inside on its own (collapsed, drilled into)
  const planes = new Map<string | undefined, El[]>([[undefined, []]]);
  const planeOf = (id: string): El[] => {
    const scope = byId.get(scopeOf(id) ?? '')?.type === 'subProcess' ? scopeOf(id) : undefined;
    let list = planes.get(scope);
    if (!list) planes.set(scope, (list = []));
    return list;
  };
  const bounds = (b: Box) =>
    create('dc:Bounds', { x: b.x, y: b.y, width: b.width, height: b.height });
  for (const n of def.nodes) {
    const b = boxes.get(n.id);
    if (!b) continue;
    planeOf(n.id).push(
      create('bpmndi:BPMNShape', {
        id: fresh(`${n.id}_di`),
        bpmnElement: elements.get(n.id),
        bounds: bounds(b),
        ...(n.type === 'exclusiveGateway' ? { isMarkerVisible: true } : {}),
        ...(n.type === 'subProcess' ? { isExpanded: false } : {}),
      }),
    );
  }
  for (const f of def.flows) {
    const from = boxes.get(f.from);
    const to = boxes.get(f.to);
    const el = flowEls.get(f.id);
    if (!from || !to || !el) continue;
    const boundary = shapeOf(
      (def.nodes.find((n) => n.id === f.from) ?? { type: '' }).type,
    ).boundary;
    planeOf(f.from).push(
      create('bpmndi:BPMNEdge', {
        id: fresh(`${f.id}_di`),
        bpmnElement: el,
        waypoint: waypoints(from, to, boundary).map((p) => create('dc:Point', p)),
      }),
    );
  }
  const diagrams = [...planes].map(([scope, planeElement]) => {
    const id = scope ?? def.id;
    const plane = create('bpmndi:BPMNPlane', {
      id: fresh(`${id}_plane`),
      bpmnElement: scope === undefined ? process : elements.get(scope),
      planeElement,
    });
    return create('bpmndi:BPMNDiagram', { id: fresh(`${id}_diagram`), plane });
  });
  const definitions = create('bpmn:Definitions', {
    id: fresh(`${def.id}_definitions`),
    targetNamespace: 'https://caseway.dev/bpmn',
    exporter: 'Caseway',
    exporterVersion: '0.1.0',
    rootElements,
    diagrams,
  });
  const attrs = definitions.$attrs as Record<string, string>;
  attrs['xmlns:zeebe'] = 'http://camunda.org/schema/zeebe/1.0';
  attrs['xmlns:modeler'] = 'http://camunda.org/schema/modeler/1.0';
  attrs['modeler:executionPlatform'] = 'Camunda Cloud';
  attrs['modeler:executionPlatformVersion'] = '8.6.0';
  const { xml } = await moddle.toXML(definitions, { format: true });
  return xml;
}

/** Right side to left side with one vertical bend; from a boundary event, down first. */
function waypoints(from: Box, to: Box, fromBoundary: boolean): { x: number; y: number }[] {
  const cx = (b: Box) => Math.round(b.x + b.width / 2);
  const cy = (b: Box) => Math.round(b.y + b.height / 2);
  if (fromBoundary) {
    const start = { x: cx(from), y: from.y + from.height };
    const end = { x: to.x, y: cy(to) };
    return [start, { x: start.x, y: end.y }, end];
  }
  const start = { x: from.x + from.width, y: cy(from) };
  const end = { x: to.x, y: cy(to) };
  if (start.y === end.y || end.x <= start.x) {
    if (end.x > start.x) return [start, end];
    // backwards: leave below, come back under both
    const low = Math.max(from.y + from.height, to.y + to.height) + 30;
    const s = { x: cx(from), y: from.y + from.height };
    const e = { x: cx(to), y: to.y + to.height };
    return [s, { x: s.x, y: low }, { x: e.x, y: low }, e];
  }
  const mid = Math.round((start.x + end.x) / 2);
  return [start, { x: mid, y: start.y }, { x: mid, y: end.y }, end];
}
