/**
 * BPMN 2.0 XML in and out (designers and administrators): import a diagram as a process draft
 * with the problems of what did not carry; export a process version as BPMN with its diagram.
 * DMN in: a decision table as a decision draft, with the problems of what did not carry.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { createError, defaultMessage, langFromHeader, type Lang } from '../../errors.ts';
import type { ProcessDefinition } from '../../generated/index.ts';
import {
  BPMN_LIMITS,
  DMN_LIMITS,
  exportBpmn,
  importBpmn,
  importDmn,
} from '../../interchange/index.ts';
import { errorResponse } from '../app.ts';
import { answer, definitionBody, media } from '../schemas.ts';

/** What `POST /import/bpmn` answers (interchange `BpmnImport`). */
const bpmnImport = answer(
  {
    process: {
      ...definitionBody,
      description: 'The draft: a process as definitions/schema/process.schema.json describes it.',
    },
    problems: {
      type: 'array',
      items: answer(
        {
          element: { type: 'string', description: "The BPMN element's id ('' when it has none)." },
          type: { type: 'string', description: 'Its BPMN type, e.g. `bpmn:ScriptTask`.' },
          line: { type: ['integer', 'null'], description: 'The line its id stands on.' },
          reason: { type: 'string', description: 'A stable key (interchange/bpmn-problems.ts).' },
          params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
          message: { type: 'string', description: "The reason in the caller's language." },
          node: { type: 'string', description: 'The Caseway node or flow it became, if any.' },
        },
        ['node'],
      ),
    },
    layout: {
      type: 'object',
      description: "Each imported node's centre on the source diagram.",
      additionalProperties: answer({ x: { type: 'number' }, y: { type: 'number' } }),
    },
  },
  [],
  'The draft, what could not be carried, and the diagram’s node centres.',
);

const design = { duties: ['design'] } as const;
const XML_TYPE = /^(application|text)\/([a-z0-9.+-]*\+)?xml$/;

/** The longest `layout` query the export reads (node id -> [x, y] centre, as JSON). */
const MAX_LAYOUT = 20_000;

/** `{"assess":[400,120],…}` as centres, or null when it is not that. */
function readLayout(text: string): Record<string, { x: number; y: number }> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out: Record<string, { x: number; y: number }> = {};
  for (const [id, p] of Object.entries(parsed)) {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(id)) return null;
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [x, y] = p as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number') return null;
    if (!Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1e6 || Math.abs(y) > 1e6)
      return null;
    Object.defineProperty(out, id, { value: { x, y }, enumerable: true });
  }
  return out;
}

export async function interchangeRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get<{ Params: { id: string; version: number }; Querystring: { layout?: string } }>(
    '/definitions/process/:id/versions/:version/bpmn',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary:
          'A process version as BPMN 2.0 XML with diagram interchange (application/xml, a `.bpmn` attachment) for bpmn.io and Camunda Modeler: Zeebe extensions for forms, assignment, job types, io mappings, called processes and message subscriptions, conditions as `=` FEEL, the rest of each node in `caseway:properties` so importing the file gives the process back. `layout` (optional, JSON, at most 20,000 characters): node id -> `[x, y]`, the centre where the studio shows it; nodes it does not place, or all without it, are laid out left to right. A bad `layout`: 400 `CW_ERR_BPMN_LAYOUT`; no such process version: 404.',
        params: {
          type: 'object',
          required: ['id', 'version'],
          properties: {
            id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 },
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
          },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { layout: { type: 'string', maxLength: MAX_LAYOUT } },
        },
        response: {
          200: media(['application/xml'], 'BPMN 2.0 XML with diagram interchange.'),
          400: errorResponse,
          404: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const lang = langFromHeader(req.headers['accept-language']);
      const layout = req.query.layout === undefined ? undefined : readLayout(req.query.layout);
      if (layout === null)
        throw createError('CW_ERR_BPMN_LAYOUT', undefined, {
          details: [
            {
              code: 'CW_ERR_BPMN_LAYOUT',
              pointer: '/layout',
              in: 'query',
              message: defaultMessage('CW_ERR_BPMN_LAYOUT', lang),
            },
          ],
        });
      const v = engine.registry.get('process', req.params.id, req.params.version);
      const xml = await exportBpmn(v.body as unknown as ProcessDefinition, layout);
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${v.id}-v${v.version}.bpmn"`)
        .send(xml);
    },
  );

  // XML is read only here: every other route keeps the edge's JSON-only parser
  await app.register(async (xmlScope) => {
    xmlScope.removeAllContentTypeParsers();
    xmlScope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
      done(null, body);
    });

    xmlScope.post<{ Body: unknown }>(
      '/import/bpmn',
      {
        config: { auth: design },
        bodyLimit: BPMN_LIMITS.bytes,
        schema: {
          tags: ['definitions'],
          summary:
            'Import BPMN 2.0 XML (Content-Type: application/xml or text/xml; Camunda 8 / Zeebe and Camunda 7 extensions understood) as a process draft. Answers `{ process, problems, layout }`: the draft (it always matches the process meta-schema; save it with PUT /api/drafts/process/{id}), every element that could not be carried with its `element` id, BPMN `type`, `line`, `reason` key, `params` and `message` in the caller’s language, and the diagram’s node centres. Refused: not XML (415 `CW_ERR_BPMN_MEDIA_TYPE`), not well-formed BPMN (400 `CW_ERR_BPMN_INVALID`), a DTD or entity (400 `CW_ERR_BPMN_ENTITIES`), nesting beyond 64 levels (400 `CW_ERR_BPMN_TOO_DEEP`), over 50,000 elements or 2 MiB (413), no process with flow elements (422 `CW_ERR_BPMN_NO_PROCESS`). Nothing is stored.',
          response: {
            200: bpmnImport,
            400: errorResponse,
            413: errorResponse,
            415: errorResponse,
            422: errorResponse,
          },
        },
      },
      async (req) => {
        const lang = langFromHeader(req.headers['accept-language']);
        return importBpmn(xmlBody(req, 'CW_ERR_BPMN_MEDIA_TYPE', lang), lang);
      },
    );

    xmlScope.post<{ Body: unknown; Querystring: { decision?: string } }>(
      '/import/dmn',
      {
        config: { auth: design },
        bodyLimit: DMN_LIMITS.bytes,
        schema: {
          tags: ['definitions'],
          summary:
            'Import a DMN 1.3 decision table (DMN 1.1 and 1.2 are read as 1.3; Content-Type: application/xml or text/xml) as a decision draft. Answers `{ decision, problems, tables, dmnVersion }`: the draft (it always matches the decision meta-schema; save it with PUT /api/drafts/decision/{id}) with the inputs, outputs, rules (FEEL unary tests kept as written, descriptions as annotations), hit policy and aggregation; every element that could not be carried (other decisions, literal expressions, business knowledge models, the requirements diagram, approximated types) with its `element` id, DMN `type`, `line`, `reason` key, `params` and `message` in the caller’s language; and every decision table of the file, the imported one marked. One table is imported at a time: `decision` (query) picks it by its element id, else the first. Refused: not XML (415 `CW_ERR_DMN_MEDIA_TYPE`), not well-formed DMN (400 `CW_ERR_DMN_INVALID`), a DTD or entity (400 `CW_ERR_DMN_ENTITIES`), nesting beyond 32 levels (400 `CW_ERR_DMN_TOO_DEEP`), over 50,000 elements or 2 MiB (413), no decision table, or none with the id picked (422 `CW_ERR_DMN_NO_TABLE`, the file’s problems in its details). Nothing is stored.',
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { decision: { type: 'string', minLength: 1, maxLength: 200 } },
          },
          response: {
            200: {
              description: 'The decision draft, what did not carry, and the file’s tables.',
              type: 'object',
              required: ['decision', 'problems', 'tables', 'dmnVersion'],
              properties: {
                decision: {
                  type: 'object',
                  additionalProperties: true,
                  description: 'A decision definition (decision.schema.json) to save as a draft.',
                },
                problems: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['element', 'type', 'line', 'reason', 'params', 'message'],
                    properties: {
                      element: { type: 'string' },
                      type: { type: 'string' },
                      line: { type: ['integer', 'null'] },
                      reason: { type: 'string' },
                      params: { type: 'object', additionalProperties: true },
                      message: { type: 'string' },
                    },
                  },
                },
                tables: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['element', 'name', 'imported'],
                    properties: {
                      element: { type: 'string' },
                      name: { type: 'string' },
                      imported: { type: 'boolean' },
                    },
                  },
                },
                dmnVersion: { type: 'string', enum: ['1.1', '1.2', '1.3'] },
              },
            },
            400: errorResponse,
            413: errorResponse,
            415: errorResponse,
            422: errorResponse,
          },
        },
      },
      async (req) => {
        const lang = langFromHeader(req.headers['accept-language']);
        return importDmn(xmlBody(req, 'CW_ERR_DMN_MEDIA_TYPE', lang), lang, req.query.decision);
      },
    );
  });
}

/** The request's XML text; refused with `code` (415, pointing at the header) when it is not XML. */
function xmlBody(
  req: FastifyRequest,
  code: 'CW_ERR_BPMN_MEDIA_TYPE' | 'CW_ERR_DMN_MEDIA_TYPE',
  lang: Lang,
): string {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!XML_TYPE.test(type) || typeof req.body !== 'string')
    throw createError(code, undefined, {
      details: [
        { code, pointer: '/content-type', in: 'header', message: defaultMessage(code, lang) },
      ],
    });
  return req.body;
}
