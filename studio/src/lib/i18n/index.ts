/**
 * The studio's languages: Traditional Chinese (the default), Simplified Chinese and English.
 *
 * The current language lives in the `lang` cookie (read by hooks.server.ts, passed down as
 * layout data); the root layout puts an {@link I18n} into the component context and every
 * component reads it with {@link useI18n}:
 *
 * ```svelte
 * <script lang="ts">
 *   import { useI18n } from '$lib/i18n';
 *   const i18n = useI18n();
 * </script>
 * <h1>{i18n.t('definitions.title')}</h1>
 * <td>{i18n.label(definition.name)}</td>
 * ```
 *
 * Outside the layout (component tests) `useI18n()` answers in Chinese unless a test calls
 * `setI18n(() => 'en')` first.
 */
import { getContext, hasContext, setContext } from 'svelte';
import { langFromHeader } from '@caseway/engine/locale';
import { formatInstant, isValidTimeZone } from '@caseway/engine/time';
import { MESSAGES, type MessageKey } from './messages';
import { LANGS, labelIn, messagesOf, type Lang, type Params } from './table';

export type { MessageKey } from './messages';
export {
  LANGS,
  fill,
  labelIn,
  messagesOf,
  type Lang,
  type Messages,
  type Params,
  type Text,
} from './table';

export const DEFAULT_LANG: Lang = 'zh-Hant';
/** The cookie holding the chosen language. */
export const LANG_COOKIE = 'lang';

/** What each language calls itself, for the language switch. */
export const LANG_NAMES: Record<Lang, string> = {
  'zh-Hant': '繁體',
  'zh-Hans': '简体',
  en: 'English',
};

/**
 * The business's zone (the zone of the shipped `cn-mainland` calendar): the days reports and
 * dashboards count in, and the viewer's zone until the browser has said its own (the `tz`
 * cookie). Times are shown in the viewer's zone ({@link I18n.instant}).
 */
export const TIME_ZONE = 'Asia/Shanghai';

/**
 * The cookie holding the viewer's time zone: the root layout writes the browser's zone into it,
 * so the server renders the viewer's times as the browser will.
 */
export const ZONE_COOKIE = 'tz';

/** The viewer's zone from the cookie (anything the time module does not know: {@link TIME_ZONE}). */
export function parseZone(value: string | null | undefined): string {
  return value && isValidTimeZone(value) ? value : TIME_ZONE;
}

/** The browser's own time zone (the viewer's), or null outside a browser. */
export function browserZone(): string | null {
  if (typeof window === 'undefined') return null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isValidTimeZone(zone) ? zone : null;
}

/**
 * A supported language from a cookie value; without one (a first visit), Simplified Chinese when
 * the browser's Accept-Language asks for it (zh-CN, zh-Hans…, q-values honoured), else the default.
 */
export function parseLang(value: string | null | undefined, acceptLanguage?: string | null): Lang {
  const chosen = LANGS.find((l) => l === value);
  if (chosen) return chosen;
  return langFromHeader(acceptLanguage ?? undefined) === 'zh-Hans' ? 'zh-Hans' : DEFAULT_LANG;
}

/** The Intl locale dates and numbers are shown in for a language. */
export function intlLocale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : lang === 'zh-Hans' ? 'zh-Hans-CN' : 'zh-Hant-TW';
}

/** `translate('en', 'user.signedInAs', { name: 'Dana' })` → `Signed in as Dana`. */
export const translate: (lang: Lang, key: MessageKey, params?: Params) => string =
  messagesOf(MESSAGES);

export interface I18n {
  readonly lang: Lang;
  /** The UI text of `key` in the current language, `{name}` placeholders filled from params. */
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A definition label (`{ "zh-Hant", "en" }`) in the current language. */
  label(value: unknown, fallback?: string): string;
  /** The viewer's time zone (IANA name). */
  readonly zone: string;
  /**
   * An instant in the viewer's zone with the zone's short name, through the engine's time
   * module (`Sat, 5 Dec 2026, 11:59 GMT+8`): every time the studio shows (draft saves and
   * publishes, a case's start and end, its tasks, notes, history and SLA due instants) is shown
   * this way, so one instant reads the same on every page and says which zone it is in.
   */
  instant(value: string | number | Date): string;
}

/**
 * An I18n following `getLang` and `getZone` (reactive when they read reactive state, e.g.
 * layout data).
 */
export function createI18n(getLang: () => Lang, getZone: () => string = () => TIME_ZONE): I18n {
  return {
    get lang() {
      return getLang();
    },
    get zone() {
      return getZone();
    },
    instant: (value) =>
      formatInstant(value instanceof Date ? value.getTime() : value, getZone(), getLang()),
    t: (key, params) => translate(getLang(), key, params),
    label: (value, fallback) => labelIn(getLang(), value, fallback),
  };
}

const KEY = Symbol('caseway.i18n');

/**
 * Makes `getLang`'s language (and `getZone`'s time zone) the one of this component's
 * descendants (the root layout).
 */
export function setI18n(getLang: () => Lang, getZone?: () => string): I18n {
  return setContext(KEY, createI18n(getLang, getZone));
}

/**
 * The context `setI18n` gives, for rendering a component on its own (component tests:
 * `render(C, { props, context: i18nContext('en', 'Europe/London') })`).
 */
export function i18nContext(lang: Lang, zone: string = TIME_ZONE): Map<symbol, I18n> {
  return new Map([
    [
      KEY,
      createI18n(
        () => lang,
        () => zone,
      ),
    ],
  ]);
}

/** The current language's helpers; call during component initialisation. */
export function useI18n(): I18n {
  return hasContext(KEY) ? getContext<I18n>(KEY) : createI18n(() => DEFAULT_LANG);
}
