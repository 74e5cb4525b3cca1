import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import {
  DEFINITION_KINDS,
  localiseDetails,
  metaSchema,
  validateBody,
  type DefinitionKind,
} from '../../definitions/index.ts';
import { langFromHeader } from '../../errors.ts';
import { UTC } from '../../time/index.ts';
import { errorResponse } from '../app.ts';
import { answer, definitionBody, localizedOrNull, ref } from '../schemas.ts';
import { peopleDirectory } from '../people.ts';

/** Checking definitions is the designers' work (and administrators'). */
const design = { duties: ['design'] } as const;

const kindParam = { type: 'string', enum: [...DEFINITION_KINDS] } as const;
const problems = { type: 'array', items: ref('Problem') } as const;
const nullableString = { type: ['string', 'null'] } as const;
/** Why and when a version was published (all null: its file was added to the folder by hand). */
const publication = {
  note: nullableString,
  publishedBy: nullableString,
  publishedAt: { type: ['string', 'null'], format: 'date-time' },
} as const;

/** A definition in the list: its versions, load problems and (processes) running cases. */
const summary = answer(
  {
    kind: kindParam,
    id: { type: 'string' },
    latestVersion: { type: ['integer', 'null'] },
    versions: { type: 'array', items: { type: 'integer' } },
    name: { ...localizedOrNull, description: "A process's name, a form's title, or null." },
    problems: { ...problems, description: 'Problems of files of this id that did not load.' },
    running: {
      type: 'object',
      description: 'Processes: running cases per version.',
      additionalProperties: { type: 'integer' },
    },
    publicIntake: {
      type: 'boolean',
      description: 'Processes: whether the latest version takes cases from customers.',
    },
  },
  ['running', 'publicIntake'],
);

export async function definitionRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  /** A version's change note, publisher and instant (all null: not published through the API). */
  const publications = async (kind: DefinitionKind, id: string) => {
    const rows = new Map((await engine.ledger.publications(kind, id)).map((p) => [p.version, p]));
    return (version: number) => {
      const p = rows.get(version);
      return {
        note: p?.note ?? null,
        publishedBy: p?.publishedBy ?? null,
        publishedAt: p?.publishedAt.toISOString() ?? null,
      };
    };
  };

  app.get<{ Querystring: { kind?: DefinitionKind } }>(
    '/definitions',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['definitions'],
        summary:
          'List definitions with their versions, latest version, load problems and (processes) running instances per version.',
        querystring: {
          type: 'object',
          properties: { kind: kindParam },
          additionalProperties: false,
        },
        response: { 200: answer({ items: { type: 'array', items: summary } }) },
      },
    },
    async (req) => {
      // running instances per process version, for "how many run on each version"
      const running = new Map<string, Record<string, number>>();
      for (const row of await engine.data.instances.activeCasesByVersion())
        running.set(row.process_id, {
          ...running.get(row.process_id),
          [row.process_version]: row.n,
        });
      const lang = langFromHeader(req.headers['accept-language']);
      return {
        items: engine.registry.list(req.query.kind).map((d) => {
          const listed = { ...d, problems: localiseDetails(d.problems, lang) };
          return d.kind === 'process' ? { ...listed, running: running.get(d.id) ?? {} } : listed;
        }),
      };
    },
  );

  app.get(
    '/definitions/problems',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary: 'Every problem found when loading the definitions folder.',
        response: { 200: answer({ items: problems }) },
      },
    },
    async (req) => ({
      items: localiseDetails(
        engine.registry.problems,
        langFromHeader(req.headers['accept-language']),
      ),
    }),
  );

  app.get<{ Params: { kind: DefinitionKind } }>(
    '/schemas/:kind',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['definitions'],
        summary: 'The meta-schema of a definition kind.',
        params: { type: 'object', properties: { kind: kindParam }, required: ['kind'] },
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            description: 'A JSON Schema (draft 2020-12), as in definitions/schema.',
          },
        },
      },
    },
    async (req) => metaSchema(req.params.kind),
  );

  app.get<{ Params: { kind: DefinitionKind; id: string } }>(
    '/definitions/:kind/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['definitions'],
        summary:
          'A definition: its versions (hash, whether the file is present, and for a version published through the API its change note, who published it and when; null for a file added by hand) and the latest body.',
        params: {
          type: 'object',
          properties: { kind: kindParam, id: { type: 'string' } },
          required: ['kind', 'id'],
        },
        response: {
          200: answer({
            kind: kindParam,
            id: { type: 'string' },
            latestVersion: { type: 'integer' },
            versions: {
              type: 'array',
              items: answer({
                version: { type: 'integer' },
                hash: { type: 'string' },
                present: { type: 'boolean' },
                source: nullableString,
                ...publication,
              }),
            },
            body: definitionBody,
            clock: {
              type: ['object', 'null'],
              description:
                "A form's preview clock: the engine's instant and the time zone of the first process (by id) whose latest version uses the form (`process`; UTC and null when none does), so the editor's `today()` and `now()` read what a case's form would. Null for other kinds.",
              additionalProperties: false,
              required: ['now', 'zone', 'process'],
              properties: {
                now: { type: 'string', format: 'date-time' },
                zone: { type: 'string' },
                process: nullableString,
              },
            },
          }),
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const latest = engine.registry.get(req.params.kind, req.params.id);
      const user =
        req.params.kind === 'form'
          ? engine.registry.processesUsingForm(req.params.id)[0]
          : undefined;
      const published = await publications(req.params.kind, req.params.id);
      return {
        kind: req.params.kind,
        id: req.params.id,
        latestVersion: latest.version,
        versions: engine.registry.versionsOf(req.params.kind, req.params.id).map((v) => ({
          version: v.version,
          hash: v.hash,
          present: v.present,
          source: v.source,
          ...published(v.version),
        })),
        body: latest.body,
        clock:
          req.params.kind === 'form'
            ? {
                now: new Date(engine.clock.now()).toISOString(),
                zone: user?.timeZone ?? UTC,
                process: user?.id ?? null,
              }
            : null,
      };
    },
  );

  app.get<{ Params: { kind: DefinitionKind; id: string; version: number } }>(
    '/definitions/:kind/:id/versions/:version',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['definitions'],
        summary:
          'One version of a definition, with its change note, who published it and when (null for a file added by hand).',
        params: {
          type: 'object',
          properties: {
            kind: kindParam,
            id: { type: 'string' },
            version: { type: 'integer', minimum: 1, maximum: 2147483647 },
          },
          required: ['kind', 'id', 'version'],
        },
        response: {
          200: answer({
            kind: kindParam,
            id: { type: 'string' },
            version: { type: 'integer' },
            hash: { type: 'string' },
            present: { type: 'boolean' },
            ...publication,
            body: definitionBody,
          }),
          404: errorResponse,
        },
      },
    },
    async (req) => {
      const v = engine.registry.get(req.params.kind, req.params.id, req.params.version);
      const published = await publications(req.params.kind, req.params.id);
      return {
        kind: v.kind,
        id: v.id,
        version: v.version,
        hash: v.hash,
        present: v.present,
        ...published(v.version),
        body: v.body,
      };
    },
  );

  app.post<{ Body: { kind: DefinitionKind; body: unknown } }>(
    '/definitions/validate',
    {
      config: { auth: design },
      schema: {
        tags: ['definitions'],
        summary:
          'Validate a definition body (meta-schema and semantics, against the loaded definitions and, for a process, the engine’s users and groups) without storing it: `problems` make it invalid, `warnings` (the lint’s, as drafts have) do not; messages in the caller’s language.',
        body: {
          type: 'object',
          required: ['kind', 'body'],
          additionalProperties: false,
          properties: { kind: kindParam, body: {} },
        },
        response: {
          200: answer({
            valid: { type: 'boolean' },
            problems: { ...problems, description: 'What makes it invalid.' },
            warnings: { ...problems, description: 'The lint’s findings, which do not.' },
          }),
        },
      },
    },
    async (req) => {
      const people = req.body.kind === 'process' ? await peopleDirectory(engine.data) : undefined;
      const found = localiseDetails(
        validateBody(req.body.kind, req.body.body, {
          ...engine.registry.scope(engine.actions),
          ...(people ? { people } : {}),
        }),
        langFromHeader(req.headers['accept-language']),
      );
      const problems = found.filter((p) => p.severity !== 'warning');
      return {
        valid: problems.length === 0,
        problems,
        warnings: found.filter((p) => p.severity === 'warning'),
      };
    },
  );
}
