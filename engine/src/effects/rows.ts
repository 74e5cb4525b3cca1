/**
 * Job rows written by the executor: each new row is handed to the queue once its transaction
 * commits (collected in `post`).
 */
import { insertJob, type NewJobRow, type Tx } from '../store/index.ts';
import type { PostCommit } from './apply.ts';

/** Writes a job row (unless it exists) and hands it to the queue after the commit. */
export async function scheduleJob(tx: Tx, j: NewJobRow, post: PostCommit): Promise<void> {
  if (await insertJob(tx, j)) post.dispatch.push({ id: j.id, attempt: 1, dueAt: j.dueAt });
}
