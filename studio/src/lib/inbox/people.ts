/**
 * People by name: staff read display names, not login ids. The engine answers with names
 * beside ids (`actorName`, `assigneeName`, `completedByName`, a `people` map); the actors
 * that are no user are named here: the customer, the engine itself, a parent case.
 *
 * ```ts
 * personName('en', 'zhiming', { zhiming: '林志明' }); // '林志明'
 * personName('en', 'public');                       // 'The customer'
 * ```
 */
import type { Lang } from '$lib/i18n';

const ACTORS: Record<string, Record<Lang, string>> = {
  public: { 'zh-Hant': '客戶', 'zh-Hans': '客户', en: 'The customer' },
  system: { 'zh-Hant': '系統', 'zh-Hans': '系统', en: 'The system' },
};
const PARENT: Record<Lang, string> = {
  'zh-Hant': '上層案件',
  'zh-Hans': '上层案件',
  en: 'The parent case',
};

/** The name to show for a user id or actor (the id itself when no name is known). */
export function personName(
  lang: Lang,
  id: string | null | undefined,
  people: Record<string, string | null | undefined> = {},
): string {
  if (!id) return '';
  const known = people[id];
  if (known) return known;
  if (ACTORS[id]) return ACTORS[id][lang];
  if (id.startsWith('instance:')) return PARENT[lang];
  return id;
}

/**
 * The same name inside a sentence ("Sent by the customer on …"): an actor that is no user is
 * written in lower case there in English.
 */
export function personWithin(
  lang: Lang,
  id: string | null | undefined,
  people: Record<string, string | null | undefined> = {},
): string {
  const name = personName(lang, id, people);
  return lang === 'en' && id && !people[id] ? name.replace(/^The /, 'the ') : name;
}
