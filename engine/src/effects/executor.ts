/**
 * The executor: every command that changes an instance (start, complete a task, claim, save a
 * draft, correlate a message, answer a wait, cancel, migrate, retry or skip an incident, raise
 * a case's priority, move a clock's due instant) locks the
 * instance row, runs one interpreter step and writes its effects in a single transaction, then
 * hands the new job rows to the dispatcher. Two engine processes never advance one instance at
 * once: the row lock serialises them, and every worker re-reads the job row under that lock,
 * so duplicate or late deliveries become no-ops. One file per command (commands/), one per
 * kind of job (jobs/, routed by jobs/router.ts); this class is their one entry.
 *
 * @example
 *   const executor = new Executor(deps);
 *   await executor.completeTask('i1.k1', { approved: true }, actor, 'en');
 */
import type { Actor } from '../access/index.ts';
import { isCasewayError, type Lang } from '../errors.ts';
import { DEFINITION_KINDS } from '../definitions/index.ts';
import type { MigrationPlan } from '../runtime/index.ts';
import type { InstanceRow, JobKind } from '../store/index.ts';
import { answerWait, type WaitAnswer, type WaitAnswered } from './commands/answer-wait.ts';
import { cancelInstance } from './commands/cancel-instance.ts';
import { claimTask, saveDraft } from './commands/claim-task.ts';
import { completeTask } from './commands/complete-task.ts';
import {
  correlateMessage,
  type Correlation,
  type IncomingMessage,
} from './commands/correlate-message.ts';
import { migrateInstance, type MigrationRequest } from './commands/migrate-instance.ts';
import {
  cancelBulkMigration,
  previewBulkMigration,
  readBulkMigration,
  startBulkMigration,
  type BulkMigration,
  type BulkMigrationPreview,
  type BulkMigrationRequest,
} from './commands/migrate-cases.ts';
import { reassignTasks, type ReassignTarget, type Reassigned } from './commands/reassign-tasks.ts';
import { moveClockDue, raiseCasePriority, type MovedDue } from './commands/escalate.ts';
import {
  retryIncident,
  retryIncidents,
  skipIncident,
  type BulkOutcome,
  type RetryEdit,
} from './commands/retry-incident.ts';
import { replayClocks, type ReplayReport, type ReplayRequest } from './commands/replay-clocks.ts';
import { startInstance, type StartRequest } from './commands/start-instance.ts';
import { uploadDocuments, type DocumentsUpload } from './commands/upload-documents.ts';
import {
  commandContext,
  type CommandContext,
  type ExecutorDeps,
  type JobOutcome,
  type TxHooks,
} from './context.ts';
import { processJob, wakeDrain } from './jobs/router.ts';
import { wakeServiceDrain } from './jobs/service-drain.ts';
import { ensureSweeps } from './jobs/sweeps.ts';

export class Executor {
  readonly #ctx: CommandContext;

  constructor(readonly deps: ExecutorDeps) {
    this.#ctx = commandContext(deps);
  }

  /**
   * Runs a command; if it failed on a definition version this engine has not loaded yet (just
   * published through another engine, its notice still on the way) and the ledger holds more
   * than the registry, reloads and runs it once more. Nothing of the failed run was committed.
   */
  async #fresh<T>(command: () => Promise<T>): Promise<T> {
    const ranWith = this.deps.registry;
    try {
      return await command();
    } catch (e) {
      if (!isDefinitionMiss(e)) throw e;
      // A notice's reload may have swapped a registry in while the command ran, but that load
      // may have read the ledger before the version asked for was recorded (an earlier notice's
      // reload finishing late): compare with the ledger whatever registry is in force now, and
      // run again if that reloaded or another registry came in meanwhile.
      const reloaded = (await this.deps.refreshDefinitions?.()) ?? false;
      if (!reloaded && this.deps.registry === ranWith) throw e;
      return command();
    }
  }

  startInstance(req: StartRequest, hooks?: TxHooks<InstanceRow>): Promise<InstanceRow> {
    return this.#fresh(() => startInstance(this.#ctx, req, hooks));
  }

  completeTask(
    taskId: string,
    submitted: Record<string, unknown>,
    actor: Actor,
    lang: Lang,
    hooks?: TxHooks<InstanceRow>,
  ): Promise<InstanceRow> {
    return this.#fresh(() => completeTask(this.#ctx, taskId, submitted, actor, lang, hooks));
  }

  claimTask(taskId: string, actor: Actor, claim: boolean): Promise<void> {
    return this.#fresh(() => claimTask(this.#ctx, taskId, actor, claim));
  }

  saveDraft(taskId: string, draft: Record<string, unknown>, actor: Actor): Promise<void> {
    return this.#fresh(() => saveDraft(this.#ctx, taskId, draft, actor));
  }

  cancelInstance(id: string, actor: Actor, reason: string): Promise<InstanceRow> {
    return this.#fresh(() => cancelInstance(this.#ctx, id, actor, reason));
  }

  correlateMessage(m: IncomingMessage, hooks?: TxHooks<Correlation>): Promise<Correlation> {
    return this.#fresh(() => correlateMessage(this.#ctx, m, hooks));
  }

  answerWait(w: WaitAnswer): Promise<WaitAnswered> {
    return this.#fresh(() => answerWait(this.#ctx, w));
  }

  /** A customer's documents for one wait of their case (commands/upload-documents.ts). */
  uploadDocuments(d: DocumentsUpload): Promise<WaitAnswered & { missing: string[] }> {
    return this.#fresh(() => uploadDocuments(this.#ctx, d));
  }

  migrateInstance(
    id: string,
    req: MigrationRequest,
    actor: Actor,
    lang: Lang = 'en',
  ): Promise<MigrationPlan & { applied: boolean }> {
    return this.#fresh(() => migrateInstance(this.#ctx, id, req, actor, lang));
  }

  /** What each case a bulk migration would take would do; changes nothing (commands/migrate-cases.ts). */
  previewBulkMigration(req: BulkMigrationRequest, lang: Lang): Promise<BulkMigrationPreview> {
    return this.#fresh(() => previewBulkMigration(this.#ctx, req, lang));
  }

  /** A bulk migration written as a batch and run in the background (commands/migrate-cases.ts). */
  startBulkMigration(req: BulkMigrationRequest, actor: Actor, lang: Lang): Promise<BulkMigration> {
    return this.#fresh(() => startBulkMigration(this.#ctx, req, actor, lang));
  }

  readBulkMigration(id: string): Promise<BulkMigration | undefined> {
    return readBulkMigration(this.#ctx, id);
  }

  cancelBulkMigration(id: string, actor: Actor, lang: Lang): Promise<BulkMigration> {
    return cancelBulkMigration(this.#ctx, id, actor, lang);
  }

  /** Bulk reassignment: every task moves, or none (commands/reassign-tasks.ts). */
  reassignTasks(
    taskIds: string[],
    to: ReassignTarget,
    actor: Actor,
    lang: Lang,
    reason = '',
  ): Promise<Reassigned[]> {
    return this.#fresh(() => reassignTasks(this.#ctx, taskIds, to, actor, lang, reason));
  }

  /**
   * Retries an incident's work: with `edit.variables`, after correcting them; with
   * `edit.input: 'evaluate'`, its input evaluated again (commands/retry-incident.ts).
   */
  retryIncident(incidentId: string, actor: Actor, edit?: RetryEdit): Promise<void> {
    return this.#fresh(() => retryIncident(this.#ctx, incidentId, actor, edit));
  }

  retryIncidents(incidentIds: string[], actor: Actor): Promise<BulkOutcome> {
    return this.#fresh(() => retryIncidents(this.#ctx, incidentIds, actor));
  }

  skipIncident(incidentId: string, actor: Actor, reason: string): Promise<void> {
    return this.#fresh(() => skipIncident(this.#ctx, incidentId, actor, reason));
  }

  /** The case's priority raised, for its open and next tasks (commands/escalate.ts). */
  raiseCasePriority(
    r: { instanceId: string; priority: number; reason: string },
    actor: Actor,
  ): Promise<InstanceRow> {
    return this.#fresh(() => raiseCasePriority(this.#ctx, r, actor));
  }

  moveClockDue(
    r: { clockId: string; dueAt: number; reason: string },
    actor: Actor,
  ): Promise<MovedDue> {
    return this.#fresh(() => moveClockDue(this.#ctx, r, actor));
  }

  /**
   * Live clocks replayed against the latest version of a calendar or an SLA: a dry run, or the
   * replay with a history entry per clock (commands/replay-clocks.ts).
   */
  replayClocks(req: ReplayRequest, actor: Actor): Promise<ReplayReport> {
    return replayClocks(this.#ctx, req, actor);
  }

  /** Worker entry: does the work a job row describes, exactly once (jobs/router.ts). */
  processJob(jobId: string, attempt: number): Promise<JobOutcome> {
    return this.#fresh(() => processJob(this.#ctx, jobId, attempt));
  }

  /**
   * Due service rows are this engine's drain's to take (jobs/service-drain.ts): wakes it and
   * says so; false when the engine has none (their BullMQ jobs run them).
   */
  takeDueServiceRows(): boolean {
    return wakeServiceDrain(this.#ctx);
  }

  /**
   * The reconciler read a pending row of `kind` due at `at`: a kind fired in batches has its
   * drain woken then, if that is within `horizon` ms (jobs/drain.ts); false for other kinds.
   */
  wakeDrain(kind: JobKind, at: number, horizon: number): boolean {
    return wakeDrain(this.#ctx, kind, at, horizon);
  }

  /** Writes the rows of the sweeps (retention, expired keys) unless they exist (jobs/sweeps.ts). */
  ensureSweeps(): Promise<void> {
    return ensureSweeps(this.deps);
  }
}

/** A definition (kind, id, version) the registry does not hold. */
function isDefinitionMiss(e: unknown): boolean {
  if (!isCasewayError(e) || e.code !== 'CW_ERR_NOT_FOUND') return false;
  const kind = (e.data as { kind?: unknown } | undefined)?.kind;
  return (DEFINITION_KINDS as readonly unknown[]).includes(kind);
}
