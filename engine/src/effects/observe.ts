/**
 * What the executor tells an observer (metrics, tracing) about the work it did. Facts are
 * collected while a transaction runs and told only once it has committed, so a step that rolled
 * back (a FEEL error, a lock conflict retried) is never counted.
 *
 * @example
 *   const observer: StepObserver = { committed: (facts) => facts.forEach(count), jobRan() {} };
 *   new Executor({ ...deps, observer });
 */

/** One thing a committed transaction did. */
export type StepFact =
  | { type: 'instanceStarted'; processId: string }
  | { type: 'instanceEnded'; processId: string; status: 'completed' | 'cancelled' }
  /** One interpreter step and its writes, by the kind of event; wall time, not the engine clock. */
  | { type: 'step'; processId: string; event: string; seconds: number }
  /** An SLA threshold fired: a warning, or the breach (percent 100). */
  | { type: 'slaThreshold'; slaId: string; percent: number }
  /** An incident opened (logged once, as one structured line, after the commit). */
  | {
      type: 'incidentOpened';
      id: string;
      instanceId: string;
      processId: string;
      jobId: string;
      nodeId: string | null;
      action: string | null;
      /** The error as recorded (personal data masked). */
      error: string;
      /** The business error's code, when a plugin gave one. */
      code: string | null;
    };

export interface StepObserver {
  /** The facts of one committed transaction, in the order they happened. */
  committed(facts: readonly StepFact[]): void;
  /**
   * A job row's work was done, `latenessMs` after its due instant (engine clock): how late a
   * timer fired or how long a service call waited for a worker.
   */
  jobRan(kind: string, latenessMs: number): void;
}
