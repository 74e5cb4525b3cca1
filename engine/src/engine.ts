/**
 * Wires the engine together: PostgreSQL (migrated), the definitions registry, the executor,
 * the BullMQ job queue with its reconciler, and the HTTP API.
 *
 * @example
 *   const engine = await createEngine(configFromEnv());
 *   await engine.listen();      // prints nothing; the start script prints the URL
 *   await engine.close();
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { pino, type DestinationStream, type Logger } from 'pino';
import { combineScanners, type AttachmentScanner } from './attachments/index.ts';
import { systemClock, type Clock } from './clock/index.ts';
import type { Config } from './config.ts';
import { loadDefinitions } from './definitions/index.ts';
import { Executor, backfillCalendarBases, type ExecutorDeps } from './effects/index.ts';
import { answerWithin, buildApp, serveMetrics } from './http/index.ts';
import { EngineMetrics } from './metrics/index.ts';
import type { Engine } from './engine-types.ts';
import { engineData } from './data.ts';
import { ActionRegistry, PluginHost } from './plugins/index.ts';
import {
  audit,
  NoticeListener,
  announceChange,
  changesChannel,
  jobsChannel,
  connectDb,
  definitionLedger,
  migrate,
  parseChange,
  ping,
} from './store/index.ts';
import { JobQueue } from './timers/index.ts';
import { createTracing } from './tracing/index.ts';
import { bootstrapAdminPassword, ensureUser } from './identity/index.ts';
import { PersonalData, parseDataKeys } from './privacy/index.ts';
import { BlindIndex, CaseIndex, backfillCaseIndex } from './search/index.ts';

/**
 * Paths whose values never reach the logs. Besides these, every key a form marks sensitive is
 * censored wherever it appears in a log object (see `createLogger`).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.token',
  '*.idNumber',
  '*.phone',
  '*.bankAccount',
];

/** Fields of the engine's own responses that carry a customer's identity. */
const IDENTITY_FIELDS = ['customerName'];
/**
 * How long readiness waits for PostgreSQL's and Redis's answers: a server that accepts but never
 * answers, or a client waiting to reconnect, reads as not ready instead of holding the probe.
 */
const READY_CHECK_MS = 2_000;

export interface EngineOptions {
  clock?: Clock;
  /** Where log lines go (default stdout); the level is `config.logLevel`. */
  logStream?: DestinationStream;
  /** Extra actions (tests, embedded plugins) registered before definitions load. */
  actions?: ActionRegistry;
  /** Start the worker and reconciler (default true). */
  worker?: boolean;
  /** Attachment scanners (e.g. an antivirus), run before those of plugins. */
  scanners?: AttachmentScanner[];
}

export async function createEngine(config: Config, opts: EngineOptions = {}): Promise<Engine> {
  if (!config.dataKeys)
    throw new Error(
      'CASEWAY_DATA_KEYS is not set: personal data is encrypted at rest with it (docs/security.md)',
    );
  const personalData = new PersonalData(parseDataKeys(config.dataKeys));
  const logger = createLogger(config.logLevel, personalData, opts.logStream);
  const clock = opts.clock ?? systemClock;
  const actions = opts.actions ?? new ActionRegistry();
  const db = await connectDb(config.databaseUrl, {
    schema: config.databaseSchema,
    personalData,
  });
  let queue: JobQueue | undefined;
  let pluginHost: PluginHost | undefined;
  try {
    await migrate(db);
    // a rotated data key (or one added or removed) is an administrative act: in the audit log
    await audit.recordKeyRing(
      db,
      { current: personalData.ring.current, keys: [...personalData.ring.keys.keys()] },
      clock.now(),
    );
    if (config.adminToken)
      await ensureUser(
        db,
        { id: 'admin', displayName: 'Administrator', roles: ['admin'] },
        config.adminToken,
      );
    if (config.adminPassword)
      await bootstrapAdminPassword(db, config.adminPassword, new Date(clock.now()));
    // Plugins first: definitions name their actions.
    const plugins = new PluginHost({
      db,
      logger,
      personalData,
      clock,
      memoryMb: config.pluginMemoryMb,
      idleMs: config.pluginIdleMs,
    });
    pluginHost = plugins;
    await plugins.load(config.pluginsDir, actions, config.pluginPackages);
    const ledger = definitionLedger(db);
    let registry = await loadDefinitions({
      ledger,
      dir: config.definitionsDir,
      actions,
    });
    const sensitiveKeys = () => [...registry.sensitiveKeys(), ...plugins.sensitiveKeys()];
    // the customer's identity is personal data wherever it appears, under the processes' own
    // variable names and under the name responses give it (case summaries' customerName)
    const identityKeys = () => [...registry.identityKeys(), ...IDENTITY_FIELDS];
    personalData.setKeys(sensitiveKeys(), identityKeys());
    for (const p of registry.problems)
      logger.error({ code: p.code, file: p.file, pointer: p.pointer }, p.message);
    queue = new JobQueue({
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix,
      db,
      clock,
      logger,
      concurrency: config.workerConcurrency,
      reconcileIntervalMs: config.reconcileIntervalMs,
      jobLockMs: config.jobLockMs,
    });
    const q = queue;
    const caseIndex = new CaseIndex(new BlindIndex(personalData.ring), personalData);
    const metrics = new EngineMetrics({ db, clock });
    const tracing = await createTracing(config.tracing);
    let metricsServer: { url: string; close(): Promise<void> } | undefined;
    const executorDeps: ExecutorDeps = {
      db,
      registry,
      clock,
      actions,
      dispatcher: queue,
      logger,
      messageTtlMs: config.messageTtlMs,
      caseIndex,
      observer: metrics,
      tracing,
      failurePolicy: {
        retries: config.jobFailureRetries,
        backoffMs: 1_000,
        maxBackoffMs: 300_000,
      },
      sweepIntervals: {
        retention: config.retentionIntervalMs,
        archive: config.archiveIntervalMs,
      },
      archiveAfterMs: config.archiveAfterMs,
      serviceResultBatch: config.serviceResultBatch,
      startBatch: config.startBatch,
      personalData,
    };
    const engineId = randomUUID();
    const listener = new NoticeListener(config.databaseUrl, logger, `caseway-listener ${engineId}`);
    const reload = async () => {
      const loaded = await loadDefinitions({
        ledger,
        dir: config.definitionsDir,
        actions,
      });
      // reloads may overlap (a notice's and a request's): the ledger only grows, so the one
      // that read less of it finishing last must not put the older registry back
      if (loaded.size() < registry.size()) return registry;
      registry = loaded;
      executorDeps.registry = registry;
      personalData.setKeys(sensitiveKeys(), identityKeys());
      return registry;
    };
    // Reloads asked for by other engines' notices: one at a time, and one more if asked while
    // one runs (it may have read the ledger before the newest version was recorded).
    let reloading: Promise<void> | undefined;
    let again = false;
    const reloadSoon = () => {
      if (reloading) {
        again = true;
        return;
      }
      reloading = reload()
        .then(
          () => undefined,
          (e: unknown) => logger.warn({ err: e }, 'reloading definitions failed'),
        )
        .finally(() => {
          reloading = undefined;
          if (again) {
            again = false;
            reloadSoon();
          }
        });
    };
    const refreshDefinitions = async () => {
      if ((await ledger.size()) <= registry.size()) return false;
      await reload();
      return true;
    };
    listener.on(changesChannel(db.schema), (payload) => {
      const change = parseChange(payload);
      if (!change || change.from === engineId) return;
      if (change.kind === 'definitions') reloadSoon();
      if (change.kind === 'plugin-settings') plugins.forgetSettings(change.plugin);
      if (change.kind === 'plugins-reloaded')
        void plugins
          .reload()
          .catch((err: unknown) => logger.error({ err }, 'plugin reload failed'));
    });
    // job rows a trigger wrote (the plugin outbox), dispatched as their step commits
    listener.on(jobsChannel(db.schema), (payload) => q.announced(payload));
    // notices may have been missed while the connection was down: catch up in full
    listener.onResumed(() => {
      void q.reconcile(false).catch(() => undefined);
      reloadSoon();
      plugins.forgetSettings();
    });
    executorDeps.refreshDefinitions = refreshDefinitions;
    const executor = new Executor(executorDeps);
    const engine: Engine = {
      config,
      db,
      data: engineData(db, { registry: () => registry, index: caseIndex }),
      get registry() {
        return registry;
      },
      ledger,
      executor,
      queue,
      actions,
      clock,
      logger,
      personalData,
      caseIndex,
      plugins,
      scanner: combineScanners([...(opts.scanners ?? []), ...plugins.scanners()]),
      app: undefined as unknown as FastifyInstance,
      metrics,
      tracing,
      get metricsUrl() {
        return metricsServer?.url ?? null;
      },
      async readiness() {
        const redisPing = q.queue.client
          .then((c) => (c as unknown as { ping(): Promise<string> }).ping())
          .then(
            () => true,
            () => false,
          );
        const [postgres, redis] = await Promise.all([
          answerWithin(READY_CHECK_MS, ping(db), false),
          answerWithin(READY_CHECK_MS, redisPing, false),
        ]);
        return { postgres, redis };
      },
      backfilled: () => backfill.done,
      engineId,
      listener,
      reloadDefinitions: reload,
      async definitionsChanged() {
        const r = await reload();
        await announceChange(db, { kind: 'definitions', from: engineId });
        return r;
      },
      refreshDefinitions,
      async listen() {
        const url = await engine.app.listen({ host: config.host, port: config.port });
        if (config.metricsPort !== undefined && !metricsServer)
          metricsServer = await serveMetrics(engine);
        return url;
      },
      async close() {
        backfill.stopped = true;
        await backfill.done;
        await metricsServer?.close();
        await engine.app.close();
        await listener.close();
        await q.close();
        await plugins.close();
        await db.close();
        // the spans of the work just stopped are sent before the engine is gone
        await tracing?.close();
      },
    };
    (engine as { app: FastifyInstance }).app = await buildApp(engine, {
      loggerInstance: logger.child({ component: 'http' }) as never,
    });
    // every part has registered what it listens for (the event streams in the HTTP layer)
    await listener.start();
    // Cases started before the search index existed, or indexed under an older data key.
    const backfill = { stopped: false, done: Promise.resolve() };
    backfill.done = backfillCaseIndex(
      { db, registry: () => registry, index: caseIndex },
      { stopped: () => backfill.stopped },
    ).then(
      (n) => void (n && logger.info({ cases: n }, 'case search index backfilled')),
      (e: unknown) =>
        logger.warn({ err: e }, 'case search backfill failed; it runs again at the next start'),
    );
    // Timers and task due dates armed before their calendar basis was recorded (migration 030)
    const bases = backfillCalendarBases(
      { db, registry: () => registry },
      { stopped: () => backfill.stopped },
    ).then(
      (n) =>
        void ((n.timers || n.tasks) && logger.info(n, 'calendar bases of older timers recorded')),
      (e: unknown) =>
        logger.warn({ err: e }, 'calendar basis backfill failed; it runs again at the next start'),
    );
    backfill.done = Promise.all([backfill.done, bases]).then(() => undefined);
    // the sweeps' rows, so the reconciler arms them like any job (effects/jobs/sweeps.ts)
    await executor.ensureSweeps();
    if (opts.worker !== false) {
      // only an engine with a worker runs jobs, and so takes service rows from PostgreSQL too
      executorDeps.serviceClaims = {
        batch: config.serviceClaimBatch,
        concurrency: config.serviceConcurrency,
      };
      await queue.start(executor);
    }
    return engine;
  } catch (e) {
    await queue?.close().catch(() => undefined);
    await pluginHost?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw e;
  }
}

/** pino with the static redaction paths and every sensitive form key censored at any depth. */
function createLogger(level: string, pd: PersonalData, stream?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: { log: (o: Record<string, unknown>) => pd.censor(o) },
  };
  return stream ? pino(options, stream) : pino(options);
}
