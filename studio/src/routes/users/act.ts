/**
 * How the users page carries out a change: one at a time, then the page's data is reloaded and
 * what was done, or what the engine refused in the user's words, is said at the top.
 *
 * ```ts
 * const ok = await act(async () => {
 *   await createGroup(api, group);
 *   return t('groups.created', name);
 * });
 * ```
 */
import { ApiError } from '$lib/api';
import type { Lang } from '$lib/i18n';
import { usersText, type UsersTextKey } from '$lib/users';

/** What a change is about (the last administrator is said differently for each). */
export type About = 'user' | 'role';

/**
 * Carries out `work`, which returns what it did ('' to say nothing), and tells whether it
 * succeeded; false at once while another change is under way.
 */
export type Act = (work: () => Promise<string>, about?: About) => Promise<boolean>;

/** Says what the engine refused, in the user's words where the code is known. */
export function explain(lang: Lang, e: unknown, about: About): string {
  const t = (key: UsersTextKey, ...args: (string | number)[]) => usersText(lang, key, ...args);
  if (e instanceof ApiError) {
    if (e.code === 'CW_ERR_GROUP_EXISTS') return t('groups.exists');
    if (e.code === 'CW_ERR_USER_EXISTS') return t('users.exists');
    if (e.code === 'CW_ERR_ROLE_EXISTS') return t('roles.exists');
    if (e.code === 'CW_ERR_LAST_ADMIN')
      return t(about === 'role' ? 'roles.lastAdmin' : 'users.lastAdmin');
    const detail = e.details[0]?.message;
    return t('users.failed', detail ? `${e.message} ${detail}` : e.message);
  }
  return t('users.failed', e instanceof Error ? e.message : String(e));
}
