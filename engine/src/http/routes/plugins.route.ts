/**
 * Plugins over the API (administrators only): what is loaded and what was refused, each
 * plugin's configuration, and its secrets, which can be set or cleared but never read back.
 */
import { DUTIES } from '../../access/index.ts';
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';
import { errorResponse } from '../app.ts';
import { announceChange } from '../../store/index.ts';

const admin = { roles: DUTIES.administer };
const nameParams = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
} as const;

export async function pluginRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/plugins',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary:
          'Loaded plugins (actions, events, configuration and secrets schemas, secret names, presentation hints) with their health: `configured`, or the `problems` of their stored settings at JSON pointers (never a value); and the problems of refused plugins.',
      },
    },
    async () => ({
      items: await Promise.all(
        engine.plugins
          .list()
          .map(async (p) => ({ ...p, ...(await engine.plugins.health(p.name)) })),
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
          'Look at the plugin folders and packages again without a restart, on every engine: a changed plugin (manifest or main module) replaces the loaded one, a new one loads, a refused one keeps the loaded version (its problems say why). Only the main module is imported afresh. Answers what was reloaded (`was`: the version it replaced) and the problems.',
        response: { 403: errorResponse },
      },
    },
    async () => {
      const { reloaded } = await engine.plugins.reload();
      await announceChange(engine.db, { kind: 'plugins-reloaded', from: engine.engineId });
      return { reloaded, problems: engine.plugins.problems };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/plugins/:name/settings',
    {
      config: { auth: admin },
      schema: {
        tags: ['plugins'],
        summary: "A plugin's configuration and which of its secrets are set (never their values).",
        params: nameParams,
        response: { 404: errorResponse },
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
          properties: { config: { type: 'object' } },
        },
        response: { 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await engine.plugins.setConfig(
        req.params.name,
        req.body.config,
        req.actor.id,
        new Date(engine.clock.now()),
      );
      // every other engine re-reads them at once (they cache settings for a few seconds)
      await announceChange(engine.db, {
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
        response: { 400: errorResponse, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await engine.plugins.setSecrets(
        req.params.name,
        req.body.secrets,
        req.actor.id,
        new Date(engine.clock.now()),
      );
      // every other engine re-reads them at once (they cache settings for a few seconds)
      await announceChange(engine.db, {
        kind: 'plugin-settings',
        plugin: req.params.name,
        from: engine.engineId,
      });
      return reply.status(204).send();
    },
  );
}
