/**
 * The order test files start in (vitest.config.ts `sequence.sequencer`): the slowest first, so
 * that on two workers a four-minute browser file never starts last while the other worker has
 * nothing left to do. A fresh CI checkout has no vitest cache of durations (vitest would start
 * the largest files first), so the slow ones are named here, slowest first, from per-file
 * times measured on this machine (browser files 30 to 800 s at load 20 to 30, the CLI and
 * plugin-publish tests 130 to 220 s; most other files under 15 s). Files not named keep
 * vitest's own order (the cache's longest first, else the largest) after them. The order is
 * across projects: the browser files (isolated, a fresh process each) and the engine files
 * (sharing a worker's modules) fill the same two workers, so a browser file and engine files run
 * side by side.
 */
import { relative, sep } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST_FIRST = [
  'tests/studio/pages-i18n.test.ts',
  'tests/studio/bpmn-browser.test.ts',
  'tests/studio/staff.test.ts',
  'tests/studio/case-work-browser.test.ts',
  'tests/studio/designer-journey.test.ts',
  'tests/studio/staff-search.test.ts',
  'tests/studio/draft-lifecycle.test.ts',
  'tests/studio/users-and-start.test.ts',
  'tests/studio/process-designer.test.ts',
  'tests/studio/claim-payment-browser.test.ts',
  'tests/studio/definitions-browser.test.ts',
  'tests/studio/plugins-browser.test.ts',
  'tests/meta/cli.test.ts',
  'tests/meta/plugin-publish.test.ts',
  'tests/studio/',
  'tests/faults/',
  'tests/processes/',
  'tests/operations/built-engine.test.ts',
  'tests/definitions/shipped.test.ts',
  'tests/meta/',
];

function rank(root: string, spec: TestSpecification): number {
  const path = relative(root, spec.moduleId).split(sep).join('/');
  const i = SLOWEST_FIRST.findIndex((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
  return i === -1 ? SLOWEST_FIRST.length : i;
}

export default class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: vitest's order stays within each rank
    const root = this.ctx.config.root;
    return (await super.sort(files)).sort((a, b) => rank(root, a) - rank(root, b));
  }
}
