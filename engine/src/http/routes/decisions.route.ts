/**
 * Trying a decision table (`POST /api/decisions/{id}/evaluate`): the studio's test panel and a
 * designer's curl. The answer is what a business rule task would get from the same inputs, with
 * the rules behind it; a table that cannot decide is a 200 saying why (no rule matched, with the
 * closest rules; rules breaking the hit policy), since that is what the designer came to learn.
 */
import type { FastifyInstance } from 'fastify';
import { tryDecision } from '../../decisions/index.ts';
import {
  asVersion,
  draftProblems,
  getDraft,
  localiseDetails,
  nextVersion,
} from '../../definitions/index.ts';
import type { Engine } from '../../engine-types.ts';
import {
  createError,
  defaultMessage,
  fieldError,
  isCasewayError,
  langFromHeader,
  type ErrorCode,
  type Lang,
} from '../../errors.ts';
import type { DecisionDefinition } from '../../generated/index.ts';
import { errorResponse } from '../app.ts';

/** Inputs a designer types in: generous for a test, small beside the engine's other bodies. */
const BODY_LIMIT = 256 * 1024;

const rule = {
  index: { type: 'integer', description: 'The rule’s position in the table, from 0.' },
  id: { type: 'string' },
  annotation: { type: 'string' },
} as const;

interface Body {
  inputs: Record<string, unknown>;
  version?: number;
  draft?: boolean;
}

export async function decisionRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.post<{ Params: { id: string }; Body: Body }>(
    '/decisions/:id/evaluate',
    {
      bodyLimit: BODY_LIMIT,
      config: { auth: { duties: ['design'] } },
      schema: {
        tags: ['definitions'],
        summary:
          "Tries a decision table on the given inputs (the variables its input expressions read), in the latest version or the one given. Answers what a business rule task would get (`result`), the hit policy, the rules that matched (index from 0, with their id and annotation when they have them), each input column's value as the table read it, and the version used. A table that cannot decide is an answer, not an error: `outcome` noMatch (no rule matched under UNIQUE, ANY, FIRST or PRIORITY; `closest` lists the rules that passed the most inputs and the input columns each missed) or hitPolicyViolated (several rules under UNIQUE, disagreeing ones under ANY; `matched` names them), with `problem` giving the code a case would get and its message in the caller's language. A cell that fails on these inputs (a FEEL error, or over the expression budget) is a 422 CW_ERR_DECISION_FAILED naming the cell (`cell`, a pointer into the table).",
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['inputs'],
          properties: {
            inputs: {
              type: 'object',
              additionalProperties: true,
              maxProperties: 500,
              description: 'The variables the input expressions read, e.g. `{ "amount": 3000 }`.',
            },
            version: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            draft: {
              type: 'boolean',
              description:
                'True: try the saved draft of the table instead of a published version (the editor’s test panel). No draft is 404 at `/draft`; a draft with problems is 422 CW_ERR_DECISION_FAILED listing them at `/draft/…` pointers.',
            },
          },
        },
        response: {
          200: {
            description:
              'What the table gives on these inputs: decided (with the result), noMatch or hitPolicyViolated.',
            type: 'object',
            required: ['decision', 'outcome', 'result', 'matched', 'inputs', 'closest', 'problem'],
            properties: {
              decision: {
                type: 'object',
                required: ['id', 'version', 'hitPolicy', 'aggregation', 'draft'],
                properties: {
                  id: { type: 'string' },
                  version: {
                    type: 'integer',
                    description:
                      'The version tried; for a draft, the version it would be published as.',
                  },
                  draft: { type: 'boolean', description: 'Whether the saved draft was tried.' },
                  hitPolicy: { type: 'string' },
                  aggregation: { type: ['string', 'null'] },
                },
              },
              outcome: { type: 'string', enum: ['decided', 'noMatch', 'hitPolicyViolated'] },
              result: {
                description:
                  "The result a business rule task would set: one output's value, a record of the outputs, a list of them (RULE ORDER, OUTPUT ORDER, COLLECT) or an aggregate; null when the table could not decide.",
              },
              matched: {
                type: 'array',
                items: { type: 'object', required: ['index'], properties: rule },
              },
              inputs: {
                type: 'array',
                description: "Each input column's expression and its value on these inputs.",
                items: {
                  type: 'object',
                  required: ['expression', 'value'],
                  properties: { expression: { type: 'string' }, value: {} },
                },
              },
              closest: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['index', 'missed'],
                  properties: {
                    ...rule,
                    missed: {
                      type: 'array',
                      description: 'The input columns (from 0) whose entries did not pass.',
                      items: { type: 'integer' },
                    },
                  },
                },
              },
              problem: {
                type: ['object', 'null'],
                required: ['code', 'message'],
                properties: { code: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
          400: errorResponse,
          401: errorResponse,
          403: errorResponse,
          404: errorResponse,
          409: errorResponse,
          413: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req) => {
      const lang = langFromHeader(req.headers['accept-language']);
      const { id } = req.params;
      const { inputs, version, draft } = req.body;
      if (draft && version !== undefined) throw fieldError('CW_ERR_VALIDATION', '/version', lang);
      const { table, tried } = draft
        ? await draftTable(engine, id, lang)
        : publishedTable(engine, id, version, lang);
      let trial: ReturnType<typeof tryDecision>;
      try {
        trial = tryDecision(table, inputs, { now: engine.clock.now() });
      } catch (e) {
        if (!isCasewayError(e) || e.code !== 'CW_ERR_DECISION_FAILED') throw e;
        const reason = e.data.reason as ErrorCode;
        throw createError('CW_ERR_DECISION_FAILED', undefined, {
          details: [{ code: reason, pointer: '/inputs', message: defaultMessage(reason, lang) }],
          data: { cell: e.data.cell },
        });
      }
      const about = (index: number) => {
        const r = table.rules[index]!;
        return {
          index,
          ...(r.id ? { id: r.id } : {}),
          ...(r.annotation ? { annotation: r.annotation } : {}),
        };
      };
      return {
        decision: {
          id,
          version: tried,
          draft: draft === true,
          hitPolicy: table.hitPolicy,
          aggregation: table.aggregation ?? null,
        },
        outcome: trial.outcome,
        result: trial.result,
        matched: trial.matched.map(about),
        inputs: table.inputs.map((input, k) => ({
          expression: input.expression,
          value: trial.inputValues[k] ?? null,
        })),
        closest: trial.closest.map((c) => ({ ...about(c.index), missed: c.missed })),
        problem: trial.problem
          ? { code: trial.problem, message: defaultMessage(trial.problem, lang) }
          : null,
      };
    },
  );
}

/** A published version of the table (the latest without `version`), or 404 saying which is unknown. */
function publishedTable(
  engine: Engine,
  id: string,
  version: number | undefined,
  lang: Lang,
): { table: DecisionDefinition; tried: number } {
  try {
    const stored = engine.registry.get('decision', id, version);
    return { table: stored.body as unknown as DecisionDefinition, tried: stored.version };
  } catch (e) {
    // a broken version says so (409 CW_ERR_DEF_NOT_LOADED); an absent one is unknown
    if (!isCasewayError(e) || e.code !== 'CW_ERR_NOT_FOUND') throw e;
    const code = 'CW_ERR_DECISION_UNKNOWN';
    const otherVersions = version !== undefined && engine.registry.pinnedDecision(id);
    throw otherVersions
      ? fieldError(code, '/version', lang)
      : createError(code, undefined, {
          details: [{ code, pointer: '/id', in: 'path', message: defaultMessage(code, lang) }],
        });
  }
}

/**
 * The saved draft of the table as its next version would be, or 404 at `/draft` without one, or
 * 422 listing its problems (what publishing would refuse; the lint's warnings do not stop a try).
 */
async function draftTable(
  engine: Engine,
  id: string,
  lang: Lang,
): Promise<{ table: DecisionDefinition; tried: number }> {
  let body: Record<string, unknown>;
  try {
    body = (await getDraft(engine.ledger, 'decision', id)).body;
  } catch (e) {
    if (!isCasewayError(e) || e.code !== 'CW_ERR_NOT_FOUND') throw e;
    throw fieldError('CW_ERR_DECISION_UNKNOWN', '/draft', lang);
  }
  const next = nextVersion(engine.registry, 'decision', id);
  const problems = localiseDetails(
    draftProblems(engine.registry, engine.actions, 'decision', id, body),
    lang,
  ).filter((p) => p.severity !== 'warning');
  if (problems.length)
    throw createError('CW_ERR_DECISION_FAILED', undefined, {
      details: problems.map((p) => ({ ...p, pointer: `/draft${p.pointer ?? ''}` })),
    });
  return {
    table: asVersion('decision', id, next, body) as unknown as DecisionDefinition,
    tried: next,
  };
}
