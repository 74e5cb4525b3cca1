/** The case as the engine answers it to staff (`GET /api/tasks/{id}`'s `context`, `GET /api/cases/{id}`). */
import type { FormDefinition } from '@caseway/engine/types';

type Localized = { 'zh-Hant': string; en: string };

/** What was submitted at a step: the start data or a completed task, with its form. */
export interface Submission {
  kind: 'start' | 'task';
  nodeId: string;
  taskId: string | null;
  name: Localized | null;
  form: FormDefinition;
  data: Record<string, unknown>;
  by: string | null;
  byName: string | null;
  at: string;
}

/** A case variable a task's context shows, read as a field of `type`. */
export interface ShownVariable {
  name: string;
  label: Localized | null;
  type: 'text' | 'number' | 'integer' | 'money' | 'boolean' | 'date' | 'datetime';
  value: unknown;
}

export interface TaskCaseContext {
  submissions: Submission[];
  variables: ShownVariable[];
}
