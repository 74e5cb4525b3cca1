export { ActionRegistry, type ActionHandler, type ActionContext } from './actions.ts';
export { PluginHost } from './host.ts';
export { PluginSandbox } from './sandbox.ts';
export { manifestCatalogue } from './catalogue.ts';
