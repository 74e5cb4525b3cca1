/**
 * The process variables as suggestions of a FEEL input, in the designer's language: the name,
 * its type and where it comes from ("from start form claim-intake v2").
 *
 * @example
 *   suggestions('en', completionsAt(def, 'decide', 'condition', catalogue), nameOf);
 */
import type { FeelCompletion } from '../feel/completion';
import { t, type Lang } from './messages';
import type { Origin, Variable, VariableType } from '@caseway/engine/design';

const TYPE_NAMES: Record<VariableType, Record<Lang, string>> = {
  string: { 'zh-Hant': '文字', 'zh-Hans': '文字', en: 'text' },
  number: { 'zh-Hant': '數字', 'zh-Hans': '数字', en: 'number' },
  boolean: { 'zh-Hant': '是非', 'zh-Hans': '是非', en: 'boolean' },
  date: { 'zh-Hant': '日期', 'zh-Hans': '日期', en: 'date' },
  'date-time': { 'zh-Hant': '日期時間', 'zh-Hans': '日期时间', en: 'date-time' },
  duration: { 'zh-Hant': '期間', 'zh-Hans': '期间', en: 'duration' },
  list: { 'zh-Hant': '清單', 'zh-Hans': '清单', en: 'list' },
  context: { 'zh-Hant': '物件', 'zh-Hans': '对象', en: 'context' },
  function: { 'zh-Hant': '函式', 'zh-Hans': '函数', en: 'function' },
  any: { 'zh-Hant': '任意', 'zh-Hans': '任意', en: 'any' },
};

export function typeText(lang: Lang, type: VariableType): string {
  return TYPE_NAMES[type][lang];
}

const LOCAL = {
  form: 'localForm',
  result: 'localResult',
  message: 'localMessage',
  child: 'localChild',
  outcome: 'localOutcome',
  error: 'localError',
} as const;

/** Where a variable comes from, in `lang`; `nameOf` gives a node's name. */
export function originText(lang: Lang, o: Origin, nameOf: (id: string) => string): string {
  const v = (version?: number) => (version ? ` v${version}` : t(lang, 'latest'));
  switch (o.kind) {
    case 'startInput':
      return t(lang, 'originStartInput', o.by);
    case 'caseReference':
      return t(lang, 'originCaseReference');
    case 'intake':
      return t(lang, o.what === 'trackingLink' ? 'originTrackingLink' : 'originCustomerLanguage');
    case 'startForm':
      return t(lang, 'originStartForm', o.form, v(o.version));
    case 'taskForm':
      return t(lang, 'originTaskForm', o.form, v(o.version), nameOf(o.node));
    case 'taskOutput':
      return t(lang, 'originTaskOutput', nameOf(o.node));
    case 'setVariables':
      return t(lang, 'originSetVariables', nameOf(o.node));
    case 'serviceOutput':
      return t(lang, 'originServiceOutput', nameOf(o.node), o.action);
    case 'messageOutput':
      return t(lang, 'originMessageOutput', nameOf(o.node), o.message || '?');
    case 'callOutput':
      return t(lang, 'originCallOutput', nameOf(o.node), o.process || '?');
    case 'decisionOutput':
      return t(lang, 'originDecisionOutput', nameOf(o.node), o.decision || '?');
    case 'errorOutput':
      return t(lang, 'originErrorOutput', nameOf(o.node), o.code ?? t(lang, 'anyErrorCode'));
    case 'multiInstance':
      return t(
        lang,
        o.what === 'element'
          ? 'originMultiInstanceElement'
          : o.what === 'loopCounter'
            ? 'originMultiInstanceCounter'
            : 'originMultiInstanceOutput',
        nameOf(o.node),
      );
    case 'local':
      return t(lang, LOCAL[o.of]);
    case 'builtin':
      return t(lang, 'builtin');
  }
}

/** Variables as FeelInput suggestions. */
export function suggestions(
  lang: Lang,
  vars: readonly Variable[],
  nameOf: (id: string) => string,
): FeelCompletion[] {
  return vars.map((v) => ({
    label: v.name,
    ...(v.insert ? { insert: v.insert } : {}),
    detail: v.sensitive
      ? `${typeText(lang, v.type)} · ${t(lang, 'personalData')}`
      : typeText(lang, v.type),
    info: v.origins.map((o) => originText(lang, o, nameOf)).join('; '),
  }));
}
