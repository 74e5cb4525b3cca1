/**
 * The plugins page (administrators): each loaded plugin's state, actions and settings forms
 * built from its manifest's schemas and presentation hints, and the refused plugins' problems.
 */
export * from './api';
export { pluginsText, type PluginsTextKey } from './messages';
export {
  configOf,
  formGroups,
  inputValue,
  shown,
  valuesOf,
  type FormField,
  type FormGroup,
  type UiHints,
} from './settings-form';
export { default as SettingsFields } from './SettingsFields.svelte';
