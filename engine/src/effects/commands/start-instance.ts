/**
 * Starts a case of a process (its latest version unless one is given): the start form's data
 * checked (computed fields filled in, documents it references checked), then the instance row
 * and its start step in one transaction, shared with other starts arriving at once
 * (start-batch.ts).
 */
import type { Actor } from '../../access/index.ts';
import { checkFileReferences } from '../../attachments/index.ts';
import type { Lang } from '../../errors.ts';
import { checkSubmission } from '../../forms/index.ts';
import type { InstanceRow } from '../../store/index.ts';
import { createInstance } from '../apply.ts';
import { formInvalid, type CommandContext, type TxHooks } from '../context.ts';
import { startBatch } from './start-batch.ts';

export interface StartRequest {
  processId: string;
  version?: number | null;
  variables: Record<string, unknown>;
  businessKey?: string | null;
  actor: Actor;
  lang: Lang;
  /** The JSON pointer of the variables in the caller's request, for error details. */
  variablesAt?: string;
  /**
   * Variables the engine itself gives the case besides the start form's data (at intake: the
   * tracking link and the customer's language), set after the form is checked.
   */
  assigned?: Record<string, unknown>;
}

export async function startInstance(
  ctx: CommandContext,
  req: StartRequest,
  hooks?: TxHooks<InstanceRow>,
): Promise<InstanceRow> {
  const { deps } = ctx;
  const { definition } = deps.registry.process(req.processId, req.version);
  const start = definition.nodes.find((n) => n.type === 'start');
  const at = req.variablesAt ?? '/variables';
  let variables = req.variables;
  if (start?.type === 'start' && start.form) {
    const form = deps.registry.form(start.form.id, start.form.version);
    const checked = checkSubmission(form, variables, {}, req.lang, at, {
      now: deps.clock.now(),
      zone: definition.timeZone,
    });
    variables = checked.data;
    const problems = checked.problems;
    // No file can belong to a case that does not exist yet.
    if (!problems.length)
      problems.push(
        ...(await checkFileReferences(deps.db, form.fields, variables, null, req.lang)),
      );
    if (problems.length) throw formInvalid(problems, at);
  }
  if (req.assigned) variables = { ...variables, ...req.assigned };
  const newCase = {
    processId: definition.id,
    version: definition.version,
    variables,
    businessKey: req.businessKey ?? null,
    actor: req.actor.id,
  };
  // concurrent starts share transactions (start-batch.ts) unless START_BATCH is 1
  if ((deps.startBatch ?? 1) > 1) return startBatch(ctx).submit(newCase, hooks);
  return ctx.run((tx, post) => createInstance(deps, tx, newCase, post), hooks);
}
