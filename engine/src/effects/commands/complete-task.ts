/**
 * Completes a task with form data: checked against the task's form version (computed fields
 * filled in, documents it references checked to belong to the case), then the step, which
 * closes the task with the data and who submitted it.
 */
import type { Actor } from '../../access/index.ts';
import { checkFileReferences } from '../../attachments/index.ts';
import type { Lang } from '../../errors.ts';
import { checkSubmission } from '../../forms/index.ts';
import type { InstanceRow } from '../../store/index.ts';
import { applyEvent } from '../apply.ts';
import { formInvalid, type CommandContext, type TxHooks } from '../context.ts';
import { lockOpenTask } from './open-task.ts';

export async function completeTask(
  ctx: CommandContext,
  taskId: string,
  submitted: Record<string, unknown>,
  actor: Actor,
  lang: Lang,
  hooks?: TxHooks<InstanceRow>,
): Promise<InstanceRow> {
  const { deps } = ctx;
  return ctx.run(async (tx, post) => {
    const { row, task } = await lockOpenTask(tx, taskId, actor);
    const form = deps.registry.form(task.form_id, task.form_version);
    const { definition } = deps.registry.process(row.process_id, row.process_version);
    const { data, problems } = checkSubmission(
      form,
      submitted,
      row.state.variables,
      lang,
      '/data',
      {
        now: deps.clock.now(),
        zone: definition.timeZone,
      },
    );
    if (!problems.length)
      problems.push(...(await checkFileReferences(tx, form.fields, data, row.id, lang)));
    if (problems.length) throw formInvalid(problems, '/data');
    // the step closes the task with this data (its closeTask effect)
    return applyEvent(
      deps,
      tx,
      row,
      { type: 'taskCompleted', taskId, data, actor: actor.id },
      post,
    );
  }, hooks);
}
