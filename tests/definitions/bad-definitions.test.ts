import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropTestData,
  startTestEngine,
  writeDefinitions,
  type TestEngine,
} from '../helpers/engine.ts';
import { end, files, process, service, start, userTask } from '../fixtures/definitions.ts';
import { startInstance } from '../helpers/scenario.ts';

/**
 * One bad process per definition error code, each with the JSON pointer the problem must name.
 * `raw` is written to the file as is (not JSON); `version` overrides the file name's version.
 */
interface Case {
  code: string;
  pointer: string;
  body?: Record<string, unknown>;
  raw?: string;
  /** Only a file can show it (parse, path mismatch). */
  fileOnly?: boolean;
}
type Flow = [string, string] | [string, string, string];
const straight = (
  id: string,
  nodes = [start(), userTask('work'), end()],
  flows: Flow[] = [
    ['start', 'work'],
    ['work', 'end'],
  ],
  extra = {},
) => process(id, nodes, flows, extra);

const cases: Record<string, Case> = {
  parse: { code: 'CW_ERR_DEF_PARSE', pointer: '', raw: '{ "id": "parse", ', fileOnly: true },
  schema: {
    code: 'CW_ERR_DEF_SCHEMA',
    pointer: '/nodes/1/type',
    body: straight('schema', [start(), { id: 'work', type: 'teleport' }, end()]),
  },
  'time-zone': {
    code: 'CW_ERR_DEF_SCHEMA',
    pointer: '/timeZone',
    body: straight('time-zone', undefined, undefined, { timeZone: 'Mars/Olympus_Mons' }),
  },
  'path-id': {
    code: 'CW_ERR_DEF_PATH_MISMATCH',
    pointer: '/id',
    body: straight('elsewhere'),
    fileOnly: true,
  },
  'path-version': {
    code: 'CW_ERR_DEF_PATH_MISMATCH',
    pointer: '/version',
    body: { ...straight('path-version'), version: 2 },
    fileOnly: true,
  },
  duplicate: {
    code: 'CW_ERR_DEF_DUPLICATE_ID',
    pointer: '/nodes/2/id',
    body: straight('duplicate', [start(), userTask('work'), userTask('work'), end()]),
  },
  'unknown-node': {
    code: 'CW_ERR_DEF_UNKNOWN_NODE',
    pointer: '/flows/1/to',
    body: straight('unknown-node', undefined, [
      ['start', 'work'],
      ['work', 'ghost'],
    ]),
  },
  'unknown-form': {
    code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
    pointer: '/nodes/1/form',
    body: straight('unknown-form', [start(), userTask('work', 'no-such-form'), end()]),
  },
  'unknown-form-version': {
    code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
    pointer: '/nodes/1/form',
    body: straight('unknown-form-version', [
      start(),
      { ...userTask('work'), form: { id: 'ack', version: 7 } },
      end(),
    ]),
  },
  'unknown-process': {
    code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
    pointer: '/nodes/1/process',
    body: straight('unknown-process', [
      start(),
      { id: 'work', type: 'callActivity', process: { id: 'nowhere' } },
      end(),
    ]),
  },
  'unknown-action': {
    code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
    pointer: '/nodes/1/action',
    body: straight('unknown-action', [start(), service('work', 'crm/nope'), end()]),
  },
  'start-count': {
    code: 'CW_ERR_DEF_START_COUNT',
    pointer: '/nodes',
    body: straight(
      'start-count',
      [start(), start('start2'), userTask('work'), end()],
      [
        ['start', 'work'],
        ['start2', 'work'],
        ['work', 'end'],
      ],
    ),
  },
  'no-end': {
    code: 'CW_ERR_DEF_NO_END',
    pointer: '/nodes',
    body: straight(
      'no-end',
      [start(), userTask('work'), userTask('again')],
      [
        ['start', 'work'],
        ['work', 'again'],
        ['again', 'work'],
      ],
    ),
  },
  unreachable: {
    code: 'CW_ERR_DEF_UNREACHABLE',
    pointer: '/nodes/3',
    body: straight(
      'unreachable',
      [
        start(),
        userTask('work'),
        end(),
        userTask('orphan'),
        { id: 'gw', type: 'exclusiveGateway', default: 'f4' },
      ],
      [
        ['start', 'work'],
        ['work', 'end'],
        ['orphan', 'gw'],
        ['gw', 'orphan'],
        ['gw', 'end', 'x = 1'],
      ],
    ),
  },
  'dead-end': {
    code: 'CW_ERR_DEF_DEAD_END',
    pointer: '/nodes/2',
    body: straight(
      'dead-end',
      [
        start(),
        { id: 'gw', type: 'exclusiveGateway', default: 'f2' },
        userTask('loopA'),
        userTask('loopB'),
        end(),
      ],
      [
        ['start', 'gw'],
        ['gw', 'end'],
        ['gw', 'loopA', 'x = 1'],
        ['loopA', 'loopB'],
        ['loopB', 'loopA'],
      ],
    ),
  },
  'flow-count': {
    code: 'CW_ERR_DEF_BAD_FLOW_COUNT',
    pointer: '/nodes/1',
    body: straight(
      'flow-count',
      [start(), userTask('work'), end(), end('end2')],
      [
        ['start', 'work'],
        ['work', 'end'],
        ['work', 'end2'],
      ],
    ),
  },
  'not-exhaustive': {
    code: 'CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE',
    pointer: '/nodes/1',
    body: straight(
      'not-exhaustive',
      [start(), { id: 'gw', type: 'exclusiveGateway' }, end('big'), end('small')],
      [
        ['start', 'gw'],
        ['gw', 'big', 'amount > 10'],
        ['gw', 'small', 'amount < 5'],
      ],
    ),
  },
  'bad-default': {
    code: 'CW_ERR_DEF_GATEWAY_NOT_EXHAUSTIVE',
    pointer: '/nodes/1/default',
    body: straight(
      'bad-default',
      [start(), { id: 'gw', type: 'exclusiveGateway', default: 'f1' }, end('big'), end('small')],
      [
        ['start', 'gw'],
        ['gw', 'big', 'amount > 10'],
        ['gw', 'small', 'amount < 5'],
      ],
    ),
  },
  'condition-misplaced': {
    code: 'CW_ERR_DEF_CONDITION_MISPLACED',
    pointer: '/flows/0/condition',
    body: straight('condition-misplaced', undefined, [
      ['start', 'work', 'x = 1'],
      ['work', 'end'],
    ]),
  },
  'bad-expression': {
    code: 'CW_ERR_DEF_BAD_EXPRESSION',
    pointer: '/nodes/1/assignee',
    body: straight('bad-expression', [
      start(),
      userTask('work', 'ack', { assignee: 'owner +* (' }),
      end(),
    ]),
  },
  'bad-mapping': {
    code: 'CW_ERR_DEF_BAD_EXPRESSION',
    pointer: '/nodes/1/output/total',
    body: straight('bad-mapping', [
      start(),
      userTask('work', 'ack', { output: { total: 'if then else' } }),
      end(),
    ]),
  },
  'bad-business-key': {
    code: 'CW_ERR_DEF_BAD_EXPRESSION',
    pointer: '/businessKey/expression',
    body: straight('bad-business-key', undefined, undefined, {
      businessKey: { expression: '"K-" + (', unique: true },
    }),
  },
  'reference-asked': {
    code: 'CW_ERR_DEF_REFERENCE_ASKED',
    pointer: '/public/reference',
    body: straight(
      'reference-asked',
      [{ ...start(), form: { id: 'ack' } }, userTask('work'), end()],
      undefined,
      { public: { intake: true, reference: 'ok' } },
    ),
  },
  'bad-boundary': {
    code: 'CW_ERR_DEF_BAD_BOUNDARY',
    pointer: '/nodes/3/attachedTo',
    body: straight(
      'bad-boundary',
      [
        start(),
        service('work'),
        end(),
        { id: 'late', type: 'boundaryTimer', attachedTo: 'work', timer: { duration: 'P1D' } },
      ],
      [
        ['start', 'work'],
        ['work', 'end'],
        ['late', 'end'],
      ],
    ),
  },
  'error-caught-twice': {
    code: 'CW_ERR_DEF_ERROR_CAUGHT_TWICE',
    pointer: '/nodes/4/errorCode',
    body: straight(
      'error-caught-twice',
      [
        start(),
        service('work'),
        end(),
        { id: 'closed', type: 'boundaryError', attachedTo: 'work', errorCode: 'ACCOUNT_CLOSED' },
        { id: 'again', type: 'boundaryError', attachedTo: 'work', errorCode: 'ACCOUNT_CLOSED' },
      ],
      [
        ['start', 'work'],
        ['work', 'end'],
        ['closed', 'end'],
        ['again', 'end'],
      ],
    ),
  },
};

const good = process(
  'good',
  [start(), userTask('work'), end()],
  [
    ['start', 'work'],
    ['work', 'end'],
  ],
);
const sourceOf = (name: string) => `processes/${name}/v1.json`;

let t: TestEngine;
beforeAll(async () => {
  const folder: Record<string, unknown> = files(good);
  for (const [name, c] of Object.entries(cases)) folder[sourceOf(name)] = c.raw ?? c.body;
  t = await startTestEngine({ definitions: folder });
});
afterAll(async () => {
  await t.close();
  await dropTestData(t.schema, t.prefix);
});

describe('bad definitions in the folder', () => {
  it('load the good file and report every bad one with code, pointer and file', async () => {
    const res = await t.api('GET', '/api/definitions/problems');
    expect(res.status).toBe(200);
    for (const [name, c] of Object.entries(cases)) {
      const mine = res.body.items.filter((p: { file: string }) => p.file === sourceOf(name));
      expect(mine, name).toContainEqual(
        expect.objectContaining({ code: c.code, pointer: c.pointer, file: sourceOf(name) }),
      );
    }
    const list = await t.api('GET', '/api/definitions?kind=process');
    const good = list.body.items.find((d: { id: string }) => d.id === 'good');
    expect(good).toMatchObject({ latestVersion: 1, problems: [] });
    expect((await startInstance(t, 'good')).status).toBe('active');
  });

  it('refuses instances of a bad definition with CW_ERR_DEF_NOT_LOADED and its problems', async () => {
    for (const [name, c] of Object.entries(cases)) {
      if (name === 'path-id') continue; // its folder is named path-id, the body says elsewhere
      const res = await t.api('POST', '/api/instances', { processId: name });
      expect(res.status, name).toBe(409);
      expect(res.body.code, name).toBe('CW_ERR_DEF_NOT_LOADED');
      expect(res.body.details, name).toContainEqual(expect.objectContaining({ code: c.code }));
    }
    const count = await t.sql(
      `SELECT count(*)::int AS n FROM instances WHERE process_id <> 'good'`,
    );
    expect(count[0].n).toBe(0);
  });

  it('refuses a changed file for a recorded version (CW_ERR_DEF_IMMUTABLE) and keeps the recorded one', async () => {
    const changed = process(
      'good',
      [start(), userTask('work', 'approve'), end()],
      [
        ['start', 'work'],
        ['work', 'end'],
      ],
    );
    await writeDefinitions({ 'processes/good/v1.json': changed }, t.definitionsDir);
    const registry = await t.engine.reloadDefinitions();
    expect(registry.problems).toContainEqual(
      expect.objectContaining({
        code: 'CW_ERR_DEF_IMMUTABLE',
        pointer: '',
        file: 'processes/good/v1.json',
      }),
    );
    const i = await startInstance(t, 'good');
    const [task] = await t.sql(`SELECT form_id FROM tasks WHERE instance_id = $1`, [i.id]);
    expect(task.form_id).toBe('ack');
  });
});

describe('POST /api/definitions/validate', () => {
  it('reports the same code and pointer for each bad body, without storing anything', async () => {
    for (const [name, c] of Object.entries(cases)) {
      if (c.fileOnly) continue;
      const res = await t.api(
        'POST',
        '/api/definitions/validate',
        { kind: 'process', body: c.body },
        { as: 'designer' },
      );
      expect(res.status, name).toBe(200);
      expect(res.body.valid, name).toBe(false);
      expect(res.body.problems, name).toContainEqual(
        expect.objectContaining({ code: c.code, pointer: c.pointer }),
      );
    }
    const ok = await t.api('POST', '/api/definitions/validate', {
      kind: 'process',
      body: { ...good, id: 'fresh' },
    });
    expect(ok.body).toEqual({ valid: true, problems: [], warnings: [] });
    const stored = await t.sql(
      `SELECT count(*)::int AS n FROM definition_versions WHERE id = 'fresh'`,
    );
    expect(stored[0].n).toBe(0);
  });

  it('refuses a request that is not a definition kind', async () => {
    const res = await t.api('POST', '/api/definitions/validate', { kind: 'spreadsheet', body: {} });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('CW_ERR_VALIDATION');
  });
});
