/**
 * The designer's mistakes the lint catches, on a small windscreen-repair process: a typo in a
 * gateway condition (a warning suggesting the name meant), a choice compared with a value that is
 * not an option, a group written bare as FEEL (an error: nobody would get the task), a group
 * nobody enabled is in (a warning), a variable read before the step that sets it, a property the
 * submitted form lacks; each said in both languages from its key. And the shipped processes and
 * SLAs, which read only what they hold: no warning at all.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../errors.ts';
import type { FormDefinition, ProcessDefinition } from '../generated/index.ts';
import type { LintScope, PeopleDirectory } from './lint.ts';
import { localiseDetails } from './lint-messages.ts';
import { closest } from './lint-names.ts';
import { DefinitionRegistry, validateBody, type DefinitionScope } from './registry.ts';

const text = (zh: string, en: string) => ({ 'zh-Hant': zh, en });
const REPORT: FormDefinition = {
  id: 'windscreen-report',
  version: 1,
  title: text('擋風玻璃報案', 'Windscreen report'),
  fields: [
    {
      key: 'damageType',
      type: 'select',
      required: true,
      label: text('損壞類型', 'Damage'),
      options: [
        { value: 'crack', label: text('裂痕', 'Crack') },
        { value: 'chip', label: text('破洞', 'Chip') },
      ],
    },
    { key: 'crackLength', type: 'number', label: text('裂痕長度', 'Crack length (cm)') },
    { key: 'plate', type: 'text', label: text('車牌', 'Plate') },
  ],
};
const REPAIR: FormDefinition = {
  id: 'windscreen-repair',
  version: 1,
  title: text('維修', 'Repair'),
  fields: [{ key: 'cost', type: 'money', label: text('費用', 'Cost') }],
};

function windscreen(
  overrides: {
    condition?: string;
    candidateGroups?: string;
    output?: Record<string, string>;
  } = {},
): ProcessDefinition {
  return {
    id: 'windscreen',
    version: 1,
    name: text('擋風玻璃維修', 'Windscreen repair'),
    nodes: [
      { id: 'reported', type: 'start', form: { id: 'windscreen-report' } },
      { id: 'size', type: 'exclusiveGateway', default: 'small' },
      {
        id: 'replace',
        type: 'userTask',
        form: { id: 'windscreen-repair' },
        candidateGroups: overrides.candidateGroups ?? '["windscreen-team"]',
        ...(overrides.output ? { output: overrides.output } : {}),
      },
      {
        id: 'repair',
        type: 'userTask',
        form: { id: 'windscreen-repair' },
        candidateGroups: '["windscreen-team"]',
      },
      { id: 'done', type: 'end' },
    ],
    flows: [
      { id: 'f1', from: 'reported', to: 'size' },
      {
        id: 'big',
        from: 'size',
        to: 'replace',
        condition: overrides.condition ?? 'damageType = "crack" and crackLength > 15',
      },
      { id: 'small', from: 'size', to: 'repair' },
      { id: 'f4', from: 'replace', to: 'done' },
      { id: 'f5', from: 'repair', to: 'done' },
    ],
  };
}

const TEAM: PeopleDirectory = {
  users: new Map([
    ['wang', { enabled: true }],
    ['lee', { enabled: false }],
  ]),
  groups: new Map([
    ['windscreen-team', { members: 1 }],
    ['adjusters', { members: 2 }],
    ['night-shift', { members: 0 }],
  ]),
};

function scope(people?: PeopleDirectory): DefinitionScope {
  return {
    forms: new Map([
      ['windscreen-report', new Map([[1, REPORT]])],
      ['windscreen-repair', new Map([[1, REPAIR]])],
    ]),
    processes: new Map(),
    processBodies: new Map(),
    calendars: new Map(),
    actions: new Set(['noop']),
    ...(people ? { people } : {}),
  };
}

const lint = (def: ProcessDefinition, people?: PeopleDirectory) =>
  validateBody('process', def, scope(people));
const warnings = (found: ErrorDetail[]) => found.filter((p) => p.severity === 'warning');
const errors = (found: ErrorDetail[]) => found.filter((p) => p.severity !== 'warning');

describe('names an expression reads', () => {
  it('warns of a typo and suggests the name the process holds (crackLenght -> crackLength)', () => {
    const found = lint(windscreen({ condition: 'damageType = "crack" and crackLenght > 15' }));
    expect(errors(found)).toEqual([]);
    expect(warnings(found)).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_VARIABLE',
        pointer: '/flows/1/condition',
        severity: 'warning',
        key: 'lint.unknownVariable',
        params: { name: 'crackLenght', suggestion: 'crackLength' },
      }),
    ]);
  });

  it('warns of a choice compared with a value that is not one of its options ("crak")', () => {
    const found = warnings(
      lint(windscreen({ condition: 'damageType = "crak" and crackLength > 15' })),
    );
    expect(found).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_OPTION',
        pointer: '/flows/1/condition',
        params: { name: 'damageType', value: 'crak', options: 'crack, chip', suggestion: 'crack' },
      }),
    ]);
  });

  it('says both mistakes of the issue’s condition at once', () => {
    const found = warnings(
      lint(windscreen({ condition: 'damagetype = "crak" and crackLenght > 15' })),
    );
    expect(found.map((p) => [p.code, p.params?.name, p.params?.suggestion])).toEqual([
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', 'damagetype', 'damageType'],
      ['CW_ERR_DEF_UNKNOWN_VARIABLE', 'crackLenght', 'crackLength'],
    ]);
  });

  it('warns of a variable read before the step that sets it', () => {
    const def = windscreen({ condition: 'cost > 100' });
    expect(warnings(lint(def))).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_VARIABLE',
        key: 'lint.setLater',
        params: { name: 'cost', by: 'replace, repair' },
      }),
    ]);
  });

  it('does not warn of a variable set later that the expression tests against null', () => {
    for (const condition of ['cost = null', 'if cost = null then true else cost > 100'])
      expect(warnings(lint(windscreen({ condition }))), condition).toEqual([]);
  });

  it('warns of a property the submitted form lacks in a task’s output mapping', () => {
    const found = warnings(lint(windscreen({ output: { repairCost: 'form.cots' } })));
    expect(found).toEqual([
      expect.objectContaining({
        pointer: '/nodes/2/output/repairCost',
        key: 'lint.unknownProperty',
        params: { name: 'form', property: 'cots', suggestion: 'cost' },
      }),
    ]);
  });

  it('says each warning in Chinese and English from its key', () => {
    const found = warnings(lint(windscreen({ condition: 'crackLenght > 15' })));
    expect(localiseDetails(found, 'en')[0]!.message).toBe(
      'reads crackLenght, which the process does not hold here. Did you mean crackLength?',
    );
    expect(localiseDetails(found, 'zh-Hant')[0]!.message).toBe(
      '讀取 crackLenght，但流程在此沒有這個變數。您是指 crackLength 嗎？',
    );
  });
});

describe('who gets a user task', () => {
  it('refuses a bare group name: windscreen-team as FEEL is windscreen minus team', () => {
    const found = lint(windscreen({ candidateGroups: 'windscreen-team' }));
    expect(errors(found)).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_NOT_NAMES',
        pointer: '/nodes/2/candidateGroups',
        key: 'lint.notNames',
        params: expect.objectContaining({ example: 'windscreen-team' }),
      }),
    ]);
    expect(localiseDetails(errors(found), 'en')[0]!.message).toContain('["windscreen-team"]');
    // one problem, not also a warning for each name it would read
    expect(warnings(found)).toEqual([]);
  });

  it('refuses the bare name of a group the engine knows that no step sets', () => {
    const found = errors(lint(windscreen({ candidateGroups: 'adjusters' }), TEAM));
    expect(found).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_NOT_NAMES',
        key: 'lint.bareName',
        params: { name: 'adjusters', what: 'group' },
      }),
    ]);
  });

  it('warns when a task reaches nobody the engine knows, and not when a member is enabled', () => {
    const nobody = warnings(
      lint(windscreen({ candidateGroups: '["night-shift", "ghosts"]' }), TEAM),
    );
    expect(nobody).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_NOBODY',
        pointer: '/nodes/2/candidateGroups',
        params: { unknown: 'night-shift, ghosts' },
      }),
    ]);
    expect(warnings(lint(windscreen(), TEAM))).toEqual([]);
    // without the directory (loading the folder) nothing is said about people
    expect(warnings(lint(windscreen({ candidateGroups: '["ghosts"]' })))).toEqual([]);
  });
});

describe('what the tracking page reads at a customer’s wait', () => {
  /** The windscreen process waiting for photos after the report, shown to the customer. */
  const photos = (pub: ProcessDefinition['public']): ProcessDefinition => {
    const def = windscreen();
    return {
      ...def,
      nodes: [
        def.nodes[0]!,
        { id: 'photos', type: 'messageCatch', message: 'photos', correlationKey: 'plate' },
        ...def.nodes.slice(1),
      ],
      flows: [
        { id: 'f0', from: 'reported', to: 'photos' },
        { ...def.flows[0]!, from: 'photos' },
        ...def.flows.slice(1),
      ],
      public: pub,
    };
  };

  it('warns of a list of documents or an amount the case does not hold at the wait', () => {
    const found = lint(
      photos({
        uploads: [{ message: 'photos', label: text('照片', 'Photos'), items: 'damageTpye' }],
        answers: [{ message: 'photos', label: text('金額', 'Amount'), amount: 'cost' }],
      }),
    );
    expect(errors(found)).toEqual([]);
    expect(warnings(found).map((w) => [w.pointer, w.key, w.params])).toEqual([
      [
        '/public/uploads/0/items',
        'lint.unknownVariable',
        { name: 'damageTpye', suggestion: 'damageType' },
      ],
      ['/public/answers/0/amount', 'lint.setLater', { name: 'cost', by: 'replace, repair' }],
    ]);
  });

  it('refuses an answer to a message no step waits for', () => {
    const found = lint(
      photos({ answers: [{ message: 'offer', label: text('金額', 'Amount'), amount: 'plate' }] }),
    );
    expect(errors(found)).toEqual([
      expect.objectContaining({
        code: 'CW_ERR_DEF_UNKNOWN_REFERENCE',
        pointer: '/public/answers/0/message',
        key: 'lint.answerNoCatch',
      }),
    ]);
  });
});

describe('the meta-schema’s problems', () => {
  it('carry keys too: a form id that is no id is said as such in both languages', () => {
    const def = windscreen();
    def.nodes[2] = { ...def.nodes[2]!, form: { id: 'Windscreen Repair' } } as never;
    const [problem] = lint(def);
    expect(problem).toMatchObject({
      code: 'CW_ERR_DEF_SCHEMA',
      pointer: '/nodes/2/form/id',
      key: 'schema.pattern',
      params: { kind: 'identifier' },
    });
    expect(localiseDetails([problem!], 'zh-Hant')[0]!.message).toBe(
      '識別碼無效：請使用小寫英文字母、數字與連字號，並以字母開頭',
    );
  });
});

describe('closest', () => {
  it.each([
    ['crackLenght', ['crackLength', 'damageType'], 'crackLength'],
    ['damagetype', ['damageType'], 'damageType'],
    ['amount', ['policyNumber', 'plate'], undefined],
    ['crak', ['crack', 'chip', 'shatter'], 'crack'],
  ])('%s among %j is %s', (name, known, expected) => {
    expect(closest(name, known)).toBe(expected);
  });
});

describe('the shipped definitions', () => {
  it('read only names they hold: no warnings on any process or SLA', () => {
    const root = fileURLToPath(new URL('../../../definitions/', import.meta.url));
    const registry = new DefinitionRegistry();
    const folders = {
      form: 'forms',
      process: 'processes',
      sla: 'slas',
      calendar: 'calendars',
    } as const;
    for (const [kind, folder] of Object.entries(folders) as [keyof typeof folders, string][])
      for (const id of readdirSync(join(root, folder)))
        for (const file of readdirSync(join(root, folder, id))) {
          const body = JSON.parse(readFileSync(join(root, folder, id, file), 'utf8'));
          registry.add({
            kind,
            id,
            version: body.version,
            hash: '',
            body,
            source: null,
            present: true,
          });
        }
    const all: LintScope & DefinitionScope = registry.scope(new Set(['noop', 'set-variables']));
    const found: string[] = [];
    for (const [kind, folder] of [
      ['process', 'processes'],
      ['sla', 'slas'],
    ] as const)
      for (const id of readdirSync(join(root, folder))) {
        const latest = readdirSync(join(root, folder, id))
          .sort()
          .at(-1)!;
        const body = JSON.parse(readFileSync(join(root, folder, id, latest), 'utf8'));
        for (const w of warnings(validateBody(kind, body, all)))
          found.push(`${folder}/${id}/${latest} ${w.pointer}: ${w.message}`);
      }
    expect(found).toEqual([]);
  });
});
