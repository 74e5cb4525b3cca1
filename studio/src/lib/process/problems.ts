/**
 * The engine's problems about a process, in the designer's words: where (the node or flow by its
 * label, the field by the name the properties panel gives it, or the setting) and what is wrong
 * and how to fix it (the engine's message key, rendered by the catalogue the engine renders it
 * with, `@caseway/engine/design`; node ids in its parameters replaced by labels). A problem
 * without a key keeps the engine's message. Also what a problem is about, so the editor can
 * select it.
 *
 * @example
 *   describeProblem(def, { code: 'CW_ERR_DEF_UNKNOWN_VARIABLE', pointer: '/flows/1/condition',
 *     key: 'lint.unknownVariable', params: { name: 'crackLenght', suggestion: 'crackLength' } }, 'en');
 *   // { where: 'Flow Size? → Replace · Condition', what: 'reads crackLenght, … Did you mean crackLength?', … }
 */
import { isLintKey, lintMessage } from '@caseway/engine/design';
import type { ProcessDefinition } from '@caseway/engine/types';
import type { Problem } from '../api';
import { t, typeName, type Lang, type MessageKey } from './messages';
import { labelIn } from '$lib/i18n';
import { pointerTokens, problemTarget } from './model';
import { SEARCH_KINDS, type SearchKind } from './settings';

export interface DescribedProblem {
  /** Where it is, by labels: `User task “Review” · Candidate groups`. */
  where: string;
  /** What is wrong and how to fix it. */
  what: string;
  warning: boolean;
  /** What it is about on the diagram (none: a setting of the process, or a saved scenario). */
  target: { nodeId?: string; flowId?: string } | null;
  /**
   * A saved scenario of the process refused the publish (play mode): the pointer is into its
   * file, not the definition, so there is nothing of the process to select.
   */
  scenario?: boolean;
}

/** The properties panel's name for a node's or flow's property. */
const FIELD_KEYS: Record<string, MessageKey> = {
  id: 'id',
  name: 'name',
  description: 'description',
  form: 'form',
  assignee: 'assignee',
  candidateGroups: 'candidateGroups',
  candidateUsers: 'candidateUsers',
  priority: 'priority',
  dueDate: 'dueDate',
  prefill: 'prefill',
  output: 'output',
  input: 'input',
  action: 'action',
  outcome: 'outcome',
  default: 'defaultFlow',
  timer: 'timer',
  message: 'message',
  correlationKey: 'correlationKey',
  attachedTo: 'attachedTo',
  process: 'processRef',
  condition: 'condition',
  context: 'contextField',
  retry: 'retryField',
};

/** The settings' names for the process's own properties. */
const SETTING_KEYS: Record<string, MessageKey> = {
  name: 'processName',
  description: 'description',
  businessKey: 'businessKey',
  retention: 'settingsRetention',
  timeZone: 'timeZone',
  public: 'settingsPublic',
  search: 'settingsSearch',
  nodes: 'nodesField',
  flows: 'flowsField',
};

const quoted = (lang: Lang, s: string) => (lang === 'en' ? `“${s}”` : `「${s}」`);

export function describeProblem(def: ProcessDefinition, p: Problem, lang: Lang): DescribedProblem {
  if (p.file?.startsWith('scenarios/'))
    return {
      where: t(lang, 'savedScenario', p.file),
      what: p.message,
      warning: false,
      target: null,
      scenario: true,
    };
  const label = (id: string) => labelIn(lang, def.nodes.find((n) => n.id === id)?.name, id);
  const tokens = pointerTokens(p.pointer ?? '');
  const target = problemTarget(def, p.pointer);
  let where: string;
  if (tokens[0] === 'nodes' && target?.nodeId) {
    const node = def.nodes.find((n) => n.id === target.nodeId)!;
    const field = fieldName(tokens.slice(2), lang);
    const space = lang === 'en' ? ' ' : '';
    where = `${typeName(lang, node.type)}${space}${quoted(lang, label(node.id))}${field ? ` · ${field}` : ''}`;
  } else if (tokens[0] === 'flows' && target?.flowId) {
    const flow = def.flows.find((f) => f.id === target.flowId)!;
    const field = fieldName(tokens.slice(2), lang);
    where = `${t(lang, 'flow')} ${label(flow.from)} → ${label(flow.to)}${field ? ` · ${field}` : ''}`;
  } else where = settingName(tokens, lang);
  // node ids in the parameters read as their labels
  const params = Object.fromEntries(
    Object.entries(p.params ?? {}).map(([k, v]) => [
      k,
      (k === 'node' || k === 'host' || k === 'by') && typeof v === 'string'
        ? v
            .split(', ')
            .map((id) => (def.nodes.some((n) => n.id === id) ? quoted(lang, label(id)) : id))
            .join(', ')
        : v,
    ]),
  );
  const what = p.key && isLintKey(p.key) ? lintMessage(p.key, params, lang) : p.message;
  return {
    where,
    what: what.charAt(0).toUpperCase() + what.slice(1),
    warning: p.severity === 'warning',
    target,
  };
}

/** A property path under a node or flow, by the panel's names (`output › repairCost`). */
function fieldName(rest: string[], lang: Lang): string {
  const [head, ...more] = rest;
  if (!head) return '';
  const key = FIELD_KEYS[head];
  const name = key ? t(lang, key) : head;
  const sub = more.filter((m) => !/^(id|name)$/.test(m) || head !== 'form');
  return sub.length ? `${name} › ${sub.join(' › ')}` : name;
}

/** A pointer into the process's own settings, by the settings' names. */
function settingName(tokens: string[], lang: Lang): string {
  const [head, ...rest] = tokens;
  const base = t(lang, 'settings');
  if (!head) return base;
  const key = SETTING_KEYS[head];
  let name = key ? t(lang, key) : head;
  if (head === 'public' && rest[0] === 'steps' && rest[1] !== undefined)
    name = `${t(lang, 'customerSteps')} · ${t(lang, 'stepN', Number(rest[1]) + 1)}`;
  else if (head === 'public' && rest[0] === 'uploads' && rest[1] !== undefined)
    name = `${t(lang, 'customerUploads')} · ${t(lang, 'uploadN', Number(rest[1]) + 1)}`;
  else if (head === 'public' && rest[0] === 'intake') name = t(lang, 'publicIntake');
  else if (head === 'public' && rest[0] === 'reference') name = t(lang, 'publicReference');
  else if (head === 'search' && SEARCH_KINDS.some((k) => k === rest[0]))
    name = `${t(lang, 'settingsSearch')} · ${t(lang, `search_${rest[0] as SearchKind}`)}`;
  return `${base} · ${name}`;
}

/** Problems first, then warnings, each in the engine's order. */
export function problemsAndWarnings(
  problems: readonly Problem[],
  warnings: readonly Problem[] = [],
) {
  return [
    ...problems.filter((p) => p.severity !== 'warning'),
    ...problems.filter((p) => p.severity === 'warning'),
    ...warnings,
  ];
}
