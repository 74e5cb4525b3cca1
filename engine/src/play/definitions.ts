/**
 * The definitions a play sees: the played body (a draft or a published version) and the
 * drafts of its forms, SLAs and calendars over the registry's published versions. A draft
 * replaces the latest version of its id wherever a definition names that id without a version.
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { FormDefinition, ProcessDefinition, SlaDefinition } from '../generated/index.ts';
import { buildGraph, type PinnedDecision, type ProcessGraph } from '../runtime/index.ts';
import { compileCalendar, type BusinessCalendar } from '../time/index.ts';
import type { PlayInstance, PlaySubject } from './types.ts';

export class PlayDefinitions {
  readonly #graph: ProcessGraph;
  readonly #calendars = new Map<string, BusinessCalendar>();

  constructor(
    readonly registry: DefinitionRegistry,
    readonly subject: PlaySubject,
  ) {
    this.#graph = buildGraph(subject.process);
  }

  /** The graph an instance of the play runs. */
  graphOf(inst: Pick<PlayInstance, 'subject' | 'processId' | 'version'>): ProcessGraph {
    return inst.subject ? this.#graph : this.registry.process(inst.processId, inst.version).graph;
  }

  /**
   * The process a call activity starts: the played body for its own id without a version (a
   * process calling itself), else the registry's.
   */
  process(
    id: string,
    version: number | null,
  ): { definition: ProcessDefinition; graph: ProcessGraph; subject: boolean } {
    if (id === this.subject.process.id && version === null)
      return { definition: this.subject.process, graph: this.#graph, subject: true };
    return { ...this.registry.process(id, version), subject: false };
  }

  /** A form: the draft for an id named without a version (version null), else the registry's. */
  form(id: string, version: number | null): { form: FormDefinition; version: number | null } {
    if (version !== null) return { form: this.registry.form(id, version), version };
    const draft = this.subject.forms[id];
    if (draft) return { form: draft, version: null };
    const form = this.registry.form(id);
    return { form, version: form.version };
  }

  /** The SLAs new clocks of an instance follow: the drafts of the played process replace theirs. */
  slasFor(inst: Pick<PlayInstance, 'subject' | 'processId' | 'version'>): SlaDefinition[] {
    const published = this.registry.slasFor(inst.processId, inst.version);
    if (!inst.subject) return published;
    const drafted = new Set(this.subject.slas.map((s) => s.id));
    return [...published.filter((s) => !drafted.has(s.id)), ...this.subject.slas];
  }

  /** A published decision table (plays evaluate published tables, drafts of them not yet). */
  decision(id: string, version?: number): PinnedDecision | undefined {
    return this.registry.pinnedDecision(id, version);
  }

  sla(id: string, version: number): SlaDefinition {
    return (
      this.subject.slas.find((s) => s.id === id && s.version === version) ??
      this.registry.sla(id, version)
    );
  }

  calendar(id: string, version?: number | null): BusinessCalendar {
    const draft = this.subject.calendars[id];
    if (draft && (version === undefined || version === null || version === draft.version)) {
      let cal = this.#calendars.get(id);
      if (!cal) this.#calendars.set(id, (cal = compileCalendar(draft)));
      return cal;
    }
    return this.registry.calendar(id, version);
  }

  /**
   * The zone the play's instants are shown in: the played process's own (its timers count in
   * it), else that of the calendar of the first SLA measuring it, or null (the viewer's own).
   */
  timeZone(): string | null {
    if (this.subject.process.timeZone) return this.subject.process.timeZone;
    const sla = this.slasFor({
      subject: true,
      processId: this.subject.process.id,
      version: this.subject.process.version,
    })[0];
    if (!sla) return null;
    try {
      return this.calendar(sla.calendar.id, sla.calendar.version).timeZone;
    } catch {
      return null;
    }
  }
}
