/**
 * A service task's mappings against its action's schemas: the check the studio's mapping editor
 * shows as the designer types, and the engine runs when definitions load and in validation, so
 * a mapping that can only fail at run time (`CW_ERR_ACTION_INPUT_INVALID`) is refused first.
 * Pure and browser-safe (published through `@caseway/engine/design`).
 *
 * - a required input property without a mapping (`inputMissing`);
 * - an input the action does not take, when its schema admits no other (`inputUnknown`);
 * - a literal whose type the property refuses, or a string literal outside its `enum`
 *   (`inputType`, `inputValue`); a variable of a known type the property refuses is a warning
 *   (`inputType`, severity `warning`: the variable's type is what the definition says it is);
 * - an output mapping that reads `result.<name>` the action's result does not have
 *   (`outputUnknown`).
 *
 * @example
 *   checkActionMappings({ input: { amount: '"100"' } }, { input: paySchema, output: null });
 *   // [{ kind: 'inputMissing', name: 'account', path: ['input'], severity: 'error' },
 *   //  { kind: 'inputType', name: 'amount', path: ['input', 'amount'], expected: 'number',
 *   //    actual: 'string', severity: 'error' }]
 */
import type { Mappings } from '../generated/index.ts';
import { schemaProperties, schemaType, type JsonSchema, type VariableType } from './variables.ts';

export type MappingCheckKind =
  'inputMissing' | 'inputUnknown' | 'inputType' | 'inputValue' | 'outputUnknown';

export interface MappingCheck {
  kind: MappingCheckKind;
  /** The input property, or the result property an output mapping reads. */
  name: string;
  /** Where, under the node: `['input']`, `['input', key]` or `['output', variable]`. */
  path: string[];
  severity: 'error' | 'warning';
  expected?: VariableType;
  actual?: VariableType;
  /** A literal outside the property's `enum`: the allowed values. */
  values?: string[];
}

/** An action's schemas as the catalogue has them (null: the action declares none). */
export interface ActionSchemasLike {
  input?: object | null;
  output?: object | null;
}

/**
 * Whether an object schema takes no property besides those it lists (every `oneOf`/`anyOf`
 * branch closed, or the schema itself), as the plugin host's validator would refuse one.
 */
export function isClosedSchema(schema: JsonSchema | null | undefined): boolean {
  if (!schema) return false;
  if (schema.additionalProperties === false) return true;
  const branches = schema.oneOf ?? schema.anyOf;
  return !!branches?.length && branches.every((b) => isClosedSchema(b));
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The type of a FEEL literal (a string, number, boolean or context), if the expression is one. */
export function literalType(expression: string): VariableType | undefined {
  const e = expression.trim();
  if (/^"(?:[^"\\]|\\.)*"$/.test(e)) return 'string';
  if (/^-?\d+(?:\.\d+)?$/.test(e)) return 'number';
  if (e === 'true' || e === 'false') return 'boolean';
  return undefined;
}

/** The JSON types a value of a FEEL type serialises to. */
const JSON_TYPE: Partial<Record<VariableType, string>> = {
  string: 'string',
  date: 'string',
  'date-time': 'string',
  duration: 'string',
  number: 'number',
  boolean: 'boolean',
  list: 'array',
  context: 'object',
};

/** Whether a schema takes a value of `actual` (unknown or untyped: yes). */
function accepts(schema: JsonSchema, actual: VariableType): boolean {
  const json = JSON_TYPE[actual];
  if (!json || schema.type === undefined) return true;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some((t) => t === json || (t === 'integer' && json === 'number'));
}

/** The `result.<name>` properties an output expression reads (outside string literals). */
function resultReads(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(/(?<![\w.])result\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/**
 * The problems of a service task's input and output mappings against its action's schemas.
 * `variableType` gives the type of a name the process holds there, when the definition says it.
 */
export function checkActionMappings(
  node: { input?: Mappings; output?: Mappings },
  action: ActionSchemasLike,
  variableType: (name: string) => VariableType | undefined = () => undefined,
): MappingCheck[] {
  const out: MappingCheck[] = [];
  const input = node.input ?? {};
  const inputSchema = action.input as JsonSchema | null | undefined;
  const outputSchema = action.output as JsonSchema | null | undefined;
  if (inputSchema) {
    const props = schemaProperties(inputSchema);
    for (const p of props)
      if (p.required && input[p.name] === undefined)
        out.push({ kind: 'inputMissing', name: p.name, path: ['input'], severity: 'error' });
    const closed = isClosedSchema(inputSchema);
    for (const [key, expression] of Object.entries(input)) {
      const prop = props.find((p) => p.name === key);
      if (!prop) {
        if (closed)
          out.push({ kind: 'inputUnknown', name: key, path: ['input', key], severity: 'error' });
        continue;
      }
      const literal = literalType(expression);
      const trimmed = expression.trim();
      const actual = literal ?? (NAME.test(trimmed) ? variableType(trimmed) : undefined);
      if (actual && actual !== 'any' && !accepts(prop.schema, actual)) {
        out.push({
          kind: 'inputType',
          name: key,
          path: ['input', key],
          severity: literal ? 'error' : 'warning',
          expected: schemaType(prop.schema),
          actual,
        });
        continue;
      }
      const allowed = prop.schema.enum;
      if (literal === 'string' && allowed?.every((v) => typeof v === 'string')) {
        const value = (() => {
          try {
            return JSON.parse(trimmed) as string;
          } catch {
            return undefined;
          }
        })();
        if (value !== undefined && !allowed.includes(value))
          out.push({
            kind: 'inputValue',
            name: key,
            path: ['input', key],
            severity: 'error',
            values: allowed as string[],
          });
      }
    }
  }
  if (outputSchema && isClosedSchema(outputSchema)) {
    const names = new Set(schemaProperties(outputSchema).map((p) => p.name));
    for (const [variable, expression] of Object.entries(node.output ?? {}))
      for (const name of resultReads(expression))
        if (!names.has(name))
          out.push({ kind: 'outputUnknown', name, path: ['output', variable], severity: 'error' });
  }
  return out;
}
