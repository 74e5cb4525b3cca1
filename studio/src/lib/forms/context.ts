/**
 * What the renderer's nested pieces share: the language, the variables, the current data and
 * the ways to change it, ids, and the problems to show. Set once by FormRenderer; the getters
 * keep it reactive.
 */
import { getContext, setContext } from 'svelte';
import type { Data, FormTime, Path } from './data';
import type { Lang } from './messages';

export interface RendererContext {
  readonly lang: Lang;
  readonly variables: Data;
  /** When the form's FEEL runs: the engine's clock in the process's zone (data.ts formClock). */
  readonly time: FormTime;
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
  /** Whether the screen is phone-width (columns stack). */
  readonly narrow: boolean;
  /** Uploads a file for a file field; absent where files cannot be uploaded (the preview). */
  readonly upload?: Upload;
}

/** A stored attachment as a file field's value lists it. */
export interface AttachmentRef {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

/** Uploads one file for a field (its key path) and resolves to its reference, or rejects with a message. */
export type Upload = (file: File, path: Path) => Promise<AttachmentRef>;

const KEY = Symbol('caseway-form-renderer');

export function setRendererContext(ctx: RendererContext): void {
  setContext(KEY, ctx);
}

export function rendererContext(): RendererContext {
  return getContext<RendererContext>(KEY);
}
