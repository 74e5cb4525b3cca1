/**
 * The variables a process's FEEL expressions can read, collected from its definition: the start
 * form's fields (and what callers pass in, and the case reference), each user task's form fields
 * (through its output mapping, or the form's keys when it has none), set-variables inputs and
 * service tasks' output mappings, message output mappings and call activities' outputs; plus,
 * per property, the names only that expression sees (`form` in a user task's output, `result`
 * in a service task's, `message`, `child` and `outcome`), and FEEL's built-in functions. Also
 * what the process can hold at one node ({@link variablesAt}): what the start and every node
 * that can come before it set. Pure: forms and actions come from a {@link VariableSources}, so
 * the same code serves the engine's lint, the studio's completion and their tests. Published to
 * the studio through `@caseway/engine/design`.
 *
 * @example
 *   const vars = processVariables(def, { form: (ref) => forms.get(ref.id) });
 *   vars.find((v) => v.name === 'amount'); // { type: 'number', origins: [{ kind: 'startForm', form: 'claim-intake', … }] }
 *   completionsAt(def, 'review', 'output', sources); // + form, form.approved, … + built-ins
 *   variablesAt(def, 'decide', sources).names.has('amount'); // set before the gateway?
 */
import type {
  DefinitionRef,
  FormDefinition,
  FormField,
  LocalizedText,
  Mappings,
  ProcessDefinition,
  ProcessNode,
} from '../generated/index.ts';
import { dataFields } from '../forms/index.ts';

/** FEEL's value types, as designers read them. */
export type VariableType =
  | 'string'
  | 'number'
  | 'boolean'
  | 'date'
  | 'date-time'
  | 'duration'
  | 'list'
  | 'context'
  | 'function'
  | 'any';

/** Where a variable comes from. */
export type Origin =
  | { kind: 'startForm'; form: string; version?: number }
  /** Passed in by what starts the process (a call activity's input, an SLA's startProcess). */
  | { kind: 'startInput'; by: string }
  /** The case reference the engine gives the case at start (`public.reference`). */
  | { kind: 'caseReference' }
  /** What the engine gives a case a customer starts at intake (`public.trackingLink`, `public.language`). */
  | { kind: 'intake'; what: 'trackingLink' | 'language' }
  | { kind: 'taskForm'; node: string; form: string; version?: number }
  | { kind: 'taskOutput'; node: string }
  | { kind: 'setVariables'; node: string }
  | { kind: 'serviceOutput'; node: string; action: string }
  | { kind: 'messageOutput'; node: string; message: string }
  | { kind: 'callOutput'; node: string; process: string }
  /** Set by a business rule task from its decision table's result. */
  | { kind: 'decisionOutput'; node: string; decision: string }
  /** Set by an error boundary's output from the error it caught (`code` absent: any code). */
  | { kind: 'errorOutput'; node: string; code?: string }
  /**
   * A multi-instance activity's: what each instance sees (`element`, the item, and
   * `loopCounter`) or what the activity sets when it completes (`output`, its output collection).
   */
  | { kind: 'multiInstance'; node: string; what: 'element' | 'loopCounter' | 'output' }
  /** Only the expression being edited sees it (e.g. `form` in a user task's output). */
  | { kind: 'local'; of: 'form' | 'result' | 'message' | 'child' | 'outcome' | 'error' }
  | { kind: 'builtin' };

export interface Variable {
  /** The name as written in FEEL (`amount`, `form.amount`, `count()`). */
  name: string;
  type: VariableType;
  /** Every place it is set, in process order (a variable set twice has two). */
  origins: Origin[];
  label?: LocalizedText;
  sensitive?: boolean;
  /** What to insert (a function's name with its parentheses); `name` by default. */
  insert?: string;
  /** The values a select field allows (a variable holding one of them). */
  options?: string[];
}

/** A JSON Schema, as far as completion reads it. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  sensitive?: boolean;
  additionalProperties?: boolean | JsonSchema;
}

/** An action as GET /api/actions lists it. */
export interface ActionInfo {
  name: string;
  plugin: string | null;
  builtin: boolean;
  title: LocalizedText | null;
  idempotent: boolean;
  input: JsonSchema | null;
  output: JsonSchema | null;
  /**
   * The manifest's presentation hints for the input properties (`ui.fields`'
   * `actions/<action>/input/<name>`), by property: label, help, placeholder.
   */
  inputHints?: Record<
    string,
    { label?: LocalizedText; help?: LocalizedText; placeholder?: string }
  > | null;
}

export interface VariableSources {
  /** The form a reference names (its latest version when unpinned), if known. */
  form(ref: DefinitionRef): FormDefinition | undefined;
  action?(name: string): ActionInfo | undefined;
  /**
   * What starts this process passes in: the names of each caller's input (call activities of
   * other processes, SLAs starting it), by caller. None known: only the start form says.
   */
  startInputs?(processId: string): { by: string; names: string[] }[];
}

/** A form field's FEEL type. */
export function fieldType(field: FormField): VariableType {
  switch (field.type) {
    case 'number':
    case 'integer':
    case 'money':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'multiselect':
      return 'list';
    case 'date':
      return 'date';
    case 'datetime':
      return 'date-time';
    case 'group':
      return field.repeatable ? 'list' : 'context';
    default:
      return 'string';
  }
}

/** A JSON Schema's FEEL type. */
export function schemaType(schema: JsonSchema | undefined): VariableType {
  if (!schema) return 'any';
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'string')
    return schema.format === 'date'
      ? 'date'
      : schema.format === 'date-time'
        ? 'date-time'
        : schema.format === 'duration'
          ? 'duration'
          : 'string';
  if (type === 'integer' || type === 'number') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array') return 'list';
  if (type === 'object') return 'context';
  if (schema.enum?.every((v) => typeof v === 'string') || typeof schema.const === 'string')
    return 'string';
  return 'any';
}

/**
 * The properties of an object schema: those of each `oneOf`/`anyOf` branch merged (the first
 * branch's schema wins), required only when every branch requires it.
 */
export function schemaProperties(
  schema: JsonSchema | null | undefined,
): { name: string; schema: JsonSchema; required: boolean }[] {
  if (!schema) return [];
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches?.length) {
    const merged = new Map<string, { schema: JsonSchema; count: number }>();
    for (const b of branches)
      for (const p of schemaProperties(b)) {
        const seen = merged.get(p.name);
        merged.set(p.name, {
          schema: seen?.schema ?? p.schema,
          count: (seen?.count ?? 0) + (p.required ? 1 : 0),
        });
      }
    for (const p of schemaProperties({ ...schema, oneOf: undefined, anyOf: undefined }))
      if (!merged.has(p.name)) merged.set(p.name, { schema: p.schema, count: p.required ? 1 : 0 });
    return [...merged].map(([name, m]) => ({
      name,
      schema: m.schema,
      required: m.count >= branches.length,
    }));
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    schema: s,
    required: required.has(name),
  }));
}

/** The variables a form sets (its top-level keys), each with its type and label. */
/** A form's data fields: those inside its sections and wizard pages too (layout holds no data). */
function formVariables(form: FormDefinition, origin: Origin): Variable[] {
  return dataFields(form.fields).map((f) => ({
    name: f.key,
    type: fieldType(f),
    origins: [origin],
    label: f.label,
    ...(f.sensitive ? { sensitive: true } : {}),
    ...(f.type === 'select' && f.options?.length ? { options: f.options.map((o) => o.value) } : {}),
  }));
}

/** `form.amount` -> the type of `amount` in `local`, a literal's type, else 'any'. */
function expressionType(expr: string, local: Map<string, Variable>): VariableType {
  const e = expr.trim();
  const path = local.get(e);
  if (path) return path.type;
  if (/^-?\d+(\.\d+)?$/.test(e)) return 'number';
  if (/^"([^"\\]|\\.)*"$/.test(e)) return 'string';
  if (e === 'true' || e === 'false') return 'boolean';
  if (/^\[.*\]$/.test(e)) return 'list';
  if (/^\{.*\}$/.test(e)) return 'context';
  if (/^date\(/.test(e)) return 'date';
  if (/^(date and time|now)\(/.test(e)) return 'date-time';
  if (/^duration\(/.test(e)) return 'duration';
  return 'any';
}

function mapped(
  mappings: Mappings,
  origin: Origin,
  local: Variable[],
  sensitive: (expr: string) => boolean = () => false,
): Variable[] {
  const byName = new Map(local.map((v) => [v.name, v]));
  return Object.entries(mappings).map(([name, expr]) => {
    const from = byName.get(expr.trim());
    return {
      name,
      type: expressionType(expr, byName),
      origins: [origin],
      ...(from?.label ? { label: from.label } : {}),
      ...(sensitive(expr) ? { sensitive: true } : {}),
      ...(from?.options ? { options: from.options } : {}),
    };
  });
}

/** What only the expression at (`node`, `property`) sees, e.g. `form.*` in a task's output. */
export function localVariables(
  node: ProcessNode,
  property: string,
  sources: VariableSources,
): Variable[] {
  // a service task's undo input is evaluated after its output: `result` and what it set
  const undo = property === 'compensation' && node.type === 'serviceTask';
  if (property !== 'output' && !undo) return [];
  const local = (of: Extract<Origin, { kind: 'local' }>['of'], type: VariableType): Variable => ({
    name: of,
    type,
    origins: [{ kind: 'local', of }],
  });
  const under = (prefix: string, vars: Variable[], of: 'form' | 'result' | 'child') =>
    vars.map((v) => ({
      ...v,
      name: `${prefix}.${v.name}`,
      origins: [{ kind: 'local', of } as Origin],
    }));
  switch (node.type) {
    case 'userTask': {
      const form = node.form.id ? sources.form(node.form) : undefined;
      const fields = form ? formVariables(form, { kind: 'local', of: 'form' }) : [];
      return [local('form', 'context'), ...under('form', fields, 'form')];
    }
    case 'serviceTask': {
      const out = sources.action?.(node.action)?.output;
      const props = schemaProperties(out).map((p) => ({
        name: p.name,
        type: schemaType(p.schema),
        origins: [] as Origin[],
        ...(p.schema.sensitive ? { sensitive: true } : {}),
      }));
      const set = undo
        ? Object.keys(node.output ?? {}).map((name): Variable => ({
            name,
            type: 'any',
            origins: [{ kind: 'local', of: 'result' }],
          }))
        : [];
      return [local('result', 'context'), ...under('result', props, 'result'), ...set];
    }
    case 'messageCatch':
    case 'boundaryMessage':
      return [local('message', 'context')];
    case 'callActivity':
      return [local('child', 'context'), local('outcome', 'string')];
    case 'businessRuleTask':
      return [local('result', 'any')];
    case 'boundaryError': {
      const error = (name: string, type: VariableType): Variable => ({
        name: `error.${name}`,
        type,
        origins: [{ kind: 'local', of: 'error' }],
      });
      return [
        local('error', 'context'),
        error('code', 'string'),
        error('message', 'string'),
        error('details', 'context'),
      ];
    }
    default:
      return [];
  }
}

/** What the process starts with: the start form's fields, callers' inputs, the case reference. */
export function startVariables(def: ProcessDefinition, sources: VariableSources): Variable[] {
  const found: Variable[] = [];
  const start = def.nodes.find((n) => n.type === 'start');
  const form = start?.type === 'start' && start.form?.id ? sources.form(start.form) : undefined;
  if (start?.type === 'start' && form)
    found.push(
      ...formVariables(form, {
        kind: 'startForm',
        form: form.id,
        ...(start.form?.version ? { version: start.form.version } : {}),
      }),
    );
  for (const caller of sources.startInputs?.(def.id) ?? [])
    for (const name of caller.names)
      found.push({ name, type: 'any', origins: [{ kind: 'startInput', by: caller.by }] });
  if (def.public?.reference)
    found.push({
      name: def.public.reference,
      type: 'string',
      origins: [{ kind: 'caseReference' }],
    });
  for (const what of ['trackingLink', 'language'] as const) {
    const name = def.public?.[what];
    if (name) found.push({ name, type: 'string', origins: [{ kind: 'intake', what }] });
  }
  return found;
}

/**
 * The variables one node sets when it completes (none for gateways, events without output, ends);
 * a multi-instance activity only its output collection (what its instances set stays theirs).
 */
export function nodeSets(node: ProcessNode, sources: VariableSources): Variable[] {
  if ('multiInstance' in node && node.multiInstance) {
    const name = node.multiInstance.outputCollection;
    return name
      ? [
          {
            name,
            type: 'list',
            origins: [{ kind: 'multiInstance', node: node.id, what: 'output' }],
          },
        ]
      : [];
  }
  switch (node.type) {
    case 'userTask': {
      const form = node.form.id ? sources.form(node.form) : undefined;
      if (node.output)
        return mapped(
          node.output,
          { kind: 'taskOutput', node: node.id },
          localVariables(node, 'output', sources),
        );
      if (!form) return [];
      return formVariables(form, {
        kind: 'taskForm',
        node: node.id,
        form: form.id,
        ...(node.form.version ? { version: node.form.version } : {}),
      });
    }
    case 'serviceTask': {
      const out: Variable[] = [];
      if (node.action === 'set-variables' && node.input)
        out.push(...mapped(node.input, { kind: 'setVariables', node: node.id }, []));
      if (node.output)
        out.push(
          ...mapped(
            node.output,
            { kind: 'serviceOutput', node: node.id, action: node.action },
            localVariables(node, 'output', sources),
          ),
        );
      return out;
    }
    case 'messageCatch':
    case 'boundaryMessage':
      return node.output
        ? mapped(node.output, { kind: 'messageOutput', node: node.id, message: node.message }, [])
        : [];
    case 'callActivity':
      return node.output
        ? mapped(
            node.output,
            { kind: 'callOutput', node: node.id, process: node.process.id },
            localVariables(node, 'output', sources),
          )
        : [];
    case 'businessRuleTask': {
      const origin: Origin = { kind: 'decisionOutput', node: node.id, decision: node.decision.id };
      return [
        ...(node.resultVariable
          ? [{ name: node.resultVariable, type: 'any' as const, origins: [origin] }]
          : []),
        ...(node.output
          ? mapped(node.output, origin, localVariables(node, 'output', sources))
          : []),
      ];
    }
    case 'boundaryError':
      return node.output
        ? mapped(
            node.output,
            {
              kind: 'errorOutput',
              node: node.id,
              ...(node.errorCode ? { code: node.errorCode } : {}),
            },
            localVariables(node, 'output', sources),
          )
        : [];
    default:
      return [];
  }
}

/** Merges variables by name (a name set in two places has both origins; the first known type). */
function merge(found: Variable[]): Variable[] {
  const merged = new Map<string, Variable>();
  for (const v of found) {
    const seen = merged.get(v.name);
    if (!seen) merged.set(v.name, { ...v, origins: [...v.origins] });
    else {
      seen.origins.push(...v.origins);
      if (seen.type === 'any') seen.type = v.type;
      if (v.sensitive) seen.sensitive = true;
      seen.label ??= v.label;
      seen.options ??= v.options;
    }
  }
  return [...merged.values()];
}

/**
 * Every process variable the definition sets, merged by name (a name set in two places has both
 * origins; its type is the first known one), in process order: the start's, then each node's.
 */
export function processVariables(def: ProcessDefinition, sources: VariableSources): Variable[] {
  return merge([
    ...startVariables(def, sources),
    ...def.nodes.flatMap((n) => nodeSets(n, sources)),
  ]);
}

/** What the process can hold when it reaches a node. */
export interface VariablesAt {
  /** Set by the start or by a node that can come before this one, merged by name. */
  variables: Variable[];
  names: ReadonlySet<string>;
  /**
   * Names may also come from outside what the definition says: the process has no start form
   * and nobody known starts it, or a message whose payload is kept whole (no output mapping)
   * can arrive before this node.
   */
  open: boolean;
}

/** A boundary event (timer, error or message), which hangs off the node it is attached to. */
export function isBoundary(
  n: ProcessNode,
): n is Extract<ProcessNode, { type: 'boundaryTimer' | 'boundaryError' | 'boundaryMessage' }> {
  return n.type === 'boundaryTimer' || n.type === 'boundaryError' || n.type === 'boundaryMessage';
}

/** The nodes that can come before `nodeId` (through flows; a boundary event after its host). */
export function nodesBefore(def: ProcessDefinition, nodeId: string): Set<string> {
  const prev = new Map<string, string[]>();
  const link = (a: string, b: string) => prev.set(b, [...(prev.get(b) ?? []), a]);
  for (const f of def.flows) link(f.from, f.to);
  for (const n of def.nodes) if (isBoundary(n)) link(n.attachedTo, n.id);
  const seen = new Set<string>();
  const stack = [...(prev.get(nodeId) ?? [])];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(prev.get(id) ?? []));
  }
  return seen;
}

/** What a node's expressions can read of the case (before its own local names). */
export function variablesAt(
  def: ProcessDefinition,
  nodeId: string | undefined,
  sources: VariableSources,
  uploads: ReadonlySet<string> = new Set((def.public?.uploads ?? []).map((u) => u.message)),
): VariablesAt {
  const start = startVariables(def, sources);
  const startNode = def.nodes.find((n) => n.type === 'start');
  const startsOpen =
    !(startNode?.type === 'start' && startNode.form?.id && sources.form(startNode.form)) &&
    !(sources.startInputs?.(def.id).length ?? 0);
  const before = nodeId ? nodesBefore(def, nodeId) : new Set<string>();
  const earlier = def.nodes.filter((n) => before.has(n.id));
  let open = startsOpen;
  const found = [...start];
  for (const n of earlier) {
    found.push(...nodeSets(n, sources));
    // an error's details kept whole: whatever the plugin puts in them
    if (n.type === 'boundaryError' && !n.output) open = true;
    if (n.type === 'boundaryMessage' && !n.output) open = true;
    if (n.type === 'messageCatch' && !n.output) {
      // a kept payload: documents from the tracking page, else whatever the sender sends
      if (uploads.has(n.message))
        found.push({
          name: 'documents',
          type: 'list',
          origins: [{ kind: 'messageOutput', node: n.id, message: n.message }],
        });
      else open = true;
    }
  }
  found.push(...instanceVariables(def, nodeId));
  const variables = merge(found);
  return { variables, names: new Set(variables.map((v) => v.name)), open };
}

/**
 * What an instance of a multi-instance activity sees at `nodeId`: the element variable and
 * `loopCounter` of the activity itself and of the multi-instance subprocesses around it.
 */
export function instanceVariables(def: ProcessDefinition, nodeId: string | undefined): Variable[] {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const found: Variable[] = [];
  const seen = new Set<string>();
  for (let n = nodeId ? byId.get(nodeId) : undefined; n && !seen.has(n.id);) {
    seen.add(n.id);
    const mi = 'multiInstance' in n ? n.multiInstance : undefined;
    if (mi)
      found.push(
        {
          name: mi.elementVariable,
          type: 'any',
          origins: [{ kind: 'multiInstance', node: n.id, what: 'element' }],
        },
        {
          name: 'loopCounter',
          type: 'number',
          origins: [{ kind: 'multiInstance', node: n.id, what: 'loopCounter' }],
        },
      );
    n = isBoundary(n) ? undefined : n.parent ? byId.get(n.parent) : undefined;
  }
  return found;
}

const fn = (name: string, args: string, type: VariableType): Variable => ({
  name: `${name}(${args})`,
  insert: `${name}()`,
  type,
  origins: [{ kind: 'builtin' }],
});

/** FEEL's built-in functions designers use most (all evaluated by the engine's feelin). */
export const FEEL_BUILTINS: readonly Variable[] = [
  fn('now', '', 'date-time'),
  fn('today', '', 'date'),
  fn('date', 'from', 'date'),
  fn('date and time', 'from', 'date-time'),
  fn('time', 'from', 'any'),
  fn('duration', 'from', 'duration'),
  fn('years and months duration', 'from, to', 'duration'),
  fn('day of week', 'date', 'string'),
  fn('count', 'list', 'number'),
  fn('sum', 'list', 'number'),
  fn('min', 'list', 'number'),
  fn('max', 'list', 'number'),
  fn('mean', 'list', 'number'),
  fn('abs', 'n', 'number'),
  fn('floor', 'n', 'number'),
  fn('ceiling', 'n', 'number'),
  fn('decimal', 'n, scale', 'number'),
  fn('number', 'from', 'number'),
  fn('string', 'from', 'string'),
  fn('string length', 'string', 'number'),
  fn('substring', 'string, start, length', 'string'),
  fn('upper case', 'string', 'string'),
  fn('lower case', 'string', 'string'),
  fn('contains', 'string, match', 'boolean'),
  fn('starts with', 'string, match', 'boolean'),
  fn('ends with', 'string, match', 'boolean'),
  fn('matches', 'input, pattern', 'boolean'),
  fn('list contains', 'list, element', 'boolean'),
  fn('append', 'list, item', 'list'),
  fn('distinct values', 'list', 'list'),
  fn('flatten', 'list', 'list'),
  fn('sort', 'list', 'list'),
  fn('is defined', 'value', 'boolean'),
  fn('not', 'negand', 'boolean'),
];

/**
 * What the FEEL field at (`nodeId`, `property`) is offered: that expression's own names first,
 * then the process variables, then the built-ins. A property of the process itself (the business
 * key) passes no node.
 */
export function completionsAt(
  def: ProcessDefinition,
  nodeId: string | undefined,
  property: string,
  sources: VariableSources,
): Variable[] {
  const node = nodeId ? def.nodes.find((n) => n.id === nodeId) : undefined;
  const local = node ? localVariables(node, property, sources) : [];
  const names = new Set(local.map((v) => v.name));
  const vars = processVariables(def, sources).filter((v) => !names.has(v.name));
  return [...local, ...vars, ...FEEL_BUILTINS];
}
