/**
 * The variables a process's FEEL expressions can read, collected from its definition: the start
 * form's fields, each user task's form fields (through its output mapping, or the form's keys
 * when it has none), set-variables inputs and service tasks' output mappings, message output
 * mappings and call activities' outputs; plus, per property, the names only that expression sees
 * (`form` in a user task's output, `result` in a service task's, `message`, `child` and
 * `outcome`), and FEEL's built-in functions. Pure: forms and actions come from a
 * {@link VariableSources}, so the same code serves the editor and its tests.
 *
 * @example
 *   const vars = processVariables(def, { form: (ref) => forms.get(ref.id) });
 *   vars.find((v) => v.name === 'amount'); // { type: 'number', origins: [{ kind: 'startForm', form: 'claim-intake', … }] }
 *   completionsAt(def, 'review', 'output', sources); // + form, form.approved, … + built-ins
 */
import type {
  DefinitionRef,
  FormDefinition,
  FormField,
  LocalizedText,
  Mappings,
  ProcessDefinition,
  ProcessNode,
} from '@caseway/engine/types';
import { dataFields } from '@caseway/engine/forms';

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
  | { kind: 'taskForm'; node: string; form: string; version?: number }
  | { kind: 'taskOutput'; node: string }
  | { kind: 'setVariables'; node: string }
  | { kind: 'serviceOutput'; node: string; action: string }
  | { kind: 'messageOutput'; node: string; message: string }
  | { kind: 'callOutput'; node: string; process: string }
  /** Only the expression being edited sees it (e.g. `form` in a user task's output). */
  | { kind: 'local'; of: 'form' | 'result' | 'message' | 'child' | 'outcome' }
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
}

export interface VariableSources {
  /** The form a reference names (its latest version when unpinned), if known. */
  form(ref: DefinitionRef): FormDefinition | undefined;
  action?(name: string): ActionInfo | undefined;
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
  return Object.entries(mappings).map(([name, expr]) => ({
    name,
    type: expressionType(expr, byName),
    origins: [origin],
    ...(byName.get(expr.trim())?.label ? { label: byName.get(expr.trim())!.label } : {}),
    ...(sensitive(expr) ? { sensitive: true } : {}),
  }));
}

/** What only the expression at (`node`, `property`) sees, e.g. `form.*` in a task's output. */
export function localVariables(
  node: ProcessNode,
  property: string,
  sources: VariableSources,
): Variable[] {
  if (property !== 'output') return [];
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
      return [local('result', 'context'), ...under('result', props, 'result')];
    }
    case 'messageCatch':
      return [local('message', 'context')];
    case 'callActivity':
      return [local('child', 'context'), local('outcome', 'string')];
    default:
      return [];
  }
}

/**
 * Every process variable the definition sets, merged by name (a name set in two places has both
 * origins; its type is the first known one), in process order.
 */
export function processVariables(def: ProcessDefinition, sources: VariableSources): Variable[] {
  const found: Variable[] = [];
  for (const node of def.nodes) {
    switch (node.type) {
      case 'start': {
        const form = node.form?.id ? sources.form(node.form) : undefined;
        if (form)
          found.push(
            ...formVariables(form, {
              kind: 'startForm',
              form: form.id,
              ...(node.form?.version ? { version: node.form.version } : {}),
            }),
          );
        break;
      }
      case 'userTask': {
        const form = node.form.id ? sources.form(node.form) : undefined;
        if (node.output) {
          found.push(
            ...mapped(
              node.output,
              { kind: 'taskOutput', node: node.id },
              localVariables(node, 'output', sources),
            ),
          );
        } else if (form) {
          found.push(
            ...formVariables(form, {
              kind: 'taskForm',
              node: node.id,
              form: form.id,
              ...(node.form.version ? { version: node.form.version } : {}),
            }),
          );
        }
        break;
      }
      case 'serviceTask': {
        if (node.action === 'set-variables' && node.input)
          found.push(...mapped(node.input, { kind: 'setVariables', node: node.id }, []));
        if (node.output)
          found.push(
            ...mapped(
              node.output,
              { kind: 'serviceOutput', node: node.id, action: node.action },
              localVariables(node, 'output', sources),
            ),
          );
        break;
      }
      case 'messageCatch':
        if (node.output)
          found.push(
            ...mapped(
              node.output,
              { kind: 'messageOutput', node: node.id, message: node.message },
              [],
            ),
          );
        break;
      case 'callActivity':
        if (node.output)
          found.push(
            ...mapped(
              node.output,
              { kind: 'callOutput', node: node.id, process: node.process.id },
              localVariables(node, 'output', sources),
            ),
          );
        break;
    }
  }
  const merged = new Map<string, Variable>();
  for (const v of found) {
    const seen = merged.get(v.name);
    if (!seen) merged.set(v.name, { ...v, origins: [...v.origins] });
    else {
      seen.origins.push(...v.origins);
      if (seen.type === 'any') seen.type = v.type;
      if (v.sensitive) seen.sensitive = true;
      seen.label ??= v.label;
    }
  }
  return [...merged.values()];
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
