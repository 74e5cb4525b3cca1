/**
 * What the engine does with form data submitted to start a case or complete a task, before the
 * step: the computed fields filled in (what the client sent for them is replaced), then the
 * form's schema and rules checked with the case's variables in scope, FEEL's `now()` and
 * `today()` on the engine's clock. One home for the rule,
 * used by the executor and by play mode.
 *
 * @example
 *   const { data, problems } = checkSubmission(form, body.data, instance.variables, 'en', '/data', { now });
 *   if (problems.length) throw … // pointers are relative to the data
 */
import {
  createError,
  defaultMessage,
  isCasewayError,
  type ErrorDetail,
  type Lang,
} from '../errors.ts';
import type { EvaluationTime } from '../expressions/index.ts';
import type { FormDefinition } from '../generated/index.ts';
import { computeValues } from './compute.ts';
import { validateForm } from './validate.ts';

/**
 * The data with its computed fields, and its problems (pointers relative to the data). An
 * expression of the form over its budget is thrown, its detail's pointer under `base` (where
 * the data is in the caller's request).
 */
export function checkSubmission(
  form: FormDefinition,
  submitted: Record<string, unknown>,
  variables: Record<string, unknown>,
  lang: Lang,
  base: string,
  time: EvaluationTime,
): { data: Record<string, unknown>; problems: ErrorDetail[] } {
  const data = withPointers(
    () => computeValues(form.fields, submitted, variables, time),
    base,
    lang,
  );
  const problems = withPointers(() => validateForm(form, data, variables, lang, time), base, lang);
  return { data, problems };
}

function withPointers<T>(run: () => T, base: string, lang: Lang): T {
  try {
    return run();
  } catch (e) {
    if (!isCasewayError(e)) throw e;
    if (!e.details.length) throw e;
    throw createError(e.code, undefined, {
      cause: e,
      data: e.data,
      details: e.details.map((d) => ({
        ...d,
        pointer: `${base}${d.pointer}`,
        message: defaultMessage(d.code, lang),
      })),
    });
  }
}
