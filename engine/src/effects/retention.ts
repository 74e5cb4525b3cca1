/**
 * Retention: a process's `retention` (ISO 8601 duration) counts from the end of each of its
 * cases; past it, the retention sweep erases the case's personal data (every sealed value in
 * its variables, tasks, history, messages, jobs and notifications becomes null, and so does the
 * text of staff's case notes), deletes the documents uploaded for it, and records
 * `personalData.erased` in its history. The instance, its history entries, outcomes, dates
 * and SLA clocks stay, so statistics and reports still count the case.
 *
 * @example
 *   const erased = await sweepRetention({ db, registry, clock }); // ids of the erased cases
 *
 * The sweep runs as a job (`sweep/retention`, effects/jobs/sweeps.ts), every
 * RETENTION_INTERVAL_MS.
 */
import type { Clock } from '../clock/index.ts';
import type { DefinitionRegistry } from '../definitions/index.ts';
import { addDuration } from '../time/index.ts';
import { history, retention, type Db, type Tx } from '../store/index.ts';
import { ENVELOPE_PREFIX, eraseSealed } from '../privacy/index.ts';

export interface RetentionDeps {
  db: Db;
  registry: DefinitionRegistry;
  clock: Clock;
}

/** Erases the personal data of every closed case past its retention; returns their ids. */
export async function sweepRetention(deps: RetentionDeps, batch = 200): Promise<string[]> {
  const now = deps.clock.now();
  const erased: string[] = [];
  for (const c of await retention.unerasedEndedCases(deps.db, batch)) {
    const def = processOf(deps.registry, c.process_id, c.process_version);
    const keepFor = def?.retention;
    if (!keepFor || addDuration(c.ended_at.getTime(), keepFor, def.timeZone) > now) continue;
    const done = await deps.db.tx((tx) => eraseCase(tx, c.id, keepFor, now));
    if (done) erased.push(c.id);
  }
  return erased;
}

function processOf(registry: DefinitionRegistry, id: string, version: number) {
  try {
    return registry.process(id, version).definition;
  } catch {
    return undefined; // a process no longer held: nothing says how long to keep its data
  }
}

async function eraseCase(tx: Tx, id: string, keptFor: string, now: number): Promise<boolean> {
  const stored = await retention.lockUnerasedCase(tx, id);
  if (stored === undefined) return false; // another engine got there first
  let fields = 0;
  const erase = (text: string | null) => {
    if (!text?.includes(ENVELOPE_PREFIX)) return undefined;
    fields += text.split(ENVELOPE_PREFIX).length - 1;
    return eraseSealed(JSON.parse(text));
  };
  await retention.markCaseErased(tx, id, new Date(now), erase(stored));
  await retention.rewriteSealedColumns(tx, id, erase);
  // staff's notes on the case are free text about the customer: erased with the rest
  await retention.eraseCaseNotes(tx, id);
  // the blind index of the erased values goes too (search/case-index.ts), and the customer's
  // name, which the index holds as text to be found by prefix
  await retention.deletePersonalSearchTerms(tx, id);
  // the documents customers and staff uploaded for the case (bills, IDs, medical records)
  const documents = await retention.deleteAttachmentsOf(tx, id);
  await history.appendHistory(
    tx,
    id,
    {
      type: 'personalData.erased',
      actor: 'system',
      data: { retention: keptFor, values: fields, documents },
    },
    now,
  );
  return true;
}
