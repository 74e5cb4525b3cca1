/**
 * What a running engine is made of, as the HTTP layer, the tests and an embedder see it: the
 * interface `createEngine` (engine.ts) returns. Apart from engine.ts so that the HTTP layer,
 * which engine.ts builds, can name it without importing what builds it.
 */
import type { Tracing } from './tracing/index.ts';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AttachmentScanner } from './attachments/index.ts';
import type { Clock } from './clock/index.ts';
import type { Config } from './config.ts';
import type { DefinitionLedger, DefinitionRegistry } from './definitions/index.ts';
import type { Executor } from './effects/index.ts';
import type { EngineMetrics } from './metrics/index.ts';
import type { ActionRegistry, PluginHost } from './plugins/index.ts';
import type { PersonalData } from './privacy/index.ts';
import type { CaseIndex } from './search/index.ts';
import type { Db, NoticeListener } from './store/index.ts';
import type { EngineData } from './data.ts';
import type { JobQueue } from './timers/index.ts';

export interface Engine {
  readonly config: Config;
  /** The database; the HTTP layer goes through `data` instead (tests/meta/architecture.test.ts). */
  readonly db: Db;
  /** The store's reads and writes, bound to `db`: what routes call (data.ts). */
  readonly data: EngineData;
  readonly registry: DefinitionRegistry;
  /** Recorded definition versions and designers' drafts (PostgreSQL). */
  readonly ledger: DefinitionLedger;
  readonly executor: Executor;
  readonly queue: JobQueue;
  readonly actions: ActionRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly personalData: PersonalData;
  /** Case search terms (blind index for personal data), written by the executor. */
  readonly caseIndex: CaseIndex;
  readonly plugins: PluginHost;
  /** Every upload passes it before it is stored: the embedder's scanners, then the plugins'. */
  readonly scanner: AttachmentScanner;
  readonly app: FastifyInstance;
  /** Prometheus metrics (docs/operations.md); served at /metrics when configured. */
  readonly metrics: EngineMetrics;
  /** OpenTelemetry spans (tracing/); undefined while no OTLP endpoint is configured. */
  readonly tracing: Tracing | undefined;
  /** The URL of the metrics listener on METRICS_PORT once `listen` has run (else null). */
  readonly metricsUrl: string | null;
  /** Whether PostgreSQL and Redis answer now (each false when it has not answered within 2 s). */
  readiness(): Promise<{ postgres: boolean; redis: boolean }>;
  /**
   * Settles when the start-up backfills in the background are through (the case search index;
   * the calendar bases of timers and task due dates armed before they were recorded).
   */
  backfilled(): Promise<void>;
  /** This engine process, as it names itself in change notices to the others. */
  readonly engineId: string;
  /** The LISTEN connection shared by the event streams and the change notices. */
  readonly listener: NoticeListener;
  /** Re-reads the definitions folder and the ledger (new versions become available). */
  reloadDefinitions(): Promise<DefinitionRegistry>;
  /**
   * After a publish: reloads, then tells every other engine to reload too (they hold the new
   * version within moments; one asked for it before its notice arrives reloads at once).
   */
  definitionsChanged(): Promise<DefinitionRegistry>;
  /** Reloads if the ledger holds versions the registry lacks; whether it did. */
  refreshDefinitions(): Promise<boolean>;
  listen(): Promise<string>;
  close(): Promise<void>;
}
