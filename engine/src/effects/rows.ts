/**
 * Job rows written by the executor: each new row is handed to the queue once its transaction
 * commits (collected in `post`), carrying the trace of the step that wrote it (tracing on).
 */
import { jobs, type NewJobRow, type Tx } from '../store/index.ts';
import { activeTraceContext } from '../tracing/index.ts';
import type { PostCommit } from './apply.ts';

/** Writes a job row (unless it exists) and hands it to the queue after the commit. */
export async function scheduleJob(tx: Tx, j: NewJobRow, post: PostCommit): Promise<void> {
  const traceContext = j.traceContext ?? activeTraceContext();
  if (await jobs.insertJob(tx, traceContext ? { ...j, traceContext } : j))
    post.dispatch.push({
      id: j.id,
      attempt: 1,
      dueAt: j.dueAt,
      ...(j.kind === 'service' ? { service: true } : {}),
    });
}
