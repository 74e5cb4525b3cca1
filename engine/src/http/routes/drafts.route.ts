/**
 * Drafts over the API (designers and administrators): autosave a definition being edited,
 * read it back with its validation problems, discard it, and publish it as the next version
 * with a change note.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import {
  DEFINITION_KINDS,
  discardDraft,
  localiseDetails,
  draftProblems,
  getDraft,
  listDrafts,
  publishDraft,
  saveDraft,
  type DefinitionKind,
} from '../../definitions/index.ts';
import { langFromHeader, type ErrorDetail, type Lang } from '../../errors.ts';
import { AUDIT } from '../../store/index.ts';
import { peopleDirectory } from '../people.ts';
import { errorResponse } from '../app.ts';
import { answer, definitionBody, ref } from '../schemas.ts';
import { playService } from './plays.route.ts';

const design = { duties: ['design'] } as const;
const kind = { type: 'string', enum: [...DEFINITION_KINDS] } as const;
const problems = { type: 'array', items: ref('Problem') } as const;
/** A draft in a list: what it starts from and who saved it last, when. */
const draftSummary = {
  kind,
  id: { type: 'string' },
  baseVersion: {
    type: ['integer', 'null'],
    description: 'The published version it started from (null: a new definition).',
  },
  updatedAt: { type: 'string', format: 'date-time' },
  updatedBy: { type: 'string' },
} as const;
/** A draft with its body, the problems it would have as the next version and the lint's warnings. */
const draft = answer({
  ...draftSummary,
  body: definitionBody,
  problems: { ...problems, description: 'Publishing refuses these.' },
  warnings: { ...problems, description: 'The lint’s findings, which do not stop publishing.' },
});
const params = {
  type: 'object',
  required: ['kind', 'id'],
  properties: {
    kind: { type: 'string', enum: [...DEFINITION_KINDS] },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 64 },
  },
} as const;
type Params = { kind: DefinitionKind; id: string };

export async function draftRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  const plays = playService(engine);
  /** The draft with its problems (what publishing refuses) and warnings, in the caller's language. */
  const withProblems = async (kind: DefinitionKind, id: string, lang: Lang) => {
    const d = await getDraft(engine.ledger, kind, id);
    const people = kind === 'process' ? await peopleDirectory(engine.data) : undefined;
    const found = localiseDetails(
      draftProblems(engine.registry, engine.actions, kind, id, d.body, people),
      lang,
    );
    const warning = (p: ErrorDetail) => p.severity === 'warning';
    return { ...d, problems: found.filter((p) => !warning(p)), warnings: found.filter(warning) };
  };

  app.get(
    '/drafts',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary: 'Drafts in progress (without their bodies).',
        response: { 200: answer({ items: { type: 'array', items: answer(draftSummary) } }) },
      },
    },
    async () => ({ items: await listDrafts(engine.ledger) }),
  );

  app.get<{ Params: Params }>(
    '/drafts/:kind/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary:
          'A draft with the problems it would have as the next version (`problems`: publishing refuses them) and the lint’s `warnings` (names its FEEL reads that the process does not hold, choice values that are no option, tasks nobody the engine knows could work), each with a message key and parameters, in the caller’s language.',
        params,
        response: { 200: draft, 404: errorResponse },
      },
    },
    async (req) =>
      withProblems(req.params.kind, req.params.id, langFromHeader(req.headers['accept-language'])),
  );

  app.put<{ Params: Params; Body: { body: Record<string, unknown>; baseVersion?: number | null } }>(
    '/drafts/:kind/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary:
          'Save (autosave) a draft: stored as it is, answered with its problems and warnings (as GET); `baseVersion` is the published version it started from (null for a new definition).',
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['body'],
          properties: {
            body: { type: 'object', additionalProperties: true },
            baseVersion: { type: ['integer', 'null'], minimum: 1, maximum: 2147483647 },
          },
        },
        response: { 200: draft },
      },
    },
    async (req) => {
      const { kind, id } = req.params;
      const baseVersion =
        req.body.baseVersion !== undefined
          ? req.body.baseVersion
          : (engine.registry.versionsOf(kind, id).at(-1)?.version ?? null);
      await saveDraft(
        engine.ledger,
        kind,
        id,
        req.body.body,
        baseVersion,
        req.actor.id,
        new Date(engine.clock.now()),
      );
      return withProblems(kind, id, langFromHeader(req.headers['accept-language']));
    },
  );

  app.delete<{ Params: Params; Querystring: { savedAt?: string } }>(
    '/drafts/:kind/:id',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary:
          'Discard a draft: its edits are gone and the definition stays at its latest version. With `savedAt` (the `updatedAt` of the save the designer last saw) a draft saved again since is kept: 409 `CW_ERR_DRAFT_CHANGED`. No draft: 404.',
        params,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { savedAt: { type: 'string', format: 'date-time' } },
        },
        response: {
          204: { type: 'null', description: 'Discarded.' },
          404: errorResponse,
          409: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const { savedAt } = req.query;
      await discardDraft(
        engine.ledger,
        req.params.kind,
        req.params.id,
        savedAt === undefined ? undefined : new Date(savedAt),
      );
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Params; Body: { note?: string } | undefined }>(
    '/drafts/:kind/:id/publish',
    {
      config: { auth: design },
      // no body at all is a publish without a note, answered as such (not as a malformed body)
      preValidation: async (req) => {
        req.body ??= {};
      },
      schema: {
        tags: ['definitions'],
        summary:
          "Publish a draft as the next version with its change note: validated, a process's saved scenarios replayed (422 `CW_ERR_SCENARIO_FAILED` at the first step one left its path), written to the definitions folder, loaded; the note is recorded with the version (who, when) and the draft is removed. A missing or blank `note` is 400 `CW_ERR_PUBLISH_NOTE_REQUIRED`.",
        params,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            note: {
              type: 'string',
              maxLength: 2000,
              description:
                'Required: what changed and why, shown in the version list and the diff.',
            },
          },
        },
        response: {
          201: answer({
            kind,
            id: { type: 'string' },
            version: { type: 'integer' },
            note: { type: 'string' },
            publishedBy: { type: 'string' },
            publishedAt: { type: 'string', format: 'date-time' },
          }),
          400: errorResponse,
          404: errorResponse,
          409: errorResponse,
          422: errorResponse,
        },
      },
    },
    async (req, reply) => {
      const published = await publishDraft(
        {
          ledger: engine.ledger,
          dir: engine.config.definitionsDir,
          registry: () => engine.registry,
          reload: () => engine.definitionsChanged(),
          actions: engine.actions,
          check: plays.publishCheck(req.actor.id, langFromHeader(req.headers['accept-language'])),
        },
        req.params.kind,
        req.params.id,
        { note: req.body?.note ?? '', by: req.actor.id, at: new Date(engine.clock.now()) },
      );
      await engine.data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.definitionPublished,
          subject: `${published.kind}/${published.id}@${published.version}`,
          data: { note: published.note },
        },
        engine.clock.now(),
      );
      return reply.status(201).send(published);
    },
  );
}
