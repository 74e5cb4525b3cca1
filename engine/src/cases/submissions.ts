/**
 * What was submitted on a case, step by step: the start data (with the start form) and every
 * completed user task (with the form version it was completed on), by whom and when. A task's
 * worker sees the earlier ones beside the form, as the user task's `context` chooses (every
 * earlier submission by default); the case page shows them all.
 *
 * @example
 *   const all = await caseSubmissions(deps, instance);
 *   const seen = taskContext(node, all, instance.state.variables, { before: task });
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import { history, tasks, type Db, type InstanceRow } from '../store/index.ts';
import { dataFields, isLayout } from '../forms/index.ts';
import type {
  ContextVariable,
  FormDefinition,
  FormField,
  LocalizedText,
  ProcessDefinition,
  UserTaskNode,
} from '../generated/index.ts';
import { displayNames } from '../identity/index.ts';

export interface Submission {
  /** `start`: what the case was started with; `task`: a completed user task. */
  kind: 'start' | 'task';
  nodeId: string;
  taskId: string | null;
  /** The step's name in the process definition. */
  name: LocalizedText | null;
  /** The form it was submitted on (only the chosen parts when a task's context narrows it). */
  form: FormDefinition;
  data: Record<string, unknown>;
  /** Who submitted it: a user id, `public` for the customer, `system`. */
  by: string | null;
  byName: string | null;
  at: string;
}

export interface ShownVariable {
  name: string;
  label: LocalizedText | null;
  type: NonNullable<ContextVariable['type']>;
  value: unknown;
}

interface Deps {
  db: Pick<Db, 'query'>;
  registry: DefinitionRegistry;
}

const formOrNull = (registry: DefinitionRegistry, id: string, version?: number | null) => {
  try {
    return registry.form(id, version);
  } catch {
    return null; // a version the registry no longer holds: the step is left out
  }
};

/** Every submission of the case, oldest first. */
export async function caseSubmissions(deps: Deps, instance: InstanceRow): Promise<Submission[]> {
  let definition: ProcessDefinition | undefined;
  try {
    definition = deps.registry.process(instance.process_id, instance.process_version).definition;
  } catch {
    definition = undefined;
  }
  const nameOf = (nodeId: string) =>
    (definition?.nodes.find((n) => n.id === nodeId)?.name as LocalizedText | undefined) ?? null;
  const out: Submission[] = [];

  const start = definition?.nodes.find((n) => n.type === 'start');
  const startForm =
    start?.type === 'start' && start.form
      ? formOrNull(deps.registry, start.form.id, start.form.version)
      : null;
  if (start && startForm) {
    const h = await history.firstEntryOf(deps.db, instance.id, 'instance.started');
    const variables = h?.data?.variables;
    if (h && variables && typeof variables === 'object')
      out.push({
        kind: 'start',
        nodeId: start.id,
        taskId: null,
        name: nameOf(start.id),
        form: startForm,
        data: onlyFormData(startForm, variables as Record<string, unknown>),
        by: h.actor,
        byName: null,
        at: h.at.toISOString(),
      });
  }

  for (const t of await tasks.completedTasksOf(deps.db, instance.id)) {
    const form = formOrNull(deps.registry, t.form_id, t.form_version);
    if (!form) continue;
    out.push({
      kind: 'task',
      nodeId: t.node_id,
      taskId: t.id,
      name: nameOf(t.node_id),
      form,
      data: t.data ?? {},
      by: t.completed_by,
      byName: null,
      at: t.completed_at!.toISOString(),
    });
  }
  const names = await displayNames(
    deps.db,
    out.map((s) => s.by),
  );
  for (const s of out) s.byName = (s.by && names[s.by]) || null;
  return out;
}

/**
 * What a user task's worker sees: the submissions its `context` lists (in that order, each
 * narrowed to the chosen sections), or every earlier submission when it has none; never the
 * task's own. Variables only when the context names them.
 */
export function taskContext(
  node: UserTaskNode | undefined,
  all: readonly Submission[],
  variables: Record<string, unknown>,
  taskId: string,
): { submissions: Submission[]; variables: ShownVariable[] } {
  const earlier = all.filter((s) => s.taskId !== taskId);
  const context = node?.context;
  if (!context) return { submissions: earlier, variables: [] };
  const submissions = (context.submissions ?? []).flatMap((want) =>
    earlier
      .filter((s) => s.nodeId === want.node)
      .map((s) => (want.sections ? narrowed(s, want.sections) : s)),
  );
  return {
    submissions,
    variables: (context.variables ?? []).map((v) => {
      // without its own label and type, a variable reads as the field that last set it
      const field = v.label && v.type ? undefined : fieldOf(all, v.name);
      return {
        name: v.name,
        label: v.label ?? field?.label ?? null,
        type: v.type ?? readAs(field?.type),
        value: variables[v.name] ?? null,
      };
    }),
  };
}

/** The data field of this key in the newest submission that has one. */
function fieldOf(all: readonly Submission[], key: string): FormField | undefined {
  for (let i = all.length - 1; i >= 0; i--) {
    const f = dataFields(all[i]!.form.fields).find((x) => x.key === key);
    if (f) return f;
  }
  return undefined;
}

const READ_AS: ReadonlySet<string> = new Set([
  'number',
  'integer',
  'money',
  'boolean',
  'date',
  'datetime',
]);
/** How a form field's value reads as a shown variable (text unless it is a kind of its own). */
function readAs(type: string | undefined): ShownVariable['type'] {
  return type && READ_AS.has(type) ? (type as ShownVariable['type']) : 'text';
}

/** A submission with only the chosen parts of its form, and only their data. */
export function narrowed(s: Submission, keys: readonly string[]): Submission {
  const form = { ...s.form, fields: pick(s.form.fields, new Set(keys)) };
  return { ...s, form, data: onlyFormData(form, s.data) };
}

/**
 * The fields of one data level that are chosen, or lay chosen ones out: a chosen field (or
 * section, page or group) whole, a section or page holding chosen fields with only those.
 */
function pick(fields: FormField[], keys: ReadonlySet<string>): FormField[] {
  return fields.flatMap((f) => {
    if (keys.has(f.key)) return [f];
    if (!isLayout(f)) return [];
    const inner = pick(f.fields ?? [], keys);
    return inner.length ? [{ ...f, fields: inner }] : [];
  });
}

/** The data of a form's fields only (the start variables hold nothing else, task data neither). */
function onlyFormData(form: FormDefinition, data: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const f of dataFields(form.fields)) if (f.key in data) out[f.key] = data[f.key];
  return out;
}
