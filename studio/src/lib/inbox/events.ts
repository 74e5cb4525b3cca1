/** A `task` event of `GET /api/events`: a task the user may work on changed. */
export interface TaskEvent {
  id: string;
  instanceId: string;
  nodeId: string;
  status: string;
  assignee: string | null;
  change: 'created' | 'updated';
}

/**
 * Calls `onTask` for every task event (the browser reconnects by itself); returns the stop
 * function. The stream goes through the studio's /api proxy with the session cookie.
 */
export function onTaskEvents(onTask: (e: TaskEvent) => void, onOpen?: () => void): () => void {
  const source = new EventSource('/api/events');
  source.addEventListener('task', (e) => onTask(JSON.parse((e as MessageEvent<string>).data)));
  if (onOpen) source.addEventListener('open', onOpen);
  return () => source.close();
}
