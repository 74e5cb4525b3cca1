/**
 * What the SLA editor's pickers and FEEL completion choose from: the processes and calendars
 * the engine has (GET /api/definitions?kind=…), and the body of the process the SLA watches
 * with the forms it refers to (fetched when a process is picked, so its variables are offered
 * at once in the target, start time and condition expressions).
 *
 * @example
 *   const catalogue = createSlaCatalogue(await loadSlaCatalogue(api, sla.process), api);
 *   catalogue.process({ id: 'claim' }); // the latest version's body, once loaded
 */
import type {
  DefinitionRef,
  FormDefinition,
  LocalizedText,
  ProcessDefinition,
} from '@caseway/engine/types';
import { SvelteMap } from 'svelte/reactivity';
import type { Api, DefinitionSummary } from '../api';
import {
  createCatalogue,
  EMPTY_CATALOGUE,
  formRefs,
  type DefinitionChoice,
} from '../process/catalogue.svelte';
import type { VariableSources } from '@caseway/engine/design';

/** What the page loads for the SLA editor. */
export interface SlaCatalogueData {
  processes: DefinitionChoice[];
  calendars: DefinitionChoice[];
  forms: DefinitionChoice[];
  /** Bodies of the process already picked (the version it names and, unpinned, the latest). */
  processBodies: ProcessDefinition[];
  /** The forms those processes refer to. */
  formBodies: FormDefinition[];
}

export interface SlaCatalogue extends VariableSources {
  processes: DefinitionChoice[];
  calendars: DefinitionChoice[];
  /** The process body a reference names (the latest when unpinned), once known. */
  process(ref: DefinitionRef): ProcessDefinition | undefined;
  /** Asks for a process's body and its forms; known ones are not asked again. */
  need(ref: DefinitionRef): void;
}

export const EMPTY_SLA_CATALOGUE: SlaCatalogueData = {
  processes: [],
  calendars: [],
  forms: [],
  processBodies: [],
  formBodies: [],
};

const key = (id: string, version: number | 'latest') => `${id}@${version}`;

const choice = (d: DefinitionSummary): DefinitionChoice => ({
  id: d.id,
  name: (d.name as LocalizedText | null) ?? null,
  versions: d.versions,
  latestVersion: d.latestVersion,
});

async function fetchBody<T>(api: Api, kind: 'process' | 'form', ref: DefinitionRef): Promise<T> {
  const r = ref.version
    ? await api.definitionVersion(kind, ref.id, ref.version)
    : await api.definition(kind, ref.id);
  return r.body as unknown as T;
}

/**
 * The catalogue's data from the engine, with the body of the process `ref` names (the SLA's
 * process, if any) and its forms; what the designer may not read is left empty.
 */
export async function loadSlaCatalogue(
  api: Api,
  ref: DefinitionRef | undefined,
): Promise<SlaCatalogueData> {
  const soft = <T>(p: Promise<T>, empty: T) => p.catch(() => empty);
  const none = { items: [] as DefinitionSummary[] };
  const [processes, calendars, forms] = await Promise.all([
    soft(api.definitions('process'), none),
    soft(api.definitions('calendar'), none),
    soft(api.definitions('form'), none),
  ]);
  const published = (list: DefinitionSummary[]) =>
    list.filter((d) => d.latestVersion !== null).map(choice);
  const data: SlaCatalogueData = {
    processes: published(processes.items),
    calendars: published(calendars.items),
    forms: published(forms.items),
    processBodies: [],
    formBodies: [],
  };
  if (!ref?.id || !data.processes.some((p) => p.id === ref.id)) return data;
  const body = await soft(fetchBody<ProcessDefinition>(api, 'process', ref), null);
  if (!body) return data;
  const refs = formRefs(body).filter((r) => data.forms.some((f) => f.id === r.id));
  const bodies = await Promise.all(
    refs.map((r) => soft(fetchBody<FormDefinition>(api, 'form', r), null)),
  );
  return {
    ...data,
    processBodies: [body],
    formBodies: bodies.filter((f): f is FormDefinition => !!f),
  };
}

/**
 * A live catalogue: process and form bodies fetched on demand through `api` (none: only the
 * given ones). Reading `process()` or `form()` inside an effect or a derived value re-runs it
 * when the body arrives.
 */
export function createSlaCatalogue(data: SlaCatalogueData, api?: Api): SlaCatalogue {
  const forms = createCatalogue(
    { ...EMPTY_CATALOGUE, forms: data.forms, formBodies: data.formBodies },
    api,
  );
  const bodies = new SvelteMap<string, ProcessDefinition | null>();
  const remember = (p: ProcessDefinition) => {
    bodies.set(key(p.id, p.version), p);
    const latest = data.processes.find((c) => c.id === p.id)?.latestVersion;
    if (latest === p.version || latest === undefined) bodies.set(key(p.id, 'latest'), p);
  };
  data.processBodies.forEach(remember);
  return {
    processes: data.processes,
    calendars: data.calendars,
    form: (ref) => forms.form(ref),
    process: (ref) => bodies.get(key(ref.id, ref.version ?? 'latest')) ?? undefined,
    need(ref) {
      const k = key(ref.id, ref.version ?? 'latest');
      const known = bodies.get(k);
      if (known) {
        for (const r of formRefs(known)) forms.need(r);
        return;
      }
      if (!api || !ref.id || bodies.has(k)) return;
      const listed = data.processes.some(
        (p) => p.id === ref.id && (!ref.version || p.versions.includes(ref.version)),
      );
      if (!listed) return;
      bodies.set(k, null);
      fetchBody<ProcessDefinition>(api, 'process', ref).then(
        (p) => {
          remember(p);
          bodies.set(k, p);
          for (const r of formRefs(p)) forms.need(r);
        },
        () => bodies.delete(k),
      );
    },
  };
}
