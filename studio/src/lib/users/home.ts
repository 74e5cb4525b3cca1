/**
 * What the studio offers a user, from the duties the engine says they hold (`GET /api/auth/me`,
 * the access policy's one home), and the page each role lands on.
 *
 * ```ts
 * homeOf({ duties: ['startCases'] });            // '/inbox'
 * holds(me, 'administer');                       // true for administrators
 * ```
 */
import type { Me } from '$lib/api';

/** A duty the access policy grants (the list is the engine's, from `/openapi.json`). */
export type Duty = NonNullable<Me['duties']>[number];

export const holds = (me: Pick<Me, 'duties'> | null | undefined, duty: Duty): boolean =>
  me?.duties?.includes(duty) ?? false;

/**
 * The page a user lands on: administrators on users and groups, designers on the definitions,
 * supervisors on operations, everyone else (staff) on their inbox.
 */
export function homeOf(me: Pick<Me, 'duties'> | null | undefined): string {
  if (holds(me, 'administer')) return '/users';
  if (holds(me, 'design')) return '/definitions';
  if (holds(me, 'oversee')) return '/operations';
  return '/inbox';
}
