/**
 * Published definition versions are immutable (issue 16, item 6). Earlier sessions edited
 * claim, claim-intake, claim-dispute, complaint, policy-application and after-sales-request v1
 * and three SLAs' v1 in place; their files are back to the bodies as first published and the
 * edits live on in later versions. The ledger (`../fixtures/published-definitions.json`) holds
 * the content hash of every shipped version as published: a file that no longer matches its
 * line was edited in place, and an engine whose database recorded the published body would
 * refuse it (CW_ERR_DEF_IMMUTABLE). A new version adds its line.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../engine/src/definitions/index.ts';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { startInstance } from '../helpers/scenario.ts';

const SHIPPED = fileURLToPath(new URL('../../definitions', import.meta.url));

/** The v1 files edited in place before, each with the commit that first published it. */
const RESTORED = {
  'processes/claim/v1.json': '84dda25',
  'processes/claim-intake/v1.json': 'cbf018e',
  'processes/claim-dispute/v1.json': '84dda25',
  'processes/complaint/v1.json': '21bec92',
  'processes/policy-application/v1.json': '0cfa3cd',
  'processes/after-sales-request/v1.json': '342a7f1',
  'slas/complaint-decision/v1.json': '21bec92',
  'slas/complaint-decision-extended/v1.json': '21bec92',
  'slas/policy-application-decision/v1.json': '0cfa3cd',
} as const;
const published = JSON.parse(
  await readFile(new URL('../fixtures/published-definitions.json', import.meta.url), 'utf8'),
) as Record<string, string>;

const readBody = async (path: string) =>
  JSON.parse(await readFile(join(SHIPPED, path), 'utf8')) as Record<string, unknown> & {
    id: string;
    version: number;
  };

let t: TestEngine | undefined;
afterAll(async () => {
  await t?.close();
  if (t) await dropTestData(t.schema, t.prefix);
});

describe('published definition versions', () => {
  it('every shipped version in the ledger still has the body it was published with', async () => {
    const changed: string[] = [];
    for (const [path, hash] of Object.entries(published))
      if (contentHash(await readBody(path)) !== hash) changed.push(path);
    expect(changed, 'edited in place: add a new version instead').toEqual([]);
    for (const path of Object.keys(RESTORED)) expect(published[path], path).toBeDefined();
  });

  it('an engine whose database recorded the v1 bodies as first published still starts without a problem', async () => {
    // Given a database that recorded those bodies (an engine that ran before the in-place edits)
    const empty = await writeDefinitions({});
    const first = await startTestEngine({ definitions: empty, worker: false });
    const { schema, prefix } = first;
    for (const [path, commit] of Object.entries(RESTORED)) {
      const body = await readBody(path);
      await first.sql(
        `INSERT INTO definition_versions (kind, id, version, hash, body, source) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          path.startsWith('slas/') ? 'sla' : 'process',
          body.id,
          body.version,
          published[path],
          body,
          `${path} (${commit})`,
        ],
      );
    }
    await first.close();

    // When the engine starts again on it with the shipped definitions
    t = await startTestEngine({ definitions: SHIPPED, schema, prefix });

    // Then nothing is refused, the recorded bodies are the ones in use, and the later versions load
    const problems = await t.api('GET', '/api/definitions/problems');
    expect(problems.body.items).toEqual([]);
    const claim = await t.api('GET', '/api/definitions/process/claim/versions/1');
    expect(claim.body.body).toEqual(await readBody('processes/claim/v1.json'));
    const intake = await t.api('GET', '/api/definitions/process/claim-intake');
    expect(intake.body.latestVersion).toBe(2);
    const sla = await t.api('GET', '/api/definitions/sla/complaint-decision');
    expect(sla.body.body).toMatchObject({ version: 2, startAt: 'receivedAt' });

    // And cases of a published v1 still start
    const v1 = await startInstance(
      t,
      'claim-intake',
      {
        policyNumber: 'PL-123456',
        claimantName: '陳大文',
        idNumber: 'A123456789',
        phone: '+886 912 345 678',
        incidentDate: '2026-11-20',
        claimType: 'medical',
        amountClaimed: 250000,
      },
      { version: 1 },
    );
    expect(v1.processVersion).toBe(1);
  });
});
