/**
 * The case as the engine answers it to staff (`GET /api/cases/{id}`, `GET /api/tasks/{id}`'s
 * `context`), as its OpenAPI document says (`npm run gen` writes `../api-schema.d.ts`). The
 * document gives a submission's form as an open object (a definition body): its type is the
 * form definition's own.
 */
import type { FormDefinition } from '@caseway/engine/types';
import type { Answer, Schema } from '../api';

/** The case read as the document gives it. */
type CaseAnswer = Answer<'/api/cases/{id}', 'get'>;

/** A definition's text: zh-Hant and en always, zh-Hans (and any other locale) when it adds them. */
export type Localized = NonNullable<CaseAnswer['processName']>;

/** What was submitted at a step: the start data or a completed task, with its form. */
export type Submission = Omit<Schema<'Submission'>, 'form'> & { form: FormDefinition };

/** A case variable a task's context shows, read as a field of `type`. */
export type ShownVariable = Schema<'TaskCaseContext'>['variables'][number];

/** The case as a task's worker sees it: earlier submissions and chosen variables. */
export type TaskCaseContext = Omit<Schema<'TaskCaseContext'>, 'submissions'> & {
  submissions: Submission[];
};

/** An SLA clock with its timeline explained (`clocks`; an incident's clocks too). */
export type ExplainedClock = CaseAnswer['clocks'][number];

/** The engine event that made an SLA clock change. */
export type ClockCause = NonNullable<ExplainedClock['explanation']['events'][number]['cause']>;

/** A staff comment kept in the case's history. */
export type CaseNote = CaseAnswer['notes'][number];

/** A node of the process graph the case page draws. */
export type GraphNode = NonNullable<CaseAnswer['graph']>['nodes'][number];

/** The case page's read (`GET /api/cases/{id}`), its submissions' forms as form definitions. */
export type CaseView = Omit<CaseAnswer, 'submissions'> & { submissions: Submission[] };
