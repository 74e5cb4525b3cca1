/**
 * BPMN 2.0 XML in and out: import a diagram drawn in Camunda Modeler, bpmn.io or Flowable as a
 * process draft with the problems of what did not carry.
 *
 * @example
 *   const { process, problems, layout } = await importBpmn(xml, 'en');
 */
export { importBpmn } from './bpmn-import.ts';
export { exportBpmn } from './bpmn-export.ts';
export { BPMN_LIMITS } from './bpmn-read.ts';
export { importDmn } from './dmn-import.ts';
export { DMN_LIMITS } from './dmn-read.ts';
