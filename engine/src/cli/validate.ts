/**
 * `caseway validate [dir]`: a definitions folder checked by the engine's own loader and lint,
 * offline (no database: nothing was published before), against the actions a plugins folder
 * declares. Problems as `file:pointer message` lines, the way compilers print them.
 *
 * @example
 *   const r = await validateFolder('definitions', 'plugins');
 *   r.problems.map(problemLine); // ['processes/claim/v5.json:/nodes/3/form message …']
 */
import type { DefinitionLedger } from '../definitions/index.ts';
import { loadDefinitions } from '../definitions/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { manifestCatalogue } from '../plugins/index.ts';

/** A ledger that recorded nothing and keeps nothing: every file is checked as new. */
const NOTHING_RECORDED: DefinitionLedger = {
  recordedVersions: async () => [],
  size: async () => 0,
  recordVersion: async (v) => v.hash,
  drafts: async () => [],
  draft: async () => undefined,
  putDraft: async (d) => d,
  discardDraft: async () => 'absent',
  recordPublication: async () => {},
  publications: async () => [],
};

export async function validateFolder(
  dir: string,
  pluginsDir: string,
): Promise<{ problems: ErrorDetail[]; versions: number }> {
  const catalogue = await manifestCatalogue(pluginsDir);
  const registry = await loadDefinitions({
    ledger: NOTHING_RECORDED,
    dir,
    actions: catalogue.actions,
  });
  return { problems: [...catalogue.problems, ...registry.problems], versions: registry.size() };
}

/**
 * One problem as a line: `file:pointer message` (the pointer `/` for the whole file; a message
 * that starts with its file and pointer again is not made to say them twice).
 */
export function problemLine(p: ErrorDetail): string {
  const file = p.file ?? '(definitions)';
  const pointer = p.pointer || '/';
  let message = p.message;
  if (message.startsWith(`${file}: `)) message = message.slice(file.length + 2);
  if (message.startsWith(`${pointer}: `)) message = message.slice(pointer.length + 2);
  return `${file}:${pointer} ${message}`;
}
