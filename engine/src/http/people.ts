/**
 * The engine's users and groups as the definition lint reads them (who an assignment can reach),
 * loaded for the requests that validate a process (drafts, validation).
 */
import type { PeopleDirectory } from '../definitions/index.ts';
import { directory } from '../identity/index.ts';
import type { Db } from '../store/index.ts';

export async function peopleDirectory(db: Pick<Db, 'query'>): Promise<PeopleDirectory> {
  const d = await directory(db);
  return {
    users: new Map(d.users.map((u) => [u.id, { enabled: !u.disabled }])),
    groups: new Map(d.groups.map((g) => [g.id, { members: g.members }])),
  };
}
