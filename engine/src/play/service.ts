/**
 * Play mode for the API: starts a play of a process (its saved draft, a body sent as it is, or a
 * published version) with the drafts of its forms, SLAs and calendars, moves it through the
 * pure simulator and keeps it in the `plays` table for its designer; saves a play as a
 * scenario beside the process; replays the process's scenarios (on publish, and on request).
 * Nothing here writes a case table, enqueues a job or calls a plugin.
 *
 * @example
 *   const plays = new PlayService(deps);
 *   const view = await plays.create('dana', { processId: 'claim', data: { ... } }, 'en');
 *   await plays.act('dana', view.id, { type: 'advanceClock', by: 'P1D' }, 'en');
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/index.ts';
import {
  asVersion,
  getDraft,
  listDrafts,
  nextVersion,
  scenarioFile,
  schemaProblems,
  validateBody,
  writeScenario,
  type ActionCatalog,
  type DefinitionKind,
  type DefinitionRegistry,
  type DefinitionLedger,
} from '../definitions/index.ts';
import { createError, isCasewayError, type ErrorDetail, type Lang } from '../errors.ts';
import type {
  CalendarDefinition,
  FormDefinition,
  ProcessDefinition,
  ScenarioDefinition,
  SlaDefinition,
} from '../generated/index.ts';
import { say } from '../locale/index.ts';
import { listGroups } from '../identity/index.ts';
import { plays, type Db } from '../store/index.ts';
import { PlayDefinitions } from './definitions.ts';
import { dryActions, type ActionSchemas } from './dry-actions.ts';
import type { PlayContext } from './sandbox.ts';
import { checkScenarios, runScenario, scenarioOf, type ScenarioResult } from './scenario.ts';
import { newPlay, playAction } from './simulator.ts';
import type { PlayAction, PlayState, PlaySubject } from './types.ts';
import { playView, type PlayView } from './view.ts';

export interface PlayDeps {
  db: Db;
  /** Where designers' drafts are (a draft is played when no version or body is sent). */
  ledger: DefinitionLedger;
  registry: () => DefinitionRegistry;
  /** Action names service tasks may call (lint of the played body). */
  actionNames: () => ActionCatalog;
  /** The loaded plugins' action schemas, by `<plugin>/<action>`. */
  actionSchemas: () => ReadonlyMap<string, ActionSchemas>;
  clock: Clock;
  messageTtlMs: number;
  definitionsDir: string;
  reload: () => Promise<DefinitionRegistry>;
}

/** What a play runs: a published version, a body as sent, or (neither) the saved draft. */
export interface PlaySource {
  version?: number;
  body?: Record<string, unknown>;
}

/** A play unused for a day is forgotten; a designer keeps at most this many. */
export const PLAY_TTL_MS = 24 * 3600_000;
export const PLAYS_PER_DESIGNER = 20;
/** The largest a play's state may grow (JSON characters). */
export const PLAY_MAX_CHARS = 4_000_000;

export class PlayService {
  constructor(readonly deps: PlayDeps) {}

  async create(
    owner: string,
    req: PlaySource & { processId: string; data?: Record<string, unknown>; at?: string },
    lang: Lang,
  ): Promise<PlayView> {
    const { subject, warnings } = await this.subject(req.processId, req, lang);
    const now = this.deps.clock.now();
    // a play starts on the whole minute: a saved scenario reads better
    const at = req.at === undefined ? now - (now % 60_000) : Date.parse(req.at);
    let state = newPlay(randomUUID(), subject, at, warnings);
    const ctx = await this.context(subject, owner, lang);
    if (req.data !== undefined) state = playAction(ctx, state, { type: 'start', data: req.data });
    bounded(state);
    await plays.prunePlays(this.deps.db, owner, new Date(now - PLAY_TTL_MS), PLAYS_PER_DESIGNER);
    await plays.insertPlay(this.deps.db, {
      id: state.id,
      owner,
      processId: subject.process.id,
      state,
      now: new Date(now),
    });
    return playView(state, ctx.defs, ctx.actions);
  }

  async get(owner: string, id: string, lang: Lang): Promise<PlayView> {
    const { state } = await plays.readPlay<PlayState>(this.deps.db, id, owner);
    const ctx = await this.context(state.subject, owner, lang);
    return playView(state, ctx.defs, ctx.actions);
  }

  async list(owner: string) {
    const rows = await plays.listPlays(this.deps.db, owner);
    const idleBefore = this.deps.clock.now() - PLAY_TTL_MS;
    return rows
      .filter((r) => r.updatedAt.getTime() >= idleBefore)
      .map((r) => ({
        id: r.id,
        processId: r.processId,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      }));
  }

  async act(owner: string, id: string, action: PlayAction, lang: Lang): Promise<PlayView> {
    let ctx: PlayContext | undefined;
    const row = await plays.updatePlay<PlayState>(
      this.deps.db,
      id,
      owner,
      new Date(this.deps.clock.now()),
      async (state) => {
        ctx = await this.context(state.subject, owner, lang);
        return bounded(playAction(ctx, state, action));
      },
    );
    return playView(row.state, ctx!.defs, ctx!.actions);
  }

  async remove(owner: string, id: string): Promise<void> {
    await plays.deletePlay(this.deps.db, id, owner);
  }

  /** Saves a play as definitions/scenarios/<process>/<name>.json (checked, then loaded). */
  async saveScenario(
    owner: string,
    id: string,
    meta: Pick<ScenarioDefinition, 'name' | 'title' | 'description'> & { overwrite?: boolean },
    lang: Lang,
  ): Promise<{ processId: string; name: string; file: string; scenario: ScenarioDefinition }> {
    const { state } = await plays.readPlay<PlayState>(this.deps.db, id, owner);
    if (!state.steps.length)
      throw createError('CW_ERR_PLAY_STATE', undefined, {
        details: [
          {
            code: 'CW_ERR_PLAY_STATE',
            pointer: '',
            message: say(lang, '請先開始試行', 'start the play first'),
          },
        ],
      });
    const scenario = scenarioOf(state, meta);
    const file = await writeScenario(this.deps.definitionsDir, scenario, {
      overwrite: meta.overwrite ?? false,
      lang,
    });
    await this.deps.reload();
    return { processId: scenario.process, name: scenario.name, file, scenario };
  }

  /** Replays a process's saved scenarios against a source (default: its saved draft). */
  async runScenarios(
    processId: string,
    source: PlaySource,
    owner: string,
    lang: Lang,
  ): Promise<{ name: string; file: string; result: ScenarioResult }[]> {
    const { subject } = await this.subject(processId, source, lang);
    const ctx = await this.context(subject, owner, lang);
    return this.deps
      .registry()
      .scenariosOf(processId)
      .map((s) => ({
        name: s.name,
        file: scenarioFile(s.process, s.name),
        result: runScenario(ctx, subject, s),
      }));
  }

  /**
   * The publish check: a process version about to be written replays every saved scenario of
   * its process against the published forms and SLAs (drafts play no part in a publish).
   */
  publishCheck(owner: string, lang: Lang) {
    return async (kind: DefinitionKind, body: Record<string, unknown>): Promise<void> => {
      if (kind !== 'process') return;
      const process = body as unknown as ProcessDefinition;
      const scenarios = this.deps.registry().scenariosOf(process.id);
      if (!scenarios.length) return;
      const subject: PlaySubject = { process, draft: true, forms: {}, slas: [], calendars: {} };
      const ctx = await this.context(subject, owner, lang);
      checkScenarios(ctx, subject, scenarios, (s) => scenarioFile(s.process, s.name));
    };
  }

  // ---- what a play runs -------------------------------------------------------------

  private async subject(
    processId: string,
    source: PlaySource,
    lang: Lang,
  ): Promise<{ subject: PlaySubject; warnings: ErrorDetail[] }> {
    const registry = this.deps.registry();
    const warnings: ErrorDetail[] = [];
    let body = source.body;
    if (source.version === undefined && body === undefined)
      body = (await this.draftOf('process', processId))?.body;
    let process: ProcessDefinition;
    let draft = false;
    if (source.version !== undefined || body === undefined) {
      // a published version (the latest when the process has no draft)
      process = registry.get('process', processId, source.version ?? null)
        .body as unknown as ProcessDefinition;
    } else {
      process = asVersion(
        'process',
        processId,
        nextVersion(registry, 'process', processId),
        body,
      ) as unknown as ProcessDefinition;
      draft = true;
      // not even a process's shape: refused before its nodes are read (a sent `{}` answered
      // 500); the full check of a draft with problems comes below
      const broken = schemaProblems('process', process);
      if (broken.length)
        throw createError(
          'CW_ERR_VALIDATION',
          'The draft has problems; fix them before playing it.',
          {
            details: broken,
            data: { kind: 'process', id: processId },
          },
        );
    }

    const drafts = await listDrafts(this.deps.ledger);
    const drafted = (kind: DefinitionKind) =>
      new Set(drafts.filter((d) => d.kind === kind).map((d) => d.id));
    const usable = async <T>(kind: DefinitionKind, id: string): Promise<T | undefined> => {
      const d = await this.draftOf(kind, id);
      if (!d) return undefined;
      const next = asVersion(kind, id, nextVersion(registry, kind, id), d.body);
      const problems =
        kind === 'sla'
          ? schemaProblems(kind, next)
          : validateBody(kind, next, registry.scope(this.deps.actionNames())).filter(isError);
      if (!problems.length) return next as unknown as T;
      warnings.push({
        code: problems[0]!.code,
        pointer: problems[0]!.pointer,
        file: `drafts/${kind}/${id}`,
        message: say(
          lang,
          `${kind} ${id} 的草稿有問題；試行使用其已發佈的版本。`,
          `The draft of ${kind} ${id} has problems; the play uses its published version.`,
        ),
      });
      return undefined;
    };

    const forms: Record<string, FormDefinition> = {};
    const formDrafts = drafted('form');
    for (const n of process.nodes) {
      const ref = n.type === 'start' || n.type === 'userTask' ? n.form : undefined;
      if (!ref || ref.version !== undefined || !formDrafts.has(ref.id) || forms[ref.id]) continue;
      const f = await usable<FormDefinition>('form', ref.id);
      if (f) forms[ref.id] = f;
    }
    const slas: SlaDefinition[] = [];
    for (const id of drafted('sla')) {
      const raw = (await this.draftOf('sla', id))?.body as
        { process?: { id?: unknown } } | undefined;
      if (raw?.process?.id !== processId) continue;
      const s = await usable<SlaDefinition>('sla', id);
      if (s) slas.push(s);
    }
    const calendars: Record<string, CalendarDefinition> = {};
    const calendarDrafts = drafted('calendar');
    for (const s of slas) {
      const ref = s.calendar;
      if (ref.version !== undefined || !calendarDrafts.has(ref.id) || calendars[ref.id]) continue;
      const c = await usable<CalendarDefinition>('calendar', ref.id);
      if (c) calendars[ref.id] = c;
    }

    if (draft) {
      // the body is checked as publishing would, with the drafts of its forms standing in
      const scope = registry.scope(this.deps.actionNames());
      const withDrafts = new Map(scope.forms);
      for (const [id, f] of Object.entries(forms))
        withDrafts.set(id, new Map(scope.forms.get(id) ?? []).set(f.version, f));
      const problems = validateBody('process', process, { ...scope, forms: withDrafts }).filter(
        isError,
      );
      if (problems.length)
        throw createError(
          'CW_ERR_VALIDATION',
          'The draft has problems; fix them before playing it.',
          {
            details: problems,
            data: { kind: 'process', id: processId },
          },
        );
    }
    return { subject: { process, draft, forms, slas, calendars }, warnings };
  }

  private async draftOf(kind: DefinitionKind, id: string) {
    try {
      return await getDraft(this.deps.ledger, kind, id);
    } catch (e) {
      if (isCasewayError(e) && e.code === 'CW_ERR_NOT_FOUND') return undefined;
      throw e;
    }
  }

  private async context(subject: PlaySubject, actor: string, lang: Lang): Promise<PlayContext> {
    const groups = await listGroups(this.deps.db);
    const supervisorOf = new Map(groups.map((g) => [g.id, g.supervisorGroup]));
    return {
      defs: new PlayDefinitions(this.deps.registry(), subject),
      actions: dryActions(this.deps.actionSchemas()),
      supervisors: (list) =>
        [...new Set(list.map((g) => supervisorOf.get(g)).filter((g): g is string => !!g))].sort(),
      messageTtlMs: this.deps.messageTtlMs,
      actor,
      lang,
    };
  }
}

/** Lint findings that only warn (a typo suggestion) do not stop a play or a publish. */
const isError = (p: ErrorDetail) => (p as { severity?: string }).severity !== 'warning';

function bounded(state: PlayState): PlayState {
  if (JSON.stringify(state).length > PLAY_MAX_CHARS)
    throw createError('CW_ERR_PLAY_LIMIT', undefined, { data: { maxChars: PLAY_MAX_CHARS } });
  return state;
}
