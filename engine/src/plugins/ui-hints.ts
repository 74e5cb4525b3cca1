/**
 * The manifest's presentation hints (`ui`), checked when a plugin loads: each field hint names
 * a property its schema declares (`config/<name>`, `secrets/<name>`, a nested `config/<object>/<name>`,
 * `actions/<action>/input/<name>`), a group the manifest lists, and a `showIf` field of the
 * same form. Pure: the host turns what this returns into the plugin's refusal.
 *
 * @example
 *   uiHintProblems({ config: { type: 'object', properties: { url: {} } }, actions: {},
 *     ui: { fields: { 'config/uri': {} } } });
 *   // [{ pointer: '/ui/fields/config~1uri', message: 'config has no property uri' }]
 */
import type { PluginManifest } from '@caseway/plugin-sdk';

type Hinted = Pick<PluginManifest, 'config' | 'secrets' | 'actions' | 'ui'>;

const pointerOf = (key: string) => `/ui/fields/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The properties a form declares: `config`, `secrets` or `actions/<a>/input`, or those of one
 * of their object properties (`config/from`: a nested field, `config/from/address`).
 */
function propertiesOf(m: Hinted, form: string): Record<string, unknown> | undefined {
  const [root, ...rest] = form.split('/');
  if ((root === 'config' || root === 'secrets') && rest.length === 1) {
    const parent = propertiesOf(m, root)?.[rest[0]!] as { properties?: unknown } | undefined;
    return parent?.properties && typeof parent.properties === 'object'
      ? (parent.properties as Record<string, unknown>)
      : undefined;
  }
  const schema =
    form === 'config'
      ? m.config
      : form === 'secrets'
        ? m.secrets
        : m.actions[form.split('/')[1]!]?.input;
  if (!schema) return undefined;
  return ((schema as { properties?: Record<string, unknown> }).properties ?? {}) as Record<
    string,
    unknown
  >;
}

export function uiHintProblems(m: Hinted): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const groups = new Set<string>();
  for (const [i, g] of (m.ui?.groups ?? []).entries()) {
    if (groups.has(g.id))
      out.push({ pointer: `/ui/groups/${i}/id`, message: `group ${g.id} is listed twice` });
    groups.add(g.id);
  }
  for (const [key, hint] of Object.entries(m.ui?.fields ?? {})) {
    if (!hint) continue;
    const form = key.slice(0, key.lastIndexOf('/'));
    const name = key.slice(key.lastIndexOf('/') + 1);
    const properties = propertiesOf(m, form);
    const at = pointerOf(key);
    if (!properties) {
      out.push({ pointer: at, message: `${form} is not declared` });
      continue;
    }
    if (!(name in properties))
      out.push({ pointer: at, message: `${form} has no property ${name}` });
    if (hint.group !== undefined && !groups.has(hint.group))
      out.push({ pointer: `${at}/group`, message: `no group ${hint.group} in ui.groups` });
    if (hint.showIf && !(hint.showIf.field in properties))
      out.push({
        pointer: `${at}/showIf/field`,
        message: `${form} has no property ${hint.showIf.field}`,
      });
  }
  return out;
}
