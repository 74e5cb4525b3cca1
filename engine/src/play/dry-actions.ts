/**
 * Plugin actions as plays run them: never called. The input is checked against the action's
 * input schema (as the plugin host would check it before calling), a designer's result against
 * its output schema, and a result is offered from the output schema. Actions that declare no
 * schemas (registered by an embedder) accept anything and offer `{}`.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorDetail } from '../errors.ts';
import type { DryActions } from './sandbox.ts';
import { sampleOf } from './sample.ts';

export interface ActionSchemas {
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

const ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

function check(schema: object | undefined, value: unknown): ErrorDetail[] {
  if (!schema) return [];
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => ({
    code: 'CW_ERR_VALIDATION',
    pointer: `${e.instancePath}${e.keyword === 'required' ? `/${String(e.params.missingProperty)}` : ''}`,
    message: e.message ?? 'is invalid',
  }));
}

/** Dry actions over the schemas of the loaded plugins' actions (by `<plugin>/<action>`). */
export function dryActions(schemas: ReadonlyMap<string, ActionSchemas>): DryActions {
  return {
    inputProblems: (action, input) => check(schemas.get(action)?.input, input),
    outputProblems: (action, output) => check(schemas.get(action)?.output, output),
    outputSchema: (action) => schemas.get(action)?.output ?? null,
    example: (action) => {
      const output = schemas.get(action)?.output;
      return output ? sampleOf(output) : {};
    },
  };
}
