/**
 * An editor's draft, the one mechanism every definition editor (process, form, SLA, calendar)
 * uses: edits are autosaved to the engine (debounced) with the validator's problems and the
 * lint's warnings kept; the draft is published as the next version with a change note, or
 * discarded (the editor starts again from the latest version). `guardDraft` (draft-guard.ts)
 * saves pending edits when the designer leaves the page; an edit sent as the page unloaded is
 * kept in the tab's session storage and saved again if the reloaded page did not get it.
 *
 * ```ts
 * const session = new DraftSession('sla', id, start, { api, reload });
 * session.edit(next);                    // saves 800 ms later
 * await session.publish('Warn at 80%');  // saves now, then publishes
 * await session.discard();               // back to the latest version
 * ```
 */
import { ApiError, type Api, type DefinitionKind, type Problem, type Published } from '../api';
import type { EditorStart } from './draft-load';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export interface DraftSessionOptions<T> {
  /** The API client for writes (synchronous, so a save can still be sent as the page unloads). */
  api: () => Api;
  /** The editor's start loaded again from the engine (after a discard). */
  reload: () => Promise<EditorStart<T>>;
  /** The autosave delay after the last edit. */
  delayMs?: number;
}

export class DraftSession<T> {
  body: T = $state.raw() as T;
  baseVersion: number | null = $state(null);
  /** The latest published version (null: never published). */
  published: number | null = $state(null);
  problems: Problem[] = $state.raw([]);
  warnings: Problem[] = $state.raw([]);
  /** Whether the engine holds a draft of the definition (false: editing the latest version). */
  hasDraft = $state(false);
  /** The engine's instant of the draft's last save (ISO), and who saved it. */
  savedAt: string | null = $state(null);
  savedBy: string | null = $state(null);
  saveState: SaveState = $state('idle');
  saveError = $state('');
  publishing = $state(false);
  /** The version just published by this session, with its note. */
  justPublished: Published | null = $state(null);
  publishProblems: Problem[] = $state.raw([]);
  /** 'stale' (409), 'note' (no note) or the engine's message, with its code. */
  publishError = $state('');
  publishCode = $state('');
  discarding = $state(false);
  /** Set when this session's discard went through (the editor shows the latest version again). */
  justDiscarded = $state(false);
  /** 'changed' (saved again elsewhere since) or the engine's message. */
  discardError = $state('');
  /** Counts the restarts from the engine (a discard): editors keyed on it start afresh. */
  generation = $state(0);

  #timer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> | null = null;
  #dirty = false;
  readonly #options: DraftSessionOptions<T>;

  constructor(
    readonly kind: DefinitionKind,
    readonly id: string,
    start: EditorStart<T>,
    options: DraftSessionOptions<T>,
  ) {
    this.#options = options;
    this.#start(start);
    this.#recover();
  }

  /** Where an edit sent as the page unloaded is kept in this tab until the page is back. */
  get #unloadKey(): string {
    return `caseway.unsaved:${this.kind}/${this.id}`;
  }

  /**
   * The page is back after a reload: an edit sent with `keepalive` as it unloaded may not have
   * reached the engine before the new page read the draft (the browser sends it while the new
   * page loads). The copy kept in this tab is shown again and saved again; the same body twice
   * changes nothing, and a copy older than a minute is from another visit and only dropped.
   */
  #recover(): void {
    if (typeof sessionStorage === 'undefined') return;
    const kept = sessionStorage.getItem(this.#unloadKey);
    if (kept === null) return;
    sessionStorage.removeItem(this.#unloadKey);
    let copy: { body: T; baseVersion: number | null; at: number };
    try {
      copy = JSON.parse(kept) as typeof copy;
    } catch {
      return;
    }
    if (Date.now() - copy.at > 60_000 || copy.baseVersion !== this.baseVersion) return;
    if (JSON.stringify(copy.body) === JSON.stringify(this.body)) return;
    this.edit(copy.body);
  }

  #start(start: EditorStart<T>): void {
    this.body = start.body;
    this.baseVersion = start.baseVersion;
    this.published = start.published;
    this.problems = start.problems;
    this.warnings = start.warnings;
    this.hasDraft = start.source === 'draft';
    this.savedAt = start.savedAt;
    this.savedBy = start.savedBy;
    this.saveState = 'idle';
    this.saveError = '';
  }

  /** A new body: shown at once, saved after the delay. */
  edit(next: T): void {
    this.body = next;
    this.#dirty = true;
    this.justPublished = null;
    this.publishError = '';
    this.justDiscarded = false;
    this.discardError = '';
    this.saveState = 'pending';
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.save(), this.#options.delayMs ?? 800);
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
        const draft = await this.#options
          .api()
          .saveDraft(this.kind, this.id, body, this.baseVersion);
        this.problems = draft.problems;
        this.warnings = draft.warnings ?? [];
        this.publishProblems = [];
        this.hasDraft = true;
        this.savedAt = draft.updatedAt;
        this.savedBy = draft.updatedBy;
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

  /** Whether there is something to publish: a stored draft or an edit not saved yet. */
  get publishable(): boolean {
    return this.hasDraft || this.#dirty || this.saveState === 'pending';
  }

  /** Saves, then publishes the draft as the next version with its change note. */
  async publish(note: string): Promise<boolean> {
    this.publishProblems = [];
    this.publishError = '';
    this.publishCode = '';
    this.justPublished = null;
    this.justDiscarded = false;
    if (!note.trim()) {
      this.publishError = 'note';
      return false;
    }
    this.publishing = true;
    try {
      await this.save();
      if (this.saveState === 'failed') return false;
      const result = await this.#options.api().publishDraft(this.kind, this.id, note.trim());
      this.justPublished = result;
      this.published = result.version;
      this.baseVersion = result.version;
      this.problems = [];
      this.warnings = [];
      this.hasDraft = false;
      this.savedAt = null;
      this.savedBy = null;
      this.saveState = 'idle';
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CW_ERR_DRAFT_STALE') this.publishError = 'stale';
      else if (e instanceof ApiError && e.code === 'CW_ERR_PUBLISH_NOTE_REQUIRED')
        this.publishError = 'note';
      else if (e instanceof ApiError) {
        this.publishError = e.message;
        this.publishCode = e.code;
        this.publishProblems = e.details;
      } else this.publishError = String(e);
      return false;
    } finally {
      this.publishing = false;
    }
  }

  /**
   * Throws the draft away, edits not saved yet included, and starts again from the latest
   * version. Refused ('changed') when the draft was saved again since this session last saw
   * it, by the designer in another tab or by a colleague: nothing unseen is lost.
   */
  async discard(): Promise<boolean> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#dirty = false;
    if (this.#saving) await this.#saving;
    this.#dirty = false;
    this.discarding = true;
    this.discardError = '';
    this.justPublished = null;
    try {
      if (this.hasDraft)
        await this.#options
          .api()
          .deleteDraft(this.kind, this.id, this.savedAt)
          .catch((e) => {
            // gone already (published or discarded elsewhere): nothing left to throw away
            if (!(e instanceof ApiError && e.status === 404)) throw e;
          });
      this.#start(await this.#options.reload());
      this.generation += 1;
      this.justDiscarded = true;
      return true;
    } catch (e) {
      this.saveState = this.hasDraft ? 'saved' : 'idle';
      this.discardError =
        e instanceof ApiError && e.code === 'CW_ERR_DRAFT_CHANGED'
          ? 'changed'
          : e instanceof Error
            ? e.message
            : String(e);
      return false;
    } finally {
      this.discarding = false;
    }
  }

  /** Whether leaving now would lose an edit. */
  get unsaved(): boolean {
    return (
      this.saveState === 'pending' || this.saveState === 'saving' || this.saveState === 'failed'
    );
  }

  /** Saves a pending edit at once (on leaving the page within the studio). */
  flush(): void {
    if (this.#timer || this.#dirty) void this.save();
  }

  /**
   * The page is unloading (reload, closed tab, another site): the edit not saved yet, or being
   * saved, is sent with `keepalive`, which the browser completes after the page is gone.
   */
  flushOnUnload(): void {
    if (!this.#dirty && !this.#saving) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      sessionStorage.setItem(
        this.#unloadKey,
        JSON.stringify({ body: this.body, baseVersion: this.baseVersion, at: Date.now() }),
      );
    } catch {
      /* no storage (private mode, full): the keepalive save alone */
    }
    this.#options
      .api()
      .saveDraft(this.kind, this.id, this.body, this.baseVersion, { keepalive: true })
      .catch(() => {
        /* too large for keepalive (64 kB) or refused: the browser's prompt still warns */
      });
  }
}
