/**
 * Warnings about what the process's FEEL reads, the designer's most common mistakes: a name the
 * process does not hold where it is read (a typo, `crackLenght`, with the closest known name
 * suggested; or a variable set only by a later step), a property its context lacks
 * (`form.amout`), a choice field compared with a value that is not one of its options
 * (`damageType = "crak"`), and a user task offered to nobody the engine knows. Warnings do not
 * stop loading or publishing (`severity: 'warning'`); a name is only questioned where the
 * process's variables are known (see {@link variablesAt}'s `open`) unless a close known name
 * makes a typo likely.
 *
 * @example
 *   lintNames(def, scope);
 *   // [{ code: 'CW_ERR_DEF_UNKNOWN_VARIABLE', pointer: '/flows/3/condition', severity: 'warning',
 *   //    key: 'lint.unknownVariable', params: { name: 'crackLenght', suggestion: 'crackLength' }, … }]
 */
import type { ErrorCode, ErrorDetail } from '../errors.ts';
import { expressionReads, peopleShape } from '../expressions/index.ts';
import type { ProcessDefinition, ProcessNode, SlaDefinition } from '../generated/index.ts';
import type { LintScope } from './lint.ts';
import { checkActionMappings } from './lint-mappings.ts';
import { lintMessage, type LintKey, type LintParams } from './lint-messages.ts';
import {
  isBoundary,
  localVariables,
  processVariables,
  variablesAt,
  type Variable,
  type VariableSources,
  type VariablesAt,
} from './variables.ts';

const ptr = (...parts: (string | number)[]) =>
  parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** Edit distance between two names, ignoring case (a transposition counts as one). */
export function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++)
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[s.length]![t.length]!;
}

/** The known name closest to `name`, when close enough to be what was meant. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    if (k === name) continue;
    const d = distance(name, k);
    const limit = Math.max(1, Math.floor(Math.max(name.length, k.length) / 4));
    if (d <= limit && (!best || d < best.d)) best = { name: k, d };
  }
  return best?.name;
}

/** What the lint reads forms and callers through. */
export function sourcesOf(scope: LintScope): VariableSources {
  return {
    form(ref) {
      const versions = scope.forms.get(ref.id);
      if (!versions?.size) return undefined;
      return ref.version !== undefined
        ? versions.get(ref.version)
        : versions.get(Math.max(...versions.keys()));
    },
    startInputs: (id) => [...(scope.starters?.get(id) ?? [])],
  };
}

type Add = (code: ErrorCode, pointer: string, key: LintKey, params: LintParams) => void;

/** Warnings about the names a process's expressions read, and its tasks' assignments. */
export function lintNames(def: ProcessDefinition, scope: LintScope): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const add: Add = (code, pointer, key, params) =>
    out.push({
      code,
      pointer,
      message: lintMessage(key, params),
      severity: 'warning',
      key,
      params: { ...params },
    });
  const sources = sourcesOf(scope);
  const all = processVariables(def, sources);
  const allNames = new Set(all.map((v) => v.name));
  const cache = new Map<string, VariablesAt>();
  const at = (nodeId: string | undefined) => {
    const key = nodeId ?? '';
    let v = cache.get(key);
    if (!v) cache.set(key, (v = variablesAt(def, nodeId, sources)));
    return v;
  };
  /** The nodes that set a variable (by id: the studio names them by label). */
  const setter = (name: string) =>
    all
      .find((v) => v.name === name)
      ?.origins.flatMap((o) => ('node' in o ? [o.node] : []))
      .join(', ') ?? '';

  /**
   * Checks one expression read at a node (or the process, for the business key). `after`: it
   * reads what the node's run has set too (a multi-instance instance's output element and the
   * body's completion condition, read as each instance ends), so a name some step sets is not
   * "set later", and `known` are names the engine gives it.
   */
  const check = (
    source: string | undefined,
    pointer: string,
    node: ProcessNode | undefined,
    property = '',
    people = false,
    after?: { known: readonly string[] },
  ) => {
    if (!source) return;
    const reads = expressionReads(source);
    if (!reads) return; // the syntax error is reported by lintProcess
    // an assignment that can never be names is one error (lintProcess), not a warning per name
    if (people && peopleShape(source)?.kind === 'notNames') return;
    const here = at(node && isBoundary(node) ? node.attachedTo : node?.id);
    const locals = node ? localVariables(node, property, sources) : [];
    const localRoots = new Map<string, Variable[]>();
    for (const l of locals) {
      const [root, ...rest] = l.name.split('.');
      if (!rest.length) localRoots.set(root!, localRoots.get(root!) ?? []);
      else localRoots.set(root!, [...(localRoots.get(root!) ?? []), l]);
    }
    const seen = new Set<string>();
    for (const read of reads.names) {
      const local = localRoots.get(read.name);
      if (local) {
        // `form.amout` in a task's output: the form's fields are known
        const [property] = read.path;
        const fields = local.map((l) => l.name.slice(read.name.length + 1));
        if (
          property &&
          fields.length &&
          !fields.includes(property) &&
          !seen.has(`${read.name}.${property}`)
        ) {
          seen.add(`${read.name}.${property}`);
          const suggestion = closest(property, fields);
          add('CW_ERR_DEF_UNKNOWN_VARIABLE', pointer, 'lint.unknownProperty', {
            name: read.name,
            property,
            ...(suggestion ? { suggestion } : {}),
          });
        }
        continue;
      }
      if (here.names.has(read.name) || seen.has(read.name)) continue;
      if (after && (after.known.includes(read.name) || allNames.has(read.name))) continue;
      seen.add(read.name);
      if (people && (scope.people?.groups.has(read.name) || scope.people?.users.has(read.name)))
        continue; // lintProcess says how to name the group or user instead
      if (allNames.has(read.name) && !here.open) {
        // compared with null: the expression expects that it may still be empty
        if (reads.nullTested.has(read.name)) continue;
        add('CW_ERR_DEF_UNKNOWN_VARIABLE', pointer, 'lint.setLater', {
          name: read.name,
          by: setter(read.name),
        });
        continue;
      }
      const suggestion = closest(read.name, [...here.names, ...[...localRoots.keys()]]);
      if (here.open && !suggestion) continue;
      add('CW_ERR_DEF_UNKNOWN_VARIABLE', pointer, 'lint.unknownVariable', {
        name: read.name,
        ...(suggestion ? { suggestion } : {}),
      });
    }
    for (const c of reads.comparisons) {
      if (c.path.length) continue;
      const options = here.variables.find((v) => v.name === c.name)?.options;
      if (!options?.length) continue;
      for (const value of c.values) {
        if (options.includes(value)) continue;
        const suggestion = closest(value, options);
        add('CW_ERR_DEF_UNKNOWN_OPTION', pointer, 'lint.unknownOption', {
          name: c.name,
          value,
          options: options.join(', '),
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
  };
  const mappings = (
    m: Record<string, string | undefined> | undefined,
    base: string,
    node: ProcessNode,
    property: string,
  ) => {
    for (const [k, v] of Object.entries(m ?? {})) check(v, `${base}${ptr(k)}`, node, property);
  };
  const timer = (
    t: { durationExpression?: string; dateExpression?: string } | undefined,
    base: string,
    node: ProcessNode,
  ) => {
    check(t?.durationExpression, `${base}/durationExpression`, node);
    check(t?.dateExpression, `${base}/dateExpression`, node);
  };

  const start = def.nodes.find((n) => n.type === 'start');
  if (typeof def.businessKey === 'string') check(def.businessKey, '/businessKey', start);
  else check(def.businessKey?.expression, '/businessKey/expression', start);

  def.flows.forEach((f, i) => {
    const from = def.nodes.find((n) => n.id === f.from);
    if (from) check(f.condition, ptr('flows', i, 'condition'), from, 'condition');
  });
  def.nodes.forEach((n, i) => {
    const base = ptr('nodes', i);
    const mi = 'multiInstance' in n ? n.multiInstance : undefined;
    if (mi) {
      // read as each instance ends: what it set, and (the condition) the body's counts
      const at = `${base}/multiInstance`;
      const set = instanceSets(n);
      check(mi.outputElement, `${at}/outputElement`, n, 'outputElement', false, { known: set });
      check(mi.completionCondition, `${at}/completionCondition`, n, 'completionCondition', false, {
        known: [...set, 'nrOfInstances', 'nrOfCompletedInstances', 'nrOfActiveInstances'],
      });
    }
    switch (n.type) {
      case 'userTask':
        check(n.assignee, `${base}/assignee`, n, 'assignee', true);
        check(n.candidateGroups, `${base}/candidateGroups`, n, 'candidateGroups', true);
        check(n.candidateUsers, `${base}/candidateUsers`, n, 'candidateUsers', true);
        check(n.priority, `${base}/priority`, n, 'priority');
        timer(n.dueDate, `${base}/dueDate`, n);
        mappings(n.prefill, `${base}/prefill`, n, 'prefill');
        mappings(n.output, `${base}/output`, n, 'output');
        n.context?.variables?.forEach((v, j) =>
          check(v.name, `${base}/context/variables/${j}/name`, n, 'context'),
        );
        assignment(n, i);
        break;
      case 'serviceTask': {
        mappings(n.input, `${base}/input`, n, 'input');
        mappings(n.output, `${base}/output`, n, 'output');
        mappings(n.compensation?.input, `${base}/compensation/input`, n, 'compensation');
        // a variable whose type the action's input refuses (literals are lintProcess's errors)
        const schemas = scope.actions.schemas?.(n.action);
        const typeOf = (name: string) => at(n.id).variables.find((v) => v.name === name)?.type;
        for (const c of schemas ? checkActionMappings(n, schemas, typeOf) : [])
          if (c.severity === 'warning')
            add('CW_ERR_DEF_MAPPING_MISMATCH', `${base}${ptr(...c.path)}`, `lint.${c.kind}`, {
              action: n.action,
              name: c.name,
              expected: c.expected ?? 'any',
              actual: c.actual ?? 'any',
            });
        break;
      }
      case 'timer':
      case 'boundaryTimer':
        timer(n.timer, `${base}/timer`, n);
        break;
      case 'messageCatch':
      case 'boundaryMessage':
        check(n.correlationKey, `${base}/correlationKey`, n, 'correlationKey');
        mappings(n.output, `${base}/output`, n, 'output');
        break;
      case 'callActivity':
        mappings(n.input, `${base}/input`, n, 'input');
        mappings(n.output, `${base}/output`, n, 'output');
        break;
      case 'businessRuleTask':
        mappings(n.output, `${base}/output`, n, 'output');
        break;
      case 'boundaryError':
        mappings(n.output, `${base}/output`, n, 'output');
        break;
      case 'errorEnd':
        mappings(n.details, `${base}/details`, n, 'details');
        break;
      default:
        break;
    }
  });
  // what the tracking page reads at a customer's wait: the documents asked for, the amount offered
  const catchOf = (message: string) =>
    def.nodes.find((n) => n.type === 'messageCatch' && n.message === message);
  def.public?.uploads?.forEach((u, i) => {
    const n = catchOf(u.message);
    if (n && u.items) check(u.items, ptr('public', 'uploads', i, 'items'), n);
  });
  def.public?.answers?.forEach((a, i) => {
    const n = catchOf(a.message);
    if (n) check(a.amount, ptr('public', 'answers', i, 'amount'), n);
  });
  return out;

  /**
   * The names an instance of a multi-instance activity sets (its own, which the case's variables
   * never see): its output mappings (a user task without them: its form's fields), a decision's
   * result variable, and what the nodes inside a subprocess set.
   */
  function instanceSets(n: ProcessNode, seen = new Set<string>()): string[] {
    if (seen.has(n.id)) return [];
    seen.add(n.id);
    const names = Object.keys(('output' in n && n.output) || {});
    if (n.type === 'userTask' && !n.output)
      for (const v of localVariables(n, 'output', sources))
        if (v.name.startsWith('form.')) names.push(v.name.slice(5).split('.')[0]!);
    if (n.type === 'businessRuleTask' && n.resultVariable) names.push(n.resultVariable);
    if (n.type === 'subProcess')
      for (const inner of def.nodes)
        if (
          inner.type !== 'boundaryTimer' &&
          inner.type !== 'boundaryError' &&
          inner.type !== 'boundaryMessage' &&
          inner.parent === n.id
        )
          names.push(...instanceSets(inner, seen));
    return names;
  }

  /**
   * A task whose assignment names only people and groups the engine knows nothing of (no such
   * enabled user, no such group with an enabled member) is seen by nobody.
   */
  function assignment(n: Extract<ProcessNode, { type: 'userTask' }>, i: number): void {
    const people = scope.people;
    if (!people) return;
    const fields = (['assignee', 'candidateUsers', 'candidateGroups'] as const).filter(
      (k) => n[k] !== undefined,
    );
    if (!fields.length) return;
    const names = {
      assignee: [] as string[],
      candidateUsers: [] as string[],
      candidateGroups: [] as string[],
    };
    for (const k of fields) {
      const shape = peopleShape(n[k]!);
      if (shape?.kind !== 'names') return; // computed: known only when the case runs
      names[k] = shape.names;
    }
    const user = (id: string) => people.users.get(id)?.enabled === true;
    const group = (id: string) => (people.groups.get(id)?.members ?? 0) > 0;
    if (
      [...names.assignee, ...names.candidateUsers].some(user) ||
      names.candidateGroups.some(group)
    )
      return;
    const unknown = [
      ...[...names.assignee, ...names.candidateUsers].filter((u) => !user(u)),
      ...names.candidateGroups.filter((g) => !group(g)),
    ];
    const field = fields.includes('candidateGroups') ? 'candidateGroups' : fields[0]!;
    add('CW_ERR_DEF_NOBODY', ptr('nodes', i, field), 'lint.nobody', {
      unknown: unknown.join(', '),
    });
  }
}

/**
 * Warnings about what an SLA's FEEL reads (target, start time, condition guards) from the
 * measured process's variables, all of them (an SLA reads the case at any point).
 */
export function lintSlaNames(
  def: SlaDefinition,
  process: ProcessDefinition | undefined,
  scope: LintScope,
): ErrorDetail[] {
  if (!process) return [];
  const sources = sourcesOf(scope);
  const vars = processVariables(process, sources);
  const names = new Set(vars.map((v) => v.name));
  const open = variablesAt(process, undefined, sources).open;
  const out: ErrorDetail[] = [];
  const check = (source: string | undefined, pointer: string, extra: string[] = []) => {
    const reads = source ? expressionReads(source) : null;
    if (!reads) return;
    const seen = new Set<string>();
    for (const r of reads.names) {
      if (names.has(r.name) || extra.includes(r.name) || seen.has(r.name)) continue;
      seen.add(r.name);
      const suggestion = closest(r.name, [...names, ...extra]);
      if (open && !suggestion) continue;
      const params = { name: r.name, ...(suggestion ? { suggestion } : {}) };
      out.push({
        code: 'CW_ERR_DEF_UNKNOWN_VARIABLE',
        pointer,
        message: lintMessage('lint.unknownVariable', params),
        severity: 'warning',
        key: 'lint.unknownVariable',
        params,
      });
    }
  };
  check(def.target.expression, '/target/expression');
  check(def.startAt, '/startAt');
  for (const list of ['start', 'pause', 'resume', 'stop', 'cancel', 'reset'] as const)
    def[list]?.forEach((c, i) => check(c.when, `/${list}/${i}/when`, ['form']));
  return out;
}
