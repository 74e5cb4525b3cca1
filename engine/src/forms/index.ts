export { validateForm, formJsonSchema } from './validate.ts';
