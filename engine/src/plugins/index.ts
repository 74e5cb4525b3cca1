export { ActionRegistry, type ActionHandler, type ActionContext } from './actions.ts';
export { PluginHost } from './host.ts';
