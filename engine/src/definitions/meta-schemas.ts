/** The definition meta-schemas of definitions/schema/, compiled once with ajv (JSON Schema 2020-12). */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ErrorDetail } from '../errors.ts';
import type { LintKey } from './lint-messages.ts';
import { ISO_DURATION_PATTERN } from '../time/index.ts';
import { LOCALE_TAG_PATTERN } from '../locale/index.ts';

export const DEFINITION_KINDS = ['process', 'form', 'sla', 'calendar', 'decision'] as const;
export type DefinitionKind = (typeof DEFINITION_KINDS)[number];

export const SCHEMA_DIR = fileURLToPath(new URL('../../../definitions/schema/', import.meta.url));

let validators: Map<DefinitionKind, ValidateFunction> | undefined;

/** Schema text by kind, for the HTTP API (`GET /api/schemas/:kind`) and the studio. */
export function metaSchema(kind: DefinitionKind): object {
  return JSON.parse(readFileSync(join(SCHEMA_DIR, `${kind}.schema.json`), 'utf8'));
}

let ajv: Ajv2020 | undefined;
function compiler(): Ajv2020 {
  if (!ajv) {
    // verbose: errors carry their parent schema (a LocalizedText's malformed locale key is named)
    ajv = new Ajv2020({ allErrors: true, strict: false, discriminator: true, verbose: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  }
  return ajv;
}

function compileAll(): Map<DefinitionKind, ValidateFunction> {
  const ajv = compiler();
  const present = new Set(readdirSync(SCHEMA_DIR).map((f) => f.replace('.schema.json', '')));
  const out = new Map<DefinitionKind, ValidateFunction>();
  for (const kind of DEFINITION_KINDS)
    if (present.has(kind)) out.set(kind, ajv.compile(metaSchema(kind)));
  return out;
}

/** Validates a body against its kind's meta-schema; returns the problems (empty when valid). */
export function schemaProblems(kind: DefinitionKind, body: unknown): ErrorDetail[] {
  validators ??= compileAll();
  const validate = validators.get(kind);
  if (!validate)
    return [{ code: 'CW_ERR_DEF_SCHEMA', pointer: '', message: `no meta-schema for kind ${kind}` }];
  return problemsOf(validate, body);
}

let scenarioValidator: ValidateFunction | undefined;

/** Validates a saved play against scenario.schema.json (scenarios are not versioned kinds). */
export function scenarioSchemaProblems(body: unknown): ErrorDetail[] {
  scenarioValidator ??= compiler().compile(
    JSON.parse(readFileSync(join(SCHEMA_DIR, 'scenario.schema.json'), 'utf8')),
  );
  return problemsOf(scenarioValidator, body);
}

function problemsOf(validate: ValidateFunction, body: unknown): ErrorDetail[] {
  if (validate(body)) return [];
  return condense(validate.errors ?? []).map((e) => {
    const { key, params } = keyed(e);
    return {
      code: 'CW_ERR_DEF_SCHEMA',
      pointer:
        e.keyword === 'discriminator'
          ? `${e.instancePath}/${(e.params as { tag: string }).tag}`
          : isLocaleKey(e)
            ? `${e.instancePath}/${escapePointer(String(e.params.additionalProperty))}`
            : e.instancePath,
      message: describe(e),
      key,
      params,
    };
  });
}

/** A malformed locale key of a LocalizedText (`zh_CN`): the pointer names the key itself. */
function isLocaleKey(e: ErrorObject): boolean {
  const patterns = (e.parentSchema as { patternProperties?: Record<string, unknown> } | undefined)
    ?.patternProperties;
  return e.keyword === 'additionalProperties' && !!patterns && LOCALE_TAG_PATTERN in patterns;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Patterns of the meta-schemas a designer meets, by what they are (said in words). */
const PATTERNS: Record<string, string> = {
  '^[a-z][a-z0-9-]*$': 'identifier',
  '^[A-Za-z][A-Za-z0-9_-]*$': 'nodeId',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'variable',
  [ISO_DURATION_PATTERN]: 'duration',
};

/** An ajv error as a lint message key and its parameters (lint-messages.ts says it). */
function keyed(e: ErrorObject): { key: LintKey; params: Record<string, string | number> } {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { key: 'schema.required', params: { property: String(p.missingProperty) } };
    case 'additionalProperties':
      return { key: 'schema.unknownProperty', params: { property: String(p.additionalProperty) } };
    case 'pattern': {
      const pattern = String(p.pattern);
      return { key: 'schema.pattern', params: { kind: PATTERNS[pattern] ?? 'other', pattern } };
    }
    case 'minLength':
      return Number(p.limit) <= 1
        ? { key: 'schema.empty', params: {} }
        : { key: 'schema.invalid', params: { reason: e.message ?? '' } };
    case 'minItems':
      return { key: 'schema.tooFew', params: { limit: Number(p.limit) } };
    case 'type':
      return { key: 'schema.type', params: { type: String(p.type) } };
    case 'enum':
      return {
        key: 'schema.enum',
        params: { values: (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ') },
      };
    default:
      return { key: 'schema.invalid', params: { reason: describe(e) } };
  }
}

/**
 * oneOf over node types reports every branch's complaint; keep the most specific ones
 * (deepest pointer first) and drop the generic "must match exactly one schema" noise when
 * something more precise exists for the same place.
 */
function condense(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter(
    (e) => e.keyword !== 'oneOf' && e.keyword !== 'const' && e.keyword !== 'if',
  );
  const chosen = specific.length ? specific : errors;
  const seen = new Set<string>();
  return chosen.filter((e) => {
    const key = `${e.instancePath}|${describe(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  if (e.keyword === 'additionalProperties')
    return `${where}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'required')
    return `${where}: missing property "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'discriminator') {
    const { tag, tagValue } = e.params as { tag: string; tagValue: unknown };
    return `${where}: unknown ${tag} ${JSON.stringify(tagValue)}`;
  }
  if (e.keyword === 'enum')
    return `${where}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${where}: ${e.message ?? 'is invalid'}`;
}
