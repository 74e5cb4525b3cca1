/**
 * The action catalogue for designers: every action a service task can name (the built-ins
 * `noop` and `set-variables`, each plugin's `<plugin>/<action>`, and actions registered in
 * code), with its description in both languages and its input and output JSON Schemas, so
 * the studio can offer a picker and generate the input and output mappings from the schemas.
 * Read-only; no configuration or secret of a plugin is shown (that is `GET /api/plugins`,
 * administrators only).
 *
 * @example
 *   GET /api/actions -> { items: [{ name: 'sms/send', plugin: 'sms', title: {…}, input: {…}, … }] }
 */
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../engine-types.ts';

const design = { duties: ['design'] } as const;

type Text = { 'zh-Hant': string; en: string };

export interface ActionInfo {
  name: string;
  /** The plugin that registered it; null for built-ins and actions registered in code. */
  plugin: string | null;
  builtin: boolean;
  title: Text | null;
  idempotent: boolean;
  /** JSON Schema of the input (the service task's input mappings); null when not declared. */
  input: Record<string, unknown> | null;
  /** JSON Schema of the result (read by the output mappings as `result`); null when not declared. */
  output: Record<string, unknown> | null;
  /** The manifest's hints for the input properties (label, help, placeholder), by property. */
  inputHints?: Record<string, { label?: Text; help?: Text; placeholder?: string }> | null;
}

const BUILTINS: ActionInfo[] = [
  {
    name: 'noop',
    plugin: null,
    builtin: true,
    title: { 'zh-Hant': '不執行任何動作（佔位）', en: 'Does nothing (a placeholder)' },
    idempotent: true,
    input: { type: 'object', additionalProperties: false, properties: {} },
    output: { type: 'object', additionalProperties: false, properties: {} },
  },
  {
    name: 'set-variables',
    plugin: null,
    builtin: true,
    title: {
      'zh-Hant': '設定流程變數：每個輸入對應成為一個變數',
      en: 'Sets process variables: each input mapping becomes a variable',
    },
    idempotent: true,
    input: { type: 'object', additionalProperties: true },
    output: { type: 'object', additionalProperties: true },
  },
];

const text = {
  type: ['object', 'null'],
  required: ['zh-Hant', 'en'],
  properties: { 'zh-Hant': { type: 'string' }, en: { type: 'string' } },
  // any other locale a definition adds (zh-Hans…): response schemas drop undeclared keys
  additionalProperties: { type: 'string' },
} as const;
const schemaOrNull = { type: ['object', 'null'], additionalProperties: true } as const;

/** An action's input hints from its plugin's `ui.fields` (`actions/<action>/input/<name>`). */
function inputHintsOf(
  ui: {
    fields?: Record<string, { label?: Text; help?: Text; placeholder?: string } | undefined>;
  } | null,
  action: string,
): ActionInfo['inputHints'] {
  const prefix = `actions/${action}/input/`;
  const hints = Object.entries(ui?.fields ?? {}).flatMap(([key, h]) =>
    key.startsWith(prefix) && h
      ? [
          [
            key.slice(prefix.length),
            {
              ...(h.label ? { label: h.label } : {}),
              ...(h.help ? { help: h.help } : {}),
              ...(h.placeholder ? { placeholder: h.placeholder } : {}),
            },
          ] as const,
        ]
      : [],
  );
  return hints.length ? Object.fromEntries(hints) : null;
}

/** The catalogue, built-ins first, then by name. */
export function actionCatalogue(engine: Engine): ActionInfo[] {
  const fromPlugins = new Map(
    engine.plugins.actionSpecs().map(({ name, plugin, spec, ui }): [string, ActionInfo] => [
      name,
      {
        name,
        plugin,
        builtin: false,
        title: spec.description,
        idempotent: spec.idempotent ?? false,
        input: spec.input,
        output: spec.output,
        inputHints: inputHintsOf(ui, name.slice(name.indexOf('/') + 1)),
      },
    ]),
  );
  const builtins = new Set(BUILTINS.map((b) => b.name));
  const others = [...engine.actions.names()]
    // `<plugin>/@event` delivers events to a plugin: no service task can name it
    .filter((n) => !builtins.has(n) && !n.endsWith('/@event'))
    .sort()
    .map(
      (name): ActionInfo =>
        fromPlugins.get(name) ?? {
          name,
          plugin: null,
          builtin: false,
          title: null,
          idempotent: false,
          input: null,
          output: null,
        },
    );
  return [...BUILTINS, ...others];
}

export async function actionRoutes(app: FastifyInstance, engine: Engine): Promise<void> {
  app.get(
    '/actions',
    {
      config: { auth: design },
      schema: {
        tags: ['plugins'],
        summary:
          'Every action a service task can name, with its description and input and output JSON Schemas (for the process designer).',
        response: {
          200: {
            type: 'object',
            required: ['items'],
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['name', 'plugin', 'builtin', 'title', 'idempotent', 'input', 'output'],
                  properties: {
                    name: { type: 'string' },
                    plugin: { type: ['string', 'null'] },
                    builtin: { type: 'boolean' },
                    title: text,
                    idempotent: { type: 'boolean' },
                    input: schemaOrNull,
                    output: schemaOrNull,
                    inputHints: {
                      type: ['object', 'null'],
                      description:
                        "The manifest's presentation hints for the input properties, by property: label, help (both languages), placeholder.",
                      additionalProperties: {
                        type: 'object',
                        properties: { label: text, help: text, placeholder: { type: 'string' } },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ items: actionCatalogue(engine) }),
  );
}
