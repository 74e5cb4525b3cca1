/**
 * The one way the studio holds UI text: a table of keys, each with its text in every language
 * (a string with `{name}` placeholders, or a function of positional values), and one lookup
 * over it. The studio's own messages (./messages.ts, `useI18n().t`) and each part's messages
 * (process, forms, case, supervision, users, plugins…: `lib/<part>/messages.ts`, usable outside
 * the studio's layout where the language is a prop) are such tables.
 *
 * @example
 *   const MESSAGES = {
 *     add: { 'zh-Hant': (n: string) => `新增${n}`, en: (n: string) => `Add ${n}` },
 *     hello: { 'zh-Hant': '您好，{name}', en: 'Hello, {name}' },
 *   } satisfies Messages;
 *   export const t = messagesOf(MESSAGES);
 *   t('en', 'add', 'a field'); // 'Add a field'
 *   t('en', 'hello', { name: 'Mei' }); // 'Hello, Mei'
 */
import { textIn } from '@caseway/engine/locale';

export const LANGS = ['zh-Hant', 'zh-Hans', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type Text = string | ((...args: string[]) => string);
/** A table of UI text: every key in every language (zh-Hant, zh-Hans, en). */
export type Messages = Record<string, Record<Lang, Text>>;
/** Values for a text's `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** `{name}` placeholders of `text` filled from `params` (unknown ones left as they are). */
export function fill(text: string, params: Params = {}): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/**
 * The lookup over a table: `t(lang, key, ...values)` calls a function text with the values,
 * and fills a string text's placeholders from a parameters object.
 */
export function messagesOf<M extends Messages>(messages: M) {
  return (lang: Lang, key: keyof M, ...args: (string | number | Params | undefined)[]): string => {
    const text: Text = messages[key]![lang];
    if (typeof text === 'function')
      return text(...args.filter((a) => a !== undefined && typeof a !== 'object').map(String));
    const params = args.find((a): a is Params => typeof a === 'object');
    return params ? fill(text, params) : text;
  };
}

/**
 * A definition's `LocalizedText` in the given language through the engine's fallback chain
 * (zh-Hans → zh-Hant converted to Simplified Chinese → en; zh-Hant ↔ en), a plain string as it
 * is, else `fallback`. One rule with the engine's (`@caseway/engine/locale`).
 */
export function labelIn(lang: Lang, value: unknown, fallback = ''): string {
  return textIn(value, lang, fallback);
}
