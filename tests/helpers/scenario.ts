/** Small steps shared by scenario tests, all through the HTTP API or the test's own schema. */
import { expect } from 'vitest';
import type { TestEngine, UserName } from './engine.ts';

export interface InstanceView {
  id: string;
  status: string;
  outcome: string | null;
  processVersion: number;
  revision: number;
  variables: Record<string, unknown>;
  tokens: { id: string; nodeId: string; waitingFor: string }[];
  parentId: string | null;
  businessKey?: string | null;
}

export interface HistoryView {
  seq: number;
  at: string;
  type: string;
  nodeId: string | null;
  tokenId: string | null;
  actor: string | null;
  data: Record<string, unknown> | null;
}

/** Starts an instance and expects 201. */
export async function startInstance(
  t: TestEngine,
  processId: string,
  variables: Record<string, unknown> = {},
  extra: { version?: number; businessKey?: string; as?: UserName } = {},
): Promise<InstanceView> {
  const { as, ...body } = extra;
  const res = await t.api('POST', '/api/instances', { processId, variables, ...body }, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as InstanceView;
}

export async function getInstance(t: TestEngine, id: string): Promise<InstanceView> {
  const res = await t.api('GET', `/api/instances/${id}`);
  expect(res.status).toBe(200);
  return res.body as InstanceView;
}

export async function history(t: TestEngine, id: string): Promise<HistoryView[]> {
  const res = await t.api('GET', `/api/instances/${id}/history`);
  expect(res.status).toBe(200);
  return res.body.items as HistoryView[];
}

export async function historyTypes(t: TestEngine, id: string): Promise<string[]> {
  return (await history(t, id)).map((h) => h.type);
}

/** The instance's task rows with a given status (open by default), oldest first. */
export async function tasksOf(
  t: TestEngine,
  instanceId: string,
  status = 'open',
): Promise<{ id: string; node_id: string; status: string }[]> {
  return t.sql(
    `SELECT id, node_id, status FROM tasks WHERE instance_id = $1 AND status = $2 ORDER BY created_at, id`,
    [instanceId, status],
  );
}

/** The instance's job rows (timers, service invocations) for one node. */
export async function jobsAt(
  t: TestEngine,
  instanceId: string,
  nodeId: string,
): Promise<
  {
    id: string;
    status: string;
    attempt: number;
    fire_count: number;
    due_at: Date;
    fired_at: Date | null;
  }[]
> {
  return t.sql(
    `SELECT id, status, attempt, fire_count, due_at, fired_at FROM jobs WHERE instance_id = $1 AND node_id = $2 ORDER BY created_at, id`,
    [instanceId, nodeId],
  );
}

/** Waits until the instance reaches a status (an event in the database, not a sleep). */
export function untilStatus(t: TestEngine, id: string, status: string): Promise<InstanceView> {
  return t.until(async () => {
    const i = await getInstance(t, id);
    return i.status === status ? i : null;
  }, `instance ${id} ${status}`);
}

/** Waits until some token of the instance waits at the node. */
export function untilAt(t: TestEngine, id: string, nodeId: string): Promise<InstanceView> {
  return t.until(async () => {
    const i = await getInstance(t, id);
    return i.tokens.some((x) => x.nodeId === nodeId) ? i : null;
  }, `instance ${id} at ${nodeId}`);
}

/** Completes a task and expects 200. */
export async function complete(
  t: TestEngine,
  taskId: string,
  data: Record<string, unknown>,
  as: UserName = 'adjuster',
): Promise<InstanceView> {
  const res = await t.api('POST', `/api/tasks/${taskId}/complete`, { data }, { as });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as InstanceView;
}

/**
 * Lets the reconciler run after a clock jump and returns once it has finished: every row
 * due by now has been handed to the worker, every other one still sits delayed.
 */
export async function settle(t: TestEngine): Promise<void> {
  await t.engine.queue.reconcile(false);
}

/** Whether the BullMQ job of a row is still delayed (not handed to a worker). */
export async function isDelayed(t: TestEngine, jobId: string, attempt = 1): Promise<boolean> {
  const job = await t.engine.queue.queue.getJob(`${jobId}#${attempt}`);
  return Boolean(job && (await job.isDelayed()));
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * A call without any credentials, as a customer's browser makes it (the public intake and
 * tracking routes): the status and the parsed answer (null when empty).
 */
export async function anonymousCall(
  t: TestEngine,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
