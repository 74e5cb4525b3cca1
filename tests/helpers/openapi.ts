/**
 * The engine's operations as its OpenAPI document lists them, so that tests walking every
 * route (route rules, the role matrix, the adversarial suite) cover a new route without
 * anyone remembering to add it.
 */
import { DEFAULT_ROLES, defaultPermissions } from '../../engine/src/access/index.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A JSON Schema, as far as the walking tests read one. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

/** Who may call an operation: its `x-auth` rule. */
export type AuthRule = 'public' | 'user' | { duties: string[] };

export interface Operation {
  /** `POST /api/tasks/{id}/complete` */
  key: string;
  method: string;
  path: string;
  summary?: string;
  xAuth: AuthRule | undefined;
  /** No credentials needed in the document (`security: []`). */
  public: boolean;
  parameters: Parameter[];
  /** The JSON body's schema, `$ref`s to components resolved at the top level. */
  body: Schema | null;
}

export interface OpenApiDocument {
  security?: unknown[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
}

export async function openApiDocument(url: string): Promise<OpenApiDocument> {
  const res = await fetch(`${url}/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/** Every operation of the engine's OpenAPI document. */
export async function operations(url: string): Promise<Operation[]> {
  const doc = await openApiDocument(url);
  const deref = (s: Schema | undefined): Schema | null =>
    s?.$ref ? (doc.components?.schemas?.[s.$ref.split('/').pop()!] ?? null) : (s ?? null);
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m]! as {
        summary?: string;
        security?: unknown[];
        'x-auth'?: AuthRule;
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
      };
      return {
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        ...(op.summary !== undefined ? { summary: op.summary } : {}),
        xAuth: op['x-auth'],
        public: Array.isArray(op.security) && op.security.length === 0,
        parameters: op.parameters ?? [],
        body: deref(op.requestBody?.content?.['application/json']?.schema),
      };
    }),
  );
}

/**
 * Whether a caller holding these roles (null: no credentials) passes an operation's rule, the
 * roles holding the permissions a new database gives them (DEFAULT_ROLES, migration 028).
 */
export function allows(rule: AuthRule | undefined, roles: readonly string[] | null): boolean {
  if (rule === 'public') return true;
  if (roles === null || rule === undefined) return false;
  if (rule === 'user') return true;
  const held: readonly string[] = defaultPermissions(roles);
  return rule.duties.some((d) => held.includes(d));
}

/** The roles of a new database that pass a rule of duties (sorted). */
export const rolesHolding = (duties: readonly string[]): string[] =>
  Object.entries(DEFAULT_ROLES)
    .filter(([, r]) => duties.some((d) => (r.permissions as readonly string[]).includes(d)))
    .map(([id]) => id)
    .sort();
