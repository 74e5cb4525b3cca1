/**
 * The access policy, the one place for "who may see and do what": the actor, the permissions, who
 * may see or work a task, and case and task visibility as SQL conditions for the store's
 * queries. docs/security.md has the table of what each role may do.
 */
export {
  DEFAULT_ROLES,
  DUTIES,
  PERMISSIONS,
  assertMayWorkOpenTask,
  caseActions,
  defaultPermissions,
  documentAccess,
  dutiesOf,
  may,
  mayEverWork,
  mayManageTokensOf,
  mayReassign,
  mayReassignTo,
  maySeeCase,
  mayUnclaim,
  mayWork,
  seesAllInstances,
  workGroups,
  worksEveryTask,
  type Actor,
  type DocumentAccess,
  type Duty,
  type Permission,
  type TaskAccess,
} from './policy.ts';
export { instanceVisibleParams, instanceVisibleSql, taskVisibleSql } from './visibility.ts';
