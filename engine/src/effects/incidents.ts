/**
 * Opening an incident, wherever the work failed (a service task out of retries, an SLA or
 * plugin action, a step that failed deterministically): the row written in the transaction,
 * and the fact that makes the executor write one structured log line once it has committed.
 */
import type { BusinessError } from '../runtime/index.ts';
import { incidents, type Tx } from '../store/index.ts';
import type { PostCommit } from './apply.ts';

export async function openIncidentTold(
  tx: Tx,
  post: PostCommit,
  i: {
    jobId: string;
    instanceId: string;
    processId: string;
    nodeId: string | null;
    action: string | null;
    error: string;
    failure?: BusinessError | undefined;
    /** What the incident shows besides a business error (a gateway's undecided condition). */
    details?: Record<string, unknown>;
    now: Date;
  },
): Promise<string> {
  const id = await incidents.openIncident(tx, i);
  post.facts.push({
    type: 'incidentOpened',
    id,
    instanceId: i.instanceId,
    processId: i.processId,
    jobId: i.jobId,
    nodeId: i.nodeId,
    action: i.action,
    error: i.error,
    code: i.failure?.code ?? null,
  });
  return id;
}
