/**
 * Identity: users, groups, roles (the permissions each holds), passwords (scrypt), browser sessions with CSRF tokens, bearer API
 * tokens, the sign-in lockout and access-ended notices. What an actor may see and do is the
 * access policy (access/); docs/security.md describes the model.
 */
export { PASSWORD_MAX, PASSWORD_MIN } from './passwords.ts';
export { checkCredentials, setPassword, type LoginResult } from './login.ts';
export {
  CSRF_HEADER,
  SESSION_COOKIE,
  createSession,
  csrfToken,
  csrfValid,
  deleteSession,
  deleteUserSessions,
  findSession,
} from './sessions.ts';
export {
  createToken,
  ensureUser,
  findToken,
  hashToken,
  listTokens,
  newToken,
  revokeToken,
} from './tokens.ts';
export {
  actorOf,
  createGroup,
  createUser,
  displayNames,
  getUser,
  listGroups,
  listUsers,
  putGroup,
  groupMembers,
  updateUser,
} from './users.ts';
export { bootstrapAdminPassword } from './admin.ts';
export { createRole, listRoles, updateRole } from './roles.ts';
export { OidcClient, mapClaims } from './oidc.ts';
export { oidcSignIn } from './oidc-sign-in.ts';
export { directory } from './directory.ts';
export {
  accessChannel,
  announceAccessEnded,
  endsStream,
  type StreamAccess,
} from './access-ended.ts';
