/**
 * Roles and what they reach. Route-level rules (`config.auth`) say which roles may call a
 * route; these helpers say which tasks and instances an actor may see once inside it.
 * docs/security.md has the table of what each role may do.
 *
 * @example
 *   const sql = `SELECT * FROM instances i WHERE ${instanceVisibleSql('i', 1)}`;
 *   await db.query(sql, instanceVisibleParams(actor));
 */
import type { Actor } from '../effects/index.ts';

export const ROLES = {
  /** manages users, groups and (later) plugin secrets; sees everything */
  admin: 'admin',
  /** reads, validates and publishes definitions; migrates instances */
  designer: 'designer',
  /** sees and acts on the work of the groups they belong to or supervise */
  supervisor: 'supervisor',
  /** sees and acts on tasks assigned or offered to them or their groups */
  staff: 'staff',
  /** a machine client (an integration's API token): sends messages to waiting instances */
  integration: 'integration',
  /**
   * may ask for customers' personal data unmasked (`?reveal=true`); held beside another role,
   * every such read is recorded in the case's history
   */
  personalData: 'personal-data',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];
export const ALL_ROLES = Object.values(ROLES);

export const hasRole = (actor: Pick<Actor, 'roles'>, ...roles: Role[]) =>
  roles.some((r) => actor.roles.includes(r));

/** Sees every instance (administrators; designers, who migrate them). */
export const seesAllInstances = (actor: Actor) => hasRole(actor, 'admin', 'designer');

/**
 * The groups whose work the actor sees: their own, plus for supervisors the groups whose
 * `supervisor_group` is one of theirs (the groups table).
 */
export function workGroups(actor: Actor): string[] {
  if (!hasRole(actor, 'supervisor')) return actor.groups;
  return [...new Set([...actor.groups, ...(actor.supervises ?? [])])];
}

/**
 * SQL condition: task alias `t` is visible to the actor (assigned or offered to them, offered
 * to one of their work groups, or offered to nobody in particular). Params: $n actor id,
 * $n+1 work groups.
 */
export function taskVisibleSql(t: string, n: number): string {
  return `(${t}.assignee = $${n} OR $${n} = ANY(${t}.candidate_users) OR ${t}.candidate_groups && $${n + 1}::text[]
    OR (cardinality(${t}.candidate_groups) = 0 AND cardinality(${t}.candidate_users) = 0))`;
}

/**
 * SQL condition: instance alias `i` is visible to the actor. Params: $n actor id, $n+1 work
 * groups, $n+2 whether the actor sees every instance.
 */
export function instanceVisibleSql(i: string, n: number): string {
  return `($${n + 2}::boolean OR ${i}.started_by = $${n}
    OR EXISTS (SELECT 1 FROM tasks vt WHERE vt.instance_id = ${i}.id AND ${taskVisibleSql('vt', n)}))`;
}

export function instanceVisibleParams(actor: Actor): [string, string[], boolean] {
  return [actor.id, workGroups(actor), seesAllInstances(actor)];
}
