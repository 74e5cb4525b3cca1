/**
 * What the renderer's nested pieces share: the language, the variables, the current data and
 * the ways to change it, ids, and the problems to show. Set once by FormRenderer; the getters
 * keep it reactive.
 */
import { getContext, setContext } from 'svelte';
import type { Data, Path } from './data';
import type { Lang } from './messages';

export interface RendererContext {
  readonly lang: Lang;
  readonly variables: Data;
  /** The data as typed, hidden values kept (so showing a field again restores them). */
  readonly raw: Data;
  set(path: Path, value: unknown): void;
  addItem(path: Path, count: number): void;
  removeItem(path: Path, index: number, count: number): void;
  touch(path: Path): void;
  /** The messages to show for a field now (client rules once touched, server until edited). */
  errors(path: Path): string[];
  /** A stable element id for a field (and its parts: `${id}-help`, `${id}-error`). */
  id(path: Path): string;
  announce(message: string): void;
}

const KEY = Symbol('caseway-form-renderer');

export function setRendererContext(ctx: RendererContext): void {
  setContext(KEY, ctx);
}

export function rendererContext(): RendererContext {
  return getContext<RendererContext>(KEY);
}
