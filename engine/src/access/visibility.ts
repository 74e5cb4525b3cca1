/**
 * Case and task visibility as SQL conditions, the same rules as ./policy.ts for the store's
 * queries (inbox, case lists, search, related cases), so a list never shows what a read of one
 * item would refuse. A contract test (policy.test.ts) holds both to the same answers.
 *
 * @example
 *   const sql = `… FROM instances i WHERE ${instanceVisibleSql('i', 1)}`;
 *   await db.query(sql, instanceVisibleParams(actor));
 */
import { seesAllInstances, workGroups, type Actor } from './policy.ts';

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
