export { ActionRegistry, type ActionHandler, type ActionContext } from './actions.ts';
export { PluginHost, ENGINE_VERSION, type PluginSummary } from './host.ts';
