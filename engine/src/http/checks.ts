/**
 * Checks shared by the figure routes (analytics, SLA report, reports): personal data is never
 * a dimension of a figure, and a time zone must be one the engine knows. Both refuse with 400
 * and the JSON pointer of the parameter.
 */
import { createError, fieldError, langFromHeader } from '../errors.ts';
import type { Engine } from '../engine-types.ts';
import { durationMs, isValidTimeZone } from '../time/index.ts';

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

/**
 * An ISO 8601 duration from a request, in milliseconds, refused (400 CW_ERR_VALIDATION at
 * `pointer`) when it cannot be counted (a figure beyond the date range) or lies outside
 * (0, maxMs]. The body schema has already checked its shape.
 */
export function checkDuration(
  iso: string,
  pointer: string,
  maxMs: number,
  acceptLanguage: string | undefined,
): number {
  let ms: number;
  try {
    ms = durationMs(iso);
  } catch {
    ms = Number.NaN;
  }
  if (!(ms > 0 && ms <= maxMs))
    throw fieldError('CW_ERR_VALIDATION', pointer, langFromHeader(acceptLanguage));
  return ms;
}
