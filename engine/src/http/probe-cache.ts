/**
 * A probe answered from one check for a short while, so a flood of calls (a monitor polling
 * many times a second, every load balancer of a fleet) costs one check per `ttlMs` instead of
 * one per call. Single flight: calls that arrive while a check runs wait for that check. An
 * answer is served for `ttlMs` counted from when its check began, whatever it said: a failure
 * is never kept longer than a success, and no answer describes the services as they were more
 * than `ttlMs` before its check. A check that throws is not kept (the next call checks again).
 *
 * @example
 *   const ready = probeCache(() => engine.readiness(), { ttlMs: 1_000 });
 *   await ready(); // a thousand calls in the same second: one readiness check
 */
export interface ProbeCacheOptions {
  /** How long one check's answer serves, from when the check began. */
  ttlMs: number;
  /** A monotonic clock in milliseconds (tests step their own). */
  now?: () => number;
}

export function probeCache<T>(check: () => Promise<T>, opts: ProbeCacheOptions): () => Promise<T> {
  const now = opts.now ?? (() => performance.now());
  let kept: { answer: T; until: number } | undefined;
  let running: Promise<T> | undefined;
  return () => {
    if (kept && now() < kept.until) return Promise.resolve(kept.answer);
    if (running) return running;
    const began = now();
    const settled = check().then(
      (answer) => {
        kept = { answer, until: began + opts.ttlMs };
        running = undefined;
        return answer;
      },
      (e: unknown) => {
        running = undefined;
        throw e;
      },
    );
    running = settled;
    return settled;
  };
}

/**
 * `work`'s answer, or `late` when it has not answered within `ms` (a server that accepts
 * connections but never answers, a client waiting to reconnect).
 *
 * @example
 *   const postgres = await answerWithin(2_000, ping(db), false);
 */
export function answerWithin<T>(ms: number, work: Promise<T>, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
