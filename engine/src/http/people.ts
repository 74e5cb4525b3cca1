/**
 * The engine's users and groups as the definition lint reads them (who an assignment can reach),
 * loaded for the requests that validate a process (drafts, validation).
 */
import type { PeopleDirectory } from '../definitions/index.ts';
import type { EngineData } from '../data.ts';

export async function peopleDirectory(
  data: Pick<EngineData, 'identity'>,
): Promise<PeopleDirectory> {
  const d = await data.identity.directory();
  return {
    users: new Map(d.users.map((u) => [u.id, { enabled: !u.disabled }])),
    groups: new Map(d.groups.map((g) => [g.id, { members: g.members }])),
  };
}
