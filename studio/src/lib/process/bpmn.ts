/**
 * BPMN 2.0 XML in and out from the studio: send a file to the engine's import
 * (POST /api/import/bpmn), keep the draft's problems for the editor to list and its diagram's
 * positions as the canvas layout; and the address of a version's export
 * (GET …/versions/{v}/bpmn) carrying the canvas layout as node centres.
 *
 * The canvas draws tasks half as wide again as bpmn.io does, so x is scaled by `SCALE_X` on the
 * way in and back on the way out: a diagram keeps its proportions in both tools.
 *
 * @example
 *   const imported = await importBpmn(xml, { lang: 'en', csrfToken });
 *   saveLayout(id, layoutFromCentres(imported.process, imported.layout));
 *   const href = exportHref('claim', 4, claimV4, loadLayout('claim'));
 */
import type { ProcessDefinition } from '@caseway/engine/types';
import { ApiError, type Answer } from '$lib/api';
import type { Layout } from './model';
import { shapeSize } from './shapes';

export const SCALE_X = 1.5;

/** What the engine's import answers (the process typed as the studio reads definitions). */
export type BpmnImport = Omit<Answer<'/api/import/bpmn', 'post'>, 'process'> & {
  process: ProcessDefinition;
};
export type ImportProblem = BpmnImport['problems'][number];

/** Sends XML to one of the engine's imports; refusals come back as ApiError (code, details, message). */
export async function postXml<T>(
  path: '/api/import/bpmn' | '/api/import/dmn',
  xml: string,
  o: { lang: string; csrfToken: string | null; fetch?: typeof fetch },
): Promise<T> {
  const res = await (o.fetch ?? fetch)(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      accept: 'application/json',
      'accept-language': o.lang,
      ...(o.csrfToken ? { 'x-csrf-token': o.csrfToken } : {}),
    },
    body: xml,
  });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = { message: text };
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body as T;
}

/** Sends BPMN XML to the engine; refusals come back as ApiError (code, details, message). */
export function importBpmn(
  xml: string,
  o: { lang: string; csrfToken: string | null; fetch?: typeof fetch },
): Promise<BpmnImport> {
  return postXml<BpmnImport>('/api/import/bpmn', xml, o);
}

/** `id`, or `id-2`, `id-3`… : the first that nothing else uses. */
export function freeId(id: string, taken: (id: string) => boolean): string {
  if (!taken(id)) return id;
  const base = id.slice(0, 60);
  for (let k = 2; ; k++) if (!taken(`${base}-${k}`)) return `${base}-${k}`;
}

/** The canvas layout (top-left corners) of a diagram's centres. */
export function layoutFromCentres(
  def: ProcessDefinition,
  centres: Record<string, { x: number; y: number }>,
): Layout {
  const out: Layout = {};
  for (const n of def.nodes) {
    const c = centres[n.id];
    if (!c) continue;
    const s = shapeSize(n.type);
    out[n.id] = {
      x: Math.round(c.x * SCALE_X - s.width / 2),
      y: Math.round(c.y - s.height / 2),
    };
  }
  return out;
}

/** The address of a version's BPMN, with the canvas positions of its nodes as centres. */
export function exportHref(
  id: string,
  version: number,
  def: ProcessDefinition | null,
  layout: Layout | null,
): string {
  const base = `/api/definitions/process/${encodeURIComponent(id)}/versions/${version}/bpmn`;
  if (!def || !layout) return base;
  const centres: Record<string, [number, number]> = {};
  for (const n of def.nodes) {
    const p = layout[n.id];
    if (!p) continue;
    const s = shapeSize(n.type);
    centres[n.id] = [Math.round((p.x + s.width / 2) / SCALE_X), Math.round(p.y + s.height / 2)];
  }
  return Object.keys(centres).length
    ? `${base}?layout=${encodeURIComponent(JSON.stringify(centres))}`
    : base;
}

/** An import's problems are kept per kind and id (a process and a table may share an id). */
type Imported = 'process' | 'decision';
const key = (id: string, kind: Imported) =>
  kind === 'process' ? `caseway.bpmn-import.${id}` : `caseway.${kind}-import.${id}`;

/** Keeps an import's problems for the editor that opens the draft (this tab only). */
export function keepImportProblems(
  id: string,
  problems: ImportProblem[],
  storage: Storage | undefined = globalThis.sessionStorage,
  kind: Imported = 'process',
): void {
  try {
    storage?.setItem(key(id, kind), JSON.stringify(problems));
  } catch {
    // storage full or refused: the editor simply lists none
  }
}

/** The problems of the import that made this draft, or null. */
export function importProblems(
  id: string,
  storage: Storage | undefined = globalThis.sessionStorage,
  kind: Imported = 'process',
): ImportProblem[] | null {
  try {
    const text = storage?.getItem(key(id, kind));
    const parsed: unknown = text ? JSON.parse(text) : null;
    return Array.isArray(parsed) ? (parsed as ImportProblem[]) : null;
  } catch {
    return null;
  }
}

export function forgetImportProblems(
  id: string,
  storage: Storage | undefined = globalThis.sessionStorage,
  kind: Imported = 'process',
): void {
  try {
    storage?.removeItem(key(id, kind));
  } catch {
    // nothing kept
  }
}
