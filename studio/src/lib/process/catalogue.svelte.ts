/**
 * What the process editor's pickers and completion choose from: the forms and processes the
 * engine has (GET /api/definitions?kind=…), the actions (GET /api/actions), the message names
 * processes already use, and the bodies of the forms the process refers to (fetched when a form
 * is picked, so its fields become variables at once), and the users and groups a user task can be
 * given to (GET /api/directory).
 *
 * @example
 *   const catalogue = createCatalogue(api, await loadCatalogue(api, body));
 *   catalogue.form({ id: 'claim-intake' }); // the latest version's body, once loaded
 */
import type {
  DefinitionRef,
  FormDefinition,
  LocalizedText,
  ProcessDefinition,
} from '@caseway/engine/types';
import { SvelteMap } from 'svelte/reactivity';
import type { Api, DirectoryGroup, DirectoryUser } from '../api';
import type { ActionInfo, VariableSources } from '@caseway/engine/design';

/** A definition one can pick: its id, name and versions. */
export interface DefinitionChoice {
  id: string;
  name: LocalizedText | null;
  versions: number[];
  latestVersion: number | null;
}

/** A message name and the processes that wait for it. */
export interface MessageChoice {
  name: string;
  processes: string[];
}

export interface Catalogue extends VariableSources {
  forms: DefinitionChoice[];
  processes: DefinitionChoice[];
  /** Decision tables business rule tasks may evaluate. */
  decisions: DefinitionChoice[];
  actions: ActionInfo[];
  messages: MessageChoice[];
  /** Who a user task can be given to (empty: the designer may not read them, or none). */
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  /** Asks for a form's body (the version it names, else the latest); known ones are not asked again. */
  need(ref: DefinitionRef): void;
}

/** What the page loads for the catalogue. */
export interface CatalogueData {
  forms: DefinitionChoice[];
  processes: DefinitionChoice[];
  decisions?: DefinitionChoice[];
  actions: ActionInfo[];
  messages: MessageChoice[];
  formBodies: FormDefinition[];
  users?: DirectoryUser[];
  groups?: DirectoryGroup[];
}

const key = (id: string, version: number | 'latest') => `${id}@${version}`;

/**
 * Message names the processes wait for (catch events and customer uploads), merged into `known`
 * (already collected ones), sorted.
 */
export function messageChoices(
  processes: ProcessDefinition[],
  known: readonly MessageChoice[] = [],
): MessageChoice[] {
  const by = new Map<string, Set<string>>(known.map((m) => [m.name, new Set(m.processes)]));
  const add = (name: string | undefined, process: string) => {
    if (!name) return;
    if (!by.has(name)) by.set(name, new Set());
    by.get(name)!.add(process);
  };
  for (const p of processes) {
    for (const n of p.nodes)
      if (n.type === 'messageCatch' || n.type === 'boundaryMessage') add(n.message, p.id);
    for (const u of p.public?.uploads ?? []) add(u.message, p.id);
  }
  return [...by]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, ps]) => ({ name, processes: [...ps].sort() }));
}

/** Form references of a process body (start and user tasks). */
export function formRefs(def: ProcessDefinition): DefinitionRef[] {
  return def.nodes.flatMap((n) =>
    (n.type === 'start' || n.type === 'userTask') && n.form?.id ? [n.form] : [],
  );
}

/** The catalogue's data from the engine (what the designer may not read is left empty). */
export async function loadCatalogue(api: Api, def: ProcessDefinition): Promise<CatalogueData> {
  const soft = <T>(p: Promise<T>, empty: T) => p.catch(() => empty);
  const [forms, processes, actions, people, decisions] = await Promise.all([
    soft(api.definitions('form'), { items: [] }),
    soft(api.definitions('process'), { items: [] }),
    soft(api.get('/api/actions') as Promise<{ items: ActionInfo[] }>, { items: [] }),
    soft(api.directory(), { users: [], groups: [] }),
    soft(api.definitions('decision'), { items: [] }),
  ]);
  const choice = (d: (typeof forms.items)[number]): DefinitionChoice => ({
    id: d.id,
    name: (d.name as LocalizedText | null) ?? null,
    versions: d.versions,
    latestVersion: d.latestVersion,
  });
  const loaded = processes.items.filter((p) => p.latestVersion !== null);
  const [bodies, formBodies] = await Promise.all([
    Promise.all(
      loaded.map((p) =>
        soft(
          api.definition('process', p.id).then((d) => d.body as unknown as ProcessDefinition),
          null,
        ),
      ),
    ),
    Promise.all(formRefs(def).map((ref) => soft(fetchForm(api, ref), null))),
  ]);
  return {
    forms: forms.items.filter((f) => f.latestVersion !== null).map(choice),
    processes: loaded.map(choice),
    decisions: decisions.items.filter((d) => d.latestVersion !== null).map(choice),
    actions: actions.items,
    messages: messageChoices(bodies.filter((b): b is ProcessDefinition => !!b && b.id !== def.id)),
    formBodies: formBodies.filter((f): f is FormDefinition => !!f),
    users: people.users,
    groups: people.groups,
  };
}

async function fetchForm(api: Api, ref: DefinitionRef): Promise<FormDefinition> {
  const r = ref.version
    ? await api.definitionVersion('form', ref.id, ref.version)
    : await api.definition('form', ref.id);
  return r.body as unknown as FormDefinition;
}

/**
 * A live catalogue: form bodies fetched on demand through `api` (none: only the given ones).
 * Reading `form()` inside an effect or a derived value re-runs it when the body arrives.
 */
export function createCatalogue(data: CatalogueData, api?: Api): Catalogue {
  const bodies = new SvelteMap<string, FormDefinition | null>();
  const remember = (f: FormDefinition) => {
    bodies.set(key(f.id, f.version), f);
    const latest = data.forms.find((c) => c.id === f.id)?.latestVersion;
    if (latest === f.version || latest === undefined) bodies.set(key(f.id, 'latest'), f);
  };
  data.formBodies.forEach(remember);
  const actions = new Map(data.actions.map((a) => [a.name, a]));
  return {
    forms: data.forms,
    processes: data.processes,
    decisions: data.decisions ?? [],
    actions: data.actions,
    messages: data.messages,
    users: data.users ?? [],
    groups: data.groups ?? [],
    form: (ref) => bodies.get(key(ref.id, ref.version ?? 'latest')) ?? undefined,
    // a pinned `<plugin>@<range>/<action>`: the catalogue's (highest) version of it
    action: (name) => actions.get(name) ?? actions.get(name.replace(/@[^/]*\//, '/')),
    need(ref) {
      const k = key(ref.id, ref.version ?? 'latest');
      if (!api || !ref.id || bodies.has(k)) return;
      if (
        !data.forms.some(
          (f) => f.id === ref.id && (!ref.version || f.versions.includes(ref.version)),
        )
      )
        return;
      bodies.set(k, null);
      fetchForm(api, ref).then(
        (f) => {
          remember(f);
          bodies.set(k, f);
        },
        () => bodies.delete(k),
      );
    },
  };
}

/** An empty catalogue (an editor shown without an engine). */
export const EMPTY_CATALOGUE: CatalogueData = {
  forms: [],
  processes: [],
  actions: [],
  messages: [],
  formBodies: [],
};
