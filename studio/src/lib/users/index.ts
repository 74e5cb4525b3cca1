/**
 * Users and groups (administrators), starting a case (those who work cases), and which page
 * each role lands on.
 */
export * from './api';
export { holds, homeOf, type Duty } from './home';
export { permissionName, usersText, type UsersTextKey } from './messages';
