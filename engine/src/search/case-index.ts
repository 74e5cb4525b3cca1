/**
 * The case index: the search terms of each case (case_search_terms), written by the executor
 * in the same transaction as the instance variables they come from, so a case is findable
 * exactly when its data is committed. Which variables count is declared by the process
 * (`search` in the process definition); values of personal kinds, and of variables a form
 * marks sensitive, are stored only as blind-index digests.
 *
 * @example
 *   const index = new CaseIndex(new BlindIndex(ring), personalData);
 *   await index.write(tx, registry, instanceRow, previousVariables); // in the step's transaction
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { CaseSearch } from '../generated/index.ts';
import type { PersonalData } from '../privacy/index.ts';
import { search, type Db, type IndexedCaseRow, type Tx } from '../store/index.ts';
import type { BlindIndex } from './blind-index.ts';
import { PERSONAL_KINDS, normalise, type SearchKind } from './terms.ts';

export interface CaseTerm {
  kind: SearchKind;
  /** Normalised text (not personal data), or null when the term is a digest. */
  value: string | null;
  digest: string | null;
  keyId: string | null;
}

export class CaseIndex {
  constructor(
    readonly blind: BlindIndex,
    readonly personalData: PersonalData,
  ) {}

  /** The `search` declaration for a case: its own version's, else the latest version's. */
  static declaration(
    registry: DefinitionRegistry,
    processId: string,
    version: number,
  ): CaseSearch | undefined {
    const of = (v?: number) => {
      try {
        return registry.process(processId, v).definition.search;
      } catch {
        return undefined; // a version no longer held
      }
    };
    return of(version) ?? of();
  }

  /** Whether values of this kind held in this variable are stored as digests only. */
  isBlind(kind: SearchKind, variable: string): boolean {
    // a customer's name is personal data, yet found by prefix: held as normalised text unless
    // a form marks it sensitive (erased with the case's other personal data, effects/retention.ts)
    return PERSONAL_KINDS.has(kind) || this.personalData.marked.has(variable);
  }

  /** The terms of a case: its business key, its reference and the declared variables (strings or lists of them). */
  terms(
    declaration: CaseSearch | undefined,
    variables: Record<string, unknown>,
    businessKey: string | null,
    reference: string | null = null,
  ): CaseTerm[] {
    const out = new Map<string, CaseTerm>();
    const add = (kind: SearchKind, raw: unknown, blind: boolean) => {
      const n = normalise(kind, raw);
      if (n === null) return;
      const term = blind
        ? { kind, value: null, ...this.blind.digest(kind, n) }
        : { kind, value: n, digest: null, keyId: null };
      out.set(`${kind}\u0000${term.value ?? term.digest}`, {
        kind,
        value: term.value,
        digest: term.digest,
        keyId: term.keyId,
      });
    };
    add('businessKey', businessKey, false);
    add('reference', reference, false);
    for (const [kind, variable] of Object.entries(declaration ?? {}) as [SearchKind, string][]) {
      const v = variables[variable];
      for (const raw of Array.isArray(v) ? v : [v]) add(kind, raw, this.isBlind(kind, variable));
    }
    return [...out.values()];
  }

  /**
   * Rewrites the terms of a case inside the caller's transaction. With `before` (the variables
   * before this step) it writes only when a declared variable changed; null forces the write.
   */
  async write(
    tx: Tx,
    registry: DefinitionRegistry,
    row: IndexedCaseRow,
    before: Record<string, unknown> | null,
  ): Promise<void> {
    const planned = this.plan(registry, row, before);
    if (planned) await search.replaceTerms(tx, row.id, planned.terms, planned.keyId);
  }

  /**
   * The terms `write` would write, or null when it would write nothing: for a batch of steps
   * that writes every case's terms together at its end (effects/step-rows.ts).
   */
  plan(
    registry: DefinitionRegistry,
    row: IndexedCaseRow,
    before: Record<string, unknown> | null,
  ): { terms: CaseTerm[]; keyId: string } | null {
    const declaration = CaseIndex.declaration(registry, row.process_id, row.process_version);
    const vars = Object.values(declaration ?? {});
    const pick = (v: Record<string, unknown>) => JSON.stringify(vars.map((k) => v[k] ?? null));
    if (before && pick(before) === pick(row.state.variables)) return null;
    const terms = this.terms(declaration, row.state.variables, row.business_key, row.reference);
    return { terms, keyId: this.blind.current };
  }
}

/**
 * Indexes the cases that have no terms yet (started before the index existed, or cloned in
 * bulk) or whose digests were written under an older data key: `batch` cases a transaction,
 * their terms written in three statements (store/step-batch.ts's replaceCasesTerms), so a
 * million cases take some thousands of transactions rather than a million. A case another
 * transaction holds is skipped by the batch and indexed alone after it, under its lock.
 * Runs at start-up in the background (the engine is ready before it ends; `engine.backfilled()`
 * settles when it has); safe to run on several engines at once. Returns how many cases it
 * indexed.
 */
export async function backfillCaseIndex(
  deps: { db: Db; registry: () => DefinitionRegistry; index: CaseIndex },
  opts: { batch?: number; stopped?: () => boolean } = {},
): Promise<number> {
  const { batch = 500, stopped = () => false } = opts;
  let after = '';
  let done = 0;
  for (;;) {
    if (stopped()) return done;
    const ids = await search.casesToIndex(deps.db, {
      after,
      keyId: deps.index.blind.current,
      limit: batch,
    });
    if (!ids.length) return done;
    after = ids.at(-1)!;
    const indexed = await deps.db.tx(async (tx) => {
      const rows = await search.lockCasesForIndex(tx, ids);
      const registry = deps.registry();
      await search.replaceCasesTerms(
        tx,
        rows.map((row) => {
          const { terms, keyId } = deps.index.plan(registry, row, null)!;
          return { instanceId: row.id, terms, keyId, fresh: false };
        }),
      );
      return new Set(rows.map((r) => r.id));
    });
    done += indexed.size;
    // the cases a step held meanwhile (or that ended and were deleted since): alone, waiting
    for (const id of ids.filter((x) => !indexed.has(x))) {
      if (stopped()) return done;
      const wrote = await deps.db.tx(async (tx) => {
        const row = await search.lockCaseForIndex(tx, id);
        if (row) await deps.index.write(tx, deps.registry(), row, null);
        return row !== undefined;
      });
      if (wrote) done++;
    }
    if (ids.length < batch) return done;
  }
}
