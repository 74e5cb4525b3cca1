export { ActionRegistry, type ActionHandler, type ActionContext } from './actions.ts';
