/**
 * A case's audit history as staff read it: every entry with the display name of the user who
 * acted (history keeps login ids; people read names), and the names of the other users the
 * entries mention (whom a task was reassigned to).
 *
 * @example
 *   const { items, people } = await readHistory(db, instanceId);
 *   items[0].actorName; // '林志明' for actor 'zhiming'; null for 'system' or 'public'
 */
import { displayNames } from '../identity/index.ts';
import { history, type Db } from '../store/index.ts';

export interface HistoryItem {
  seq: number;
  at: string;
  type: string;
  nodeId: string | null;
  tokenId: string | null;
  actor: string | null;
  actorName: string | null;
  data: unknown;
}

/** User ids an entry's data names besides its actor (reassignment targets and sources). */
function mentioned(data: unknown): string[] {
  if (!data || typeof data !== 'object') return [];
  const d = data as { to?: { user?: unknown }; previous?: { assignee?: unknown } };
  return [d.to?.user, d.previous?.assignee].filter((v): v is string => typeof v === 'string');
}

export async function readHistory(
  db: Pick<Db, 'query'>,
  instanceId: string,
): Promise<{ items: HistoryItem[]; people: Record<string, string> }> {
  const items = (await history.historyOf(db, instanceId)).map((h) => ({
    seq: h.seq,
    at: h.at.toISOString(),
    type: h.type,
    nodeId: h.node_id,
    tokenId: h.token_id,
    actor: h.actor,
    actorName: h.actor_name,
    data: h.data,
  }));
  const people = await displayNames(db, [
    ...items.map((h) => h.actor),
    ...items.flatMap((h) => mentioned(h.data)),
  ]);
  return { items, people };
}
