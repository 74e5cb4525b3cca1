/**
 * DMN into the studio: a file sent to the engine's import (POST /api/import/dmn), which answers
 * a decision draft, what did not carry, and the file's tables. The definitions page saves the
 * draft and keeps the problems (`keepImportProblems(id, problems, storage, 'decision')`) for the
 * table editor to list.
 *
 * @example
 *   const imported = await importDmn(xml, { lang: 'en', csrfToken });
 */
import type { DecisionDefinition } from '@caseway/engine/types';
import { postXml, type ImportProblem } from '../process/bpmn';

export interface DmnImport {
  decision: DecisionDefinition;
  problems: ImportProblem[];
  tables: { element: string; name: string; imported: boolean }[];
  dmnVersion: string;
}

export function importDmn(
  xml: string,
  o: { lang: string; csrfToken: string | null; fetch?: typeof fetch },
): Promise<DmnImport> {
  return postXml<DmnImport>('/api/import/dmn', xml, o);
}
