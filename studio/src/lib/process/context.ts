/** The editor's language, handed to the canvas's node components (rendered by Svelte Flow). */
import { getContext, hasContext, setContext } from 'svelte';
import type { Lang } from './messages';

const KEY = Symbol('caseway.process.lang');

export function setLangContext(getLang: () => Lang): void {
  setContext(KEY, getLang);
}

export function getLang(): () => Lang {
  return hasContext(KEY) ? getContext<() => Lang>(KEY) : () => 'zh-Hant';
}
