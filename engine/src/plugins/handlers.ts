/**
 * How the engine calls a loaded plugin: each action registered as `<plugin>/<action>` with its
 * input and result checked against the manifest's compiled schemas (a mismatch is permanent:
 * an incident, no retry), `<plugin>/@event` for the events it subscribes to (built from the
 * history entry, personal data masked), and its attachment scanner. Each runs in the plugin's
 * worker (sandbox.ts) with what the SDK promises: its settings and secrets (redacted from its
 * log), the engine's clock, a signal aborted at the call's timeout.
 *
 * @example
 *   registerHandlers(plugin, actions, deps); // echo/shout, echo/@event
 */
import { createHash } from 'node:crypto';
import type { PluginEvent, ScanVerdict } from '@caseway/plugin-sdk';
import type { Logger } from 'pino';
import type { AttachmentScanner } from '../attachments/index.ts';
import type { Clock } from '../clock/index.ts';
import { createError } from '../errors.ts';
import type { PersonalData } from '../privacy/index.ts';
import { history, type Db } from '../store/index.ts';
import type { ActionContext, ActionRegistry } from './actions.ts';
import { ajvDetails, errorsText, pluginKey, type LoadedPlugin } from './manifest.ts';
import type { SettingsCache } from './settings.ts';
import type { CallContext } from './worker-protocol.ts';

export interface HandlerDeps {
  db: Db;
  logger: Logger;
  personalData: PersonalData;
  settings: SettingsCache;
  /** The engine's clock, handed to plugins as `ctx.now()` (the system's time when absent). */
  clock?: Clock;
}

/**
 * What a call to the plugin's worker carries (its own settings and secrets, the engine's clock
 * as an offset from the wall clock) and the log its lines go to (its secrets censored).
 */
export async function callContext(
  p: LoadedPlugin,
  ctx: Pick<ActionContext, 'idempotencyKey' | 'attempt'> & { instanceId?: string },
  deps: HandlerDeps,
): Promise<{ ctx: CallContext; logger: Logger }> {
  const { config, secrets } = await deps.settings.of(p);
  const secretNames = Object.keys((secrets ?? {}) as object);
  const logger = deps.logger.child(
    { plugin: p.manifest.name },
    secretNames.length
      ? { redact: { paths: secretNames.flatMap((k) => [k, `*.${k}`]), censor: '[redacted]' } }
      : {},
  );
  const now = Date.now();
  return {
    ctx: {
      config,
      secrets,
      idempotencyKey: ctx.idempotencyKey,
      attempt: ctx.attempt,
      ...(ctx.instanceId !== undefined ? { instanceId: ctx.instanceId } : {}),
      clockOffsetMs: deps.clock ? deps.clock.now() - now : 0,
    },
    logger,
  };
}

/** Registers the plugin's actions (input and result checked) and its event receiver. */
export function registerHandlers(p: LoadedPlugin, actions: ActionRegistry, deps: HandlerDeps) {
  const { name } = p.manifest;
  const key = pluginKey(p.manifest);
  for (const [action, { spec, input, output }] of p.actions) {
    actions.register(
      `${key}/${action}`,
      async (data, ctx) => {
        if (!input(data))
          throw createError(
            'CW_ERR_ACTION_INPUT_INVALID',
            `${name}/${action}: ${errorsText(input.errors)}`,
            { details: ajvDetails(input.errors, '/input'), permanent: true },
          );
        const call = await callContext(p, ctx, deps);
        const result = await p.sandbox.call('action', action, data, call.ctx, {
          signal: ctx.signal,
          logger: call.logger,
        });
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
  if (p.sandbox.shape.onEvent) {
    actions.register(`${key}/@event`, async (data, ctx) => {
      const event = await eventOf(deps, ctx.instanceId, data as { seq: number; type: string });
      if (event) {
        const call = await callContext(p, ctx, deps);
        await p.sandbox.call('event', '', event, call.ctx, {
          signal: ctx.signal,
          logger: call.logger,
        });
      }
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
  const h = await history.entryWithCase(deps.db, instanceId, ref.seq);
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
      const call = await callContext(
        p,
        {
          instanceId: meta.instanceId,
          idempotencyKey: `scan-${createHash('sha256').update(bytes).digest('hex')}`,
          attempt: 1,
        },
        deps,
      );
      const verdict = (await p.sandbox.call('scan', '', { ...meta, bytes }, call.ctx, {
        signal: AbortSignal.timeout(30_000),
        logger: call.logger,
      })) as ScanVerdict | undefined;
      if (verdict?.clean === true) return { clean: true };
      if (verdict?.clean === false && typeof verdict.reason === 'string') return verdict;
      throw new Error(`${p.manifest.name} gave no verdict`);
    },
  };
}
