/**
 * Service-task actions. The built-ins `noop` and `set-variables` run inline in the
 * interpreter; every other action is registered here by a plugin (the Plugin SDK issue
 * builds the manifest, configuration and secrets on top of this) and runs in a worker.
 *
 * A plugin registers each action under its exact version, `bank-transfer@2.1.0/pay`; a name
 * finds the highest registered version its range allows: `bank-transfer/pay` the highest of
 * all, `bank-transfer@^1.4/pay` the highest 1.x from 1.4 (several versions of a plugin may be
 * loaded side by side during an upgrade).
 *
 * @example
 *   actions.register('bank-transfer@1.4.0/pay', pay1).register('bank-transfer@2.0.0/pay', pay2);
 *   actions.get('bank-transfer/pay'); // pay2
 *   actions.get('bank-transfer@^1/pay'); // pay1
 *   actions.versions('bank-transfer/pay'); // ['1.4.0', '2.0.0']
 */
import semver from 'semver';

/** `<plugin>[@<range>]/<action>`: a plugin action's name as a definition may write it. */
const PINNED = /^([a-z][a-z0-9-]*)(?:@([^/@]+))?\/(@?[a-z][a-z0-9-]*)$/;

/** A name's plugin, range (absent: any version) and action, when it names a plugin action. */
export function parseActionName(
  name: string,
): { plugin: string; range: string | undefined; action: string } | undefined {
  const m = PINNED.exec(name);
  return m ? { plugin: m[1]!, range: m[2]?.trim(), action: m[3]! } : undefined;
}
export interface ActionContext {
  /** Stable across retries of one invocation: receivers use it to recognise a repeat. */
  idempotencyKey: string;
  attempt: number;
  instanceId: string;
  signal: AbortSignal;
}

export type ActionHandler = (
  input: Record<string, unknown>,
  ctx: ActionContext,
) => Promise<unknown> | unknown;

/** An action's input and result JSON Schemas (a plugin's manifest declares them). */
export interface ActionSchemas {
  input: object | null;
  output: object | null;
}

export class ActionRegistry {
  readonly #handlers = new Map<string, ActionHandler>();
  readonly #schemas = new Map<string, ActionSchemas>();
  /** `<plugin>/<action>` -> the versions registered under `<plugin>@<version>/<action>`. */
  readonly #versions = new Map<string, string[]>();

  constructor() {
    this.#handlers.set('noop', () => ({}));
    this.#handlers.set('set-variables', (input) => input);
  }

  /** Registers an action, with its schemas when it declares them (checked in definitions). */
  register(name: string, handler: ActionHandler, schemas?: ActionSchemas): this {
    if (this.#handlers.has(name)) throw new Error(`action ${name} is already registered`);
    this.#handlers.set(name, handler);
    if (schemas) this.#schemas.set(name, schemas);
    const p = parseActionName(name);
    if (p?.range && semver.valid(p.range)) {
      const key = `${p.plugin}/${p.action}`;
      this.#versions.set(key, [...(this.#versions.get(key) ?? []), p.range].sort(semver.compare));
    }
    return this;
  }

  /** Removes an action (a plugin reloaded or replaced); the built-ins stay. */
  unregister(name: string): void {
    if (name === 'noop' || name === 'set-variables') return;
    this.#handlers.delete(name);
    this.#schemas.delete(name);
    const p = parseActionName(name);
    if (p?.range) {
      const key = `${p.plugin}/${p.action}`;
      const left = (this.#versions.get(key) ?? []).filter((v) => v !== p.range);
      if (left.length) this.#versions.set(key, left);
      else this.#versions.delete(key);
    }
  }

  /**
   * The registered name a name stands for: itself, or the highest version of its plugin that
   * its range allows (any, without one); undefined when none does.
   */
  resolve(name: string): string | undefined {
    if (this.#handlers.has(name)) return name;
    const p = parseActionName(name);
    if (!p) return undefined;
    const versions = this.#versions.get(`${p.plugin}/${p.action}`) ?? [];
    if (p.range !== undefined && !semver.validRange(p.range)) return undefined;
    const v = semver.maxSatisfying(versions, p.range ?? '*', { includePrerelease: true });
    return v ? `${p.plugin}@${v}/${p.action}` : undefined;
  }

  /** The versions of a plugin action registered (`<plugin>[@<range>]/<action>`), lowest first. */
  versions(name: string): readonly string[] {
    const p = parseActionName(name);
    return p ? (this.#versions.get(`${p.plugin}/${p.action}`) ?? []) : [];
  }

  get(name: string): ActionHandler | undefined {
    const exact = this.resolve(name);
    return exact === undefined ? undefined : this.#handlers.get(exact);
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  /** The action's input and result schemas, if it declared them. */
  schemas(name: string): ActionSchemas | undefined {
    const exact = this.resolve(name);
    return exact === undefined ? undefined : this.#schemas.get(exact);
  }

  /**
   * The names a definition may use without a range: built-ins, actions registered in code, and
   * each plugin action as `<plugin>/<action>` (its highest version).
   */
  names(): ReadonlySet<string> {
    const exact = [...this.#handlers.keys()].filter((n) => {
      const p = parseActionName(n);
      return !(p?.range && semver.valid(p.range));
    });
    return new Set([...exact, ...this.#versions.keys()]);
  }
}
