/**
 * Drafts and publishing. A designer's draft of a definition is autosaved in PostgreSQL (so a
 * closed tab loses nothing) and validated on every save; publishing checks it once more,
 * writes it as the next version's file into the definitions folder (never over an existing
 * file), and the registry reloads so new instances can use it.
 *
 * @example
 *   await saveDraft(ledger, 'form', 'claim-report', body, 1, 'dana', now);
 *   const { version } = await publishDraft({ ledger, dir, registry, reload, actions }, 'form', 'claim-report', {
 *     note: 'Adds the repair shop field', by: 'dana', at: now,
 *   });
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createError, type ErrorDetail } from '../errors.ts';
import type { DefinitionLedger, DraftRecord } from './ledger.ts';
import type { DefinitionKind } from './meta-schemas.ts';
import { formatJson } from './json-file.ts';
import type { ActionCatalog, PeopleDirectory } from './lint.ts';
import { FOLDER, contentHash, validateBody, type DefinitionRegistry } from './registry.ts';

export interface Draft {
  kind: DefinitionKind;
  id: string;
  body: Record<string, unknown>;
  baseVersion: number | null;
  updatedAt: string;
  updatedBy: string;
}

const view = (d: DraftRecord): Draft => ({ ...d, updatedAt: d.updatedAt.toISOString() });

export async function listDrafts(ledger: DefinitionLedger): Promise<Omit<Draft, 'body'>[]> {
  return (await ledger.drafts()).map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() }));
}

export async function getDraft(
  ledger: DefinitionLedger,
  kind: DefinitionKind,
  id: string,
): Promise<Draft> {
  const d = await ledger.draft(kind, id);
  if (!d)
    throw createError('CW_ERR_NOT_FOUND', `no draft of ${kind} ${id}`, { data: { kind, id } });
  return view(d);
}

/** Saves (creates or replaces) a draft; the body is stored as it is, valid or not. */
export async function saveDraft(
  ledger: DefinitionLedger,
  kind: DefinitionKind,
  id: string,
  body: Record<string, unknown>,
  baseVersion: number | null,
  actor: string,
  now: Date,
): Promise<Draft> {
  return view(
    await ledger.putDraft({ kind, id, body, baseVersion, updatedAt: now, updatedBy: actor }),
  );
}

/**
 * Discards a draft: its edits are gone and the editor starts again from the latest version.
 * With `savedAt` (the save the designer last saw) a draft saved again since, by them in another
 * tab or by a colleague, is kept and refused with 409 `CW_ERR_DRAFT_CHANGED`; no draft is 404.
 */
export async function discardDraft(
  ledger: DefinitionLedger,
  kind: DefinitionKind,
  id: string,
  savedAt?: Date,
): Promise<void> {
  const done = await ledger.discardDraft(kind, id, savedAt);
  if (done === 'absent')
    throw createError('CW_ERR_NOT_FOUND', `no draft of ${kind} ${id}`, { data: { kind, id } });
  if (done === 'changed')
    throw createError('CW_ERR_DRAFT_CHANGED', undefined, {
      data: { kind, id, savedAt: savedAt?.toISOString() ?? null },
    });
}

/** The draft's body as the next version would be: id and version set, `$schema` first. */
export function asVersion(
  kind: DefinitionKind,
  id: string,
  version: number,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const { $schema: _s, id: _i, version: _v, ...rest } = body;
  return { $schema: `../../schema/${kind}.schema.json`, id, version, ...rest };
}

/**
 * Problems the draft would have as the next version (what saving reports, publishing refuses),
 * with the lint's warnings (`severity: 'warning'`, which publishing does not refuse); `people`
 * lets the lint check that a task's assignment reaches somebody.
 */
export function draftProblems(
  registry: DefinitionRegistry,
  actions: ActionCatalog,
  kind: DefinitionKind,
  id: string,
  body: Record<string, unknown>,
  people?: PeopleDirectory,
): ErrorDetail[] {
  const next = nextVersion(registry, kind, id);
  return validateBody(kind, asVersion(kind, id, next, body), {
    ...registry.scope(actions),
    ...(people ? { people } : {}),
  });
}

/** The version a new draft of the id would be published as. */
export function nextVersion(
  registry: DefinitionRegistry,
  kind: DefinitionKind,
  id: string,
): number {
  return Math.max(0, ...registry.versionsOf(kind, id).map((v) => v.version)) + 1;
}

export interface PublishDeps {
  ledger: DefinitionLedger;
  dir: string;
  registry: () => DefinitionRegistry;
  reload: () => Promise<DefinitionRegistry>;
  actions: ActionCatalog;
  /**
   * Checks the version about to be written, after validation (a process's saved scenarios are
   * replayed here); throwing refuses the publish and nothing is written.
   */
  check?: (kind: DefinitionKind, body: Record<string, unknown>) => Promise<void>;
}

/** Why a draft is published (required, a sentence for the version list), by whom, when. */
export interface Publication {
  note: string;
  by: string;
  at: Date;
}

/**
 * Publishes a draft as the next version with its change note: refused without a note (400
 * `CW_ERR_PUBLISH_NOTE_REQUIRED`), when it has problems (400, with pointers), when
 * the check refuses it (a saved scenario leaves its path: 422), when
 * a newer version appeared since it began, or when it equals the latest version (409). The file
 * is created exclusively, so two engines publishing at once cannot overwrite each other.
 */
export async function publishDraft(
  deps: PublishDeps,
  kind: DefinitionKind,
  id: string,
  publication: Publication,
): Promise<{
  kind: DefinitionKind;
  id: string;
  version: number;
  note: string;
  publishedBy: string;
  publishedAt: string;
}> {
  const note = publication.note.trim();
  if (!note) throw createError('CW_ERR_PUBLISH_NOTE_REQUIRED', undefined, { data: { kind, id } });
  const draft = await getDraft(deps.ledger, kind, id);
  const registry = deps.registry();
  const versions = registry.versionsOf(kind, id);
  const latest = versions.at(-1);
  if ((latest?.version ?? null) !== draft.baseVersion)
    throw createError('CW_ERR_DRAFT_STALE', undefined, {
      data: { kind, id, baseVersion: draft.baseVersion, latestVersion: latest?.version ?? null },
    });
  const folder = join(deps.dir, FOLDER[kind], id);
  const onDisk = await readdir(folder).catch(() => [] as string[]);
  const version =
    Math.max(
      nextVersion(registry, kind, id) - 1,
      ...onDisk.map((f) => Number(/^v([1-9][0-9]*)\.json$/.exec(f)?.[1] ?? 0)),
    ) + 1;
  const body = asVersion(kind, id, version, draft.body);
  const problems = validateBody(kind, body, registry.scope(deps.actions), { warnings: false });
  if (problems.length)
    throw createError('CW_ERR_VALIDATION', 'The draft has problems; fix them before publishing.', {
      details: problems,
      data: { kind, id },
    });
  if (latest && contentHash({ ...body, version: latest.version }) === latest.hash)
    throw createError('CW_ERR_DRAFT_UNCHANGED', undefined, {
      data: { kind, id, version: latest.version },
    });
  await deps.check?.(kind, body);
  await mkdir(folder, { recursive: true });
  try {
    await writeFile(join(folder, `v${version}.json`), await formatJson(body), { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw createError('CW_ERR_DRAFT_STALE', `v${version} of ${kind} ${id} was just published`, {
        data: { kind, id },
      });
    throw e;
  }
  await deps.ledger.recordPublication({
    kind,
    id,
    version,
    note,
    publishedBy: publication.by,
    publishedAt: publication.at,
  });
  await deps.reload();
  return {
    kind,
    id,
    version,
    note,
    publishedBy: publication.by,
    publishedAt: publication.at.toISOString(),
  };
}
