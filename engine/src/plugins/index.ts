export {
  ActionRegistry,
  type ActionHandler,
  type ActionContext,
  type ActionSchemas,
} from './actions.ts';
export { PluginHost } from './host.ts';
