/**
 * Checks shared by the figure routes (analytics, SLA report, reports): personal data is never
 * a dimension of a figure, and a time zone must be one the engine knows. Both refuse with 400
 * and the JSON pointer of the parameter.
 */
import { createError, fieldError, langFromHeader } from '../errors.ts';
import type { Engine } from '../engine-types.ts';
import { isValidTimeZone } from '../time/index.ts';

/** Refuses (400) variables that hold personal data as a dimension or a score. */
export function refusePersonal(
  engine: Engine,
  keys: { key: string | undefined; pointer: string }[],
) {
  const personal = keys.filter((k) => k.key !== undefined && engine.personalData.keys.has(k.key));
  if (personal.length)
    throw createError('CW_ERR_VALIDATION', 'personal data cannot be a dimension', {
      details: personal.map((k) => ({
        code: 'CW_ERR_VALIDATION',
        pointer: k.pointer,
        message: `${k.key} is personal data`,
      })),
    });
}

/** Refuses (400, pointer /timeZone) a zone that is not an IANA time zone. */
export function checkZone(zone: string, acceptLanguage: string | undefined) {
  if (!isValidTimeZone(zone))
    throw fieldError('CW_ERR_VALIDATION', '/timeZone', langFromHeader(acceptLanguage));
}
