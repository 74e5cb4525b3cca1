/**
 * An editor's draft: edits are autosaved to the engine (debounced) with the validator's
 * problems kept, and the draft is published as the next version. The SLA and calendar
 * editor pages share it (the form editor page has the same steps inline).
 *
 * ```ts
 * const session = new DraftSession('sla', id, start, () => api());
 * session.edit(next);        // saves 800 ms later
 * await session.publish();   // saves now, then publishes
 * ```
 */
import { ApiError, type Api, type DefinitionKind, type Problem } from '../api';
import type { EditorStart } from './draft-load';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export class DraftSession<T> {
  body: T = $state.raw() as T;
  baseVersion: number | null = $state(null);
  published: number | null = $state(null);
  problems: Problem[] = $state([]);
  saveState: SaveState = $state('idle');
  savedAt: Date | null = $state(null);
  saveError = $state('');
  publishing = $state(false);
  /** The version just published by this session. */
  justPublished: number | null = $state(null);
  publishProblems: Problem[] = $state([]);
  /** 'stale' (409) or the engine's message. */
  publishError = $state('');

  #timer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> | null = null;
  #dirty = false;

  constructor(
    readonly kind: DefinitionKind,
    readonly id: string,
    start: EditorStart<T>,
    private readonly api: () => Promise<Api>,
    private readonly delayMs = 800,
  ) {
    this.body = start.body;
    this.baseVersion = start.baseVersion;
    this.published = start.published;
    this.problems = start.problems;
  }

  /** A new body: shown at once, saved after the delay. */
  edit(next: T): void {
    this.body = next;
    this.#dirty = true;
    this.justPublished = null;
    this.saveState = 'pending';
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.save(), this.delayMs);
  }

  /** Saves the draft now if it changed (waits for a save in flight first). */
  async save(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.saveState = 'saving';
    const body = this.body;
    this.#saving = (async () => {
      try {
        const draft = await (
          await this.api()
        ).saveDraft(this.kind, this.id, body, this.baseVersion);
        this.problems = draft.problems;
        this.savedAt = new Date(draft.updatedAt);
        this.saveState = this.#dirty ? 'pending' : 'saved';
      } catch (e) {
        this.#dirty = true;
        this.saveState = 'failed';
        this.saveError = e instanceof Error ? e.message : String(e);
      } finally {
        this.#saving = null;
      }
    })();
    await this.#saving;
  }

  /** Saves, then publishes the draft as the next version. */
  async publish(): Promise<void> {
    this.publishing = true;
    this.publishProblems = [];
    this.publishError = '';
    this.justPublished = null;
    try {
      this.#dirty = true;
      await this.save();
      if (this.saveState === 'failed') return;
      const result = await (await this.api()).publishDraft(this.kind, this.id);
      this.justPublished = result.version;
      this.published = result.version;
      this.baseVersion = result.version;
      this.problems = [];
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) this.publishError = 'stale';
      else if (e instanceof ApiError) {
        this.publishError = e.message;
        this.publishProblems = e.details;
      } else this.publishError = String(e);
    } finally {
      this.publishing = false;
    }
  }

  /** Whether leaving now would lose an edit. */
  get unsaved(): boolean {
    return (
      this.saveState === 'pending' || this.saveState === 'saving' || this.saveState === 'failed'
    );
  }

  /** On leaving the page: save a pending edit at once. */
  flush(): void {
    if (this.#timer) void this.save();
  }
}
