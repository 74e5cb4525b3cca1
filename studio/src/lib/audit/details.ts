/**
 * An audit entry's details in words, one line each: what changed from what to what, a publish's
 * change note, which secrets were set or cleared, the data keys in use. Values as they are
 * (names, roles and group ids); lists joined as the language writes them.
 *
 * @example
 *   details('en', { action: 'user.changed', data: { roles: { before: ['staff'], after: ['admin'] } } });
 *   // ['roles: staff → admin']
 */
import type { Lang } from '$lib/i18n';
import { permissionName } from '$lib/users/messages';
import { auditText } from './messages';

type Data = Record<string, unknown>;

const isData = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

export function details(lang: Lang, e: { action: string; data: Data }): string[] {
  const t = (key: Parameters<typeof auditText>[1], ...args: string[]) =>
    auditText(lang, key, ...args);
  const list = (v: unknown): string => {
    if (Array.isArray(v))
      return v.length ? v.map(String).join(lang === 'en' ? ', ' : '、') : t('nothing');
    if (v === null || v === undefined || v === '') return t('nothing');
    if (typeof v === 'boolean') return t(v ? 'yes' : 'no');
    if (isData(v)) return String(v[lang] ?? v.en ?? JSON.stringify(v));
    return String(v);
  };
  /** Permissions by the names the roles screen gives them. */
  const permissions = (v: unknown) =>
    Array.isArray(v) ? v.map((p) => permissionName(lang, String(p))) : v;
  const FIELDS = ['displayName', 'roles', 'groups', 'disabled', 'supervisorGroup'];
  const field = (k: string) =>
    FIELDS.includes(k) ? t(`field.${k}` as Parameters<typeof auditText>[1]) : k;
  const d = e.data;
  switch (e.action) {
    case 'definition.published':
      return typeof d.note === 'string' ? [t('note', d.note)] : [];
    case 'user.created':
      return [
        `${list(d.displayName)} · ${list(d.roles)} · ${list(d.groups)}`,
        ...(d.password ? [t('withPassword')] : []),
      ];
    case 'user.changed':
      return Object.entries(d)
        .filter(([, v]) => isData(v))
        .map(([k, v]) => t('changed', field(k), list((v as Data).before), list((v as Data).after)));
    case 'group.changed':
      return [
        `${list(d.name)}${d.created ? t('created') : ''}`,
        ...(d.supervisorGroup
          ? [
              t(
                'changed',
                field('supervisorGroup'),
                list(d.previousSupervisorGroup),
                list(d.supervisorGroup),
              ),
            ]
          : []),
      ];
    case 'role.created':
      return [`${list(d.name)}`, t('permissions', list(permissions(d.permissions)))];
    case 'role.changed': {
      const p = isData(d.permissions) ? d.permissions : null;
      return [
        ...(isData(d.name)
          ? [t('changed', field('displayName'), list(d.name.before), list(d.name.after))]
          : []),
        ...(p && Array.isArray(p.added) && p.added.length
          ? [t('permissionsAdded', list(permissions(p.added)))]
          : []),
        ...(p && Array.isArray(p.removed) && p.removed.length
          ? [t('permissionsRemoved', list(permissions(p.removed)))]
          : []),
      ];
    }
    case 'plugin.configured':
      return [t('fields', list(d.fields))];
    case 'plugin.secrets-set':
      return [
        ...(Array.isArray(d.set) && d.set.length ? [t('secretsSet', list(d.set))] : []),
        ...(Array.isArray(d.cleared) && d.cleared.length
          ? [t('secretsCleared', list(d.cleared))]
          : []),
      ];
    case 'data-keys.changed':
      return [
        t('keys', list(d.current), list(d.keys)),
        ...(isData(d.previous) ? [t('previousKeys', list(d.previous.current))] : []),
      ];
    case 'migration.started':
      return [
        t(
          'migration',
          d.fromVersion == null ? t('anyVersion') : String(d.fromVersion),
          String(d.toVersion),
          String(d.cases),
        ),
      ];
    case 'migration.cancelled':
      return [
        t(
          'migrationCancelled',
          d.fromVersion == null ? t('anyVersion') : String(d.fromVersion),
          String(d.toVersion),
          String(d.moved),
          String(d.cancelled),
        ),
      ];
    case 'clocks.replayed':
      // entries before task due dates were replayed have no `tasks`
      return [
        d.tasks == null
          ? t('replayed', String(d.clocks ?? 0), String(d.timers ?? 0))
          : t('replayedTasks', String(d.clocks ?? 0), String(d.timers ?? 0), String(d.tasks)),
      ];
    default:
      return [];
  }
}
