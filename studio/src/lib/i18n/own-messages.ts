/**
 * For components that carry their own UI text and take the language as a prop (the form and
 * process editors, usable outside the studio's layout): the lookup and the fallback between
 * the two languages, written once.
 *
 * @example
 *   const MESSAGES = { add: { 'zh-Hant': (n: string) => `新增${n}`, en: (n: string) => `Add ${n}` } };
 *   export const t = messagesOf(MESSAGES);
 *   t('en', 'add', 'a field'); // 'Add a field'
 */
export type Lang = 'zh-Hant' | 'en';
export type Text = string | ((...args: string[]) => string);

/** A `t(lang, key, ...args)` over a table of texts in both languages. */
export function messagesOf<M extends Record<string, Record<Lang, Text>>>(messages: M) {
  return (lang: Lang, key: keyof M, ...args: (string | number)[]): string => {
    const text: Text = messages[key]![lang];
    return typeof text === 'function' ? text(...args.map(String)) : text;
  };
}

/** A definition's localized text in `lang` (else the other language, else `fallback`). */
export function localized(
  text: { 'zh-Hant'?: string; en?: string } | undefined | null,
  lang: Lang,
  fallback = '',
): string {
  if (!text || typeof text !== 'object') return fallback;
  return text[lang] || text[lang === 'en' ? 'zh-Hant' : 'en'] || fallback;
}
