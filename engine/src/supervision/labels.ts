/**
 * What a case variable's values are called: the option labels (both languages) of the select
 * fields of that key in the forms of a process (its start forms and user-task forms, every
 * version), so reports show names instead of codes. A later version's label wins.
 *
 * @example
 *   optionLabels(registry, 'complaint', ['region']);
 *   // { region: { 'east-china': { 'zh-Hant': '華東', en: 'East China' }, … } }
 */
import type { DefinitionRegistry } from '../definitions/index.ts';
import type { FormField, LocalizedText, ProcessDefinition } from '../generated/index.ts';

export type OptionLabels = Record<string, Record<string, LocalizedText>>;

export function optionLabels(
  registry: DefinitionRegistry,
  processId: string,
  keys: readonly string[],
): OptionLabels {
  const out: OptionLabels = Object.fromEntries(keys.map((k) => [k, {}]));
  const walk = (fields: readonly FormField[] | undefined) => {
    for (const f of fields ?? []) {
      if (keys.includes(f.key) && f.options)
        for (const o of f.options) out[f.key]![String(o.value)] = o.label;
      walk(f.fields);
    }
  };
  let versions: ReturnType<DefinitionRegistry['versionsOf']> = [];
  try {
    versions = registry.versionsOf('process', processId);
  } catch {
    return out;
  }
  for (const v of [...versions].sort((a, b) => a.version - b.version)) {
    const def = v.body as unknown as ProcessDefinition;
    for (const n of def.nodes ?? []) {
      const ref = 'form' in n && n.form && typeof n.form === 'object' ? n.form : undefined;
      if (!ref) continue;
      try {
        walk(registry.form(ref.id, ref.version ?? null).fields);
      } catch {
        // a form version no longer held: its labels are unknown
      }
    }
  }
  return out;
}
