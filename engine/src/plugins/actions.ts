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

export class ActionRegistry {
  readonly #handlers = new Map<string, ActionHandler>();

  constructor() {
    this.#handlers.set('noop', () => ({}));
    this.#handlers.set('set-variables', (input) => input);
  }

  register(name: string, handler: ActionHandler): this {
    if (this.#handlers.has(name)) throw new Error(`action ${name} is already registered`);
    this.#handlers.set(name, handler);
    return this;
  }

  get(name: string): ActionHandler | undefined {
    return this.#handlers.get(name);
  }

  names(): ReadonlySet<string> {
    return new Set(this.#handlers.keys());
  }
}
