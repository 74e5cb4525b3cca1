/**
 * What definitions/ keeps outside the definitions folder, as an interface (store/ implements it
 * on PostgreSQL: `definitionLedger(db)`): the ledger of recorded versions, which makes a
 * published version immutable across restarts and engines, and the designers' drafts.
 *
 * @example
 *   const ledger = definitionLedger(db); // from store/
 *   const registry = await loadDefinitions({ ledger, dir: 'definitions', actions });
 *   await saveDraft(ledger, 'form', 'claim-report', body, 1, 'dana', now);
 */
import type { DefinitionKind } from './meta-schemas.ts';

/** A version as the ledger recorded it the first time it loaded. */
export interface RecordedVersion {
  kind: DefinitionKind;
  id: string;
  version: number;
  /** contentHash of the body. */
  hash: string;
  body: { id: string; version: number } & Record<string, unknown>;
  /** The file it was read from (`processes/claim/v1.json`). */
  source: string | null;
}

/** A designer's draft of the next version of a definition, valid or not. */
export interface DraftRecord {
  kind: DefinitionKind;
  id: string;
  body: Record<string, unknown>;
  /** The latest version when the draft began (null: a new definition). */
  baseVersion: number | null;
  updatedAt: Date;
  updatedBy: string;
}

/** Why a version was published (its change note), by whom and when. */
export interface PublicationRecord {
  kind: DefinitionKind;
  id: string;
  version: number;
  note: string;
  publishedBy: string;
  publishedAt: Date;
}

export interface DefinitionLedger {
  /** Every version recorded so far. */
  recordedVersions(): Promise<RecordedVersion[]>;
  /**
   * How many versions are recorded. The ledger only grows, so an engine whose registry holds
   * fewer has missed a version published through another engine.
   */
  size(): Promise<number>;
  /**
   * Records a version unless one with its kind, id and version is recorded already (engines
   * may record at once); returns the hash the ledger holds for it afterwards.
   */
  recordVersion(v: RecordedVersion): Promise<string | undefined>;
  /** Every draft without its body, by kind and id. */
  drafts(): Promise<Omit<DraftRecord, 'body'>[]>;
  draft(kind: DefinitionKind, id: string): Promise<DraftRecord | undefined>;
  /** Creates or replaces a draft. */
  putDraft(d: DraftRecord): Promise<DraftRecord>;
  /**
   * Removes a draft; with `savedAt`, only while it is still the one saved at that instant:
   * 'removed', 'changed' (saved again since, kept) or 'absent'.
   */
  discardDraft(
    kind: DefinitionKind,
    id: string,
    savedAt?: Date,
  ): Promise<'removed' | 'changed' | 'absent'>;
  /** Records a publish (its change note) and removes the draft it came from, at once. */
  recordPublication(p: PublicationRecord): Promise<void>;
  /** The publishes of a definition, by version (versions added to the folder by hand have none). */
  publications(kind: DefinitionKind, id: string): Promise<PublicationRecord[]>;
}
