/**
 * The process's own settings (everything the meta-schema holds besides nodes and flows): pure
 * edits that keep the schema's key order and leave no empty object or list behind, and the
 * checks the settings panel makes as the designer types (the engine's problems come after the
 * save). Pointers are the engine's, so a local issue and an engine problem land on one field.
 *
 * @example
 *   let def = setSetting(def0, 'retention', 'P7Y');
 *   def = setSearch(def, 'customerName', 'claimantName');
 *   settingsIssues(def); // [] — or [{ pointer: '/retention', issue: 'duration' }]
 */
import type {
  CaseSearch,
  DefinitionRef,
  LocalizedText,
  ProcessDefinition,
  PublicAccess,
  PublicStep,
  PublicUpload,
} from '@caseway/engine/types';
import { isIsoDuration, isValidTimeZone } from '@caseway/engine/time';
import { withKey } from './model';

/** The process's own properties, in schema order. */
export const PROCESS_KEYS = [
  '$schema',
  'id',
  'version',
  'name',
  'description',
  'businessKey',
  'retention',
  'timeZone',
  'public',
  'search',
  'nodes',
  'flows',
] as const;
export type ProcessKey = (typeof PROCESS_KEYS)[number];

const PUBLIC_KEYS = ['intake', 'reference', 'steps', 'uploads'] as const;

/** What case search can find a case by (the meta-schema's CaseSearch keys), in its order. */
export const SEARCH_KINDS = [
  'customerName',
  'idNumber',
  'phone',
  'policyNumber',
  'claimNumber',
] as const satisfies readonly (keyof CaseSearch)[];
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Sets (or, with undefined, removes) a property of the process, in schema order. */
export function setSetting(
  def: ProcessDefinition,
  key: Exclude<ProcessKey, 'nodes' | 'flows' | 'id' | 'version' | '$schema'>,
  value: unknown,
): ProcessDefinition {
  return withKey(def, key, value, PROCESS_KEYS);
}

/** The start node's form (what the public intake and the case's first variables come from). */
export function startForm(def: ProcessDefinition): DefinitionRef | undefined {
  const start = def.nodes.find((n) => n.type === 'start');
  return start?.type === 'start' ? start.form : undefined;
}

/** Sets the start node's form (removed with undefined); unchanged without a start node. */
export function setStartForm(
  def: ProcessDefinition,
  ref: DefinitionRef | undefined,
): ProcessDefinition {
  const i = def.nodes.findIndex((n) => n.type === 'start');
  if (i < 0) return def;
  const nodes = [...def.nodes];
  nodes[i] = withKey(nodes[i]!, 'form', ref, ['id', 'type', 'name', 'description', 'form']);
  return { ...def, nodes };
}

/** Edits `public`: a property set or removed; an emptied object is removed altogether. */
export function setPublic<K extends keyof PublicAccess>(
  def: ProcessDefinition,
  key: K,
  value: PublicAccess[K] | undefined,
): ProcessDefinition {
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  const next = withKey(def.public ?? {}, key, empty ? undefined : value, PUBLIC_KEYS);
  return setSetting(def, 'public', Object.keys(next).length ? next : undefined);
}

/** Sets (or clears) the variable a kind of case search reads; an empty declaration is removed. */
export function setSearch(
  def: ProcessDefinition,
  kind: SearchKind,
  variable: string | undefined,
): ProcessDefinition {
  const next = withKey(def.search ?? {}, kind, variable?.trim() || undefined, SEARCH_KINDS);
  return setSetting(def, 'search', Object.keys(next).length ? next : undefined);
}

export const emptyText = (): LocalizedText => ({ 'zh-Hant': '', en: '' });
export const newStep = (): PublicStep => ({ label: emptyText(), nodes: [] });
export const newUpload = (message = ''): PublicUpload => ({ message, label: emptyText() });

/** `list` with item `i` moved by `by` places (unchanged at the ends). */
export function move<T>(list: readonly T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return [...list];
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the settings panel finds wrong before the engine does: the pointer and what is wrong. */
export interface SettingsIssue {
  pointer: string;
  issue:
    | 'bothLanguages'
    | 'duration'
    | 'timeZone'
    | 'variableName'
    | 'stepNodes'
    | 'unknownNode'
    | 'uploadMessage';
}

/** The settings' problems a designer can be told as they type. */
export function settingsIssues(def: ProcessDefinition): SettingsIssue[] {
  const out: SettingsIssue[] = [];
  const text = (value: LocalizedText | undefined, pointer: string, required: boolean) => {
    if (!value) {
      if (required) out.push({ pointer, issue: 'bothLanguages' });
      return;
    }
    if (!value['zh-Hant']?.trim() || !value.en?.trim())
      out.push({ pointer, issue: 'bothLanguages' });
  };
  text(def.name, '/name', true);
  text(def.description, '/description', false);
  if (def.retention !== undefined && !isIsoDuration(def.retention))
    out.push({ pointer: '/retention', issue: 'duration' });
  if (def.timeZone !== undefined && !isValidTimeZone(def.timeZone))
    out.push({ pointer: '/timeZone', issue: 'timeZone' });
  if (def.public?.reference !== undefined && !VARIABLE.test(def.public.reference))
    out.push({ pointer: '/public/reference', issue: 'variableName' });
  for (const kind of SEARCH_KINDS) {
    const v = def.search?.[kind];
    if (v !== undefined && !VARIABLE.test(v))
      out.push({ pointer: `/search/${kind}`, issue: 'variableName' });
  }
  const ids = new Set(def.nodes.map((n) => n.id));
  def.public?.steps?.forEach((s, i) => {
    text(s.label, `/public/steps/${i}/label`, true);
    if (!s.nodes.length) out.push({ pointer: `/public/steps/${i}/nodes`, issue: 'stepNodes' });
    else if (s.nodes.some((id) => !ids.has(id)))
      out.push({ pointer: `/public/steps/${i}/nodes`, issue: 'unknownNode' });
  });
  def.public?.uploads?.forEach((u, i) => {
    if (!u.message) out.push({ pointer: `/public/uploads/${i}/message`, issue: 'uploadMessage' });
    text(u.label, `/public/uploads/${i}/label`, true);
  });
  return out;
}
