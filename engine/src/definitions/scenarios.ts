/**
 * Scenarios: saved plays of a process (play mode), stored beside the definitions as
 * definitions/scenarios/<process-id>/<name>.json so they live in git with the process. They are
 * not versioned: saving one again replaces it. Loading checks each file against
 * scenario.schema.json and its place (name and process match the file's path, the first step
 * starts the case); a bad file is a problem of the registry and is not replayed.
 *
 * @example
 *   const { scenarios, problems } = await readScenarios('definitions');
 *   await writeScenario('definitions', scenario, { overwrite: false });
 */
import { mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createError, defaultMessage, type ErrorDetail, type Lang } from '../errors.ts';
import type { ScenarioDefinition } from '../generated/index.ts';
import { formatJson } from './json-file.ts';
import { scenarioSchemaProblems } from './meta-schemas.ts';

export const SCENARIO_FOLDER = 'scenarios';
const NAME_RE = /^([a-z0-9][a-z0-9-]*)\.json$/;

/** Where a scenario's file is, relative to the definitions folder. */
export const scenarioFile = (processId: string, name: string) =>
  `${SCENARIO_FOLDER}/${processId}/${name}.json`;

/** Problems of a scenario body: its meta-schema, then its place and its first step. */
export function scenarioProblems(
  body: unknown,
  place?: { processId: string; name: string },
): ErrorDetail[] {
  const schema = scenarioSchemaProblems(body);
  if (schema.length) return schema;
  const s = body as ScenarioDefinition;
  const problems: ErrorDetail[] = [];
  if (place && s.process !== place.processId)
    problems.push({
      code: 'CW_ERR_DEF_PATH_MISMATCH',
      pointer: '/process',
      message: `process "${s.process}" does not match the folder "${place.processId}"`,
    });
  if (place && s.name !== place.name)
    problems.push({
      code: 'CW_ERR_DEF_PATH_MISMATCH',
      pointer: '/name',
      message: `name "${s.name}" does not match the file name "${place.name}.json"`,
    });
  s.steps.forEach((step, i) => {
    if ((i === 0) !== (step.action.type === 'start'))
      problems.push({
        code: 'CW_ERR_DEF_SCHEMA',
        pointer: `/steps/${i}/action/type`,
        message: i === 0 ? 'the first step starts the case' : 'only the first step starts the case',
      });
  });
  return problems;
}

/** Every scenario file of the folder, the good ones and the problems of the others. */
export async function readScenarios(
  dir: string,
): Promise<{ scenarios: ScenarioDefinition[]; problems: ErrorDetail[] }> {
  const scenarios: ScenarioDefinition[] = [];
  const problems: ErrorDetail[] = [];
  const root = join(dir, SCENARIO_FOLDER);
  const folders = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const folder of folders
    .filter((f) => f.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    for (const name of (await readdir(join(root, folder.name))).sort()) {
      const m = NAME_RE.exec(name);
      if (!m) continue;
      const file = scenarioFile(folder.name, m[1]!);
      let body: unknown;
      try {
        body = JSON.parse(await readFile(join(dir, file), 'utf8'));
      } catch (e) {
        problems.push({
          code: 'CW_ERR_DEF_PARSE',
          pointer: '',
          file,
          message: `${file}: ${(e as Error).message}`,
        });
        continue;
      }
      const found = scenarioProblems(body, { processId: folder.name, name: m[1]! });
      if (found.length)
        problems.push(...found.map((p) => ({ ...p, file, message: `${file}: ${p.message}` })));
      else scenarios.push(body as ScenarioDefinition);
    }
  }
  return { scenarios, problems };
}

/**
 * Writes a scenario's file (checked first). Refused with CW_ERR_SCENARIO_EXISTS when the name is
 * taken, unless `overwrite`.
 */
export async function writeScenario(
  dir: string,
  scenario: ScenarioDefinition,
  opts: { overwrite: boolean; lang: Lang },
): Promise<string> {
  const problems = scenarioProblems(scenario, { processId: scenario.process, name: scenario.name });
  if (problems.length)
    throw createError('CW_ERR_VALIDATION', 'The scenario is invalid.', { details: problems });
  const file = scenarioFile(scenario.process, scenario.name);
  const { $schema: _s, ...rest } = scenario;
  const body = { $schema: '../../schema/scenario.schema.json', ...rest };
  await mkdir(join(dir, SCENARIO_FOLDER, scenario.process), { recursive: true });
  try {
    await writeFile(join(dir, file), await formatJson(body), {
      flag: opts.overwrite ? 'w' : 'wx',
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw createError('CW_ERR_SCENARIO_EXISTS', undefined, {
        details: [
          {
            code: 'CW_ERR_SCENARIO_EXISTS',
            pointer: '/name',
            message: defaultMessage('CW_ERR_SCENARIO_EXISTS', opts.lang),
          },
        ],
        data: { processId: scenario.process, name: scenario.name },
      });
    throw e;
  }
  return file;
}

/** Deletes a scenario's file; false when there was none. */
export async function removeScenario(
  dir: string,
  processId: string,
  name: string,
): Promise<boolean> {
  try {
    await unlink(join(dir, scenarioFile(processId, name)));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
