/** The live inbox as a client sees it: the `task` events of GET /api/events, collected. */
import { expect } from 'vitest';

export interface TaskEvent {
  id: string;
  instanceId: string;
  status: string;
  change: string;
  assignee: string | null;
}

/**
 * Opens the event stream with a bearer token or a browser's session cookie; collects `task`
 * events until closed by the client (`close`) or by the engine (`ended` resolves).
 */
export async function openTaskEvents(url: string, auth: string | { cookie: string }) {
  const abort = new AbortController();
  const res = await fetch(`${url}/api/events`, {
    headers:
      typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : { cookie: auth.cookie },
    signal: abort.signal,
  });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events: TaskEvent[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (block.startsWith('event: task') && data) events.push(JSON.parse(data));
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    events,
    ended: pump,
    close: async () => {
      abort.abort();
      await pump;
    },
  };
}
