/**
 * Service-task actions. The built-ins `noop` and `set-variables` run inline in the
 * interpreter; every other action is registered here by a plugin (the Plugin SDK issue
 * builds the manifest, configuration and secrets on top of this) and runs in a worker.
 */
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

  constructor() {
    this.#handlers.set('noop', () => ({}));
    this.#handlers.set('set-variables', (input) => input);
  }

  /** Registers an action, with its schemas when it declares them (checked in definitions). */
  register(name: string, handler: ActionHandler, schemas?: ActionSchemas): this {
    if (this.#handlers.has(name)) throw new Error(`action ${name} is already registered`);
    this.#handlers.set(name, handler);
    if (schemas) this.#schemas.set(name, schemas);
    return this;
  }

  /** Removes an action (a plugin reloaded or replaced); the built-ins stay. */
  unregister(name: string): void {
    if (name === 'noop' || name === 'set-variables') return;
    this.#handlers.delete(name);
    this.#schemas.delete(name);
  }

  get(name: string): ActionHandler | undefined {
    return this.#handlers.get(name);
  }

  has(name: string): boolean {
    return this.#handlers.has(name);
  }

  /** The action's input and result schemas, if it declared them. */
  schemas(name: string): ActionSchemas | undefined {
    return this.#schemas.get(name);
  }

  names(): ReadonlySet<string> {
    return new Set(this.#handlers.keys());
  }
}
