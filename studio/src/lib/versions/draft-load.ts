/**
 * What an editor page starts from: the definition's draft if one is in progress, else its
 * latest version, else (a new id) `empty(id)`. The draft's problems, warnings and last save
 * come with it.
 */
import { createApi, isAbsent, type DefinitionKind, type Problem } from '../api';

export interface EditorStart<T> {
  id: string;
  source: 'draft' | 'version' | 'new';
  body: T;
  baseVersion: number | null;
  /** The latest published version (null: never published). */
  published: number | null;
  problems: Problem[];
  /** The lint's warnings (they do not stop publishing). */
  warnings: Problem[];
  /** The engine's instant of the draft's last save, and by whom (null: no draft). */
  savedAt: string | null;
  savedBy: string | null;
  /**
   * A form's preview clock (null for other kinds and for a form never published): the engine's
   * instant and the zone of a process that uses the form.
   */
  clock?: { now: string; zone: string; process: string | null } | null;
}

export async function loadEditorStart<T>(
  fetch: typeof globalThis.fetch,
  kind: DefinitionKind,
  id: string,
  empty: (id: string) => T,
): Promise<EditorStart<T>> {
  const api = createApi({ fetch });
  const absent = (e: unknown) => {
    if (isAbsent(e)) return null;
    throw e;
  };
  const [draft, definition] = await Promise.all([
    api.draft(kind, id).catch(absent),
    api.definition(kind, id).catch(absent),
  ]);
  const published = definition?.latestVersion ?? null;
  const clock = definition?.clock ?? null;
  if (draft)
    return {
      id,
      source: 'draft',
      body: draft.body as T,
      baseVersion: draft.baseVersion,
      published,
      problems: draft.problems,
      warnings: draft.warnings ?? [],
      savedAt: draft.updatedAt,
      savedBy: draft.updatedBy,
      clock,
    };
  const none = { problems: [], warnings: [], savedAt: null, savedBy: null, clock };
  if (definition)
    return {
      id,
      source: 'version',
      body: definition.body as T,
      baseVersion: published,
      published,
      ...none,
    };
  return { id, source: 'new', body: empty(id), baseVersion: null, published, ...none };
}
