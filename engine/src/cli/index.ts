export { problemLine, validateFolder } from './validate.ts';
export {
  deployFolder,
  EngineError,
  engineClient,
  exportDefinitions,
  migrateCases,
  parseVars,
  startCase,
} from './remote.ts';
