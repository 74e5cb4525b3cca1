/**
 * The editor's language, handed to the canvas's node components (rendered by Svelte Flow), and
 * the FEEL suggestions of the node being edited, handed to every FEEL field of its panel.
 */
import { getContext, hasContext, setContext } from 'svelte';
import type { FeelCompletion } from '../feel/completion';
import type { Lang } from './messages';

const KEY = Symbol('caseway.process.lang');

export function setLangContext(getLang: () => Lang): void {
  setContext(KEY, getLang);
}

export function getLang(): () => Lang {
  return hasContext(KEY) ? getContext<() => Lang>(KEY) : () => 'zh-Hant';
}

const COMPLETIONS = Symbol('caseway.process.completions');

/** The suggestions of the selected node's FEEL fields, per property (`output`, `condition`, …). */
export type CompletionSource = (property: string) => FeelCompletion[];

export function setCompletionContext(source: CompletionSource): void {
  setContext(COMPLETIONS, source);
}

/** The suggestions for `property` of the node being edited (none outside a properties panel). */
export function getCompletionContext(): CompletionSource {
  return hasContext(COMPLETIONS) ? getContext<CompletionSource>(COMPLETIONS) : () => [];
}

const OPEN_SCOPE = Symbol('caseway.process.openScope');

/** Opens a subprocess on the canvas (its node double-clicked), given by the editor. */
export function setOpenScopeContext(open: (subProcessId: string) => void): void {
  setContext(OPEN_SCOPE, open);
}

/** The editor's way to open a subprocess; nothing outside an editor (a read-only diagram). */
export function getOpenScopeContext(): ((subProcessId: string) => void) | undefined {
  return hasContext(OPEN_SCOPE)
    ? getContext<(subProcessId: string) => void>(OPEN_SCOPE)
    : undefined;
}
