/**
 * How the engine calls a loaded plugin: each action registered as `<plugin>/<action>` with its
 * input and result checked against the manifest's compiled schemas (a mismatch is permanent:
 * an incident, no retry), `<plugin>/@event` for the events it subscribes to (built from the
 * history entry, personal data masked), and its attachment scanner. Every handler gets the
 * context the SDK promises: settings, secrets (redacted from its log), the engine's clock.
 *
 * @example
 *   registerHandlers(plugin, actions, (ctx) => handlerContext(plugin, ctx, deps), (i, ref) => eventOf(deps, i, ref));
 */
import { createHash } from 'node:crypto';
import type { ActionContext as SdkActionContext, PluginEvent } from '@caseway/plugin-sdk';
import type { Logger } from 'pino';
import type { AttachmentScanner } from '../attachments/index.ts';
import type { Clock } from '../clock/index.ts';
import { createError } from '../errors.ts';
import type { PersonalData } from '../privacy/index.ts';
import { entryWithCase, type Db } from '../store/index.ts';
import type { ActionContext, ActionRegistry } from './actions.ts';
import { ajvDetails, errorsText, type LoadedPlugin } from './manifest.ts';
import type { SettingsCache } from './settings.ts';

export interface HandlerDeps {
  db: Db;
  logger: Logger;
  personalData: PersonalData;
  settings: SettingsCache;
  /** The engine's clock, handed to plugins as `ctx.now()` (the system's time when absent). */
  clock?: Clock;
}

/** What a plugin's handler receives: the engine's call context with its settings and log. */
export async function handlerContext(
  p: LoadedPlugin,
  ctx: ActionContext,
  deps: HandlerDeps,
): Promise<SdkActionContext> {
  const { config, secrets } = await deps.settings.of(p);
  const secretNames = Object.keys((secrets ?? {}) as object);
  const logger = deps.logger.child(
    { plugin: p.manifest.name },
    secretNames.length
      ? { redact: { paths: secretNames.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' } }
      : {},
  );
  const clock = deps.clock;
  const now = () => new Date(clock ? clock.now() : Date.now());
  return { ...ctx, config: config as object, secrets: secrets as object, logger, now };
}

/** Registers the plugin's actions (input and result checked) and its event receiver. */
export function registerHandlers(p: LoadedPlugin, actions: ActionRegistry, deps: HandlerDeps) {
  const { name } = p.manifest;
  for (const [action, { spec, input, output }] of p.actions) {
    const handler = p.impl.actions[action]!;
    actions.register(
      `${name}/${action}`,
      async (data, ctx) => {
        if (!input(data))
          throw createError(
            'CW_ERR_ACTION_INPUT_INVALID',
            `${name}/${action}: ${errorsText(input.errors)}`,
            { details: ajvDetails(input.errors, '/input'), permanent: true },
          );
        const result = await handler(data, await handlerContext(p, ctx, deps));
        if (!output(result))
          throw createError(
            'CW_ERR_ACTION_OUTPUT_INVALID',
            `${name}/${action}: ${errorsText(output.errors)}`,
            { details: ajvDetails(output.errors, '/output'), permanent: true },
          );
        return result;
      },
      { input: spec.input, output: spec.output },
    );
  }
  if (p.impl.onEvent) {
    const onEvent = p.impl.onEvent.bind(p.impl);
    actions.register(`${name}/@event`, async (data, ctx) => {
      const event = await eventOf(deps, ctx.instanceId, data as { seq: number; type: string });
      if (event) await onEvent(event, await handlerContext(p, ctx, deps));
      return {};
    });
  }
}

/** The delivered event, built from the history entry (personal data masked). */
async function eventOf(
  deps: Pick<HandlerDeps, 'db' | 'personalData'>,
  instanceId: string,
  ref: { seq: number; type: string },
): Promise<PluginEvent | undefined> {
  const h = await entryWithCase(deps.db, instanceId, ref.seq);
  if (!h) return undefined;
  return {
    id: `${instanceId}.h${ref.seq}`,
    type: ref.type as PluginEvent['type'],
    at: h.at.toISOString(),
    instanceId,
    processId: h.process_id,
    processVersion: h.process_version,
    businessKey: h.business_key,
    data: deps.personalData.mask(h.data ?? {}),
  };
}

/**
 * The plugin's attachment scanner: it runs with the plugin's configuration and secrets, and
 * has 30 s per file; a verdict that is not one counts as a failure (the upload is refused).
 */
export function scannerOf(p: LoadedPlugin, deps: HandlerDeps): AttachmentScanner {
  return {
    name: p.manifest.name,
    scan: async (bytes, meta) => {
      const ctx = await handlerContext(
        p,
        {
          instanceId: meta.instanceId,
          idempotencyKey: `scan-${createHash('sha256').update(bytes).digest('hex')}`,
          attempt: 1,
          signal: AbortSignal.timeout(30_000),
        },
        deps,
      );
      const verdict = await p.impl.scanAttachment!({ ...meta, bytes }, ctx);
      if (verdict?.clean === true) return { clean: true };
      if (verdict?.clean === false && typeof verdict.reason === 'string') return verdict;
      throw new Error(`${p.manifest.name} gave no verdict`);
    },
  };
}
