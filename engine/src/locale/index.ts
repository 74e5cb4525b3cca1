/**
 * Languages: which ones Caseway speaks, how a label is read in one of them, and how a
 * request's language is chosen. The one home of these rules, shared by the engine (error
 * messages, notices, public pages, lint) and the studio (`@caseway/engine/locale`).
 *
 * A definition's `LocalizedText` is a map of BCP 47 tags to text: `zh-Hant` and `en` are
 * required, any other tag may be added (`zh-Hans`, `ja`…). A label is read through a fallback
 * chain: zh-Hans → zh-Hant (converted to Simplified Chinese by {@link toSimplified}, the plugin
 * SDK's converter, `@caseway/plugin-sdk/locale`, re-exported here) → en;
 * any other language → en. So a published definition, which is immutable and has no zh-Hans,
 * still reads in Simplified Chinese; a new version that writes its own zh-Hans wins.
 *
 * @example
 *   textIn({ 'zh-Hant': '理賠申請', en: 'Claim' }, 'zh-Hans'); // '理赔申请'
 *   textIn({ 'zh-Hant': '理賠申請', en: 'Claim', 'zh-Hans': '理赔申报' }, 'zh-Hans'); // '理赔申报'
 *   langFromHeader('en;q=0.5, zh-CN'); // 'zh-Hans'
 */
export { toSimplified } from '@caseway/plugin-sdk/locale';
import { toSimplified } from '@caseway/plugin-sdk/locale';

/** The languages Caseway answers in: its UI, its messages and its notices. */
export type Lang = 'zh-Hant' | 'zh-Hans' | 'en';

/**
 * The form of a locale key in a `LocalizedText`: a BCP 47 language tag of language, optional
 * script and optional region (`en`, `zh-Hant`, `zh-Hans`, `pt-BR`, `zh-Hant-HK`). The
 * meta-schemas use the same pattern, so lint refuses `zh_TW` or `english` with its pointer.
 */
export const LOCALE_TAG_PATTERN = '^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?$';

/**
 * The languages a label is read in for `lang`, best first: zh-Hans → zh-Hant → en, zh-Hant →
 * en, en → zh-Hant (a label always has both), any other tag → its language → en.
 */
function fallbackChain(lang: string): string[] {
  if (lang === 'zh-Hans') return ['zh-Hans', 'zh-Hant', 'en'];
  if (lang === 'zh-Hant') return ['zh-Hant', 'en'];
  if (lang === 'en') return ['en', 'zh-Hant'];
  const base = lang.split('-')[0]!;
  return [...new Set([lang, base, 'en', 'zh-Hant'])];
}

/**
 * A `LocalizedText` in `lang` through {@link fallbackChain}: in zh-Hans, a text that has only
 * zh-Hant is converted to Simplified Chinese (once per distinct text, cached). A plain string is
 * itself; anything else is `fallback`.
 */
export function textIn(value: unknown, lang: string, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return fallback;
  const texts = value as Record<string, unknown>;
  for (const l of fallbackChain(lang)) {
    const text = texts[l];
    if (typeof text !== 'string' || !text) continue;
    return lang === 'zh-Hans' && l === 'zh-Hant' ? toSimplified(text) : text;
  }
  return fallback;
}

/**
 * One of a message's texts by language, written as a zh-Hant and an English text: zh-Hans is
 * the zh-Hant text converted (cached).
 *
 * @example
 *   say('zh-Hans', '請先開始試行', 'start the play first'); // '请先开始试行'
 */
export function say(lang: string, zhHant: string, en: string): string {
  if (lang === 'zh-Hant') return zhHant;
  if (lang === 'zh-Hans') return toSimplified(zhHant);
  return en;
}

/** The supported language a BCP 47 tag asks for, or null (`zh-CN` → zh-Hans, `zh-TW` → zh-Hant). */
function langOfTag(tag: string): Lang | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return null;
  const rest = parts.slice(1);
  if (rest.includes('hans')) return 'zh-Hans';
  if (rest.includes('hant')) return 'zh-Hant';
  if (rest.includes('cn') || rest.includes('sg') || rest.includes('my')) return 'zh-Hans';
  // zh, zh-TW, zh-HK, zh-MO: Traditional, as Caseway answered every Chinese tag before zh-Hans
  return 'zh-Hant';
}

/** At most this many languages of an Accept-Language header are read (hostile headers). */
const MAX_RANGES = 20;

/**
 * The language to answer a request in from its Accept-Language header: the supported language
 * of the highest q-value (ties: the order sent; `q=0` refuses), English when none is supported.
 *
 * @example
 *   langFromHeader('zh-TW,zh;q=0.9,en;q=0.8'); // 'zh-Hant'
 *   langFromHeader('fr, zh-Hans;q=0.7, en;q=0.3'); // 'zh-Hans'
 */
export function langFromHeader(header: string | undefined): Lang {
  if (!header || typeof header !== 'string') return 'en';
  const ranges = header
    .slice(0, 1000)
    .split(',')
    .slice(0, MAX_RANGES)
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { lang: langOfTag(tag), q: q ? Number(q[1]) : 1, order };
    })
    .filter((r): r is { lang: Lang; q: number; order: number } => r.lang !== null && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranges[0]?.lang ?? 'en';
}
