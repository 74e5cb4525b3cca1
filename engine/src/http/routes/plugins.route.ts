/**
 * Plugins over the API (administrators only): what is loaded and what was refused, each
 * plugin's configuration, and its secrets, which can be set or cleared but never read back.
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { errorResponse } from '../app.ts';
import { langFromHeader } from '../../errors.ts';
import { answer, localizedOrNull, noContent, ref } from '../schemas.ts';
import { AUDIT } from '../../store/index.ts';

const admin = { duties: ['administer'] } as const;
const nameParams = {
  type: 'object',
  required: ['name'],
  // a plugin (its highest version), `<name>@<major>` or `<name>@<version>` (versions side by side)
  properties: {
    name: {
      type: 'string',
      maxLength: 200,
      pattern: '^[a-z][a-z0-9-]*(@[0-9]+(\\.[0-9]+\\.[0-9]+([-+][0-9A-Za-z.+-]*)?)?)?$',
    },
  },
} as const;

const str = { type: 'string' } as const;
const text = { ...localizedOrNull, type: 'object' } as const;
const problems = { type: 'array', items: ref('Problem') } as const;
const schemaOrNull = {
  type: ['object', 'null'],
  additionalProperties: true,
  description: 'A JSON Schema the manifest declares, or null.',
} as const;

/** One loaded plugin version with its health (`GET /api/plugins`). */
const pluginView = answer({
  name: str,
  version: str,
  settingsKey: {
    ...str,
    description:
      "`<name>@<major>`: where this version's settings are kept (each major has its own).",
  },
  testConnection: { type: 'boolean', description: 'It answers `POST /api/plugins/{name}/test`.' },
  description: text,
  actions: {
    type: 'array',
    items: answer({ name: str, description: text, idempotent: { type: 'boolean' } }),
  },
  events: { type: 'array', items: str },
  configSchema: schemaOrNull,
  secretsSchema: schemaOrNull,
  secretNames: { type: 'array', items: str },
  ui: {
    type: ['object', 'null'],
    additionalProperties: true,
    description: "The manifest's presentation hints (groups, labels, help, widgets, conditions).",
  },
  configured: { type: 'boolean' },
  problems: {
    ...problems,
    description:
      'What is missing or invalid in its stored settings, at JSON pointers (never a value).',
  },
});

export async function pluginRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/plugins',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary:
          'Loaded plugins, each loaded version (two side by side during an upgrade), with their actions, events, configuration and secrets schemas, secret names, presentation hints, `settingsKey` (`<name>@<major>`: each major has its own settings) and health: `configured`, or the `problems` of their stored settings at JSON pointers (never a value); and the problems of refused plugins.',
        response: {
          200: answer({
            items: { type: 'array', items: pluginView },
            problems: { ...problems, description: 'Why plugins were refused.' },
          }),
        },
      },
    },
    async () => ({
      items: await Promise.all(
        engine.plugins.list().map(async (p) => ({
          ...p,
          ...(await engine.plugins.health(`${p.name}@${p.version}`)),
        })),
      ),
      problems: engine.plugins.problems,
    }),
  );

  app.post(
    '/plugins/reload',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary:
          'Look at the plugin folders and packages again without a restart, on every engine: a changed plugin (manifest or code) replaces the loaded one in a new worker thread (calls under way finish in the old one), a new one loads, a refused one keeps the loaded version (its problems say why). Answers what was reloaded (`was`: the version it replaced) and the problems.',
        response: {
          200: answer({
            reloaded: {
              type: 'array',
              items: answer({
                name: str,
                version: str,
                was: { type: ['string', 'null'], description: 'The version it replaced.' },
              }),
            },
            problems,
          }),
          403: errorResponse,
        },
      },
    },
    async () => {
      const { reloaded } = await engine.plugins.reload();
      await engine.data.definitions.announceChange({
        kind: 'plugins-reloaded',
        from: engine.engineId,
      });
      return { reloaded, problems: engine.plugins.problems };
    },
  );

  app.post<{ Params: { name: string } }>(
    '/plugins/:name/test',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary:
          'Test connection: runs the plugin\'s `testConnection` (a plugin whose manifest says `"testConnection": true`) with its stored settings, at most 15 s: `ok` and its message (secret values censored), or the settings\' `problems` when it is not configured. Changes nothing.',
        params: nameParams,
        response: {
          200: {
            type: 'object',
            required: ['ok', 'message', 'durationMs', 'problems'],
            properties: {
              ok: { type: 'boolean' },
              message: { type: 'string' },
              durationMs: { type: 'integer' },
              problems,
            },
          },
          404: errorResponse,
        },
      },
    },
    async (req) =>
      engine.plugins.testConnection(
        req.params.name,
        langFromHeader(req.headers['accept-language']),
      ),
  );

  app.get<{ Params: { name: string } }>(
    '/plugins/:name/settings',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary: "A plugin's configuration and which of its secrets are set (never their values).",
        params: nameParams,
        response: {
          200: answer({
            config: {
              type: ['object', 'null'],
              additionalProperties: true,
              description: 'The stored configuration (null: none yet).',
            },
            secrets: {
              type: 'object',
              additionalProperties: { type: 'boolean' },
              description: 'Per secret name, whether it is set.',
            },
          }),
          404: errorResponse,
        },
      },
    },
    async (req) => engine.plugins.settings(req.params.name),
  );

  app.put<{ Params: { name: string }; Body: { config: Record<string, unknown> } }>(
    '/plugins/:name/config',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary: "Replace a plugin's configuration (validated against its manifest).",
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['config'],
          properties: { config: { type: 'object', additionalProperties: true } },
        },
        response: { 204: noContent, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const before = (await engine.plugins.settings(req.params.name)).config;
      await engine.plugins.setConfig(
        req.params.name,
        req.body.config,
        req.actor.id,
        new Date(engine.clock.now()),
      );
      // the names of the fields whose values changed (their values are in the settings)
      const old = (before ?? {}) as Record<string, unknown>;
      const fields = [...new Set([...Object.keys(old), ...Object.keys(req.body.config)])]
        .filter((k) => JSON.stringify(old[k]) !== JSON.stringify(req.body.config[k]))
        .sort();
      await engine.data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.pluginConfigured,
          subject: `plugin/${req.params.name}`,
          data: { fields },
        },
        engine.clock.now(),
      );
      // every other engine re-reads them at once (they cache settings for a few seconds)
      await engine.data.definitions.announceChange({
        kind: 'plugin-settings',
        plugin: req.params.name,
        from: engine.engineId,
      });
      return reply.status(204).send();
    },
  );

  app.put<{ Params: { name: string }; Body: { secrets: Record<string, string | null> } }>(
    '/plugins/:name/secrets',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary:
          "Set (a string) or clear (null) a plugin's secrets by name; stored encrypted, never returned.",
        params: nameParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['secrets'],
          properties: {
            secrets: {
              type: 'object',
              additionalProperties: { type: ['string', 'null'], maxLength: 8192 },
            },
          },
        },
        response: { 204: noContent, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await engine.plugins.setSecrets(
        req.params.name,
        req.body.secrets,
        req.actor.id,
        new Date(engine.clock.now()),
      );
      // which were set and which cleared, by name: never a value
      const names = Object.entries(req.body.secrets);
      await engine.data.audit.recordAudit(
        {
          actor: req.actor.id,
          action: AUDIT.pluginSecretsSet,
          subject: `plugin/${req.params.name}`,
          data: {
            set: names
              .filter(([, v]) => v !== null)
              .map(([k]) => k)
              .sort(),
            cleared: names
              .filter(([, v]) => v === null)
              .map(([k]) => k)
              .sort(),
          },
        },
        engine.clock.now(),
      );
      // every other engine re-reads them at once (they cache settings for a few seconds)
      await engine.data.definitions.announceChange({
        kind: 'plugin-settings',
        plugin: req.params.name,
        from: engine.engineId,
      });
      return reply.status(204).send();
    },
  );
}
