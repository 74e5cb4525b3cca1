/**
 * Identity: users, groups, roles, passwords (scrypt), browser sessions with CSRF tokens,
 * bearer API tokens and the sign-in lockout. The HTTP layer (http/auth.ts and the auth and
 * users routes) is the only caller; docs/security.md describes the model.
 */
export {
  ROLES,
  ALL_ROLES,
  assertMayWorkOpenTask,
  documentAccess,
  hasRole,
  mayEverWork,
  mayWork,
  instanceVisibleParams,
  instanceVisibleSql,
  seesAllInstances,
  taskVisibleSql,
  workGroups,
  type DocumentAccess,
  type Role,
  type TaskAccess,
} from './roles.ts';
export { PASSWORD_MAX, PASSWORD_MIN, hashPassword, verifyPassword } from './passwords.ts';
export { checkCredentials, setPassword, type LoginPolicy, type LoginResult } from './login.ts';
export {
  CSRF_HEADER,
  SESSION_COOKIE,
  createSession,
  csrfToken,
  csrfValid,
  deleteSession,
  deleteUserSessions,
  findSession,
  type SessionPolicy,
} from './sessions.ts';
export {
  createToken,
  ensureUser,
  hashToken,
  listTokens,
  newToken,
  revokeToken,
  type TokenInfo,
} from './tokens.ts';
export {
  createUser,
  displayNames,
  getUser,
  listGroups,
  listUsers,
  putGroup,
  updateUser,
  type GroupInfo,
  type UserInfo,
} from './users.ts';
export { adminExists, bootstrapAdminPassword, createAdmin } from './admin.ts';
export {
  accessChannel,
  announceAccessEnded,
  endsStream,
  type AccessEnded,
  type StreamAccess,
} from './access-ended.ts';
